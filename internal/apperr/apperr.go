// Package apperr is the service's one domain error type. Services return
// *Error values with a Code, a message, field details and a cause; the HTTP
// edge (internal/server/errors.go) decides the status, in one place, and
// renders the contract's Error schema. Anything that is not an *Error is an
// internal fault: logged in full, shown to users as a generic message. This
// package knows nothing of HTTP.
package apperr

import (
	"errors"
	"fmt"
)

// Code is a stable, machine-readable reason. Apart from NoProfile (see
// NoProfileError) it is also the `code` field on the wire.
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
	// RangeNotSatisfiable is a byte range past the end of a file.
	RangeNotSatisfiable Code = "range_not_satisfiable"
	RateLimited         Code = "rate_limited"
	Internal            Code = "internal"
	BadGateway          Code = "bad_gateway"
	Unavailable         Code = "unavailable"
	// NoProfile is a logged-in user who has no skater profile yet (onboarding
	// creates it). The edge decides its status per route (docs/errors.md).
	NoProfile Code = "no_profile"
	// ClientClosed is a request whose client went away before the answer.
	// Nobody reads its body; it exists so logs and metrics do not count a
	// client's impatience as a server fault (the edge answers 499).
	ClientClosed Code = "client_closed"
)

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
	// RetryAfter, in seconds, tells the client when trying again may work.
	RetryAfter int
	// Reason is a finer machine-readable reason within the code (the results
	// import's log status, e.g. "fetch_error").
	Reason string
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

// Is makes errors.Is(err, ErrNoProfile) true for every no-profile error,
// whatever its texts.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t == ErrNoProfile && e.Code == NoProfile
}

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

// ErrNoProfile is the one "no skater profile yet" condition; compare with
// errors.Is. Build answers with NoProfileError.
var ErrNoProfile = &Error{Code: NoProfile, ErrorText: "Profile not found", Message: "Profile not found"}

// NoProfileError is ErrNoProfile with the texts of one route (each keeps the
// texts its clients know).
func NoProfileError(errorText, message string) *Error {
	return &Error{Code: NoProfile, ErrorText: errorText, Message: message}
}
