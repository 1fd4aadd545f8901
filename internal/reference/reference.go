// Package reference manages the shared reference data every skater picks
// from — rinks, coaches, clubs, ice types and event types — and the coaches
// and rinks a skater adds for themselves.
//
// Entries are retired, never deleted: sessions, sharpenings and events keep
// pointing at them, and the lookup lists leave them out. A private entry
// (owner set) is visible to its owner only until an administrator promotes
// it to the shared lists; its id never changes. Every administrative change
// is written to the audit trail.
package reference

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

// Auditor writes an audit event (accounts.Service implements it).
type Auditor interface {
	Audit(ctx context.Context, event string, userID *int32, login string, detail map[string]any)
}

// Audit events of this package.
const (
	EventCreated  = "reference_created"
	EventUpdated  = "reference_updated"
	EventRetired  = "reference_retired"
	EventRestored = "reference_restored"
	EventPromoted = "reference_promoted"
)

// Kinds of reference entries, as named in the audit trail.
const (
	KindRink      = "rink"
	KindCoach     = "coach"
	KindClub      = "club"
	KindIceType   = "ice_type"
	KindEventType = "event_type"
)

// Limits on what one skater may add for themselves.
const (
	MaxPrivateCoaches = 100
	MaxPrivateRinks   = 100
)

// Actor is who makes a change: an administrator over HTTP (UserID set) or an
// operator at the command line (UserID nil).
type Actor struct {
	UserID *int32
	// Via is "api" or "cli".
	Via string
}

// CLI is the operator at the command line.
var CLI = Actor{Via: "cli"}

// Service runs the reference data operations.
type Service struct {
	pool   *pgxpool.Pool
	q      *db.Queries
	audit  Auditor
	logger *slog.Logger
	now    func() time.Time
}

// New builds the service.
func New(pool *pgxpool.Pool, audit Auditor, logger *slog.Logger) *Service {
	return &Service{pool: pool, q: db.New(pool), audit: audit, logger: logger, now: time.Now}
}

func (s *Service) record(ctx context.Context, a Actor, event, kind string, id uuid.UUID, extra map[string]any) {
	if s.audit == nil {
		return
	}
	detail := map[string]any{"kind": kind, "id": id.String(), "via": a.Via}
	for k, v := range extra {
		detail[k] = v
	}
	s.audit.Audit(ctx, event, a.UserID, "", detail)
}

func notFound(kind string) *apperr.Error {
	names := map[string]string{KindRink: "Rink", KindCoach: "Coach", KindClub: "Club", KindIceType: "Ice type", KindEventType: "Event type"}
	return &apperr.Error{Code: apperr.NotFound, ErrorText: "Not found", Message: names[kind] + " not found"}
}

// found maps "no row" to the kind's 404.
func found(kind string, err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return notFound(kind)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", kind, err)
	}
	return nil
}

// requireProfile refuses private entries before onboarding: they hang off
// the skater profile.
func (s *Service) requireProfile(ctx context.Context, skater uuid.UUID) error {
	ok, err := s.q.ProfileExists(ctx, &skater)
	if err != nil {
		return fmt.Errorf("check profile: %w", err)
	}
	if !ok {
		return &apperr.Error{Code: apperr.Conflict, ErrorText: "Profile not found",
			Message: "Complete onboarding (POST /api/v4/auth/onboard) before adding training data."}
	}
	return nil
}

func retiredEvent(retired bool) string {
	if retired {
		return EventRetired
	}
	return EventRestored
}

// utc renders an instant in UTC, as the API sends every instant.
func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
