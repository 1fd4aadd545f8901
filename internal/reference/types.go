package reference

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

// IceType is a session type (ice_type).
type IceType struct {
	ID        uuid.UUID
	Name      *string
	RetiredAt *time.Time
}

// EventType is a competition, showcase or exhibition format.
type EventType struct {
	ID                               uuid.UUID
	Category                         string
	ScoringSystem                    *string
	GoverningBody, GoverningBodyName *string
	SingleMark                       bool
	RetiredAt                        *time.Time
}

// EventTypeInput is what a create or update sets.
type EventTypeInput struct {
	Category      *string
	ScoringSystem *string // 6.0, CJS, IJS or nil
	GoverningBody *string // short name; nil = "None"
	SingleMark    bool
}

// Categories and scoring systems the events code understands.
var (
	eventCategories = []string{"Competition", "Showcase", "Exhibition"}
	scoringSystems  = []string{"6.0", "CJS", "IJS"}
)

func (s *Service) cleanIceType(ctx context.Context, name *string, except *uuid.UUID) (string, error) {
	var c checker
	n := c.text("ice_type", name, maxName, true)
	if c.err != nil {
		return "", c.err
	}
	taken, err := s.q.IceTypeNameTaken(ctx, db.IceTypeNameTakenParams{Name: *n, ExceptID: except})
	if err != nil {
		return "", err
	}
	if taken {
		return "", apperr.New(apperr.Conflict, "An ice type with that name already exists")
	}
	return *n, nil
}

// ListIceTypes lists every ice type, retired included.
func (s *Service) ListIceTypes(ctx context.Context) ([]IceType, error) {
	rows, err := s.q.AdminListIceTypes(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]IceType, 0, len(rows))
	for _, r := range rows {
		out = append(out, IceType{ID: r.IceTypeID, Name: r.IceType, RetiredAt: utc(r.RetiredAt)})
	}
	return out, nil
}

// CreateIceType adds a session type.
func (s *Service) CreateIceType(ctx context.Context, a Actor, name *string) (IceType, error) {
	n, err := s.cleanIceType(ctx, name, nil)
	if err != nil {
		return IceType{}, err
	}
	r, err := s.q.InsertIceTypeEntry(ctx, db.InsertIceTypeEntryParams{Name: &n})
	if err != nil {
		return IceType{}, err
	}
	s.record(ctx, a, EventCreated, KindIceType, r.IceTypeID, nil)
	return IceType{ID: r.IceTypeID, Name: r.IceType, RetiredAt: utc(r.RetiredAt)}, nil
}

// UpdateIceType renames a session type.
func (s *Service) UpdateIceType(ctx context.Context, a Actor, id uuid.UUID, name *string) (IceType, error) {
	n, err := s.cleanIceType(ctx, name, &id)
	if err != nil {
		return IceType{}, err
	}
	r, err := s.q.UpdateIceTypeEntry(ctx, db.UpdateIceTypeEntryParams{IceTypeID: id, Name: &n})
	if err = found(KindIceType, err); err != nil {
		return IceType{}, err
	}
	s.record(ctx, a, EventUpdated, KindIceType, id, nil)
	return IceType{ID: r.IceTypeID, Name: r.IceType, RetiredAt: utc(r.RetiredAt)}, nil
}

// SetIceTypeRetired retires a session type or brings it back.
func (s *Service) SetIceTypeRetired(ctx context.Context, a Actor, id uuid.UUID, retired bool) (IceType, error) {
	r, err := s.q.SetIceTypeRetired(ctx, db.SetIceTypeRetiredParams{IceTypeID: id, Retired: retired})
	if err = found(KindIceType, err); err != nil {
		return IceType{}, err
	}
	s.record(ctx, a, retiredEvent(retired), KindIceType, id, nil)
	return IceType{ID: r.IceTypeID, Name: r.IceType, RetiredAt: utc(r.RetiredAt)}, nil
}

func oneOf(field string, v *string, allowed []string) *apperr.Error {
	if v == nil {
		return nil
	}
	for _, a := range allowed {
		if *v == a {
			return nil
		}
	}
	msg := "must be one of "
	for i, a := range allowed {
		if i > 0 {
			msg += ", "
		}
		msg += a
	}
	return apperr.InvalidField("body", field, msg)
}

