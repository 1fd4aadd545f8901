package events

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/database"
	"github.com/skatetrax/skatetrax-api/internal/money"
	"github.com/skatetrax/skatetrax-api/internal/ptr"
)

// ListRow is one row of the events list: an entry with its event, or an event without entries.
type ListRow struct {
	EventID                                   uuid.UUID
	EventDate                                 time.Time
	EventLabel                                string
	EntryID                                   *uuid.UUID
	EntryDate                                 *time.Time
	Segment, Level, Status                    *string
	Placement, FieldSize                      *int32
	VideoURL, Category                        *string
	HostingClub                               *string
	LocationName, LocationCity, LocationState *string
	// EventCost is the exact sum of the event's cost lines.
	EventCost money.Cents
}

// Detail is one event in full.
type Detail struct {
	ID            uuid.UUID
	Label         string
	Date          time.Time
	Cost          money.Cents
	Costs         []Cost
	HostingClub   *string
	HostingClubID *uuid.UUID
	LocationID    *uuid.UUID
	Location      *Location // nil when the event names no rink row
	CoachID       *uuid.UUID
	Coach         *string // "First Last", nil when no coach row
	Notes         *string
	Entries       []Entry
}

// Location is where an event took place.
type Location struct{ Name, City, State *string }

// Cost is one cost line.
type Cost struct {
	ID        uuid.UUID
	Category  string
	Note      *string
	Amount    money.Cents
	Quantity  int32
	LineTotal money.Cents
}

// Entry is one entry with its scores in the shape of its scoring system.
type Entry struct {
	ID                   uuid.UUID
	Date                 *time.Time
	Segment, Level       *string
	Status               string
	Placement, FieldSize *int32
	Majority             *string
	TotalSegmentScore    *float64
	SourceURL, VideoURL  *string
	Results              *string
	Type                 *TypeRef
	Scores               []Score
	Elements             []Element
	Deductions           []Deduction
}

// TypeRef is the event type an entry is of.
type TypeRef struct {
	ID                           uuid.UUID
	Category                     string
	ScoringSystem, GoverningBody *string
}

// Score is one judge's marks; System ("6.0", "CJS" or "IJS") says which marks it has.
type Score struct {
	System                                     string
	JudgeNumber                                int32
	Ordinal, TechnicalMerit, Presentation      *float64
	ArtisticAppeal, Performance, SkatingSkills *float64
	Composition                                *float64
}

// Element is one IJS element.
type Element struct {
	Number                int32
	Name                  *string
	BaseValue, GOE, Final *float64
}

// Deduction is one deduction.
type Deduction struct {
	Type  string
	Value float64
	Notes *string
}

// Type is a shared event type.
type Type struct {
	ID                                              uuid.UUID
	Category                                        string
	ScoringSystem, GoverningBody, GoverningBodyName *string
	SingleMark                                      bool
}

// List lists the skater's entries, one row each, plus events that have none yet. category
// filters by a comma-separated list of categories, without regard to case ("" for all).
func (s *Service) List(ctx context.Context, skater uuid.UUID, category string) ([]ListRow, error) {
	var out []ListRow
	err := database.ReadTx(ctx, s.pool, func(q *db.Queries) error {
		rows, err := q.ListEventRows(ctx, db.ListEventRowsParams{Skater: skater, Categories: categoryFilter(category)})
		if err != nil {
			return fmt.Errorf("list events: %w", err)
		}
		totals, err := eventTotals(ctx, q, skater)
		if err != nil {
			return err
		}
		out = make([]ListRow, 0, len(rows))
		for _, r := range rows {
			out = append(out, ListRow{
				EventID: r.EventID, EventDate: r.EventDate.Time, EventLabel: r.EventLabel, EntryID: r.EntryID,
				EntryDate: datePtr(r.EntryDate), Segment: r.EventSegment, Level: r.EventLevel, Status: r.Status,
				Placement: r.Placement, FieldSize: r.FieldSize, VideoURL: r.VideoUrl, Category: r.Category,
				HostingClub: r.HostingClub, LocationName: r.LocationName, LocationCity: r.LocationCity,
				LocationState: r.LocationState, EventCost: totals[r.EventID],
			})
		}
		return nil
	})
	return out, err
}

