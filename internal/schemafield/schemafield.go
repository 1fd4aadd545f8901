// Package schemafield turns a JSON-schema violation found by kin-openapi
// into the field detail of a client error. The request validator and the
// music upload (whose metadata part the validator cannot see) both use it, so
// a field is named and described the same way wherever it is checked.
package schemafield

import (
	"errors"
	"strings"

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
// violated schema (its x-original-error), or "".
func Original(err error) string {
	var se *openapi3.SchemaError
	if !errors.As(err, &se) || se.Schema == nil || se.SchemaField == "required" {
		return ""
	}
	text, _ := se.Schema.Extensions["x-original-error"].(string)
	return text
}
