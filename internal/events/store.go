package events

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/database"
)

// CreateEvent creates the skater's event with its cost lines.
func (s *Service) CreateEvent(ctx context.Context, skater uuid.UUID, in EventInput) (uuid.UUID, error) {
	if err := in.Normalize(); err != nil {
		return uuid.Nil, err
	}
	if err := s.checkRefs(ctx, skater, in); err != nil {
		return uuid.Nil, err
	}
	id := newID()
	err := database.InTx(ctx, s.pool, func(q *db.Queries) error {
		err := q.InsertEvent(ctx, db.InsertEventParams{
			ID: id, EventLabel: in.Label, EventDate: pgDate(in.Date), EventLocation: in.Location,
			HostingClub: in.Club, CoachID: in.CoachID, Notes: in.Notes, Skater: skater,
		})
		if err != nil {
			return wrap("insert event", err)
		}
		return insertCosts(ctx, q, id, in.Costs)
	})
	return id, err
}

// UpdateEvent replaces the skater's event's fields, and its cost lines when
// in.Costs is set.
func (s *Service) UpdateEvent(ctx context.Context, skater, id uuid.UUID, in EventInput) error {
	if err := in.Normalize(); err != nil {
		return err
	}
	if err := s.checkRefs(ctx, skater, in); err != nil {
		return err
	}
	return database.InTx(ctx, s.pool, func(q *db.Queries) error {
		if _, err := lockEvent(ctx, q, skater, id); err != nil {
			return err
		}
		n, err := q.UpdateEvent(ctx, db.UpdateEventParams{
			ID: id, Skater: skater, EventLabel: in.Label, EventDate: pgDate(in.Date), EventLocation: in.Location,
			HostingClub: in.Club, CoachID: in.CoachID, Notes: in.Notes,
		})
		if err != nil {
			return wrap("update event", err)
		}
		if n == 0 {
			return ErrEventNotFound()
		}
		if in.Costs == nil {
			return nil
		}
		if err := q.DeleteEventCosts(ctx, id); err != nil {
			return wrap("delete costs", err)
		}
		return insertCosts(ctx, q, id, in.Costs)
	})
}

// DeleteEvent deletes the skater's event and everything under it.
func (s *Service) DeleteEvent(ctx context.Context, skater, id uuid.UUID) error {
	n, err := s.q.DeleteEvent(ctx, db.DeleteEventParams{ID: id, Skater: skater})
	if err != nil {
		return wrap("delete event", err)
	}
	if n == 0 {
		return ErrEventNotFound()
	}
	return nil
}

func insertCosts(ctx context.Context, q *db.Queries, eventID uuid.UUID, costs *[]CostInput) error {
	if costs == nil {
		return nil
	}
	for _, c := range *costs {
		err := q.InsertEventCost(ctx, db.InsertEventCostParams{
			ID: newID(), EventID: eventID, Category: c.Category, Note: c.Note, Amount: c.Amount, Quantity: c.Quantity,
		})
		if err != nil {
			return wrap("insert cost", err)
		}
	}
	return nil
}

