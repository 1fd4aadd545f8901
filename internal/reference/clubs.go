package reference

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/money"
)

// Club is a row of the club directory.
type Club struct {
	ID        uuid.UUID
	Name      *string
	HomeRink  *uuid.UUID
	Cost      *float64 // yearly membership, USD
	Owner     *uuid.UUID
	RetiredAt *time.Time
}

// ClubInput is what a create or update sets.
type ClubInput struct {
	Name     *string
	HomeRink *uuid.UUID
	Cost     *float64
}

func clubOf(r db.ClubDirectory) Club {
	return Club{ID: r.ClubID, Name: r.ClubName, HomeRink: r.ClubHomeRink, Cost: money.Exact(r.ClubCost), Owner: r.OwnerSkater, RetiredAt: utc(r.RetiredAt)}
}

func (s *Service) cleanClub(ctx context.Context, in ClubInput) (ClubInput, error) {
	var c checker
	out := ClubInput{Name: c.text("club_name", in.Name, maxName, true), Cost: c.amount("club_cost", in.Cost), HomeRink: in.HomeRink}
	if c.err != nil {
		return out, c.err
	}
	if in.HomeRink != nil {
		// A shared club's home rink must be shared too: a private rink is
		// erased with its owner, and the FK would take the club with it.
		r, err := s.q.GetRinkEntry(ctx, *in.HomeRink)
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && r.OwnerSkater != nil) {
			return out, apperr.InvalidField("body", "club_home_rink", "must be a rink of the shared list")
		}
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// ListClubs lists every club, retired included.
func (s *Service) ListClubs(ctx context.Context) ([]Club, error) {
	rows, err := s.q.AdminListClubs(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Club, 0, len(rows))
	for _, r := range rows {
		out = append(out, clubOf(r))
	}
	return out, nil
}

// CreateClub adds a shared club.
func (s *Service) CreateClub(ctx context.Context, a Actor, in ClubInput) (Club, error) {
	in, err := s.cleanClub(ctx, in)
	if err != nil {
		return Club{}, err
	}
	row, err := s.q.InsertClubEntry(ctx, db.InsertClubEntryParams{ClubName: in.Name, HomeRink: in.HomeRink, Cost: in.Cost})
	if err != nil {
		return Club{}, err
	}
	s.record(ctx, a, EventCreated, KindClub, row.ClubID, nil)
	return clubOf(row), nil
}

// UpdateClub replaces a club's details.
func (s *Service) UpdateClub(ctx context.Context, a Actor, id uuid.UUID, in ClubInput) (Club, error) {
	in, err := s.cleanClub(ctx, in)
	if err != nil {
		return Club{}, err
	}
	row, err := s.q.UpdateClubEntry(ctx, db.UpdateClubEntryParams{ClubID: id, ClubName: in.Name, HomeRink: in.HomeRink, Cost: in.Cost})
	if err = found(KindClub, err); err != nil {
		return Club{}, err
	}
	s.record(ctx, a, EventUpdated, KindClub, id, nil)
	return clubOf(row), nil
}

// SetClubRetired retires a club or brings it back. "No Club" stays: it is
// the profile's default.
func (s *Service) SetClubRetired(ctx context.Context, a Actor, id uuid.UUID, retired bool) (Club, error) {
	if id == NoClub && retired {
		return Club{}, apperr.New(apperr.Conflict, "The \"No Club\" placeholder cannot be retired")
	}
	row, err := s.q.SetClubRetired(ctx, db.SetClubRetiredParams{ClubID: id, Retired: retired})
	if err = found(KindClub, err); err != nil {
		return Club{}, err
	}
	s.record(ctx, a, retiredEvent(retired), KindClub, id, nil)
	return clubOf(row), nil
}

// PromoteClub moves a private club (one an import created) to the shared list.
func (s *Service) PromoteClub(ctx context.Context, a Actor, id uuid.UUID) (Club, error) {
	row, err := s.q.PromoteClubEntry(ctx, id)
	if err = found(KindClub, err); err != nil {
		return Club{}, err
	}
	s.record(ctx, a, EventPromoted, KindClub, id, nil)
	return clubOf(row), nil
}
