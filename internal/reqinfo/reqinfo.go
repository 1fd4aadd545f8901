// Package reqinfo carries who is calling (client address, user agent) in a
// request context, for rate limits and the audit trail.
package reqinfo

import (
	"context"

	"github.com/labstack/echo/v4"
)

// Info describes the client of a request.
type Info struct {
	IP        string
	UserAgent string
}

type ctxKey struct{}

// With stores info in ctx.
func With(ctx context.Context, i Info) context.Context { return context.WithValue(ctx, ctxKey{}, i) }

// From reads the request's client info (zero when absent).
func From(ctx context.Context) Info {
	i, _ := ctx.Value(ctxKey{}).(Info)
	return i
}

// Middleware records the client's address (echo's IP extractor decides
// whether X-Forwarded-For is believed) and user agent.
func Middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ua := c.Request().UserAgent()
		if len(ua) > 512 {
			ua = ua[:512]
		}
		r := c.Request()
		c.SetRequest(r.WithContext(With(r.Context(), Info{IP: c.RealIP(), UserAgent: ua})))
		return next(c)
	}
}
