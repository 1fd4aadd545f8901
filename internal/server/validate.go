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

func mediaTypes(body *openapi3.RequestBody) string {
	types := make([]string, 0, len(body.Content))
	for t := range body.Content {
		types = append(types, t)
	}
	sort.Strings(types)
	return strings.Join(types, " or ")
}
