package server

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/labstack/echo/v4"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/schemafield"
)

// Authenticated reports whether the request context carries a logged-in user.
type Authenticated func(ctx context.Context) bool

// validator checks every request against the OpenAPI document before it
// reaches a handler, including the security requirements.
type validator struct {
	router routers.Router
	opts   *openapi3filter.Options
	// streamOpts skip the body of operations marked x-streamed-body: true
	// (kin-openapi would read the whole body into memory to validate it, and
	// again for the security check); their handlers read and check the body
	// as it streams in.
	streamOpts *openapi3filter.Options
}

func newValidator(spec *openapi3.T, authenticated Authenticated) (*validator, error) {
	spec.Servers = nil // match on path only, whatever the Host header says
	router, err := gorillamux.NewRouter(spec)
	if err != nil {
		return nil, fmt.Errorf("build request router from spec: %w", err)
	}
	opts := &openapi3filter.Options{
		MultiError:         true,
		KeepValidatedValue: true,
		AuthenticationFunc: func(ctx context.Context, in *openapi3filter.AuthenticationInput) error {
			if authenticated != nil && authenticated(ctx) {
				return nil
			}
			return errors.New("no valid session")
		},
		SchemaValidationOptions: []openapi3.SchemaValidationOption{
			openapi3.WithStringFormatValidator("email", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail)),
			// Any 8-4-4-4-12 hex id, so a malformed id is a 400 naming its field rather than a
			// binding error; seeded ids such as a0000000-0000-0000-0000-000000000001 carry no RFC version.
			openapi3.WithStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(
				`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)),
		},
	}
	streamOpts := *opts
	streamOpts.ExcludeRequestBody = true
	return &validator{router: router, opts: opts, streamOpts: &streamOpts}, nil
}

func (v *validator) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		route, params, err := v.router.FindRoute(req)
		if err != nil {
			if errors.Is(err, routers.ErrMethodNotAllowed) {
				return echo.ErrMethodNotAllowed
			}
			return echo.ErrNotFound
		}
		opts, checked := v.opts, req
		streamed, _ := route.Operation.Extensions["x-streamed-body"].(bool)
		if streamed {
			// kin-openapi reads the whole body into memory for the security
			// check too, so it sees a copy of the request without one.
			bodyless := *req
			bodyless.Body, bodyless.GetBody = http.NoBody, nil
			opts, checked = v.streamOpts, &bodyless
		}
		err = openapi3filter.ValidateRequest(req.Context(), &openapi3filter.RequestValidationInput{
			Request: checked, PathParams: params, Route: route, Options: opts,
		})
		if err != nil {
			return requestError(err)
		}
		if streamed {
			if err := checkStreamedBody(req, route.Operation.RequestBody); err != nil {
				return err
			}
		}
		return next(c)
	}
}

// checkStreamedBody checks what can be checked of a streamed body without
// reading it: its media type is one the operation accepts (415 otherwise),
// and a multipart body names its boundary.
func checkStreamedBody(req *http.Request, body *openapi3.RequestBodyRef) error {
	if body == nil || body.Value == nil {
		return nil
	}
	mt, params, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if err != nil || body.Value.Content[mt] == nil {
		return &apperr.Error{Code: apperr.UnsupportedMedia, Message: "Send the body as " + mediaTypes(body.Value) + ".", ErrorText: "Unsupported media type"}
	}
	if strings.HasPrefix(mt, "multipart/") && params["boundary"] == "" {
		return &apperr.Error{Code: apperr.BadRequest, Message: "The multipart body has no boundary parameter.", ErrorText: "Bad request"}
	}
	return nil
}

// requestError turns kin-openapi's error tree into one client error that
// names every offending field.
func requestError(err error) error {
	var secErr *openapi3filter.SecurityRequirementsError
	if errors.As(err, &secErr) {
		return apperr.ErrAuthRequired()
	}
	var fields []apperr.Field
	var status *apperr.Error
	collect(err, &fields, &status)
	if status != nil {
		return status
	}
	sort.SliceStable(fields, func(i, j int) bool { return fields[i].Name < fields[j].Name })
	msg := "The request does not match the API contract."
	if len(fields) == 1 {
		msg = fields[0].Message
		if top, _, _ := strings.Cut(fields[0].Name, "."); top != "" && !strings.HasPrefix(msg, top) {
			msg = fields[0].Name + ": " + msg
		}
	}
	return &apperr.Error{
		Code:      apperr.Invalid,
		ErrorText: "Invalid input",
		Message:   msg,
		Details:   fields,
	}
}

func collect(err error, fields *[]apperr.Field, status **apperr.Error) {
	// Only a top-level MultiError lists separate problems; one nested inside
	// a RequestError lists that request part's schema violations.
	if multi, ok := err.(openapi3.MultiError); ok {
		for _, e := range multi {
			collect(e, fields, status)
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
		*fields = append(*fields, apperr.Field{In: "body", Name: "", Message: "invalid request"})
		return
	}
	switch {
	case reqErr.Parameter != nil:
		msg := reqErr.Reason
		if reqErr.Err != nil {
			msg = leafMessage(reqErr.Err)
		}
		*fields = append(*fields, apperr.Field{In: reqErr.Parameter.In, Name: reqErr.Parameter.Name, Message: msg})
	case reqErr.RequestBody != nil:
		if unsupportedMedia(reqErr) {
			*status = &apperr.Error{Code: apperr.UnsupportedMedia, Message: "Send the body as " + mediaTypes(reqErr.RequestBody) + ".", ErrorText: "Unsupported media type"}
			return
		}
		if reqErr.Err == nil {
			*fields = append(*fields, apperr.Field{In: "body", Name: "", Message: reqErr.Reason})
			return
		}
		var inner openapi3.MultiError
		if errors.As(reqErr.Err, &inner) {
			for _, e := range inner {
				addSchemaField(e, fields)
			}
			return
		}
		if errors.As(reqErr.Err, &he) && he.Code == http.StatusRequestEntityTooLarge {
			*status = &apperr.Error{Code: apperr.TooLarge, Message: "The request body is too large.", ErrorText: "Payload too large"}
			return
		}
		if errors.Is(reqErr.Err, openapi3filter.ErrInvalidRequired) {
			*fields = append(*fields, apperr.Field{In: "body", Name: "", Message: "a request body is required"})
			return
		}
		addSchemaField(reqErr.Err, fields)
	default:
		*fields = append(*fields, apperr.Field{In: "body", Name: "", Message: reqErr.Reason})
	}
}

func addSchemaField(err error, fields *[]apperr.Field) {
	if f, ok := schemafield.Of(err, "body"); ok {
		*fields = append(*fields, f)
		return
	}
	var pe *openapi3filter.ParseError
	if errors.As(err, &pe) {
		*fields = append(*fields, apperr.Field{In: "body", Name: "", Message: "the body is not valid JSON"})
		return
	}
	*fields = append(*fields, apperr.Field{In: "body", Name: "", Message: "the body could not be read"})
}

func leafMessage(err error) string {
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		return se.Reason
	}
	var pe *openapi3filter.ParseError
	if errors.As(err, &pe) {
		if pe.Reason != "" {
			return pe.Reason
		}
		return "value has the wrong type"
	}
	if errors.Is(err, openapi3filter.ErrInvalidRequired) {
		return "value is required"
	}
	if errors.Is(err, openapi3filter.ErrInvalidEmptyValue) {
		return "value must not be empty"
	}
	return "value is not acceptable"
}

// unsupportedMedia reports a body refused for its media type: the operation
// has no content for the request's Content-Type (the check kin-openapi made).
func unsupportedMedia(reqErr *openapi3filter.RequestError) bool {
	if reqErr.Err != nil || reqErr.Input == nil || reqErr.Input.Request == nil {
		return false
	}
	return reqErr.RequestBody.Content.Get(reqErr.Input.Request.Header.Get("Content-Type")) == nil
}

func mediaTypes(body *openapi3.RequestBody) string {
	types := make([]string, 0, len(body.Content))
	for t := range body.Content {
		types = append(types, t)
	}
	sort.Strings(types)
	return strings.Join(types, " or ")
}