// checkRefs answers 400 naming the field when a rink, club or coach does
// not exist or is another skater's private entry (the original leaked the database's foreign-key error text).
func (s *Service) checkRefs(ctx context.Context, skater uuid.UUID, in EventInput) error {
	checks := []struct {
		field string
		id    *uuid.UUID
		fn    func(context.Context, uuid.UUID) (bool, error)
	}{
		{"event_location", in.Location, func(ctx context.Context, id uuid.UUID) (bool, error) {
			return s.q.RinkExists(ctx, db.RinkExistsParams{ID: id, Skater: skater})
		}},
		{"hosting_club", in.Club, func(ctx context.Context, id uuid.UUID) (bool, error) {
			return s.q.ClubExists(ctx, db.ClubExistsParams{ID: id, Skater: skater})
		}},
		{"coach_id", in.CoachID, func(ctx context.Context, id uuid.UUID) (bool, error) {
			return s.q.CoachExists(ctx, db.CoachExistsParams{ID: id, Skater: skater})
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
	return nil
}

// AddEntry adds an entry with its scores and deductions to the skater's event.
func (s *Service) AddEntry(ctx context.Context, skater, eventID uuid.UUID, in EntryInput) (uuid.UUID, error) {
	if err := in.Normalize(); err != nil {
		return uuid.Nil, err
	}
	id := newID()
	err := database.InTx(ctx, s.pool, func(q *db.Queries) error {
		if _, err := lockEvent(ctx, q, skater, eventID); err != nil {
			return err
		}
		typeID, err := resolveType(ctx, q, in.Category, in.ScoringSystem, in.GoverningBody)
		if err != nil {
			return err
		}
		err = q.InsertEntry(ctx, db.InsertEntryParams{
			ID: id, EventID: eventID, EntryDate: pgDatePtr(in.Date), EventSegment: in.Segment, EventLevel: in.Level,
			EventType: typeID, Placement: in.Placement, FieldSize: in.FieldSize, Majority: in.Majority,
			TotalSegmentScore: in.TotalSegmentScore, Status: in.Status, SourceUrl: in.SourceURL, VideoUrl: in.VideoURL,
			Skater: skater,
		})
		if err != nil {
			return wrap("insert entry", err)
		}
		if in.Scores != nil {
			if err := insertScores(ctx, q, skater, id, *in.Scores); err != nil {
				return err
			}
		}
		if in.Deductions != nil {
			return insertDeductions(ctx, q, skater, id, *in.Deductions)
		}
		return nil
	})
	return id, err
}

// UpdateEntry replaces the fields of the skater's entry of the event, and
// its scores and deductions when those are set.
func (s *Service) UpdateEntry(ctx context.Context, skater, eventID, entryID uuid.UUID, in EntryInput) error {
	if err := in.Normalize(); err != nil {
		return err
	}
	return database.InTx(ctx, s.pool, func(q *db.Queries) error {
		if _, err := lockEvent(ctx, q, skater, eventID); err != nil {
			return err
		}
		typeID, err := resolveType(ctx, q, in.Category, in.ScoringSystem, in.GoverningBody)
		if err != nil {
			return err
		}
		n, err := q.UpdateEntry(ctx, db.UpdateEntryParams{
			ID: entryID, EventID: eventID, Skater: skater,
			EntryDate: pgDatePtr(in.Date), EventSegment: in.Segment, EventLevel: in.Level,
			EventType: typeID, Placement: in.Placement, FieldSize: in.FieldSize, Majority: in.Majority,
			TotalSegmentScore: in.TotalSegmentScore, Status: in.Status, SourceUrl: in.SourceURL, VideoUrl: in.VideoURL,
		})
		if err != nil {
			return wrap("update entry", err)
		}
		if n == 0 {
			return ErrEntryNotFound()
		}
		if in.Scores == nil {
			if err := keptScoresFit(ctx, q, entryID, in.ScoringSystem); err != nil {
				return err
			}
		} else {
			if err := deleteScores(ctx, q, entryID); err != nil {
				return err
			}
			if err := insertScores(ctx, q, skater, entryID, *in.Scores); err != nil {
				return err
			}
		}
		if in.Deductions == nil {
			return nil
		}
		if err := q.DeleteEntryDeductions(ctx, entryID); err != nil {
			return wrap("delete deductions", err)
		}
		return insertDeductions(ctx, q, skater, entryID, *in.Deductions)
	})
}

// DeleteEntry deletes the skater's entry of the event with its scores.
func (s *Service) DeleteEntry(ctx context.Context, skater, eventID, entryID uuid.UUID) error {
	return database.InTx(ctx, s.pool, func(q *db.Queries) error {
		if _, err := lockEvent(ctx, q, skater, eventID); err != nil {
			return err
		}
		n, err := q.DeleteEntry(ctx, db.DeleteEntryParams{ID: entryID, EventID: eventID, Skater: skater})
		if err != nil {
			return wrap("delete entry", err)
		}
		if n == 0 {
			return ErrEntryNotFound()
		}
		return nil
	})
}

// keptScoresFit refuses to keep score rows that the entry's new scoring
// system would hide.
func keptScoresFit(ctx context.Context, q *db.Queries, entryID uuid.UUID, system *string) error {
	have, err := q.CountEntryScores(ctx, entryID)
	if err != nil {
		return wrap("count scores", err)
	}
	tables := TablesFor(system)
	for table, n := range map[string]int32{
		Score60: have.Scores60, ScoreCJS: have.ScoresCjs, ScoreIJSComponent: have.ScoresIjs, ScoreIJSElement: have.Elements,
	} {
		if n > 0 && !contains(tables, table) {
			return apperr.InvalidField("body", "scoring_system",
				"the entry has scores of another scoring system: send scores (or []) to replace them")
		}
	}
	return nil
}

func deleteScores(ctx context.Context, q *db.Queries, entryID uuid.UUID) error {
	for name, del := range map[string]func(context.Context, uuid.UUID) error{
		"6.0": q.DeleteEntryScores60, "CJS": q.DeleteEntryScoresCJS, "IJS": q.DeleteEntryScoresIJS,
		"elements": q.DeleteEntryElements,
	} {
		if err := del(ctx, entryID); err != nil {
			return wrap("delete "+name+" scores", err)
		}
	}
	return nil
}

// insertScores writes checked manual score rows. Every row belongs to the
// skater: a skater id sent by the client never reaches here.
func insertScores(ctx context.Context, q *db.Queries, skater, entryID uuid.UUID, scores []ScoreInput) error {
	for _, sc := range scores {
		var err error
		switch sc.System {
		case Score60:
			err = q.InsertScore60(ctx, db.InsertScore60Params{ID: newID(), EntryID: entryID, JudgeNumber: *sc.JudgeNumber,
				Ordinal: sc.Ordinal, TechnicalMerit: sc.TechnicalMerit, Presentation: sc.Presentation, Skater: skater})
		case ScoreCJS:
			err = q.InsertScoreCJS(ctx, db.InsertScoreCJSParams{ID: newID(), EntryID: entryID, JudgeNumber: *sc.JudgeNumber,
				ArtisticAppeal: sc.ArtisticAppeal, Performance: sc.Performance, SkatingSkills: sc.SkatingSkills, Skater: skater})
		case ScoreIJSComponent:
			err = q.InsertScoreIJS(ctx, db.InsertScoreIJSParams{ID: newID(), EntryID: entryID, JudgeNumber: *sc.JudgeNumber,
				Composition: sc.Composition, Presentation: sc.Presentation, SkatingSkills: sc.SkatingSkills, Skater: skater})
		case ScoreIJSElement:
			err = q.InsertElement(ctx, db.InsertElementParams{ID: newID(), EntryID: entryID, ElementNumber: *sc.ElementNumber,
				ElementName: sc.ElementName, BaseValue: sc.BaseValue, Goe: sc.GOE, FinalScore: sc.FinalScore, Skater: skater})
		default:
			err = fmt.Errorf("unknown score table %q", sc.System)
		}
		if err != nil {
			return wrap("insert score", err)
		}
	}
	return nil
}

func insertDeductions(ctx context.Context, q *db.Queries, skater, entryID uuid.UUID, ds []DeductionInput) error {
	for _, d := range ds {
		err := q.InsertDeduction(ctx, db.InsertDeductionParams{
			ID: newID(), EntryID: entryID, DeductionType: d.Type, Value: d.Value, Notes: d.Notes, Skater: skater,
		})
		if err != nil {
			return wrap("insert deduction", err)
		}
	}
	return nil
}

// NoGoverningBody is the seeded body that stands for "none given".
const NoGoverningBody = "None"

// resolveType finds the shared event type for a category, scoring system
// and governing body (nil: None). It never creates one: the original did,
// for any text it was sent, and filled the table with duplicates. Without a
// category the entry has no type.
func resolveType(ctx context.Context, q *db.Queries, category, system, body *string) (*uuid.UUID, error) {
	if category == nil {
		return nil, nil
	}
	bodyName := NoGoverningBody
	if body != nil {
		bodyName = *body
	}
	gb, err := q.FindGoverningBody(ctx, bodyName)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, apperr.InvalidField("body", "governing_body", "unknown governing body; see GET /api/v4/lookup/event_types")
	}
	if err != nil {
		return nil, wrap("find governing body", err)
	}
	id, err := q.FindEventType(ctx, db.FindEventTypeParams{Category: *category, ScoringSystem: system, GoverningBodyID: &gb.ID})
	if errors.Is(err, pgx.ErrNoRows) {
		sys := "no scoring system"
		if system != nil {
			sys = *system
		}
		return nil, apperr.InvalidField("body", "category", fmt.Sprintf(
			"there is no event type %s / %s / %s; see GET /api/v4/lookup/event_types",
			*category, sys, strings.TrimSpace(gb.ShortName)))
	}
	if err != nil {
		return nil, wrap("find event type", err)
	}
	return &id, nil
}
