package reference

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/money"
)

// Coach is a row of the coach directory.
type Coach struct {
	ID                  uuid.UUID
	FirstName, LastName *string
	Rate                *float64 // USD per hour
	USFSAID, IJSID      *int32
	Phone, Email        *string
	Owner               *uuid.UUID // nil = shared
	RetiredAt           *time.Time
}

// CoachInput is what a create or update sets.
type CoachInput struct {
	FirstName, LastName *string
	Rate                *float64
	USFSAID, IJSID      *int32
	Phone, Email        *string
}

func coachOf(r db.Coach) Coach {
	return Coach{ID: r.CoachID, FirstName: r.CoachFname, LastName: r.CoachLname, Rate: money.Exact(r.CoachRate),
		USFSAID: r.CoachUsfsaID, IJSID: r.CoachIjsID, Phone: r.CoachPhone, Email: r.CoachEmail,
		Owner: r.OwnerSkater, RetiredAt: utc(r.RetiredAt)}
}

func (in CoachInput) clean() (CoachInput, error) {
	var c checker
	out := CoachInput{
		FirstName: c.text("coach_Fname", in.FirstName, maxName, true),
		LastName:  c.text("coach_Lname", in.LastName, maxName, true),
		Rate:      c.amount("coach_rate", in.Rate),
		USFSAID:   c.federationID("coach_usfsa_id", in.USFSAID),
		IJSID:     c.federationID("coach_ijs_id", in.IJSID),
		Phone:     c.text("coach_phone", in.Phone, maxPhone, false),
		Email:     c.email("coach_email", in.Email),
	}
	return out, errOrNil(c.err)
}

// errOrNil keeps a nil *apperr.Error from becoming a non-nil error.
func errOrNil(e *apperr.Error) error {
	if e == nil {
		return nil
	}
	return e
}

// ListCoaches lists every coach, shared and private, retired included.
func (s *Service) ListCoaches(ctx context.Context) ([]Coach, error) {
	rows, err := s.q.AdminListCoaches(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Coach, 0, len(rows))
	for _, r := range rows {
		out = append(out, coachOf(r))
	}
	return out, nil
}

// CreateCoach adds a shared coach.
func (s *Service) CreateCoach(ctx context.Context, a Actor, in CoachInput) (Coach, error) {
	return s.insertCoach(ctx, a, in, nil)
}

// CreatePrivateCoach adds a coach only the skater sees, up to MaxPrivateCoaches.
func (s *Service) CreatePrivateCoach(ctx context.Context, skater uuid.UUID, in CoachInput) (Coach, error) {
	if err := s.requireProfile(ctx, skater); err != nil {
		return Coach{}, err
	}
	n, err := s.q.CountPrivateCoaches(ctx, &skater)
	if err != nil {
		return Coach{}, err
	}
	if n >= MaxPrivateCoaches {
		return Coach{}, apperr.Newf(apperr.Conflict, "You already have %d coaches of your own; ask an administrator to add the coach to the shared list.", MaxPrivateCoaches)
	}
	return s.insertCoach(ctx, Actor{Via: "api"}, in, &skater)
}

func (s *Service) insertCoach(ctx context.Context, a Actor, in CoachInput, owner *uuid.UUID) (Coach, error) {
	in, err := in.clean()
	if err != nil {
		return Coach{}, err
	}
	row, err := s.q.InsertCoachEntry(ctx, db.InsertCoachEntryParams{FirstName: in.FirstName, LastName: in.LastName,
		Rate: in.Rate, UsfsaID: in.USFSAID, IjsID: in.IJSID, Phone: in.Phone, Email: in.Email, OwnerSkater: owner})
	if err != nil {
		return Coach{}, err
	}
	extra := map[string]any{}
	if owner != nil {
		extra["private"] = true
	}
	s.record(ctx, a, EventCreated, KindCoach, row.CoachID, extra)
	return coachOf(row), nil
}

// UpdateCoach replaces a coach's details.
func (s *Service) UpdateCoach(ctx context.Context, a Actor, id uuid.UUID, in CoachInput) (Coach, error) {
	in, err := in.clean()
	if err != nil {
		return Coach{}, err
	}
	row, err := s.q.UpdateCoachEntry(ctx, db.UpdateCoachEntryParams{CoachID: id, FirstName: in.FirstName,
		LastName: in.LastName, Rate: in.Rate, UsfsaID: in.USFSAID, IjsID: in.IJSID, Phone: in.Phone, Email: in.Email})
	if err = found(KindCoach, err); err != nil {
		return Coach{}, err
	}
	s.record(ctx, a, EventUpdated, KindCoach, id, nil)
	return coachOf(row), nil
}

// SetCoachRetired retires a coach or brings them back. The "no coach"
// placeholder cannot be retired: every uncoached session names it.
func (s *Service) SetCoachRetired(ctx context.Context, a Actor, id uuid.UUID, retired bool) (Coach, error) {
	if id == NoCoach && retired {
		return Coach{}, apperr.New(apperr.Conflict, "The \"no coach\" placeholder cannot be retired")
	}
	row, err := s.q.SetCoachRetired(ctx, db.SetCoachRetiredParams{CoachID: id, Retired: retired})
	if err = found(KindCoach, err); err != nil {
		return Coach{}, err
	}
	s.record(ctx, a, retiredEvent(retired), KindCoach, id, nil)
	return coachOf(row), nil
}

// PromoteCoach moves a skater's private coach to the shared list, same id.
func (s *Service) PromoteCoach(ctx context.Context, a Actor, id uuid.UUID) (Coach, error) {
	row, err := s.q.PromoteCoachEntry(ctx, id)
	if err = found(KindCoach, err); err != nil {
		return Coach{}, err
	}
	s.record(ctx, a, EventPromoted, KindCoach, id, nil)
	return coachOf(row), nil
}

// Fixed ids seeded by every installation (data.md §5.1).
var (
	NoCoach = uuid.MustParse("487d43b5-0a4d-4dc4-8cc2-ab06870a10bf")
	NoClub  = uuid.MustParse("c4dd2b9c-50f1-4f5b-a439-fd8f36a654d6")
	OffIce  = uuid.MustParse("b261166b-9e7c-4a96-ab06-ec630deb3321")
)
