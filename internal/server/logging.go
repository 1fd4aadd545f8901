package server

import (
	"log/slog"
	"time"

	"github.com/labstack/echo/v4"
)

// requestLogger writes one structured line per request, with its id.
func requestLogger(logger *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if err != nil {
				// Let the error handler write the response now so the status is known.
				c.Error(err)
			}
			req, res := c.Request(), c.Response()
			level := slog.LevelInfo
			if res.Status >= 500 {
				level = slog.LevelError
			}

			logger.Log(req.Context(), level, "request",
				"request_id", res.Header().Get(echo.HeaderXRequestID),
				"method", req.Method,
				"path", req.URL.Path,
				"status", res.Status,
				"bytes", res.Size,
				"duration_ms", float64(time.Since(start).Microseconds())/1000,
				"ip", c.RealIP(),
			)
			return nil
		}
	}
}
