package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/events"
	"github.com/skatetrax/skatetrax-api/internal/money"
)

// ListEvents lists the skater's entries, one row each, plus events that
// have none yet.
func (h *Handlers) ListEvents(ctx context.Context, req api.ListEventsRequestObject) (api.ListEventsResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := h.q.ListEventRows(ctx, db.ListEventRowsParams{Skater: p.Skater, Categories: categoryFilter(deref(req.Params.Category))})
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	totals, err := h.eventTotals(ctx, p.Skater)
	if err != nil {
		return nil, err
	}
	out := make([]api.EventListRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, api.EventListRow{
			EventId:       r.EventID,
			EntryId:       r.EntryID,
			EventDate:     apiDate(r.EventDate),
			EntryDate:     apiDatePtr(r.EntryDate),
			EventLabel:    r.EventLabel,
			EventCost:     totals[r.EventID].Float(),
			HostingClub:   r.HostingClub,
			LocationName:  r.LocationName,
			LocationCity:  r.LocationCity,
			LocationState: r.LocationState,
			EventSegment:  r.EventSegment,
			EventLevel:    r.EventLevel,
			Category:      r.Category,
			Status:        r.Status,
			Placement:     r.Placement,
			FieldSize:     r.FieldSize,
			VideoUrl:      r.VideoUrl,
		})
	}
	return api.ListEvents200JSONResponse{Entries: out}, nil
}

// categoryFilter splits "Showcase, Exhibition" into lower-cased items.
func categoryFilter(raw string) []string {
	out := []string{}
	for _, c := range strings.Split(raw, ",") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, strings.ToLower(c))
		}
	}
	return out
}

// eventTotals sums each of the skater's events' cost lines exactly.
func (h *Handlers) eventTotals(ctx context.Context, skater uuid.UUID) (map[uuid.UUID]money.Cents, error) {
	costs, err := h.q.ListSkaterEventCosts(ctx, skater)
	if err != nil {
		return nil, fmt.Errorf("list event costs: %w", err)
	}
	totals := map[uuid.UUID]money.Cents{}
	for _, c := range costs {
		line, err := events.LineTotal(c.Amount, c.Quantity)
		if err != nil {
			return nil, fmt.Errorf("cost of event %s: %w", c.EventID, err)
		}
		if totals[c.EventID], err = money.Add(totals[c.EventID], line); err != nil {
			return nil, fmt.Errorf("cost of event %s: %w", c.EventID, err)
		}
	}
	return totals, nil
}

// GetEvent answers one of the skater's events in full.
func (h *Handlers) GetEvent(ctx context.Context, req api.GetEventRequestObject) (api.GetEventResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	detail, err := h.eventDetail(ctx, p.Skater, req.EventId)
	if err != nil {
		return nil, err
	}
	return api.GetEvent200JSONResponse(*detail), nil
}

func (h *Handlers) eventDetail(ctx context.Context, skater, id uuid.UUID) (*api.EventDetail, error) {
	ev, err := h.q.GetEvent(ctx, db.GetEventParams{ID: id, Skater: skater})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, events.ErrEventNotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("load event: %w", err)
	}
	costRows, err := h.q.ListEventCosts(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("list costs: %w", err)
	}
	costs := make([]api.EventCost, 0, len(costRows))
	var total money.Cents
	for _, c := range costRows {
		unit, err := money.FromFloat(c.Amount)
		if err != nil {
			return nil, fmt.Errorf("cost %s: %w", c.ID, err)
		}
		line, err := events.LineTotal(c.Amount, c.Quantity)
		if err != nil {
			return nil, fmt.Errorf("cost %s: %w", c.ID, err)
		}
		if total, err = money.Add(total, line); err != nil {
			return nil, fmt.Errorf("event %s total: %w", id, err)
		}
		costs = append(costs, api.EventCost{Id: c.ID, Category: c.Category, Note: c.Note, Amount: unit.Float(),
			Quantity: c.Quantity, LineTotal: line.Float()})
	}
	entries, err := h.eventEntries(ctx, skater, id, nil)
	if err != nil {
		return nil, err
	}
	out := &api.EventDetail{
		Id: ev.ID, EventLabel: ev.EventLabel, EventDate: apiDate(ev.EventDate), EventCost: total.Float(),
		Costs: costs, HostingClub: ev.HostingClubName, HostingClubId: ev.HostingClub,
		EventLocationId: ev.EventLocation, CoachId: ev.CoachID, Notes: ev.Notes, Entries: entries,
	}
	if ev.HasLocation {
		out.Location = &api.EventLocation{Name: ev.RinkName, City: ev.RinkCity, State: ev.RinkState}
	}
	if ev.CoachFirstName != nil || ev.CoachLastName != nil {
		name := strings.TrimSpace(deref(ev.CoachFirstName) + " " + deref(ev.CoachLastName))
		out.Coach = &name
	}
	return out, nil
}

