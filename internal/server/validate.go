package server

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/labstack/echo/v4"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

// Authenticated reports whether the request context carries a logged-in user.
type Authenticated func(ctx context.Context) bool

// validator checks every request against the OpenAPI document before it
// reaches a handler, including the security requirements. It finds the
// operation from the route Echo matched (a map built once at start: no
// second router, no regular expression per request) and checks only what
// the operation has: its security, its parameters, its body.
type validator struct {
	// ops maps method, then Echo route path ("/api/v4/x/:id"), to the operation.
	ops           map[string]map[string]*operation
	authenticated Authenticated
	opts          *openapi3filter.Options
	// session, when set, loads the request's session; it runs only for
	// operations that can use one (see operation.session).
	session echo.MiddlewareFunc
}

// operation is what the validator needs of one operation, worked out once.
type operation struct {
	route *routers.Route
	// params are the operation's parameters with the path item's that it
	// does not override, in kin-openapi's order.
	params []*openapi3.Parameter
	body   *openapi3.RequestBodyRef
	// secured: a login is required (401 otherwise).
	secured bool
	// session: the handler reads the session, because the operation is
	// secured or marked x-session: optional (login, logout, session state).
	// Other public routes, the probes above all, never touch the session
	// table.
	session bool
	// streamed: x-streamed-body: true. kin-openapi would read the whole body
	// into memory to validate it; the handler reads and checks it as it
	// streams in, so only its media type is checked here.
	streamed bool
}

func newValidator(spec *openapi3.T, authenticated Authenticated) (*validator, error) {
	spec.Servers = nil // match on path only, whatever the Host header says
	opts := &openapi3filter.Options{
		MultiError:         true,
		KeepValidatedValue: true,
		SchemaValidationOptions: []openapi3.SchemaValidationOption{
			openapi3.WithStringFormatValidator("email", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail)),
			// Any 8-4-4-4-12 hex id, so a malformed id is a 400 naming its field rather than a
			// binding error; seeded ids such as a0000000-0000-0000-0000-000000000001 carry no RFC version.
			openapi3.WithStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(
				`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)),
		},
	}
	if authenticated == nil {
		authenticated = func(context.Context) bool { return false }
	}
	v := &validator{ops: map[string]map[string]*operation{}, authenticated: authenticated, opts: opts}
	if spec.Paths == nil {
		return nil, errors.New("the spec has no paths")
	}
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			o := &operation{
				route: &routers.Route{Spec: spec, Path: path, PathItem: item, Method: method, Operation: op},
				body:  op.RequestBody,
			}
			for _, ref := range item.Parameters {
				if op.Parameters.GetByInAndName(ref.Value.In, ref.Value.Name) == nil {
					o.params = append(o.params, ref.Value)
				}
			}
			for _, ref := range op.Parameters {
				o.params = append(o.params, ref.Value)
			}
			security := op.Security
			if security == nil {
				security = &spec.Security
			}
			o.secured = requiresLogin(*security)
			optional, _ := op.Extensions["x-session"].(string)
			o.session = o.secured || optional == "optional"
			o.streamed, _ = op.Extensions["x-streamed-body"].(bool)
			if v.ops[method] == nil {
				v.ops[method] = map[string]*operation{}
			}
			v.ops[method][echoPath(path)] = o
		}
	}
	return v, nil
}

// requiresLogin reports whether the requirements need a login: some are
// listed and none is the empty (anonymous) alternative.
func requiresLogin(srs openapi3.SecurityRequirements) bool {
	if len(srs) == 0 {
		return false
	}
	for _, sr := range srs {
		if len(sr) == 0 {
			return false
		}
	}
	return true
}

// echoPath turns an OpenAPI path template into Echo's ("{id}" -> ":id"), as
// the generated RegisterHandlers does.
func echoPath(path string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(path, '{')
		if i < 0 {
			b.WriteString(path)
			return b.String()
		}
		j := strings.IndexByte(path[i:], '}')
		if j < 0 {
			b.WriteString(path)
			return b.String()
		}
		b.WriteString(path[:i])
		b.WriteByte(':')
		b.WriteString(path[i+1 : i+j])
		path = path[i+j+1:]
	}
}

// pathExists reports whether some operation, of any method, has this path.
func (v *validator) pathExists(path string) bool {
	for _, byPath := range v.ops {
		for template := range byPath {
			if pathMatches(template, path) {
				return true
			}
		}
	}
	return false
}

// pathMatches matches a path against an Echo template whose ":name"
// segments stand for one non-empty segment.
func pathMatches(template, path string) bool {
	for {
		t, tRest, tMore := strings.Cut(template, "/")
		p, pRest, pMore := strings.Cut(path, "/")
		if strings.HasPrefix(t, ":") {
			if p == "" {
				return false
			}
		} else if t != p {
			return false
		}
		if !tMore || !pMore {
			return tMore == pMore
		}
		template, path = tRest, pRest
	}
}

func (v *validator) operation(c echo.Context) *operation {
	return v.ops[c.Request().Method][c.Path()]
}

func (v *validator) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	check := v.check(next)
	withSession := check
	if v.session != nil {
		withSession = v.session(check)
	}
	return func(c echo.Context) error {
		op := v.operation(c)
		if op == nil {
			// The group's catch-all route: no operation has this method and
			// path. (Only this error path compares paths.)
			if v.pathExists(c.Request().URL.Path) {
				return echo.ErrMethodNotAllowed
			}
			return echo.ErrNotFound
		}
		if op.session {
			return withSession(c)
		}
		return check(c)
	}
}

// check validates the request against its operation, then calls next.
func (v *validator) check(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		op := v.operation(c)
		req := c.Request()
		ctx := req.Context()
		if op.secured && !v.authenticated(ctx) {
			return apperr.ErrAuthRequired()
		}
		validateBody := op.body != nil && !op.streamed
		if len(op.params) == 0 && !validateBody {
			if op.streamed {
				if err := checkStreamedBody(req, op.body); err != nil {
					return err
				}
			}
			return next(c)
		}
		var pathParams map[string]string
		if names := c.ParamNames(); len(names) > 0 {
			pathParams = make(map[string]string, len(names))
			for i, n := range names {
				pathParams[n] = c.ParamValues()[i]
			}
		}
		input := &openapi3filter.RequestValidationInput{Request: req, PathParams: pathParams, Route: op.route, Options: v.opts}
		var me openapi3.MultiError
		for _, p := range op.params {
			if err := openapi3filter.ValidateParameter(ctx, input, p); err != nil {
				me = append(me, err)
			}
		}
		if validateBody {
			if err := openapi3filter.ValidateRequestBody(ctx, input, op.body.Value); err != nil {
				me = append(me, err)
			}
		}
		if len(me) > 0 {
			return requestError(me)
		}
		if op.streamed {
			if err := checkStreamedBody(req, op.body); err != nil {
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
