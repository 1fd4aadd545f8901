package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/puddle/v2"
	"github.com/labstack/echo/v4"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

// errorHandler renders every error as the contract's Error schema. It is the
// only place where errors become HTTP statuses.
func errorHandler(logger *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		e := classify(err)
		route := c.Request().Method + " " + c.Path()
		status := Status(e, route)
		if status >= 500 {
			logger.ErrorContext(c.Request().Context(), "request failed",
				"status", status, "method", c.Request().Method, "path", c.Request().URL.Path,
				"request_id", c.Response().Header().Get(echo.HeaderXRequestID), "err", err)
		}
		if e.RetryAfter > 0 {
			c.Response().Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
		}
		_ = c.JSON(status, Body(e, route))
	}
}

// StatusClientClosed is the status logged and counted for a client that gave
// up before the answer (nginx's convention; nobody receives it).
const StatusClientClosed = 499

// Status maps a domain error to its HTTP status on route ("METHOD /path" as
// registered).
func Status(e *apperr.Error, route string) int {
	switch e.Code {
	case apperr.Invalid, apperr.BadRequest:
		return http.StatusBadRequest
	case apperr.Unauthorized:
		return http.StatusUnauthorized
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.NoProfile:
		return noProfileStatus(route)
	case apperr.MethodNotAllowed:
		return http.StatusMethodNotAllowed
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.TooLarge:
		return http.StatusRequestEntityTooLarge
	case apperr.UnsupportedMedia:
		return http.StatusUnsupportedMediaType
	case apperr.Unprocessable:
		return http.StatusUnprocessableEntity
	case apperr.RangeNotSatisfiable:
		return http.StatusRequestedRangeNotSatisfiable
	case apperr.RateLimited:
		return http.StatusTooManyRequests
	case apperr.BadGateway:
		return http.StatusBadGateway
	case apperr.Unavailable:
		return http.StatusServiceUnavailable
	case apperr.ClientClosed:
		return StatusClientClosed
	default:
		return http.StatusInternalServerError
	}
}

// trainingWrites are the routes that store training data, which hangs off
// the skater profile: without one they answer 409 (the state of the account
// conflicts with the write). Every other route answers a missing profile
// with 404, as the original did on the card (docs/errors.md).
var trainingWrites = map[string]bool{
	"POST /api/v4/submit/add_icetime":             true,
	"POST /api/v4/members/equipment/boots":        true,
	"POST /api/v4/members/equipment/blades":       true,
	"POST /api/v4/members/equipment/configs":      true,
	"PUT /api/v4/members/equipment/active_config": true,
	"POST /api/v4/members/maintenance":            true,
}

func noProfileStatus(route string) int {
	if trainingWrites[route] {
		return http.StatusConflict
	}
	return http.StatusNotFound
}

// Routes whose error answers carry a key the original's clients read.
const (
	routeValidateInvite = "GET /api/v4/auth/register/validate-token"
	routeSession        = "GET /api/v4/auth/session"
	routeImport         = "POST /api/v4/events/:event_id/entries/import"
)

// Body converts an *apperr.Error into the wire type for route. The
// compatibility keys of three routes are decided here and nowhere else:
// validate-token's refusals say "valid": false, the session check's 401 says
// "logged_in": false, and the results import names its log status in
// "status".
func Body(e *apperr.Error, route string) api.Error {
	code := api.ErrorCode(e.Code)
	if e.Code == apperr.NoProfile {
		code = api.ErrorCode(apperr.NotFound)
		if noProfileStatus(route) == http.StatusConflict {
			code = api.ErrorCode(apperr.Conflict)
		}
	}
	out := api.Error{Code: code}
	if e.Message != "" {
		out.Message = &e.Message
	}
	if e.ErrorText != "" {
		out.Error = &e.ErrorText
	}
	f := false
	switch {
	case route == routeValidateInvite && e.Code == apperr.Forbidden:
		out.Valid = &f
	case route == routeSession && e.Code == apperr.Unauthorized:
		out.LoggedIn = &f
	case route == routeImport && e.Reason != "":
		out.Status = &e.Reason
	}
	if len(e.Details) > 0 {
		details := make([]api.FieldError, 0, len(e.Details))
		for _, d := range e.Details {
			details = append(details, api.FieldError{In: api.FieldErrorIn(d.In), Field: d.Name, Message: d.Message})
		}
		out.Details = &details
	}
	return out
}

