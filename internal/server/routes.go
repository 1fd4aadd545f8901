package server

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	apispec "github.com/skatetrax/skatetrax-api/api"
)

// Routes names every routed request by the contract's operationId, so logs,
// metrics and traces speak the spec's vocabulary.
type Routes struct {
	byRoute map[string]string // "GET /api/v4/music/tracks/:track_id" -> "streamTrack"
}

// LoadRoutes reads the operations of api/openapi.yaml as written (the
// generated copy of the document spells operationIds as Go names).
func LoadRoutes() (*Routes, error) {
	spec, err := openapi3.NewLoader().LoadFromData(apispec.YAML)
	if err != nil {
		return nil, fmt.Errorf("load spec for routes: %w", err)
	}
	return NewRoutes(spec), nil
}

// NewRoutes reads the operations of spec.
func NewRoutes(spec *openapi3.T) *Routes {
	r := &Routes{byRoute: map[string]string{}}
	for path, item := range spec.Paths.Map() {
		echoPath := toEchoPath(path)
		for method, op := range item.Operations() {
			if op.OperationID != "" {
				r.byRoute[method+" "+echoPath] = op.OperationID
			}
		}
	}
	return r
}

// toEchoPath turns /a/{id}/b into Echo's /a/:id/b.
func toEchoPath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			parts[i] = ":" + s[1:len(s)-1]
		}
	}
	return strings.Join(parts, "/")
}

// Operation returns the operationId of the request's route, or "" when the
// request matched no operation of the contract (unknown paths, the docs).
func (r *Routes) Operation(c echo.Context) string {
	method := c.Request().Method
	if method == http.MethodHead {
		method = http.MethodGet
	}
	return r.byRoute[method+" "+c.Path()]
}
