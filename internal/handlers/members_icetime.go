package handlers

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/money"
	"github.com/skatetrax/skatetrax-api/internal/skatetime"
	"github.com/skatetrax/skatetrax-api/internal/training"
)

// pgDay is a calendar day as a DATE parameter.
func pgDay(d skatetime.Date) pgtype.Date { return pgtype.Date{Time: d.Time(), Valid: true} }

// noCoach is the "no coach" placeholder every installation has (data.md §5.1).
var noCoach = uuid.MustParse("487d43b5-0a4d-4dc4-8cc2-ab06870a10bf")

const defaultHistoryPage = 250

// GetIceTime answers the monthly graph and one page of the session history.
func (h *Handlers) GetIceTime(ctx context.Context, req api.GetIceTimeRequestObject) (api.GetIceTimeResponseObject, error) {
	sk, err := h.loadSkater(ctx)
	if err != nil {
		return nil, err
	}
	p := req.Params
	monthsBack, win, limit := 0, skatetime.DefaultWindow, defaultHistoryPage
	if p.MonthsBack != nil {
		monthsBack = *p.MonthsBack
	}
	if p.Window != nil {
		win = *p.Window
	}
	if p.Limit != nil {
		limit = *p.Limit
	}
	cursor := training.Start
	if p.Cursor != nil && *p.Cursor != "" {
		if cursor, err = training.ParseCursor(*p.Cursor); err != nil {
			return nil, apperr.InvalidField("query", "cursor", err.Error())
		}
	}

	graph, err := h.graph(ctx, sk, monthsBack, win)
	if err != nil {
		return nil, err
	}
	lifetime, err := h.q.GetLifetimeTotals(ctx, sk.id)
	if err != nil {
		return nil, fmt.Errorf("lifetime totals: %w", err)
	}
	rows, next, err := h.historyPage(ctx, sk, cursor, limit)
	if err != nil {
		return nil, err
	}
	return api.GetIceTime200JSONResponse{
		TotalTime: hm(lifetime.IceMinutes), FscGraph: graph, SessionTable: sessionRows(rows, sk.loc), NextCursor: next,
	}, nil
}

// graph sums each month of the graph and looks up competition months: two queries.
func (h *Handlers) graph(ctx context.Context, sk skater, monthsBack, win int) (api.IceTimeGraph, error) {
	buckets := skatetime.MonthBuckets(sk.today, monthsBack, win, sk.loc)
	bounds := make([]time.Time, 0, len(buckets)+1)
	firsts, lasts := make([]pgtype.Date, len(buckets)), make([]pgtype.Date, len(buckets))
	for i, b := range buckets {
		bounds = append(bounds, b.Span.Start)
		firsts[i], lasts[i] = pgDay(b.Days.First), pgDay(b.Days.Last)
	}
	bounds = append(bounds, buckets[len(buckets)-1].Span.End)
	rows, err := h.q.SumMonthBuckets(ctx, db.SumMonthBucketsParams{
		Skater: &sk.id, Bounds: bounds, FirstAt: bounds[0], LastAt: bounds[len(bounds)-1],
	})
	if err != nil {
		return api.IceTimeGraph{}, fmt.Errorf("sum months: %w", err)
	}
	sums := make([]training.Split, len(buckets))
	for _, r := range rows {
		if r.Idx >= 1 && int(r.Idx) <= len(buckets) { // width_bucket numbers buckets from 1
			sums[r.Idx-1] = training.Split{Total: r.IceMinutes, Coached: r.CoachedMinutes, Group: r.GroupMinutes}
		}
	}
	comps, err := h.q.CompetitionMonths(ctx, db.CompetitionMonthsParams{Skater: sk.id, Firsts: firsts, Lasts: lasts})
	if err != nil {
		return api.IceTimeGraph{}, fmt.Errorf("competition months: %w", err)
	}
	g := api.IceTimeGraph{
		Months: make([]string, len(buckets)), IceTime: make([]float64, len(buckets)),
		Practice: make([]float64, len(buckets)), CoachTime: make([]float64, len(buckets)),
		GroupSessions: make([]float64, len(buckets)), Competitions: make([]api.IceTimeGraphCompetitions, len(buckets)),
	}
	for i, b := range buckets {
		s := sums[i]
		g.Months[i] = b.Label
		g.IceTime[i] = training.Hours(s.Total)
		g.Practice[i] = training.Hours(s.Practice())
		g.CoachTime[i] = training.Hours(s.Coached)
		g.GroupSessions[i] = training.Hours(s.Group)
	}
	for _, c := range comps {
		if c.Competed && c.Idx >= 1 && int(c.Idx) <= len(buckets) {
			g.Competitions[c.Idx-1] = 1
		}
	}
	return g, nil
}

