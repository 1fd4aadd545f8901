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
		err  error
		code apperr.Code
	}{
		{apperr.New(apperr.Conflict, "x"), apperr.Conflict},
		{fmt.Errorf("wrapped: %w", apperr.New(apperr.NotFound, "x")), apperr.NotFound},
		{&pgconn.PgError{Code: "23505"}, apperr.Conflict},
		{fmt.Errorf("insert: %w", &pgconn.PgError{Code: "22P02"}), apperr.Invalid},
		{&pgconn.PgError{Code: "22021"}, apperr.Invalid}, // NUL byte in text
		{&pgconn.PgError{Code: "23503"}, apperr.Invalid},
		{&pgconn.PgError{Code: "40P01"}, apperr.Conflict},
		{&pgconn.PgError{Code: "57P01"}, apperr.Unavailable},
		{&pgconn.PgError{Code: "42P01"}, apperr.Internal},
		{&pgconn.ConnectError{}, apperr.Unavailable},
		{fmt.Errorf("list clubs: %w", io.ErrUnexpectedEOF), apperr.Unavailable},
		{echo.ErrNotFound, apperr.NotFound},
		{echo.ErrMethodNotAllowed, apperr.MethodNotAllowed},
		{echo.ErrStatusRequestEntityTooLarge, apperr.TooLarge},
		{echo.NewHTTPError(http.StatusBadRequest, "bad"), apperr.BadRequest},
		{errors.New("boom"), apperr.Internal},
	}
	for _, tc := range cases {
		if got := classify(tc.err); got.Code != tc.code {
			t.Errorf("%v: %s, want %s", tc.err, got.Code, tc.code)
		}
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
