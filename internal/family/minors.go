package family

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/accounts"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

// AdultAge is the age from which a profile is no longer created as a minor's.
const AdultAge = 18

// NewMinor is a minor profile to create: the onboarding fields (without a
// skate configuration: the new profile has none yet) and the date of birth.
type NewMinor struct {
	Profile     accounts.OnboardInput
	DateOfBirth time.Time // a calendar date (its UTC year, month and day)
}

// CreateMinor creates a minor skater profile managed by guardian: the
// profile, its minor record and the guardian link in one transaction.
func (s *Service) CreateMinor(ctx context.Context, guardian int32, in NewMinor) (uuid.UUID, error) {
	ok, err := s.q.UserHasRole(ctx, db.UserHasRoleParams{UserID: guardian, Role: "guardian"})
	if err != nil {
		return uuid.Nil, fmt.Errorf("check guardian role: %w", err)
	}
	if !ok {
		return uuid.Nil, &apperr.Error{Code: apperr.Forbidden, ErrorText: "Forbidden", Message: "Only a guardian can create a minor profile"}
	}
	if err := checkMinorBirthday(in.DateOfBirth, s.o.Now()); err != nil {
		return uuid.Nil, err
	}
	in.Profile.SkateConfig = nil
	skater := uuid.New()
	dob := in.DateOfBirth.UTC()
	err = s.inTx(ctx, func(q *db.Queries) error {
		if err := accounts.CreateProfile(ctx, q, skater, in.Profile); err != nil {
			return err
		}
		if err := q.CreateMinorSkater(ctx, db.CreateMinorSkaterParams{
			Skater:      skater,
			DateOfBirth: pgtype.Date{Time: time.Date(dob.Year(), dob.Month(), dob.Day(), 0, 0, 0, 0, time.UTC), Valid: true},
			CreatedBy:   &guardian,
		}); err != nil {
			return fmt.Errorf("create minor record: %w", err)
		}
		if _, err := q.AddGuardian(ctx, db.AddGuardianParams{Skater: skater, GuardianUserID: guardian, AddedBy: &guardian}); err != nil {
			return fmt.Errorf("link guardian: %w", err)
		}
		return nil
	})
	if err != nil {
		if _, ok := apperr.As(err); ok {
			return uuid.Nil, err
		}
		return uuid.Nil, fmt.Errorf("create minor: %w", err)
	}
	s.audit.Audit(ctx, EventMinorCreated, &guardian, "", map[string]any{"skater": skater.String()})
	return skater, nil
}

// checkMinorBirthday accepts a past date of birth of someone under AdultAge
// on today's date (in UTC: a day's difference at the edges does not matter
// for this rule).
func checkMinorBirthday(dob, now time.Time) error {
	dob, now = dob.UTC(), now.UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	born := time.Date(dob.Year(), dob.Month(), dob.Day(), 0, 0, 0, 0, time.UTC)
	if !born.Before(today) {
		return apperr.InvalidField("body", "date_of_birth", "must be a date in the past")
	}
	if !today.Before(born.AddDate(AdultAge, 0, 0)) {
		return apperr.InvalidField("body", "date_of_birth", "the skater must be under 18; adults register themselves")
	}
	return nil
}

// Member is one skater a user may act for.
type Member struct {
	Skater              uuid.UUID
	FirstName, LastName *string
	Relation            Relation
	Minor               bool
	// DateOfBirth is set for guardians only.
	DateOfBirth *time.Time
}

// List returns the skaters user may act for: their own profile first (when
// it exists), then the minors they guard, then their coached students.
func (s *Service) List(ctx context.Context, user int32, own uuid.UUID) ([]Member, error) {
	var out []Member
	me, err := s.q.GetSkaterName(ctx, &own)
	switch {
	case notFoundRows(err):
	case err != nil:
		return nil, fmt.Errorf("load own profile: %w", err)
	default:
		out = append(out, Member{Skater: own, FirstName: me.FirstName, LastName: me.LastName, Relation: Self})
	}
	rows, err := s.q.ListActableSkaters(ctx, user)
	if err != nil {
		return nil, fmt.Errorf("list skaters: %w", err)
	}
	for _, r := range rows {
		if r.Skater == own {
			continue
		}
		m := Member{Skater: r.Skater, FirstName: r.FirstName, LastName: r.LastName, Relation: Relation(r.Relation), Minor: r.DateOfBirth.Valid}
		if m.Relation == Guardian && r.DateOfBirth.Valid {
			d := r.DateOfBirth.Time
			m.DateOfBirth = &d
		}
		out = append(out, m)
	}
	return out, nil
}

// IsMinor reports whether skater is a minor profile (managed by guardians).
func (s *Service) IsMinor(ctx context.Context, skater uuid.UUID) (bool, error) {
	ok, err := s.q.IsMinorSkater(ctx, skater)
	if err != nil {
		return false, fmt.Errorf("check minor: %w", err)
	}
	return ok, nil
}