// historyPage reads up to limit sessions after the cursor: dated sessions first (keyset on date,
// id), then undated ones (keyset on id). It returns the next page's cursor, or nil at the end.
func (h *Handlers) historyPage(ctx context.Context, sk skater, c training.Cursor, limit int) ([]db.IceSessionRow, *string, error) {
	var rows []db.IceSessionRow
	if c.Dated {
		dated, err := h.q.ListDatedIceSessionsBefore(ctx, db.ListDatedIceSessionsBeforeParams{
			Skater: &sk.id, BeforeDate: c.Date, BeforeID: c.ID, MaxRows: int32(limit + 1),
		})
		if err != nil {
			return nil, nil, fmt.Errorf("session history: %w", err)
		}
		if len(dated) > limit {
			last := dated[limit-1]
			next := training.Cursor{Dated: true, Date: last.Date.UTC(), ID: last.IceTimeID}.Encode()
			return dated[:limit], &next, nil
		}
		rows, c = dated, training.UndatedStart
	}
	rest := limit - len(rows)
	undated, err := h.q.ListUndatedIceSessionsBefore(ctx, db.ListUndatedIceSessionsBeforeParams{
		Skater: &sk.id, BeforeID: c.ID, MaxRows: int32(rest + 1),
	})
	if err != nil {
		return nil, nil, fmt.Errorf("undated session history: %w", err)
	}
	if len(undated) <= rest {
		return append(rows, undated...), nil, nil
	}
	rows = append(rows, undated[:rest]...)
	next := training.UndatedStart
	if rest > 0 {
		next.ID = undated[rest-1].IceTimeID
	}
	s := next.Encode()
	return rows, &s, nil
}

// CreateIceSession logs a session (the original's POST /submit/add_icetime).
func (h *Handlers) CreateIceSession(ctx context.Context, req api.CreateIceSessionRequestObject) (api.CreateIceSessionResponseObject, error) {
	sk, err := h.loadSkater(ctx)
	if err != nil {
		return nil, err
	}
	if err := sk.requireProfile(); err != nil {
		return nil, err
	}
	in, err := h.sessionInput(ctx, sk, *req.Body, sk.activeConfig)
	if err != nil {
		return nil, err
	}
	one := int32(1)
	id, err := h.q.InsertIceSession(ctx, db.InsertIceSessionParams{
		Date: &in.start, IceTime: &in.iceTime, IceCost: storedAmount(in.iceCost), SkateType: &in.skateType,
		CoachTime: &in.coachTime, CoachID: &in.coachID, CoachCost: storedAmount(in.coachCost),
		HasVideo: &in.hasVideo, HasNotes: &in.hasNotes, RinkID: &in.rinkID, Skater: &sk.id,
		ConfigID: in.config, SkaterType: &one,
	})
	if err != nil {
		return nil, fmt.Errorf("insert session: %w", err)
	}
	return api.CreateIceSession201JSONResponse{
		IceTimeId: id, Timestamp: in.start, LocalDate: *dayOf(&in.start, sk.loc),
	}, nil
}

// UpdateIceSession replaces one of the skater's own sessions.
func (h *Handlers) UpdateIceSession(ctx context.Context, req api.UpdateIceSessionRequestObject) (api.UpdateIceSessionResponseObject, error) {
	sk, err := h.loadSkater(ctx)
	if err != nil {
		return nil, err
	}
	current, err := h.q.IceSessionConfig(ctx, db.IceSessionConfigParams{ID: req.IceTimeId, Skater: &sk.id})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errNotFound("Session")
	}
	if err != nil {
		return nil, fmt.Errorf("load session: %w", err)
	}
	in, err := h.sessionInput(ctx, sk, *req.Body, current)
	if err != nil {
		return nil, err
	}
	n, err := h.q.UpdateIceSession(ctx, db.UpdateIceSessionParams{
		Date: &in.start, IceTime: &in.iceTime, IceCost: storedAmount(in.iceCost), SkateType: &in.skateType,
		CoachTime: &in.coachTime, CoachID: &in.coachID, CoachCost: storedAmount(in.coachCost),
		HasVideo: &in.hasVideo, HasNotes: &in.hasNotes, RinkID: &in.rinkID, ConfigID: in.config,
		ID: req.IceTimeId, Skater: &sk.id,
	})
	if err != nil {
		return nil, fmt.Errorf("update session: %w", err)
	}
	if n == 0 {
		return nil, errNotFound("Session") // deleted meanwhile
	}
	row, err := h.q.GetIceSession(ctx, db.GetIceSessionParams{ID: req.IceTimeId, Skater: &sk.id})
	if err != nil {
		return nil, fmt.Errorf("reload session: %w", err)
	}
	return api.UpdateIceSession200JSONResponse(sessionRow(row, sk.loc)), nil
}

