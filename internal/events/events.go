// Package events is a skater's competitions: events with their cost lines,
// entries (one per segment skated) with scores and deductions, and the
// import of an entry from a published results page.
//
// Every operation takes the logged-in skater and touches only that skater's
// records: another skater's event or entry is "not found", never "forbidden",
// so ids cannot be probed. Shared lookup rows (event types, governing
// bodies) are only ever read here.
package events

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/fetch"
	"github.com/skatetrax/skatetrax-api/internal/ratelimit"
)

// Service reads and writes events.
type Service struct {
	pool    *pgxpool.Pool
	q       *db.Queries
	fetcher *fetch.Fetcher
	limiter *ratelimit.Limiter
	rule    ratelimit.Rule
	logger  *slog.Logger
}

// Options configure the importer.
type Options struct {
	// Fetcher downloads results pages; its allow-list is the importer's.
	Fetcher *fetch.Fetcher
	// Limiter and ImportRule bound imports per skater; a nil Limiter means
	// no limit.
	Limiter    *ratelimit.Limiter
	ImportRule ratelimit.Rule
	Logger     *slog.Logger
}

// New builds the service.
func New(pool *pgxpool.Pool, o Options) *Service {
	if o.Fetcher == nil {
		o.Fetcher = &fetch.Fetcher{}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return &Service{pool: pool, q: db.New(pool), fetcher: o.Fetcher, limiter: o.Limiter, rule: o.ImportRule, logger: o.Logger}
}

// ErrEventNotFound is the answer for a missing or foreign event.
func ErrEventNotFound() *apperr.Error {
	return &apperr.Error{Code: apperr.NotFound, Message: "Event not found", ErrorText: "Event not found"}
}

// ErrEntryNotFound is the answer for a missing or foreign entry.
func ErrEntryNotFound() *apperr.Error {
	return &apperr.Error{Code: apperr.NotFound, Message: "Entry not found", ErrorText: "Entry not found"}
}

// lockEvent locks the skater's event for a write, or answers not found.
func lockEvent(ctx context.Context, q *db.Queries, skater, id uuid.UUID) (db.LockEventRow, error) {
	ev, err := q.LockEvent(ctx, db.LockEventParams{ID: id, Skater: skater})
	if errors.Is(err, pgx.ErrNoRows) {
		return ev, ErrEventNotFound()
	}
	return ev, wrap("load event", err)
}

// newID returns a time-ordered id, so rows sorted by id come out in the
// order they were written (cost lines and deductions have no other order).
func newID() uuid.UUID { return uuid.Must(uuid.NewV7()) }

func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := apperr.As(err); ok {
		return err
	}
	return fmt.Errorf("%s: %w", op, err)
}

func pgDate(t time.Time) pgtype.Date {
	return pgtype.Date{Time: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), Valid: true}
}

func pgDatePtr(t *time.Time) pgtype.Date {
	if t == nil {
		return pgtype.Date{}
	}
	return pgDate(*t)
}
