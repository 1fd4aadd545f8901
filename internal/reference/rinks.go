package reference

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/skatetime"
)

// Rink is a row of the rink directory (table locations).
type Rink struct {
	ID                                  uuid.UUID
	Name, Address, City, State, Country *string
	Zip                                 string
	URL, Phone, TZ, DataSource          *string
	CreatedAt                           *time.Time
	Owner                               *uuid.UUID // nil = shared
	RetiredAt                           *time.Time
}

// RinkInput is what a create or update sets.
type RinkInput struct {
	Name                                               *string
	Address, City, State, Country, Zip, URL, Phone, TZ *string
}

// unknownZip is the original's filler for a rink without a ZIP code.
const unknownZip = "00000"

func rinkOf(r db.Location) Rink {
	return Rink{ID: r.RinkID, Name: r.RinkName, Address: r.RinkAddress, City: r.RinkCity, State: r.RinkState,
		Country: r.RinkCountry, Zip: r.RinkZip, URL: r.RinkUrl, Phone: r.RinkPhone, TZ: r.RinkTz,
		DataSource: r.DataSource, CreatedAt: skatetime.StoredUTC(r.DateCreated), Owner: r.OwnerSkater, RetiredAt: utc(r.RetiredAt)}
}

func (in RinkInput) clean() (RinkInput, error) {
	var c checker
	out := RinkInput{
		Name:    c.text("rink_name", in.Name, maxName, true),
		Address: c.text("rink_address", in.Address, maxText, false),
		City:    c.text("rink_city", in.City, maxName, false),
		State:   c.text("rink_state", in.State, maxName, false),
		Country: c.text("rink_country", in.Country, maxName, false),
		Zip:     c.text("rink_zip", in.Zip, 10, false),
		URL:     c.url("rink_url", in.URL),
		Phone:   c.text("rink_phone", in.Phone, maxPhone, false),
		TZ:      c.zone("rink_tz", in.TZ),
	}
	if c.err != nil {
		return out, c.err
	}
	if out.Zip == nil {
		z := unknownZip
		out.Zip = &z
	}
	return out, nil
}

// ListRinks lists every rink, shared and private, retired included.
func (s *Service) ListRinks(ctx context.Context) ([]Rink, error) {
	rows, err := s.q.AdminListRinks(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Rink, 0, len(rows))
	for _, r := range rows {
		out = append(out, rinkOf(r))
	}
	return out, nil
}

// CreateRink adds a shared rink.
func (s *Service) CreateRink(ctx context.Context, a Actor, in RinkInput) (Rink, error) {
	return s.insertRink(ctx, a, in, nil)
}

// CreatePrivateRink adds a rink only the skater sees, up to MaxPrivateRinks.
func (s *Service) CreatePrivateRink(ctx context.Context, skater uuid.UUID, in RinkInput) (Rink, error) {
	if err := s.requireProfile(ctx, skater); err != nil {
		return Rink{}, err
	}
	n, err := s.q.CountPrivateRinks(ctx, &skater)
	if err != nil {
		return Rink{}, err
	}
	if n >= MaxPrivateRinks {
		return Rink{}, apperr.Newf(apperr.Conflict, "You already have %d rinks of your own; ask an administrator to add the rink to the shared list.", MaxPrivateRinks)
	}
	return s.insertRink(ctx, Actor{Via: "api"}, in, &skater)
}

func (s *Service) insertRink(ctx context.Context, a Actor, in RinkInput, owner *uuid.UUID) (Rink, error) {
	in, err := in.clean()
	if err != nil {
		return Rink{}, err
	}
	src := "skatetrax"
	row, err := s.q.InsertRinkEntry(ctx, db.InsertRinkEntryParams{RinkName: in.Name, RinkAddress: in.Address,
		RinkCity: in.City, RinkState: in.State, RinkCountry: in.Country, RinkZip: *in.Zip, RinkUrl: in.URL,
		RinkPhone: in.Phone, RinkTz: in.TZ, DataSource: &src, OwnerSkater: owner})
	if err != nil {
		return Rink{}, err
	}
	extra := map[string]any{}
	if owner != nil {
		extra["private"] = true
	}
	s.record(ctx, a, EventCreated, KindRink, row.RinkID, extra)
	return rinkOf(row), nil
}

// UpdateRink replaces a rink's details.
func (s *Service) UpdateRink(ctx context.Context, a Actor, id uuid.UUID, in RinkInput) (Rink, error) {
	in, err := in.clean()
	if err != nil {
		return Rink{}, err
	}
	row, err := s.q.UpdateRinkEntry(ctx, db.UpdateRinkEntryParams{RinkID: id, RinkName: in.Name,
		RinkAddress: in.Address, RinkCity: in.City, RinkState: in.State, RinkCountry: in.Country, RinkZip: *in.Zip,
		RinkUrl: in.URL, RinkPhone: in.Phone, RinkTz: in.TZ})
	if err = found(KindRink, err); err != nil {
		return Rink{}, err
	}
	s.record(ctx, a, EventUpdated, KindRink, id, nil)
	return rinkOf(row), nil
}

// SetRinkRetired retires a rink (it leaves the lists) or brings it back.
func (s *Service) SetRinkRetired(ctx context.Context, a Actor, id uuid.UUID, retired bool) (Rink, error) {
	row, err := s.q.SetRinkRetired(ctx, db.SetRinkRetiredParams{RinkID: id, Retired: retired})
	if err = found(KindRink, err); err != nil {
		return Rink{}, err
	}
	s.record(ctx, a, retiredEvent(retired), KindRink, id, nil)
	return rinkOf(row), nil
}

// PromoteRink moves a skater's private rink to the shared list, same id.
func (s *Service) PromoteRink(ctx context.Context, a Actor, id uuid.UUID) (Rink, error) {
	row, err := s.q.PromoteRinkEntry(ctx, id)
	if err = found(KindRink, err); err != nil {
		return Rink{}, err
	}
	s.record(ctx, a, EventPromoted, KindRink, id, nil)
	return rinkOf(row), nil
}