// classify turns any error into a client-safe *apperr.Error.
func classify(err error) *apperr.Error {
	if e, ok := apperr.As(err); ok {
		return e
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return fromHTTPError(he)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &apperr.Error{Code: apperr.Unavailable, Message: "The request took too long. Try again shortly.",
			ErrorText: "Service unavailable", RetryAfter: 5, Cause: err}
	}
	if dbUnavailable(err) {
		return &apperr.Error{Code: apperr.Unavailable, Message: "The database is unavailable. Try again shortly.",
			ErrorText: "Service unavailable", RetryAfter: 5, Cause: err}
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		if e := fromPgError(pgErr); e != nil {
			return e
		}
	}
	return &apperr.Error{Code: apperr.Internal, Message: "Something went wrong on our side.", ErrorText: "Internal server error", Cause: err}
}

func fromHTTPError(he *echo.HTTPError) *apperr.Error {
	if inner, ok := apperr.As(he.Internal); ok {
		return inner
	}
	switch he.Code {
	case http.StatusNotFound:
		return &apperr.Error{Code: apperr.NotFound, Message: "No such endpoint.", ErrorText: "Not found"}
	case http.StatusMethodNotAllowed:
		return &apperr.Error{Code: apperr.MethodNotAllowed, Message: "This method is not allowed on this endpoint.", ErrorText: "Method not allowed"}
	case http.StatusRequestEntityTooLarge:
		return &apperr.Error{Code: apperr.TooLarge, Message: "The request body is too large.", ErrorText: "Payload too large"}
	case http.StatusUnsupportedMediaType:
		return &apperr.Error{Code: apperr.UnsupportedMedia, Message: "Send the body as application/json.", ErrorText: "Unsupported media type"}
	case http.StatusUnauthorized:
		return apperr.ErrAuthRequired()
	case http.StatusForbidden:
		return &apperr.Error{Code: apperr.Forbidden, Message: "Forbidden", ErrorText: "Forbidden"}
	case http.StatusTooManyRequests:
		return &apperr.Error{Code: apperr.RateLimited, Message: "Too many requests. Try again later.", ErrorText: "Too many requests", RetryAfter: 60}
	case http.StatusServiceUnavailable:
		return &apperr.Error{Code: apperr.Unavailable, Message: "Service unavailable.", ErrorText: "Service unavailable", RetryAfter: 5}
	}
	if he.Code >= 400 && he.Code < 500 {
		// Binder and parameter errors from the generated wrappers.
		return &apperr.Error{Code: apperr.BadRequest, Message: "The request could not be read.", ErrorText: "Bad request", Cause: he}
	}
	return &apperr.Error{Code: apperr.Internal, Message: "Something went wrong on our side.", ErrorText: "Internal server error", Cause: he}
}

// fromPgError maps constraint and data errors that slipped past validation to
// 4xx answers; the database's text is never shown.
func fromPgError(e *pgconn.PgError) *apperr.Error {
	switch {
	case e.Code == "23505":
		return &apperr.Error{Code: apperr.Conflict, Message: "This conflicts with an existing record.", ErrorText: "Conflict", Cause: e}
	case e.Code == "23503":
		return &apperr.Error{Code: apperr.Invalid, Message: "A referenced record does not exist.", ErrorText: "Invalid input", Cause: e}
	case e.Code == "23514" || e.Code == "23502" || len(e.Code) == 5 && e.Code[:2] == "22":
		return &apperr.Error{Code: apperr.Invalid, Message: "A value is not acceptable.", ErrorText: "Invalid input", Cause: e}
	case e.Code == "40001" || e.Code == "40P01":
		return &apperr.Error{Code: apperr.Conflict, Message: "A concurrent change got in the way; retry.", ErrorText: "Conflict", Cause: e}
	case e.Code == "57014":
		// query_canceled: statement_timeout (or a cancel request) ended it.
		return &apperr.Error{Code: apperr.Unavailable, Message: "The request took too long. Try again shortly.", ErrorText: "Service unavailable", RetryAfter: 5, Cause: e}
	case e.Code == "57P01" || e.Code == "57P02" || e.Code == "57P03" || e.Code == "53300":
		return &apperr.Error{Code: apperr.Unavailable, Message: "The database is unavailable. Try again shortly.", ErrorText: "Service unavailable", RetryAfter: 5, Cause: e}
	}
	return nil
}

// dbUnavailable recognises a database that cannot be reached right now.
func dbUnavailable(err error) bool {
	var connErr *pgconn.ConnectError
	var netErr net.Error
	switch {
	case errors.As(err, &connErr), errors.Is(err, puddle.ErrClosedPool), pgconn.Timeout(err):
		return true
	case errors.As(err, &netErr):
		return true
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, io.ErrUnexpectedEOF):
		// io.ErrUnexpectedEOF: a pooled connection the server dropped while idle.
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return false
	}
	return pgconn.SafeToRetry(err)
}
