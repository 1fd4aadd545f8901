package server

import (
	"context"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

// Deadlines bound each request; the database and storage calls of a request
// use its context, so a partitioned database or a stuck store ends in a 503
// at the deadline instead of holding the client for as long as the fault.
type Deadlines struct {
	// Default bounds every request (0 = 5 s).
	Default time.Duration
	// Long bounds the operations in LongOperations (0 = Default).
	Long time.Duration
}

// LongOperations stream bytes or wait on another service: uploads, audio
// playback and results imports (a remote fetch).
var LongOperations = map[string]bool{
	"uploadTrack":       true,
	"streamTrack":       true,
	"streamSharedTrack": true,
	"importEventResult": true,
}

func deadline(d Deadlines, routes *Routes) echo.MiddlewareFunc {
	def := d.Default
	if def <= 0 {
		def = 5 * time.Second
	}
	long := d.Long
	if long < def {
		long = def
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			limit := def
			if LongOperations[routes.Operation(c)] {
				limit = long
			}
			orig := c.Request()
			ctx, cancel := context.WithTimeout(orig.Context(), limit)
			defer cancel()
			c.SetRequest(orig.WithContext(ctx))
			err := next(c)
			if err != nil && orig.Context().Err() != nil {
				// The client went away: whatever failed after that (a
				// cancelled query, a broken write) is not the server's fault.
				err = &apperr.Error{Code: apperr.ClientClosed, Message: "The client closed the request.", ErrorText: "Client closed request", Cause: err}
			}
			return err
		}
	}
}