// eventEntries loads the event's entries (or just one) with their scores,
// elements and deductions. Scores are shown in the shape of the entry's
// scoring system; rows of another system (possible only in data written by
// the original) stay hidden, as they were there.
func (h *Handlers) eventEntries(ctx context.Context, skater, eventID uuid.UUID, only *uuid.UUID) ([]api.EventEntry, error) {
	rows, err := h.q.ListEventEntries(ctx, db.ListEventEntriesParams{EventID: eventID, Skater: skater, EntryID: only})
	if err != nil {
		return nil, fmt.Errorf("list entries: %w", err)
	}
	if len(rows) == 0 {
		return []api.EventEntry{}, nil
	}
	s60, err := h.q.ListEventScores60(ctx, db.ListEventScores60Params{EventID: eventID, EntryID: only})
	if err != nil {
		return nil, fmt.Errorf("list 6.0 scores: %w", err)
	}
	cjs, err := h.q.ListEventScoresCJS(ctx, db.ListEventScoresCJSParams{EventID: eventID, EntryID: only})
	if err != nil {
		return nil, fmt.Errorf("list CJS scores: %w", err)
	}
	ijs, err := h.q.ListEventScoresIJS(ctx, db.ListEventScoresIJSParams{EventID: eventID, EntryID: only})
	if err != nil {
		return nil, fmt.Errorf("list IJS scores: %w", err)
	}
	els, err := h.q.ListEventElements(ctx, db.ListEventElementsParams{EventID: eventID, EntryID: only})
	if err != nil {
		return nil, fmt.Errorf("list elements: %w", err)
	}
	deds, err := h.q.ListEventDeductions(ctx, db.ListEventDeductionsParams{EventID: eventID, EntryID: only})
	if err != nil {
		return nil, fmt.Errorf("list deductions: %w", err)
	}

	scores := map[uuid.UUID]map[string][]api.EventScore{}
	add := func(entry uuid.UUID, system string, set func(*api.EventScore) error) error {
		var sc api.EventScore
		if err := set(&sc); err != nil {
			return fmt.Errorf("encode %s score: %w", system, err)
		}
		if scores[entry] == nil {
			scores[entry] = map[string][]api.EventScore{}
		}
		scores[entry][system] = append(scores[entry][system], sc)
		return nil
	}
	for _, r := range s60 {
		if err := add(r.EntryID, "6.0", func(sc *api.EventScore) error {
			return sc.FromEventScore60(api.EventScore60{JudgeNumber: r.JudgeNumber, Ordinal: r.Ordinal,
				TechnicalMerit: r.TechnicalMerit, Presentation: r.Presentation})
		}); err != nil {
			return nil, err
		}
	}
	for _, r := range cjs {
		if err := add(r.EntryID, "CJS", func(sc *api.EventScore) error {
			return sc.FromEventScoreCJS(api.EventScoreCJS{JudgeNumber: r.JudgeNumber, ArtisticAppeal: r.ArtisticAppeal,
				Performance: r.Performance, SkatingSkills: r.SkatingSkills})
		}); err != nil {
			return nil, err
		}
	}
	for _, r := range ijs {
		if err := add(r.EntryID, "IJS", func(sc *api.EventScore) error {
			return sc.FromEventScoreIJS(api.EventScoreIJS{JudgeNumber: r.JudgeNumber, Composition: r.Composition,
				Presentation: r.Presentation, SkatingSkills: r.SkatingSkills})
		}); err != nil {
			return nil, err
		}
	}
	elements := map[uuid.UUID][]api.EventElement{}
	for _, r := range els {
		elements[r.EntryID] = append(elements[r.EntryID], api.EventElement{ElementNumber: r.ElementNumber,
			ElementName: r.ElementName, BaseValue: r.BaseValue, Goe: r.Goe, FinalScore: r.FinalScore})
	}
	deductions := map[uuid.UUID][]api.EventDeduction{}
	for _, r := range deds {
		deductions[r.EntryID] = append(deductions[r.EntryID], api.EventDeduction{DeductionType: r.DeductionType,
			Value: r.Value, Notes: r.Notes})
	}

	out := make([]api.EventEntry, 0, len(rows))
	for _, r := range rows {
		e := api.EventEntry{
			Id: r.ID, EntryDate: apiDatePtr(r.EntryDate), EventSegment: r.EventSegment, EventLevel: r.EventLevel,
			Status: r.Status, Placement: r.Placement, FieldSize: r.FieldSize, Majority: r.Majority,
			TotalSegmentScore: r.TotalSegmentScore, SourceUrl: r.SourceUrl, VideoUrl: r.VideoUrl,
			EventResults: r.EventResults, Scores: []api.EventScore{}, Elements: []api.EventElement{},
			Deductions: []api.EventDeduction{},
		}
		if r.EventType != nil {
			e.EventType = &api.EventTypeRef{Id: *r.EventType, Category: deref(r.Category),
				ScoringSystem: r.ScoringSystem, GoverningBody: r.GoverningBody}
			if sys := deref(r.ScoringSystem); sys != "" {
				if sc := scores[r.ID][sys]; sc != nil {
					e.Scores = sc
				}
				if sys == "IJS" && elements[r.ID] != nil {
					e.Elements = elements[r.ID]
				}
			}
		}
		if d := deductions[r.ID]; d != nil {
			e.Deductions = d
		}
		out = append(out, e)
	}
	return out, nil
}

// ListEventTypes lists the shared event types.
func (h *Handlers) ListEventTypes(ctx context.Context, _ api.ListEventTypesRequestObject) (api.ListEventTypesResponseObject, error) {
	rows, err := h.q.ListEventTypes(ctx)
	if err != nil {
		return nil, fmt.Errorf("list event types: %w", err)
	}
	out := make(api.ListEventTypes200JSONResponse, 0, len(rows))
	for _, r := range rows {
		out = append(out, api.EventType{Id: r.ID, Category: r.Category, ScoringSystem: r.ScoringSystem,
			GoverningBody: r.GoverningBody, GoverningBodyName: r.GoverningBodyName, SingleMark: r.SingleMark})
	}
	return out, nil
}

func apiDate(d pgtype.Date) openapi_types.Date { return openapi_types.Date{Time: d.Time} }

func apiDatePtr(d pgtype.Date) *openapi_types.Date {
	if !d.Valid {
		return nil
	}
	v := apiDate(d)
	return &v
}
