package accounts

import (
	"context"
	"errors"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/skatetime"
)

// OnboardInput is the skater profile created at onboarding.
type OnboardInput struct {
	FirstName, LastName                       string
	MiddleName, City, State, Country, Zip, TZ *string
	CoachID, RinkID, ClubID, SkateConfig      *uuid.UUID
	MaintPref, USFSANumber                    *int32
}

func errAlreadyOnboarded() *apperr.Error {
	return apperr.New(apperr.Conflict, "Onboarding already complete")
}

// Onboard creates the skater's profile after checking every reference.
func (s *Service) Onboard(ctx context.Context, skater uuid.UUID, in OnboardInput) error {
	exists, err := s.q.ProfileExists(ctx, &skater)
	if err != nil {
		return wrap("check profile", err)
	}
	if exists {
		return errAlreadyOnboarded()
	}
	return CreateProfile(ctx, s.q, skater, in)
}

// CreateProfile checks the profile fields and every reference and inserts the
// skater profile through q, which may be a transaction (a guardian creating a
// minor profile links it in the same transaction).
func CreateProfile(ctx context.Context, q *db.Queries, skater uuid.UUID, in OnboardInput) error {
	if strings.TrimSpace(in.FirstName) == "" || strings.TrimSpace(in.LastName) == "" {
		return apperr.New(apperr.BadRequest, "first_name and last_name are required")
	}
	tz := "UTC"
	if in.TZ != nil && *in.TZ != "" {
		if _, err := skatetime.LoadZone(*in.TZ); err != nil {
			return apperr.InvalidField("body", "timezone", "not an IANA time zone name")
		}
		tz = *in.TZ
	}
	checks := []struct {
		field string
		id    *uuid.UUID
		fn    func(context.Context, uuid.UUID) (bool, error)
	}{
		{"coach_id", in.CoachID, q.CoachExists},
		{"rink_id", in.RinkID, q.RinkExists},
		{"club_id", in.ClubID, q.ClubExists},
		{"skate_config", in.SkateConfig, func(ctx context.Context, id uuid.UUID) (bool, error) {
			return q.SkateConfigOwned(ctx, db.SkateConfigOwnedParams{ID: id, Skater: &skater})
		}},
	}
	for _, c := range checks {
		if c.id == nil {
			continue
		}
		ok, err := c.fn(ctx, *c.id)
		if err != nil {
			return wrap("check "+c.field, err)
		}
		if !ok {
			return apperr.InvalidField("body", c.field, "no such record")
		}
	}
	err := q.CreateProfile(ctx, db.CreateProfileParams{
		Skater: &skater, FirstName: &in.FirstName, LastName: &in.LastName, MiddleName: in.MiddleName,
		Zip: in.Zip, City: in.City, State: in.State, Country: in.Country, Timezone: &tz,
		SkateConfig: in.SkateConfig, RinkID: in.RinkID, MaintPref: in.MaintPref, CoachID: in.CoachID,
		ClubID: in.ClubID, UsfsaNumber: in.USFSANumber,
	})
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return errAlreadyOnboarded() // a concurrent double submit
	}
	return wrap("create profile", err)
}

// SessionState reports whether the skater profile exists.
func (s *Service) Onboarded(ctx context.Context, skater uuid.UUID) (bool, error) {
	ok, err := s.q.ProfileExists(ctx, &skater)
	return ok, wrap("check profile", err)
}
