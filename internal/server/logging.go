package server

import (
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
)

// AccessLog sets how the per-request line is written. Failures are always
// logged (4xx at info, 5xx at error); successful requests are logged at
// SuccessLevel, one in SampleEvery of them, so a busy server does not write
// a line per request at info by default.
type AccessLog struct {
	SuccessLevel slog.Level // ACCESS_LOG_SUCCESS_LEVEL (default debug)
	SampleEvery  int        // ACCESS_LOG_SAMPLE (default 1: every one)
}

// requestLogger writes one structured line per request, with its id.
func requestLogger(logger *slog.Logger, o AccessLog) echo.MiddlewareFunc {
	every := int64(max(o.SampleEvery, 1))
	var successes atomic.Int64
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if err != nil {
				// Let the error handler write the response now so the status is known.
				c.Error(err)
			}
			req, res := c.Request(), c.Response()
			level := o.SuccessLevel
			switch {
			case res.Status >= 500:
				level = slog.LevelError
			case res.Status >= 400:
				level = slog.LevelInfo
			default:
				if !logger.Enabled(req.Context(), level) || successes.Add(1)%every != 0 {
					return nil
				}
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
