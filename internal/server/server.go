// Package server wires the Echo application: the middleware chain, the
// contract validator, the JSON error handler, the documentation routes and
// the generated strict handlers.
package server

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/swaggest/swgui/v5emb"

	apispec "github.com/skatetrax/skatetrax-api/api"
	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

// Options are what the server is built from.
type Options struct {
	Logger *slog.Logger
	// Handlers implement every operation of the contract.
	Handlers api.StrictServerInterface
	// Authenticated tells the validator whether a request is logged in; it
	// reads what the Before middlewares put into the request context.
	Authenticated Authenticated
	// Before runs after CORS and the body limit and before validation.
	Before []echo.MiddlewareFunc
	// Session loads the request's session; it runs just before validation,
	// and only on operations that can use a session (secured ones and those
	// marked x-session: optional), so the probes and public reads never
	// touch the session table.
	Session echo.MiddlewareFunc
	// StrictMiddlewares wrap every strict handler (they see the echo.Context).
	StrictMiddlewares []api.StrictMiddlewareFunc
	CORSOrigins       []string
	MaxBodyBytes      int64
	// BodyLimits replace MaxBodyBytes on single routes, keyed "METHOD /path"
	// (an exact path): streamed uploads that enforce their own limit.
	BodyLimits map[string]int64
	// TrustedProxies decide whether X-Forwarded-For is believed.
	TrustedProxies []*net.IPNet
	// Pages registers the HTML pages served outside the contract (the
	// account pages under /account/); they pass the same middleware chain
	// but not the contract validator.
	Pages func(*echo.Echo)
	// PagePrefixes are where those pages are; their forms carry their own
	// CSRF token (see crossSiteGuard).
	PagePrefixes []string
	// Deadlines bound every request.
	Deadlines Deadlines
	// Trace starts each request's span (nil: none); outermost after the
	// request id, so the span covers the whole request.
	Trace func(operation func(echo.Context) string) echo.MiddlewareFunc
	// Observe wraps every request outside the deadline (metrics; nil: none).
	// It is given the route's operationId function.
	Observe func(operation func(echo.Context) string) echo.MiddlewareFunc
	// MetricsHandler, when set, is served at GET /metrics.
	MetricsHandler http.Handler
	// AccessLog sets how the per-request log line is written.
	AccessLog AccessLog
	// AfterValidation run after the contract validator, right before the
	// handlers (the idempotency middleware goes here).
	AfterValidation []echo.MiddlewareFunc
}

// New builds the Echo application.
func New(o Options) (*echo.Echo, error) {
	spec, err := api.GetSpec()
	if err != nil {
		return nil, fmt.Errorf("load embedded spec: %w", err)
	}
	v, err := newValidator(spec, o.Authenticated)
	if err != nil {
		return nil, err
	}
	v.session = o.Session
	// The YAML as written, converted key for key (not oapi-codegen's
	// re-serialised copy, which drops the document routes and reorders keys).
	specJSON, err := apispec.JSON()
	if err != nil {
		return nil, fmt.Errorf("convert api/openapi.yaml to JSON: %w", err)
	}

	routes, err := LoadRoutes()
	if err != nil {
		return nil, err
	}

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(o.Logger)
	e.IPExtractor = IPExtractor(o.TrustedProxies)

	e.Pre(headAsGet)
	e.Use(requestID)
	if o.Trace != nil {
		e.Use(o.Trace(routes.Operation))
	}
	e.Use(requestLogger(o.Logger, o.AccessLog))
	if o.Observe != nil {
		e.Use(o.Observe(routes.Operation))
	}
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableStackAll: true, DisablePrintStack: true}))
	e.Use(deadline(o.Deadlines, routes))
	e.Use(corsMiddleware(o.CORSOrigins))
	limit := o.MaxBodyBytes
	if limit <= 0 {
		limit = 1 << 20
	}
	e.Use(bodyLimit(limit, o.BodyLimits))
	e.Use(crossSiteGuard(o.CORSOrigins, o.PagePrefixes))
	for _, m := range o.Before {
		e.Use(m)
	}

	if o.MetricsHandler != nil {
		e.GET("/metrics", echo.WrapHandler(o.MetricsHandler))
	} else {
		e.GET("/metrics", func(echo.Context) error {
			return &apperr.Error{Code: apperr.NotFound, ErrorText: "Not found", Message: "Metrics are served on METRICS_ADDRESS."}
		})
	}
	e.GET("/openapi.json", func(c echo.Context) error { return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, specJSON) })
	e.GET("/openapi.yaml", func(c echo.Context) error { return c.Blob(http.StatusOK, "application/yaml", apispec.YAML) })
	docs := echo.WrapHandler(v5emb.New("Skatetrax API", "/openapi.json", "/docs/"))
	e.GET("/docs", func(c echo.Context) error { return c.Redirect(http.StatusMovedPermanently, "/docs/") })
	e.GET("/docs/*", docs)

	if o.Pages != nil {
		if o.Session != nil {
			e.Use(underPrefixes(o.PagePrefixes, o.Session)) // the pages read the session too
		}
		o.Pages(e)
	}

	g := e.Group("", append([]echo.MiddlewareFunc{v.middleware}, o.AfterValidation...)...)
	api.RegisterHandlers(g, api.NewStrictHandler(o.Handlers, o.StrictMiddlewares))
	return e, nil
}

// underPrefixes runs m only for requests whose path is under one of prefixes.
func underPrefixes(prefixes []string, m echo.MiddlewareFunc) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		withM := m(next)
		return func(c echo.Context) error {
			p := c.Request().URL.Path
			for _, prefix := range prefixes {
				if p == prefix || strings.HasPrefix(p, prefix+"/") {
					return withM(c)
				}
			}
			return next(c)
		}
	}
}

// bodyLimit refuses bodies over limit with 413, or over the route's own
// limit for the routes in perRoute.
func bodyLimit(limit int64, perRoute map[string]int64) echo.MiddlewareFunc {
	limiter := func(n int64) echo.MiddlewareFunc {
		return middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: strconv.FormatInt(n, 10)})
	}
	byDefault := limiter(limit)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		def := byDefault(next)
		routes := make(map[string]echo.HandlerFunc, len(perRoute))
		for route, n := range perRoute {
			routes[route] = limiter(n)(next)
		}
		return func(c echo.Context) error {
			r := c.Request()
			if h, ok := routes[r.Method+" "+r.URL.Path]; ok {
				return h(c)
			}
			return def(c)
		}
	}
}

// IPExtractor believes X-Forwarded-For only from trusted proxies.
func IPExtractor(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// headAsGet answers HEAD like GET, as the original did: the request is
// routed and handled as a GET and the body is discarded. (Echo routes on the
// method of the original request, so the method is changed in place.)
func headAsGet(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if r := c.Request(); r.Method == http.MethodHead {
			r.Method = http.MethodGet
			c.Response().Writer = headWriter{c.Response().Writer}
		}
		return next(c)
	}
}

// headWriter sends headers and status but no body.
type headWriter struct{ http.ResponseWriter }

func (w headWriter) Write(p []byte) (int, error) { return len(p), nil }

// Unwrap lets http.ResponseController reach the connection.
func (w headWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