// DeleteIceSession deletes one of the skater's own sessions.
func (h *Handlers) DeleteIceSession(ctx context.Context, req api.DeleteIceSessionRequestObject) (api.DeleteIceSessionResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	n, err := h.q.DeleteIceSession(ctx, db.DeleteIceSessionParams{ID: req.IceTimeId, Skater: &p.Skater})
	if err != nil {
		return nil, fmt.Errorf("delete session: %w", err)
	}
	if n == 0 {
		return nil, errNotFound("Session")
	}
	return api.DeleteIceSession200JSONResponse{Message: "Session deleted"}, nil
}

// sessionInput is a checked session body.
type sessionInput struct {
	start                      time.Time
	iceTime, coachTime         int32
	iceCost, coachCost         money.Cents
	skateType, rinkID, coachID uuid.UUID
	hasVideo, hasNotes         int32
	config                     *uuid.UUID
}

// sessionInput checks a session body beyond what the contract already checked: a real calendar
// date, coach minutes within the session, exact amounts, and ids that exist and that the skater
// may use. Each refusal names its field. defaultConfig is used when the body names none.
func (h *Handlers) sessionInput(ctx context.Context, sk skater, b api.IceSessionInput, defaultConfig *uuid.UUID) (sessionInput, error) {
	var in sessionInput
	day, err := parseDay("date", b.Date)
	if err != nil {
		return in, err
	}
	in.start = skatetime.StartOfDayUTC(day, sk.loc)
	in.iceTime, in.coachTime = b.IceTime, b.CoachTime
	if in.coachTime > in.iceTime {
		return in, apperr.InvalidField("body", "coach_time", "must not exceed ice_time")
	}
	if in.iceCost, err = parseAmount("ice_cost", b.IceCost); err != nil {
		return in, err
	}
	if in.coachCost, err = parseAmount("coach_cost", b.CoachCost); err != nil {
		return in, err
	}
	if in.coachTime == 0 {
		// No coaching, nothing paid for it: the frontend pre-fills the coach's hourly rate.
		in.coachCost = 0
	}
	in.hasVideo, in.hasNotes = deref(b.HasVideo), deref(b.HasNotes)
	in.skateType, in.rinkID = uuid.UUID(b.SkateType), uuid.UUID(b.RinkId)
	coach, err := parseOptionalID("coach_id", b.CoachId)
	if err != nil {
		return in, err
	}
	in.coachID = noCoach
	if coach != nil {
		in.coachID = *coach
	}
	checks := []struct {
		field string
		fn    func() (bool, error)
	}{
		{"skate_type", func() (bool, error) { return h.q.IceTypeExists(ctx, in.skateType) }},
		{"rink_id", func() (bool, error) { return h.q.RinkExists(ctx, in.rinkID) }},
		{"coach_id", func() (bool, error) { return h.q.CoachExists(ctx, in.coachID) }},
	}
	for _, c := range checks {
		ok, err := c.fn()
		if err != nil {
			return in, fmt.Errorf("check %s: %w", c.field, err)
		}
		if !ok {
			return in, apperr.InvalidField("body", c.field, "no such record")
		}
	}
	in.config = defaultConfig
	if b.ConfigId != nil {
		id := uuid.UUID(*b.ConfigId)
		ok, err := h.q.SkateConfigOwned(ctx, db.SkateConfigOwnedParams{ID: id, Skater: &sk.id})
		if err != nil {
			return in, fmt.Errorf("check config_id: %w", err)
		}
		if !ok {
			return in, apperr.InvalidField("body", "config_id", "not one of your skate configurations")
		}
		in.config = &id
	}
	return in, nil
}
