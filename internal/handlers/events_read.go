package handlers

import (
	"context"
	"fmt"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/internal/events"
	"github.com/skatetrax/skatetrax-api/internal/ptr"
)

// ListEvents lists the skater's entries, one row each, plus events that
// have none yet.
func (h *EventHandlers) ListEvents(ctx context.Context, req api.ListEventsRequestObject) (api.ListEventsResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := h.events.List(ctx, p.Skater, ptr.Deref(req.Params.Category))
	if err != nil {
		return nil, err
	}
	out := make([]api.EventListRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, api.EventListRow{
			EventId: r.EventID, EntryId: r.EntryID, EventDate: apiDate(r.EventDate), EntryDate: apiDatePtr(r.EntryDate),
			EventLabel: r.EventLabel, EventCost: r.EventCost.Float(), HostingClub: r.HostingClub,
			LocationName: r.LocationName, LocationCity: r.LocationCity, LocationState: r.LocationState,
			EventSegment: r.Segment, EventLevel: r.Level, Category: r.Category, Status: r.Status,
			Placement: r.Placement, FieldSize: r.FieldSize, VideoUrl: r.VideoURL,
		})
	}
	return api.ListEvents200JSONResponse{Entries: out}, nil
}

// GetEvent answers one of the skater's events in full.
func (h *EventHandlers) GetEvent(ctx context.Context, req api.GetEventRequestObject) (api.GetEventResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	d, err := h.events.Event(ctx, p.Skater, req.EventId)
	if err != nil {
		return nil, err
	}
	out, err := eventDetail(d)
	if err != nil {
		return nil, err
	}
	return api.GetEvent200JSONResponse(out), nil
}

// ListEventTypes lists the shared event types.
func (h *EventHandlers) ListEventTypes(ctx context.Context, _ api.ListEventTypesRequestObject) (api.ListEventTypesResponseObject, error) {
	types, err := h.events.Types(ctx)
	if err != nil {
		return nil, err
	}
	out := make(api.ListEventTypes200JSONResponse, 0, len(types))
	for _, t := range types {
		out = append(out, api.EventType{Id: t.ID, Category: t.Category, ScoringSystem: t.ScoringSystem,
			GoverningBody: t.GoverningBody, GoverningBodyName: t.GoverningBodyName, SingleMark: t.SingleMark})
	}
	return out, nil
}

func eventDetail(d events.Detail) (api.EventDetail, error) {
	costs := make([]api.EventCost, 0, len(d.Costs))
	for _, c := range d.Costs {
		costs = append(costs, api.EventCost{Id: c.ID, Category: c.Category, Note: c.Note, Amount: c.Amount.Float(),
			Quantity: c.Quantity, LineTotal: c.LineTotal.Float()})
	}
	entries := make([]api.EventEntry, 0, len(d.Entries))
	for _, e := range d.Entries {
		out, err := eventEntry(e)
		if err != nil {
			return api.EventDetail{}, err
		}
		entries = append(entries, out)
	}
	out := api.EventDetail{
		Id: d.ID, EventLabel: d.Label, EventDate: apiDate(d.Date), EventCost: d.Cost.Float(),
		Costs: costs, HostingClub: d.HostingClub, HostingClubId: d.HostingClubID,
		EventLocationId: d.LocationID, CoachId: d.CoachID, Coach: d.Coach, Notes: d.Notes, Entries: entries,
	}
	if d.Location != nil {
		out.Location = &api.EventLocation{Name: d.Location.Name, City: d.Location.City, State: d.Location.State}
	}
	return out, nil
}

func eventEntry(e events.Entry) (api.EventEntry, error) {
	out := api.EventEntry{
		Id: e.ID, EntryDate: apiDatePtr(e.Date), EventSegment: e.Segment, EventLevel: e.Level,
		Status: e.Status, Placement: e.Placement, FieldSize: e.FieldSize, Majority: e.Majority,
		TotalSegmentScore: e.TotalSegmentScore, SourceUrl: e.SourceURL, VideoUrl: e.VideoURL,
		EventResults: e.Results, Scores: make([]api.EventScore, 0, len(e.Scores)),
		Elements: make([]api.EventElement, 0, len(e.Elements)), Deductions: make([]api.EventDeduction, 0, len(e.Deductions)),
	}
	if t := e.Type; t != nil {
		out.EventType = &api.EventTypeRef{Id: t.ID, Category: t.Category, ScoringSystem: t.ScoringSystem, GoverningBody: t.GoverningBody}
	}
	for _, s := range e.Scores {
		var sc api.EventScore
		var err error
		switch s.System {
		case "6.0":
			err = sc.FromEventScore60(api.EventScore60{JudgeNumber: s.JudgeNumber, Ordinal: s.Ordinal,
				TechnicalMerit: s.TechnicalMerit, Presentation: s.Presentation})
		case "CJS":
			err = sc.FromEventScoreCJS(api.EventScoreCJS{JudgeNumber: s.JudgeNumber, ArtisticAppeal: s.ArtisticAppeal,
				Performance: s.Performance, SkatingSkills: s.SkatingSkills})
		default:
			err = sc.FromEventScoreIJS(api.EventScoreIJS{JudgeNumber: s.JudgeNumber, Composition: s.Composition,
				Presentation: s.Presentation, SkatingSkills: s.SkatingSkills})
		}
		if err != nil {
			return api.EventEntry{}, fmt.Errorf("encode %s score: %w", s.System, err)
		}
		out.Scores = append(out.Scores, sc)
	}
	for _, el := range e.Elements {
		out.Elements = append(out.Elements, api.EventElement{ElementNumber: el.Number, ElementName: el.Name,
			BaseValue: el.BaseValue, Goe: el.GOE, FinalScore: el.Final})
	}
	for _, d := range e.Deductions {
		out.Deductions = append(out.Deductions, api.EventDeduction{DeductionType: d.Type, Value: d.Value, Notes: d.Notes})
	}
	return out, nil
}

func apiDate(t time.Time) openapi_types.Date { return openapi_types.Date{Time: t} }

func apiDatePtr(t *time.Time) *openapi_types.Date {
	if t == nil {
		return nil
	}
	v := apiDate(*t)
	return &v
}
