// Package schemafield turns a JSON-schema violation found by kin-openapi
// into the field detail of a client error. The request validator and the
// music upload (whose metadata part the validator cannot see) both use it, so
// a field is named and described the same way wherever it is checked.
package schemafield

import (
	"encoding/json"
	"errors"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

// Of returns the field detail of the first schema violation in err's chain:
// its JSON pointer joined with dots under prefix, and a sentence that says
// what the field must be (the schema's x-error-message when it has one;
// never a schema keyword or a regular expression). ok is false when err
// holds no schema violation.
func Of(err error, in string, prefix ...string) (f apperr.Field, ok bool) {
	var se *openapi3.SchemaError
	if !errors.As(err, &se) {
		return apperr.Field{}, false
	}
	name := strings.Join(append(append([]string{}, prefix...), se.JSONPointer()...), ".")
	return apperr.Field{In: in, Name: name, Message: Sentence(name, se)}, true
}

// Original is the original service's text for the `error` key of the
// violated schema (its x-original-error), or "". A `{value}` in the text is
// the offending value as the original printed it (a string as is, anything
// else as JSON), cut to MaxReflected characters: the text travels only in
// JSON answers, never into HTML.
func Original(err error) string {
	var se *openapi3.SchemaError
	if !errors.As(err, &se) || se.Schema == nil || se.SchemaField == "required" {
		return ""
	}
	text, _ := se.Schema.Extensions["x-original-error"].(string)
	if strings.Contains(text, "{value}") {
		text = strings.ReplaceAll(text, "{value}", Reflected(se.Value))
	}
	return text
}

// MaxReflected bounds the characters of a client's value repeated in an
// error text.
const MaxReflected = 64

// Reflected is v as an error text repeats it: a string as sent, anything
// else as JSON, at most MaxReflected characters (then "…"), control
// characters dropped.
func Reflected(v any) string {
	s, ok := v.(string)
	if !ok {
		b, err := json.Marshal(v)
		if err != nil {
			return ""
		}
		s = string(b)
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	if r := []rune(s); len(r) > MaxReflected {
		s = string(r[:MaxReflected]) + "…"
	}
	return s
}
