// Package idempotency makes retried creating POSTs safe: a request sent with
// an Idempotency-Key header (draft-ietf-httpapi-idempotency-key-header) is
// answered once; the same key with the same body within the retention gets
// the first answer again without a second write, on any replica (the keys
// live in PostgreSQL); the same key with another body is refused with 422,
// and a duplicate that arrives while the first is still running with 409.
// Keys are per user.
package idempotency

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/labstack/echo/v4"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

// Header is the request header that carries the key.
const Header = "Idempotency-Key"

// ReplayedHeader marks an answer replayed from the store.
const ReplayedHeader = "Idempotent-Replayed"

// Retention is how long a key's first answer is kept.
const Retention = 24 * time.Hour

// maxStoredBody bounds the answer kept per key; larger answers are not
// stored (the key is released, a retry runs again).
const maxStoredBody = 256 << 10

// CreatingOperations are the operations that create something and so honour
// the header (api/openapi.yaml documents it on each of them).
var CreatingOperations = map[string]bool{
	"createIceSession":   true,
	"createBoots":        true,
	"createBlades":       true,
	"createSkateConfig":  true,
	"createMaintenance":  true,
	"createEvent":        true,
	"createEventEntry":   true,
	"importEventResult":  true,
	"uploadTrack":        true,
	"createPlaylist":     true,
	"createInvite":       true,
	"createRink":         true,
	"createCoach":        true,
	"createClub":         true,
	"createIceType":      true,
	"createEventType":    true,
	"createPrivateCoach": true,
	"createPrivateRink":  true,
	// The family area.
	"createFamilySkater":   true,
	"createGuardianInvite": true,
	"grantCoachAccess":     true,
}

// Options configure the middleware.
type Options struct {
	Queries *db.Queries
	Logger  *slog.Logger
	// Operation names the request's operation (its operationId).
	Operation func(echo.Context) string
	// Creating lists the operations that honour the header.
	Creating map[string]bool
	// User returns the request's logged-in user id and the skater it acts
	// for (part of the fingerprint: a guardian reusing a key for another
	// child is refused, never answered with the first child's record).
	User func(context.Context) (userID int32, actingFor string, ok bool)
	// Stale is how long a claim without an answer blocks duplicates before
	// it is taken for a crashed request and taken over (at least the
	// longest request deadline).
	Stale time.Duration
}

// Middleware applies the rules to the operations in o.Creating. It runs after
// validation and the session, so the user is known and the key's form has
// been checked against the contract.
func Middleware(o Options) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			key := r.Header.Get(Header)
			if key == "" || r.Method != http.MethodPost || !o.Creating[o.Operation(c)] {
				return next(c)
			}
			userID, actingFor, ok := o.User(r.Context())
			if !ok {
				return next(c) // the handler answers 401
			}
			return o.serve(c, next, userID, actingFor, key)
		}
	}
}

func (o Options) serve(c echo.Context, next echo.HandlerFunc, userID int32, actingFor, key string) error {
	ctx := c.Request().Context()
	_, err := o.Queries.ClaimIdempotencyKey(ctx, db.ClaimIdempotencyKeyParams{
		UserID: userID, Key: key, ExpireSeconds: Retention.Seconds(), StaleSeconds: o.Stale.Seconds()})
	if errors.Is(err, pgx.ErrNoRows) {
		return o.replay(c, userID, actingFor, key)
	}
	if err != nil {
		return fmt.Errorf("claim idempotency key: %w", err)
	}

	// First request with this key: run it, fingerprinting the body as the
	// handler reads it, and keep the answer if it succeeded.
	r := c.Request()
	fp := newFingerprint(r, actingFor)
	r.Body = readCloser{io.TeeReader(r.Body, fp), r.Body}
	rec := &recorder{ResponseWriter: c.Response().Writer}
	c.Response().Writer = rec
	herr := next(c)
	// The handler may stop reading early; the fingerprint covers the whole body.
	_, _ = io.Copy(io.Discard, r.Body)

	// The request's own context may be over: the bookkeeping still happens.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	status := c.Response().Status
	if herr == nil && status >= 200 && status < 300 && !rec.overflow {
		ct := c.Response().Header().Get(echo.HeaderContentType)
		st := int32(status)
		err := o.Queries.CompleteIdempotencyKey(sctx, db.CompleteIdempotencyKeyParams{
			UserID: userID, Key: key, Fingerprint: fp.Sum(nil), Status: &st, ContentType: &ct, Body: rec.body.Bytes()})
		if err != nil {
			o.Logger.ErrorContext(ctx, "store idempotent answer", "err", err)
		}
		return nil
	}
	if err := o.Queries.ReleaseIdempotencyKey(sctx, db.ReleaseIdempotencyKeyParams{UserID: userID, Key: key}); err != nil {
		o.Logger.ErrorContext(ctx, "release idempotency key", "err", err)
	}
	return herr
}

// replay answers a key that was used before.
func (o Options) replay(c echo.Context, userID int32, actingFor, key string) error {
	r := c.Request()
	row, err := o.Queries.GetIdempotencyKey(r.Context(), db.GetIdempotencyKeyParams{UserID: userID, Key: key})
	if errors.Is(err, pgx.ErrNoRows) || err == nil && row.Status == nil {
		return inProgress()
	}
	if err != nil {
		return fmt.Errorf("load idempotency key: %w", err)
	}
	fp := newFingerprint(r, actingFor)
	if _, err := io.Copy(fp, r.Body); err != nil {
		return &apperr.Error{Code: apperr.BadRequest, ErrorText: "Bad request", Message: "The request body could not be read.", Cause: err}
	}
	if subtle.ConstantTimeCompare(fp.Sum(nil), row.Fingerprint) != 1 {
		return &apperr.Error{Code: apperr.Unprocessable, ErrorText: "Unprocessable entity",
			Message: "This Idempotency-Key was already used for a different request.",
			Details: []apperr.Field{{In: "header", Name: Header, Message: "already used for a different request"}}}
	}
	h := c.Response().Header()
	if row.ContentType != nil && *row.ContentType != "" {
		h.Set(echo.HeaderContentType, *row.ContentType)
	}
	h.Set(ReplayedHeader, "true")
	c.Response().WriteHeader(int(*row.Status))
	_, err = c.Response().Write(row.Body)
	return err
}

func inProgress() error {
	return &apperr.Error{Code: apperr.Conflict, ErrorText: "Conflict", RetryAfter: 1,
		Message: "A request with this Idempotency-Key is still being processed. Retry shortly."}
}

// newFingerprint hashes what makes two requests the same: the skater acted
// for, method, path and body.
func newFingerprint(r *http.Request, actingFor string) hash.Hash {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s %s\n", actingFor, r.Method, r.URL.Path)
	return h
}

type readCloser struct {
	io.Reader
	io.Closer
}

// recorder keeps a copy of what the handler writes.
type recorder struct {
	http.ResponseWriter
	body     bytes.Buffer
	overflow bool
}

func (w *recorder) Write(p []byte) (int, error) {
	if !w.overflow {
		if w.body.Len()+len(p) > maxStoredBody {
			w.overflow = true
			w.body.Reset()
		} else {
			w.body.Write(p)
		}
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Sweep deletes keys past the retention.
func Sweep(ctx context.Context, q *db.Queries) (int64, error) {
	n, err := q.DeleteExpiredIdempotencyKeys(ctx, Retention.Seconds())
	if err != nil {
		return n, fmt.Errorf("delete expired idempotency keys: %w", err)
	}
	return n, nil
}
