// Package members holds the rules of a skater's own training data: logging
// ice time, the session history, the dashboard and the ice-time graph,
// equipment and the active configuration, blade maintenance and the
// sharpening clock, and the profile overview (docs/members.md). Methods take
// the skater's id and domain inputs and return domain values; reads of more
// than one query run in one read-only REPEATABLE READ transaction, so their
// numbers agree. It knows nothing of HTTP.
package members

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/database"
	"github.com/skatetrax/skatetrax-api/internal/ptr"
	"github.com/skatetrax/skatetrax-api/internal/skatetime"
)

// Service is the member-data service.
type Service struct {
	pool *pgxpool.Pool
	q    *db.Queries
	now  func() time.Time
}

// New builds the service; now is its clock (time.Now in production).
func New(pool *pgxpool.Pool, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{pool: pool, q: db.New(pool), now: now}
}

// skater is what every rule knows about the skater it serves.
type skater struct {
	id uuid.UUID
	// profile is false until onboarding created the skater profile; reads then show no data.
	profile bool
	loc     *time.Location
	// today is the skater's current calendar day.
	today        skatetime.Date
	activeConfig *uuid.UUID
	activeBlade  *uuid.UUID
	maintPref    *int32
	created      *time.Time
}

// loadSkater reads the skater's profile through q. A stored zone that is
// empty or unknown counts as UTC, so an old profile never turns a read into
// a 500. today is taken from now, read once by the caller.
func loadSkater(ctx context.Context, q *db.Queries, id uuid.UUID, now time.Time) (skater, error) {
	sk := skater{id: id, loc: time.UTC}
	row, err := q.GetSkaterContext(ctx, &sk.id)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
	case err != nil:
		return skater{}, fmt.Errorf("load skater profile: %w", err)
	default:
		sk.profile = true
		sk.loc = skatetime.ZoneOrUTC(ptr.Deref(row.Tz))
		sk.activeConfig, sk.activeBlade = row.ActiveConfig, row.ActiveBlade
		sk.maintPref, sk.created = row.MaintPrefHours, row.DateCreated
	}
	sk.today = skatetime.Today(now, sk.loc)
	return sk, nil
}

// load reads the skater outside a transaction (writes).
func (s *Service) load(ctx context.Context, id uuid.UUID) (skater, error) {
	return loadSkater(ctx, s.q, id, s.now())
}

// read runs fn with the skater loaded, all in one read-only snapshot.
func (s *Service) read(ctx context.Context, id uuid.UUID, fn func(q *db.Queries, sk skater) error) error {
	now := s.now()
	return database.ReadTx(ctx, s.pool, func(q *db.Queries) error {
		sk, err := loadSkater(ctx, q, id, now)
		if err != nil {
			return err
		}
		return fn(q, sk)
	})
}

// requireProfile is for writes: every per-skater table hangs off the profile.
func (sk skater) requireProfile() error {
	if !sk.profile {
		return apperr.NoProfileError("Profile not found",
			"Complete onboarding (POST /api/v4/auth/onboard) before adding training data.")
	}
	return nil
}

func errNotFound(what string) *apperr.Error {
	return &apperr.Error{Code: apperr.NotFound, ErrorText: "Not found", Message: what + " not found"}
}