func (s *Service) cleanEventType(ctx context.Context, in EventTypeInput, except *uuid.UUID) (db.InsertEventTypeEntryParams, error) {
	var c checker
	cat := c.text("category", in.Category, maxName, true)
	sys := c.text("scoring_system", in.ScoringSystem, 8, false)
	body := c.text("governing_body", in.GoverningBody, maxName, false)
	if c.err != nil {
		return db.InsertEventTypeEntryParams{}, c.err
	}
	if e := oneOf("category", cat, eventCategories); e != nil {
		return db.InsertEventTypeEntryParams{}, e
	}
	if e := oneOf("scoring_system", sys, scoringSystems); e != nil {
		return db.InsertEventTypeEntryParams{}, e
	}
	if body == nil {
		none := "None"
		body = &none
	}
	gb, err := s.q.FindGoverningBody(ctx, *body)
	if errors.Is(err, pgx.ErrNoRows) {
		return db.InsertEventTypeEntryParams{}, apperr.InvalidField("body", "governing_body", "is not a known governing body (None, USFSA, ISI, Other, Compete USA)")
	}
	if err != nil {
		return db.InsertEventTypeEntryParams{}, err
	}
	p := db.InsertEventTypeEntryParams{Category: *cat, ScoringSystem: sys, GoverningBodyID: &gb.ID, SingleMark: &in.SingleMark}
	taken, err := s.q.EventTypeTaken(ctx, db.EventTypeTakenParams{Category: *cat, ScoringSystem: sys,
		GoverningBodyID: &gb.ID, SingleMark: &in.SingleMark, ExceptID: except})
	if err != nil {
		return p, err
	}
	if taken {
		return p, apperr.New(apperr.Conflict, "An event type with that category, scoring system and governing body already exists")
	}
	return p, nil
}

func (s *Service) eventType(ctx context.Context, id uuid.UUID) (EventType, error) {
	rows, err := s.q.AdminListEventTypes(ctx, &id)
	if err != nil {
		return EventType{}, err
	}
	if len(rows) == 0 {
		return EventType{}, notFound(KindEventType)
	}
	return eventTypeOf(rows[0]), nil
}

func eventTypeOf(r db.AdminListEventTypesRow) EventType {
	return EventType{ID: r.ID, Category: r.Category, ScoringSystem: r.ScoringSystem, GoverningBody: r.GoverningBody,
		GoverningBodyName: r.GoverningBodyName, SingleMark: r.SingleMark, RetiredAt: utc(r.RetiredAt)}
}

// ListEventTypes lists every event type, retired included.
func (s *Service) ListEventTypes(ctx context.Context) ([]EventType, error) {
	rows, err := s.q.AdminListEventTypes(ctx, nil)
	if err != nil {
		return nil, err
	}
	out := make([]EventType, 0, len(rows))
	for _, r := range rows {
		out = append(out, eventTypeOf(r))
	}
	return out, nil
}

// CreateEventType adds an event type.
func (s *Service) CreateEventType(ctx context.Context, a Actor, in EventTypeInput) (EventType, error) {
	p, err := s.cleanEventType(ctx, in, nil)
	if err != nil {
		return EventType{}, err
	}
	id, err := s.q.InsertEventTypeEntry(ctx, p)
	if err != nil {
		return EventType{}, err
	}
	s.record(ctx, a, EventCreated, KindEventType, id, nil)
	return s.eventType(ctx, id)
}

// UpdateEventType replaces an event type's fields.
func (s *Service) UpdateEventType(ctx context.Context, a Actor, id uuid.UUID, in EventTypeInput) (EventType, error) {
	p, err := s.cleanEventType(ctx, in, &id)
	if err != nil {
		return EventType{}, err
	}
	n, err := s.q.UpdateEventTypeEntry(ctx, db.UpdateEventTypeEntryParams{ID: id, Category: p.Category,
		ScoringSystem: p.ScoringSystem, GoverningBodyID: p.GoverningBodyID, SingleMark: p.SingleMark})
	if err != nil {
		return EventType{}, err
	}
	if n == 0 {
		return EventType{}, notFound(KindEventType)
	}
	s.record(ctx, a, EventUpdated, KindEventType, id, nil)
	return s.eventType(ctx, id)
}

// SetEventTypeRetired retires an event type or brings it back.
func (s *Service) SetEventTypeRetired(ctx context.Context, a Actor, id uuid.UUID, retired bool) (EventType, error) {
	n, err := s.q.SetEventTypeRetired(ctx, db.SetEventTypeRetiredParams{ID: id, Retired: retired})
	if err != nil {
		return EventType{}, err
	}
	if n == 0 {
		return EventType{}, notFound(KindEventType)
	}
	s.record(ctx, a, retiredEvent(retired), KindEventType, id, nil)
	return s.eventType(ctx, id)
}
