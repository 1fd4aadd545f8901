package server

// The message-building half of the contract validator: it turns
// kin-openapi's error tree into one client error whose texts read as
// sentences (`date must be a calendar date like 2026-01-31`), never as a
// schema keyword or a regular expression. validate.go does the routing and
// calls requestError.

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/labstack/echo/v4"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/schemafield"
)

// problem is one failing field and, when its schema carries the original
// service's text for the `error` key (x-original-error), that text.
type problem struct {
	apperr.Field
	original string
}

// requestError turns kin-openapi's error tree into one client error that
// names every offending field.
func requestError(err error) error {
	var secErr *openapi3filter.SecurityRequirementsError
	if errors.As(err, &secErr) {
		return apperr.ErrAuthRequired()
	}
	var problems []problem
	var status *apperr.Error
	collect(err, &problems, &status)
	if status != nil {
		return status
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Name < problems[j].Name })
	out := &apperr.Error{Code: apperr.Invalid, ErrorText: "Invalid input", Message: topMessage(problems)}
	for _, p := range problems {
		out.Details = append(out.Details, p.Field)
	}
	if len(problems) == 1 && problems[0].original != "" {
		out.ErrorText = problems[0].original
	}
	return out
}

// topMessage is the sentence in `message`: the one problem itself, or the
// names of all failing fields.
func topMessage(problems []problem) string {
	switch len(problems) {
	case 0:
		return "The request does not match the API contract."
	case 1:
		return problems[0].Message
	}
	names := make([]string, 0, len(problems))
	seen := map[string]bool{}
	for _, p := range problems {
		n := p.Name
		if n == "" {
			n = "the body"
		}
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	if len(names) == 1 {
		return fmt.Sprintf("%s is invalid: %s", names[0], joinMessages(problems))
	}
	return fmt.Sprintf("%d fields are invalid (%s): %s", len(names), strings.Join(names, ", "), joinMessages(problems))
}

func joinMessages(problems []problem) string {
	msgs := make([]string, 0, len(problems))
	for _, p := range problems {
		msgs = append(msgs, p.Message)
	}
	return strings.Join(msgs, "; ") + "."
}

func collect(err error, problems *[]problem, status **apperr.Error) {
	// Only a top-level MultiError lists separate problems; one nested inside
	// a RequestError lists that request part's schema violations.
	if multi, ok := err.(openapi3.MultiError); ok {
		for _, e := range multi {
			collect(e, problems, status)
		}
		return
	}
	var secErr *openapi3filter.SecurityRequirementsError
	if errors.As(err, &secErr) {
		*status = apperr.ErrAuthRequired()
		return
	}
	var he *echo.HTTPError
	if errors.As(err, &he) && he.Code == http.StatusRequestEntityTooLarge {
		*status = &apperr.Error{Code: apperr.TooLarge, Message: "The request body is too large.", ErrorText: "Payload too large"}
		return
	}
	var reqErr *openapi3filter.RequestError
	if !errors.As(err, &reqErr) {
		*problems = append(*problems, bodyProblem("the request is not acceptable"))
		return
	}
	switch {
	case reqErr.Parameter != nil:
		*problems = append(*problems, parameterProblem(reqErr))
	case reqErr.RequestBody != nil:
		if unsupportedMedia(reqErr) {
			*status = &apperr.Error{Code: apperr.UnsupportedMedia, Message: "Send the body as " + mediaTypes(reqErr.RequestBody) + ".", ErrorText: "Unsupported media type"}
			return
		}
		if reqErr.Err == nil {
			*problems = append(*problems, bodyProblem("the body is not acceptable"))
			return
		}
		var inner openapi3.MultiError
		if errors.As(reqErr.Err, &inner) {
			for _, e := range inner {
				*problems = append(*problems, schemaProblem(e))
			}
			return
		}
		if errors.As(reqErr.Err, &he) && he.Code == http.StatusRequestEntityTooLarge {
			*status = &apperr.Error{Code: apperr.TooLarge, Message: "The request body is too large.", ErrorText: "Payload too large"}
			return
		}
		if errors.Is(reqErr.Err, openapi3filter.ErrInvalidRequired) {
			*problems = append(*problems, bodyProblem("a request body is required"))
			return
		}
		*problems = append(*problems, schemaProblem(reqErr.Err))
	default:
		*problems = append(*problems, bodyProblem("the request is not acceptable"))
	}
}

func bodyProblem(msg string) problem {
	return problem{Field: apperr.Field{In: "body", Name: "", Message: msg}}
}

// parameterProblem describes a bad path, query or header parameter.
func parameterProblem(reqErr *openapi3filter.RequestError) problem {
	p := reqErr.Parameter
	var schema *openapi3.Schema
	if p.Schema != nil {
		schema = p.Schema.Value
	}
	name := p.Name
	var se *openapi3.SchemaError
	var pe *openapi3filter.ParseError
	var msg string
	switch {
	case errors.As(reqErr.Err, &se):
		msg = schemafield.Sentence(name, se)
	case errors.As(reqErr.Err, &pe):
		msg = name + " " + schemafield.TypePhrase(schema)
	case errors.Is(reqErr.Err, openapi3filter.ErrInvalidRequired):
		msg = name + " is required"
	case errors.Is(reqErr.Err, openapi3filter.ErrInvalidEmptyValue):
		msg = name + " must not be empty"
	default:
		msg = name + " is not acceptable"
	}
	return problem{Field: apperr.Field{In: p.In, Name: name, Message: msg}, original: schemafield.Original(reqErr.Err)}
}

// schemaProblem describes one schema violation inside the body.
func schemaProblem(err error) problem {
	if f, ok := schemafield.Of(err, "body"); ok {
		return problem{Field: f, original: schemafield.Original(err)}
	}
	var pe *openapi3filter.ParseError
	if errors.As(err, &pe) {
		return bodyProblem("the body is not valid JSON")
	}
	return bodyProblem("the body could not be read")
}

// unsupportedMedia reports a body refused for its media type: the operation
// has no content for the request's Content-Type (the check kin-openapi made).
func unsupportedMedia(reqErr *openapi3filter.RequestError) bool {
	if reqErr.Err != nil || reqErr.Input == nil || reqErr.Input.Request == nil {
		return false
	}
	return reqErr.RequestBody.Content.Get(reqErr.Input.Request.Header.Get("Content-Type")) == nil
}
