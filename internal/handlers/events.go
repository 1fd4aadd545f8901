package handlers

import (
	"context"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/internal/events"
	"github.com/skatetrax/skatetrax-api/internal/ptr"
)

// EventHandlers serve the events tag: competitions, entries, scores and results import.
type EventHandlers struct{ events *events.Service }

// CreateEvent creates an event with its cost lines.
func (h *EventHandlers) CreateEvent(ctx context.Context, req api.CreateEventRequestObject) (api.CreateEventResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	id, err := h.events.CreateEvent(ctx, p.Skater, eventInput(*req.Body))
	if err != nil {
		return nil, err
	}
	return api.CreateEvent201JSONResponse{EventId: id}, nil
}

// UpdateEvent replaces an event's fields (and its cost lines when sent).
func (h *EventHandlers) UpdateEvent(ctx context.Context, req api.UpdateEventRequestObject) (api.UpdateEventResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := h.events.UpdateEvent(ctx, p.Skater, req.EventId, eventInput(*req.Body)); err != nil {
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
	return api.UpdateEvent200JSONResponse(out), nil
}

// DeleteEvent deletes an event and everything under it.
func (h *EventHandlers) DeleteEvent(ctx context.Context, req api.DeleteEventRequestObject) (api.DeleteEventResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := h.events.DeleteEvent(ctx, p.Skater, req.EventId); err != nil {
		return nil, err
	}
	return api.DeleteEvent200JSONResponse{Message: "Event deleted"}, nil
}

// CreateEventEntry adds an entry typed in by hand.
func (h *EventHandlers) CreateEventEntry(ctx context.Context, req api.CreateEventEntryRequestObject) (api.CreateEventEntryResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	id, err := h.events.AddEntry(ctx, p.Skater, req.EventId, entryInput(*req.Body))
	if err != nil {
		return nil, err
	}
	return api.CreateEventEntry201JSONResponse{EntryId: id}, nil
}

// UpdateEventEntry replaces an entry's fields (and its scores and
// deductions when sent).
func (h *EventHandlers) UpdateEventEntry(ctx context.Context, req api.UpdateEventEntryRequestObject) (api.UpdateEventEntryResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := h.events.UpdateEntry(ctx, p.Skater, req.EventId, req.EntryId, entryInput(*req.Body)); err != nil {
		return nil, err
	}
	e, err := h.events.Entry(ctx, p.Skater, req.EventId, req.EntryId)
	if err != nil {
		return nil, err // not found when deleted between the write and this read
	}
	out, err := eventEntry(e)
	if err != nil {
		return nil, err
	}
	return api.UpdateEventEntry200JSONResponse(out), nil
}

// DeleteEventEntry deletes one entry.
func (h *EventHandlers) DeleteEventEntry(ctx context.Context, req api.DeleteEventEntryRequestObject) (api.DeleteEventEntryResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := h.events.DeleteEntry(ctx, p.Skater, req.EventId, req.EntryId); err != nil {
		return nil, err
	}
	return api.DeleteEventEntry200JSONResponse{Message: "Entry deleted"}, nil
}

// ImportEventResult imports an entry from a published results page.
func (h *EventHandlers) ImportEventResult(ctx context.Context, req api.ImportEventResultRequestObject) (api.ImportEventResultResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	b := req.Body
	in := events.ImportInput{URL: b.Url, SkaterName: b.SkaterName}
	if b.EntryDate != nil {
		d := b.EntryDate.Time
		in.EntryDate = &d
	}
	got, err := h.events.Import(ctx, p.Skater, req.EventId, in)
	if err != nil {
		return nil, err
	}
	return api.ImportEventResult201JSONResponse{
		Status:  api.ImportResultStatus(events.LogSuccess),
		EventId: got.EventID,
		EntryId: got.EntryID,
		Preview: api.ImportPreview{
			EventLabel:        got.EventLabel,
			EventDate:         openapi_types.Date{Time: got.EventDate},
			ScoringSystem:     api.ImportPreviewScoringSystem(got.Format),
			Category:          got.Category,
			Segment:           got.Segment,
			Level:             got.Level,
			Placement:         got.Placement,
			FieldSize:         got.FieldSize,
			Majority:          got.Majority,
			TotalSegmentScore: got.TotalSegmentScore,
			MatchedName:       got.MatchedName,
			MatchedClub:       got.MatchedClub,
		},
	}, nil
}

func eventInput(b api.EventInput) events.EventInput {
	in := events.EventInput{
		Label: b.EventLabel, Date: b.EventDate.Time, Location: uuidPtr(b.EventLocation), Club: uuidPtr(b.HostingClub),
		CoachID: uuidPtr(b.CoachId), Notes: b.Notes,
	}
	if b.Costs != nil {
		costs := make([]events.CostInput, 0, len(*b.Costs))
		for _, c := range *b.Costs {
			costs = append(costs, events.CostInput{Category: string(c.Category), Amount: c.Amount, Quantity: ptr.Deref(c.Quantity), Note: c.Note})
		}
		in.Costs = &costs
	}
	return in
}

func entryInput(b api.EntryInput) events.EntryInput {
	in := events.EntryInput{
		Date: datePtr(b.EntryDate), Segment: b.EventSegment, Level: b.EventLevel, Status: string(ptr.Deref(b.Status)),
		Category: enumText(b.Category), ScoringSystem: enumText(b.ScoringSystem), GoverningBody: b.GoverningBody,
		Placement: b.Placement, FieldSize: b.FieldSize, Majority: b.Majority, TotalSegmentScore: b.TotalSegmentScore,
		SourceURL: b.SourceUrl, VideoURL: b.VideoUrl,
	}
	if b.Scores != nil {
		scores := make([]events.ScoreInput, 0, len(*b.Scores))
		for _, s := range *b.Scores {
			scores = append(scores, events.ScoreInput{
				System: string(s.ScoringSystem), JudgeNumber: s.JudgeNumber, Ordinal: s.Ordinal,
				TechnicalMerit: s.TechnicalMerit, Presentation: s.Presentation, ArtisticAppeal: s.ArtisticAppeal,
				Performance: s.Performance, SkatingSkills: s.SkatingSkills, Composition: s.Composition,
				ElementNumber: s.ElementNumber, ElementName: s.ElementName, BaseValue: s.BaseValue, GOE: s.Goe,
				FinalScore: s.FinalScore,
			})
		}
		in.Scores = &scores
	}
	if b.Deductions != nil {
		ds := make([]events.DeductionInput, 0, len(*b.Deductions))
		for _, d := range *b.Deductions {
			ds = append(ds, events.DeductionInput{Type: d.DeductionType, Value: d.Value, Notes: d.Notes})
		}
		in.Deductions = &ds
	}
	return in
}

func datePtr(d *openapi_types.Date) *time.Time {
	if d == nil {
		return nil
	}
	t := d.Time
	return &t
}

func enumText[T ~string](v *T) *string {
	if v == nil {
		return nil
	}
	s := string(*v)
	return &s
}
