package tracing

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// Middleware starts one server span per request, named by operation(c)
// (the operationId), continuing a trace the caller sent in traceparent.
func Middleware(tp trace.TracerProvider) func(operation func(echo.Context) string) echo.MiddlewareFunc {
	tracer := tp.Tracer(ScopeName)
	prop := propagation.TraceContext{}
	return func(operation func(echo.Context) string) echo.MiddlewareFunc {
		return func(next echo.HandlerFunc) echo.HandlerFunc {
			return func(c echo.Context) error {
				r := c.Request()
				name := operation(c)
				if name == "" {
					name = r.Method + " other"
				}
				ctx := prop.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
				ctx, span := tracer.Start(ctx, name, trace.WithSpanKind(trace.SpanKindServer), trace.WithAttributes(
					attribute.String("http.request.method", r.Method),
					attribute.String("http.route", c.Path()),
					attribute.String("url.path", r.URL.Path),
				))
				defer span.End()
				c.SetRequest(r.WithContext(ctx))
				err := next(c)
				if err != nil {
					c.Error(err)
				}
				status := c.Response().Status
				span.SetAttributes(attribute.Int("http.response.status_code", status))
				if status >= http.StatusInternalServerError {
					span.SetStatus(codes.Error, http.StatusText(status))
				}
				return nil
			}
		}
	}
}