func datePtr(d pgtype.Date) *time.Time {
	if !d.Valid {
		return nil
	}
	t := d.Time
	return &t
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
func eventTotals(ctx context.Context, q *db.Queries, skater uuid.UUID) (map[uuid.UUID]money.Cents, error) {
	costs, err := q.ListSkaterEventCosts(ctx, skater)
	if err != nil {
		return nil, fmt.Errorf("list event costs: %w", err)
	}
	totals := map[uuid.UUID]money.Cents{}
	for _, c := range costs {
		line, err := LineTotal(c.Amount, c.Quantity)
		if err != nil {
			return nil, fmt.Errorf("cost of event %s: %w", c.EventID, err)
		}
		if totals[c.EventID], err = money.Add(totals[c.EventID], line); err != nil {
			return nil, fmt.Errorf("cost of event %s: %w", c.EventID, err)
		}
	}
	return totals, nil
}

// Event answers one of the skater's events in full.
func (s *Service) Event(ctx context.Context, skater, id uuid.UUID) (Detail, error) {
	var out Detail
	err := database.ReadTx(ctx, s.pool, func(q *db.Queries) error {
		var err error
		out, err = eventDetail(ctx, q, skater, id)
		return err
	})
	return out, err
}

func eventDetail(ctx context.Context, q *db.Queries, skater, id uuid.UUID) (Detail, error) {
	ev, err := q.GetEvent(ctx, db.GetEventParams{ID: id, Skater: skater})
	if errors.Is(err, pgx.ErrNoRows) {
		return Detail{}, ErrEventNotFound()
	}
	if err != nil {
		return Detail{}, fmt.Errorf("load event: %w", err)
	}
	costRows, err := q.ListEventCosts(ctx, id)
	if err != nil {
		return Detail{}, fmt.Errorf("list costs: %w", err)
	}
	costs := make([]Cost, 0, len(costRows))
	var total money.Cents
	for _, c := range costRows {
		unit, err := money.FromFloat(c.Amount)
		if err != nil {
			return Detail{}, fmt.Errorf("cost %s: %w", c.ID, err)
		}
		line, err := LineTotal(c.Amount, c.Quantity)
		if err != nil {
			return Detail{}, fmt.Errorf("cost %s: %w", c.ID, err)
		}
		if total, err = money.Add(total, line); err != nil {
			return Detail{}, fmt.Errorf("event %s total: %w", id, err)
		}
		costs = append(costs, Cost{ID: c.ID, Category: c.Category, Note: c.Note, Amount: unit, Quantity: c.Quantity, LineTotal: line})
	}
	entries, err := eventEntries(ctx, q, skater, id, nil)
	if err != nil {
		return Detail{}, err
	}
	out := Detail{
		ID: ev.ID, Label: ev.EventLabel, Date: ev.EventDate.Time, Cost: total, Costs: costs,
		HostingClub: ev.HostingClubName, HostingClubID: ev.HostingClub, LocationID: ev.EventLocation,
		CoachID: ev.CoachID, Notes: ev.Notes, Entries: entries,
	}
	if ev.HasLocation {
		out.Location = &Location{Name: ev.RinkName, City: ev.RinkCity, State: ev.RinkState}
	}
	if ev.CoachFirstName != nil || ev.CoachLastName != nil {
		name := strings.TrimSpace(ptr.Deref(ev.CoachFirstName) + " " + ptr.Deref(ev.CoachLastName))
		out.Coach = &name
	}
	return out, nil
}

// Entry answers one entry of the skater's event.
func (s *Service) Entry(ctx context.Context, skater, eventID, entryID uuid.UUID) (Entry, error) {
	var out Entry
	err := database.ReadTx(ctx, s.pool, func(q *db.Queries) error {
		entries, err := eventEntries(ctx, q, skater, eventID, &entryID)
		if err != nil {
			return err
		}
		if len(entries) != 1 {
			return ErrEntryNotFound()
		}
		out = entries[0]
		return nil
	})
	return out, err
}

// eventEntries loads the event's entries (or just one) with their scores,
// elements and deductions. Scores are shown in the shape of the entry's
// scoring system; rows of another system (possible only in data written by
// the original) stay hidden, as they were there.
func eventEntries(ctx context.Context, q *db.Queries, skater, eventID uuid.UUID, only *uuid.UUID) ([]Entry, error) {
	rows, err := q.ListEventEntries(ctx, db.ListEventEntriesParams{EventID: eventID, Skater: skater, EntryID: only})
	if err != nil {
		return nil, fmt.Errorf("list entries: %w", err)
	}
	if len(rows) == 0 {
		return []Entry{}, nil
	}
	s60, err := q.ListEventScores60(ctx, db.ListEventScores60Params{EventID: eventID, EntryID: only})
	if err != nil {
		return nil, fmt.Errorf("list 6.0 scores: %w", err)
	}
	cjs, err := q.ListEventScoresCJS(ctx, db.ListEventScoresCJSParams{EventID: eventID, EntryID: only})
	if err != nil {
		return nil, fmt.Errorf("list CJS scores: %w", err)
	}
	ijs, err := q.ListEventScoresIJS(ctx, db.ListEventScoresIJSParams{EventID: eventID, EntryID: only})
	if err != nil {
		return nil, fmt.Errorf("list IJS scores: %w", err)
	}
	els, err := q.ListEventElements(ctx, db.ListEventElementsParams{EventID: eventID, EntryID: only})
	if err != nil {
		return nil, fmt.Errorf("list elements: %w", err)
	}
	deds, err := q.ListEventDeductions(ctx, db.ListEventDeductionsParams{EventID: eventID, EntryID: only})
	if err != nil {
		return nil, fmt.Errorf("list deductions: %w", err)
	}

	scores := map[uuid.UUID]map[string][]Score{}
	add := func(entry uuid.UUID, sc Score) {
		if scores[entry] == nil {
			scores[entry] = map[string][]Score{}
		}
		scores[entry][sc.System] = append(scores[entry][sc.System], sc)
	}
	for _, r := range s60 {
		add(r.EntryID, Score{System: "6.0", JudgeNumber: r.JudgeNumber, Ordinal: r.Ordinal,
			TechnicalMerit: r.TechnicalMerit, Presentation: r.Presentation})
	}
	for _, r := range cjs {
		add(r.EntryID, Score{System: "CJS", JudgeNumber: r.JudgeNumber, ArtisticAppeal: r.ArtisticAppeal,
			Performance: r.Performance, SkatingSkills: r.SkatingSkills})
	}
	for _, r := range ijs {
		add(r.EntryID, Score{System: "IJS", JudgeNumber: r.JudgeNumber, Composition: r.Composition,
			Presentation: r.Presentation, SkatingSkills: r.SkatingSkills})
	}
	elements := map[uuid.UUID][]Element{}
	for _, r := range els {
		elements[r.EntryID] = append(elements[r.EntryID], Element{Number: r.ElementNumber,
			Name: r.ElementName, BaseValue: r.BaseValue, GOE: r.Goe, Final: r.FinalScore})
	}
	deductions := map[uuid.UUID][]Deduction{}
	for _, r := range deds {
		deductions[r.EntryID] = append(deductions[r.EntryID], Deduction{Type: r.DeductionType, Value: r.Value, Notes: r.Notes})
	}

	out := make([]Entry, 0, len(rows))
	for _, r := range rows {
		e := Entry{
			ID: r.ID, Date: datePtr(r.EntryDate), Segment: r.EventSegment, Level: r.EventLevel,
			Status: r.Status, Placement: r.Placement, FieldSize: r.FieldSize, Majority: r.Majority,
			TotalSegmentScore: r.TotalSegmentScore, SourceURL: r.SourceUrl, VideoURL: r.VideoUrl,
			Results: r.EventResults, Scores: []Score{}, Elements: []Element{}, Deductions: []Deduction{},
		}
		if r.EventType != nil {
			e.Type = &TypeRef{ID: *r.EventType, Category: ptr.Deref(r.Category),
				ScoringSystem: r.ScoringSystem, GoverningBody: r.GoverningBody}
			if sys := ptr.Deref(r.ScoringSystem); sys != "" {
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

// Types lists the shared event types.
func (s *Service) Types(ctx context.Context) ([]Type, error) {
	rows, err := s.q.ListEventTypes(ctx)
	if err != nil {
		return nil, fmt.Errorf("list event types: %w", err)
	}
	out := make([]Type, 0, len(rows))
	for _, r := range rows {
		out = append(out, Type{ID: r.ID, Category: r.Category, ScoringSystem: r.ScoringSystem,
			GoverningBody: r.GoverningBody, GoverningBodyName: r.GoverningBodyName, SingleMark: r.SingleMark})
	}
	return out, nil
}
