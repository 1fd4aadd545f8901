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
// its JSON pointer joined with dots under prefix, and its reason, or the
// friendlier text of the schema's x-error-message when it has one. ok is
// false when err holds no schema violation.
func Of(err error, in string, prefix ...string) (f apperr.Field, ok bool) {
	var se *openapi3.SchemaError
	if !errors.As(err, &se) {
		return apperr.Field{}, false
	}
	msg := se.Reason
	if se.Schema != nil {
		if custom, ok := se.Schema.Extensions["x-error-message"].(string); ok {
			msg = custom
		}
	}
	name := strings.Join(append(append([]string{}, prefix...), se.JSONPointer()...), ".")
	return apperr.Field{In: in, Name: name, Message: msg}, true
}
