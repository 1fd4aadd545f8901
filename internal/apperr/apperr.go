// Package apperr is the service's one error type. Handlers and domain code
// return *Error values with a Code; the HTTP layer maps codes to statuses in
// exactly one place and renders the contract's Error schema. Anything that is
// not an *Error is an internal fault: logged in full, shown to users as a
// generic message.
package apperr

import (
	"errors"
	"fmt"
	"net/http"
)

// Code is a stable, machine-readable reason (the `code` field on the wire).
type Code string

// The codes; they match the Error.code enum in api/openapi.yaml.
const (
	Invalid          Code = "validation_error"
	BadRequest       Code = "bad_request"
	Unauthorized     Code = "unauthorized"
	Forbidden        Code = "forbidden"
	NotFound         Code = "not_found"
	MethodNotAllowed Code = "method_not_allowed"
	Conflict         Code = "conflict"
	TooLarge         Code = "payload_too_large"
	UnsupportedMedia Code = "unsupported_media_type"
	Unprocessable    Code = "unprocessable"
	// RangeNotSatisfiable is a byte range past the end of a file (416).
	RangeNotSatisfiable Code = "range_not_satisfiable"
	RateLimited         Code = "rate_limited"
	Internal            Code = "internal"
	BadGateway          Code = "bad_gateway"
	Unavailable         Code = "unavailable"
)

// Status maps a code to its HTTP status.
func (c Code) Status() int {
	switch c {
	case Invalid, BadRequest:
		return http.StatusBadRequest
	case Unauthorized:
		return http.StatusUnauthorized
	case Forbidden:
		return http.StatusForbidden
	case NotFound:
		return http.StatusNotFound
	case MethodNotAllowed:
		return http.StatusMethodNotAllowed
	case Conflict:
		return http.StatusConflict
	case TooLarge:
		return http.StatusRequestEntityTooLarge
	case UnsupportedMedia:
		return http.StatusUnsupportedMediaType
	case Unprocessable:
		return http.StatusUnprocessableEntity
	case RangeNotSatisfiable:
		return http.StatusRequestedRangeNotSatisfiable
	case RateLimited:
		return http.StatusTooManyRequests
	case BadGateway:
		return http.StatusBadGateway
	case Unavailable:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// Field names one unacceptable part of a request.
type Field struct {
	In      string // body, query, path, header, cookie
	Name    string
	Message string
}

// Error is an error a client may see.
type Error struct {
	Code Code
	// Message goes to the `message` key; ErrorText to the `error` key (the
	// original used one or the other depending on the route).
	Message   string
	ErrorText string
	Details   []Field
	// RetryAfter, in seconds, becomes a Retry-After header when positive.
	RetryAfter int
	// Extra keys the original sent on some errors.
	Valid    *bool  // validate-token: "valid": false
	LoggedIn *bool  // session: "logged_in": false
	Status   string // results import: "status"
	// Cause is logged, never shown.
	Cause error
}

func (e *Error) Error() string {
	text := e.Message
	if text == "" {
		text = e.ErrorText
	}
	if e.Cause != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, text, e.Cause)
	}
	return fmt.Sprintf("%s: %s", e.Code, text)
}

func (e *Error) Unwrap() error { return e.Cause }

// New builds an error with a message under the `message` key.
func New(code Code, message string) *Error { return &Error{Code: code, Message: message} }

// Newf is New with formatting.
func Newf(code Code, format string, a ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, a...)}
}

// WithError builds an error whose text goes under the `error` key.
func WithError(code Code, text string) *Error { return &Error{Code: code, ErrorText: text} }

// InvalidField reports one bad request field with a message.
func InvalidField(in, field, message string) *Error {
	return &Error{
		Code: Invalid, ErrorText: "Invalid input", Message: fmt.Sprintf("%s: %s", field, message),
		Details: []Field{{In: in, Name: field, Message: message}},
	}
}

// As extracts an *Error from err's chain.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// ErrAuthRequired is the answer of every protected route without a session.
func ErrAuthRequired() *Error { return WithError(Unauthorized, "Authentication required") }
