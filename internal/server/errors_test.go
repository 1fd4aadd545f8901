package server

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

func TestClassify(t *testing.T) {
	cases := []struct {
		name string
		err  error
		code apperr.Code
	}{
		{"domain_error_keeps_its_code", apperr.New(apperr.Conflict, "x"), apperr.Conflict},
		{"wrapped_domain_error_keeps_its_code", fmt.Errorf("wrapped: %w", apperr.New(apperr.NotFound, "x")), apperr.NotFound},
		{"unique_violation_is_conflict", &pgconn.PgError{Code: "23505"}, apperr.Conflict},
		{"wrapped_invalid_text_is_invalid", fmt.Errorf("insert: %w", &pgconn.PgError{Code: "22P02"}), apperr.Invalid},
		{"nul_byte_in_text_is_invalid", &pgconn.PgError{Code: "22021"}, apperr.Invalid},
		{"foreign_key_violation_is_invalid", &pgconn.PgError{Code: "23503"}, apperr.Invalid},
		{"deadlock_is_conflict", &pgconn.PgError{Code: "40P01"}, apperr.Conflict},
		{"admin_shutdown_is_unavailable", &pgconn.PgError{Code: "57P01"}, apperr.Unavailable},
		{"undefined_table_is_internal", &pgconn.PgError{Code: "42P01"}, apperr.Internal},
		{"connect_error_is_unavailable", &pgconn.ConnectError{}, apperr.Unavailable},
		{"dropped_connection_is_unavailable", fmt.Errorf("list clubs: %w", io.ErrUnexpectedEOF), apperr.Unavailable},
		{"echo_not_found_is_not_found", echo.ErrNotFound, apperr.NotFound},
		{"echo_method_not_allowed_is_method_not_allowed", echo.ErrMethodNotAllowed, apperr.MethodNotAllowed},
		{"echo_too_large_is_too_large", echo.ErrStatusRequestEntityTooLarge, apperr.TooLarge},
		{"echo_bad_request_is_bad_request", echo.NewHTTPError(http.StatusBadRequest, "bad"), apperr.BadRequest},
		{"unknown_error_is_internal", errors.New("boom"), apperr.Internal},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := classify(tc.err); got.Code != tc.code {
				t.Errorf("%v: %s, want %s", tc.err, got.Code, tc.code)
			}
		})
	}
	// Database text never reaches a client.
	e := classify(&pgconn.PgError{Code: "23505", Message: `duplicate key value violates unique constraint "secret_name"`})
	if strings.Contains(e.Message+e.ErrorText, "secret_name") {
		t.Errorf("leaked: %+v", e)
	}
}

func TestPanicsBecomeJSON500(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = errorHandler(slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisablePrintStack: true}))
	e.GET("/boom", func(echo.Context) error { panic("kaboom") })
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest("GET", "/boom", nil))
	if rec.Code != 500 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") ||
		!strings.Contains(rec.Body.String(), `"code":"internal"`) || strings.Contains(rec.Body.String(), "kaboom") {
		t.Errorf("%d %s %s", rec.Code, rec.Header(), rec.Body)
	}
}
