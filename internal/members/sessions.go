package members

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/lookups"
	"github.com/skatetrax/skatetrax-api/internal/money"
	"github.com/skatetrax/skatetrax-api/internal/ptr"
	"github.com/skatetrax/skatetrax-api/internal/skatetime"
	"github.com/skatetrax/skatetrax-api/internal/training"
)

// DefaultHistoryPage is the number of sessions a history page holds when the client names none.
const DefaultHistoryPage = 250

// Session is one logged session as the history shows it.
type Session struct {
	ID int32
	// Start is the instant the session's day began in the skater's zone, in UTC.
	Start     *time.Time
	LocalDate *skatetime.Date
	IceTime   *int32
	// IceCost is 0 when none is stored (the frontend formats it, never null).
	IceCost   float64
	CoachTime *int32
	CoachCost *float64
	IceType   *string
	SkateType *uuid.UUID
	// Coach is "First Last", "- -" for the no-coach placeholder, "" for none.
	Coach     string
	CoachID   *uuid.UUID
	RinkName  *string
	RinkCity  *string
	RinkState *string
	RinkID    *uuid.UUID
	ConfigID  *uuid.UUID
}

// SessionInput is a session as a client sends it.
type SessionInput struct {
	Date               string // YYYY-MM-DD, the skater's calendar day
	IceTime, CoachTime int32  // minutes
	IceCost, CoachCost float64
	HasVideo, HasNotes *int32
	SkateType, RinkID  uuid.UUID
	CoachID            *string // a UUID, or "" / nil for no coach
	ConfigID           *uuid.UUID
}

// Logged is a session just stored.
type Logged struct {
	ID        int32
	Start     time.Time
	LocalDate skatetime.Date
}

// IceTimeQuery selects the graph and one page of the history; nil means the default.
type IceTimeQuery struct {
	MonthsBack, Window, Limit *int
	Cursor                    *string
}

// IceTime is the monthly graph, the lifetime total and one page of the history.
type IceTime struct {
	Total    skatetime.HM
	Graph    Graph
	Sessions []Session
	// Next is the next page's cursor, nil at the end.
	Next *string
}

// Graph is the ice-time graph: hours per month by kind, and the months with a competition.
type Graph struct {
	Months                                  []string
	IceTime, Practice, CoachTime, GroupTime []float64
	Competed                                []bool
}

// IceTime answers the graph and one page of the session history.
func (s *Service) IceTime(ctx context.Context, skaterID uuid.UUID, in IceTimeQuery) (IceTime, error) {
	monthsBack, win, limit := 0, skatetime.DefaultWindow, DefaultHistoryPage
	if in.MonthsBack != nil {
		monthsBack = *in.MonthsBack
	}
	if in.Window != nil {
		win = *in.Window
	}
	if in.Limit != nil {
		limit = *in.Limit
	}
	cursor := training.Start
	if in.Cursor != nil && *in.Cursor != "" {
		var err error
		if cursor, err = training.ParseCursor(*in.Cursor); err != nil {
			return IceTime{}, apperr.InvalidField("query", "cursor", err.Error())
		}
	}
	var out IceTime
	err := s.read(ctx, skaterID, func(q *db.Queries, sk skater) error {
		var err error
		if out.Graph, err = graph(ctx, q, sk, monthsBack, win); err != nil {
			return err
		}
		lifetime, err := q.GetLifetimeTotals(ctx, sk.id)
		if err != nil {
			return fmt.Errorf("lifetime totals: %w", err)
		}
		out.Total = hm(lifetime.IceMinutes)
		rows, next, err := historyPage(ctx, q, sk, cursor, limit)
		if err != nil {
			return err
		}
		out.Sessions, out.Next = sessions(rows, sk.loc), next
		return nil
	})
	return out, err
}

// pgDay is a calendar day as a DATE parameter.
func pgDay(d skatetime.Date) pgtype.Date { return pgtype.Date{Time: d.Time(), Valid: true} }

// graph sums each month of the graph and looks up competition months: two queries.
func graph(ctx context.Context, q *db.Queries, sk skater, monthsBack, win int) (Graph, error) {
	buckets := skatetime.MonthBuckets(sk.today, monthsBack, win, sk.loc)
	bounds := make([]time.Time, 0, len(buckets)+1)
	firsts, lasts := make([]pgtype.Date, len(buckets)), make([]pgtype.Date, len(buckets))
	for i, b := range buckets {
		bounds = append(bounds, b.Span.Start)
		firsts[i], lasts[i] = pgDay(b.Days.First), pgDay(b.Days.Last)
	}
	bounds = append(bounds, buckets[len(buckets)-1].Span.End)
	rows, err := q.SumMonthBuckets(ctx, db.SumMonthBucketsParams{
		Skater: &sk.id, Bounds: bounds, FirstAt: bounds[0], LastAt: bounds[len(bounds)-1],
	})
	if err != nil {
		return Graph{}, fmt.Errorf("sum months: %w", err)
	}
	sums := make([]training.Split, len(buckets))
	for _, r := range rows {
		if r.Idx >= 1 && int(r.Idx) <= len(buckets) { // width_bucket numbers buckets from 1
			sums[r.Idx-1] = training.Split{Total: r.IceMinutes, Coached: r.CoachedMinutes, Group: r.GroupMinutes}
		}
	}
	comps, err := q.CompetitionMonths(ctx, db.CompetitionMonthsParams{Skater: sk.id, Firsts: firsts, Lasts: lasts})
	if err != nil {
		return Graph{}, fmt.Errorf("competition months: %w", err)
	}
	g := Graph{
		Months: make([]string, len(buckets)), IceTime: make([]float64, len(buckets)),
		Practice: make([]float64, len(buckets)), CoachTime: make([]float64, len(buckets)),
		GroupTime: make([]float64, len(buckets)), Competed: make([]bool, len(buckets)),
	}
	for i, b := range buckets {
		s := sums[i]
		g.Months[i] = b.Label
		g.IceTime[i] = training.Hours(s.Total)
		g.Practice[i] = training.Hours(s.Practice())
		g.CoachTime[i] = training.Hours(s.Coached)
		g.GroupTime[i] = training.Hours(s.Group)
	}
	for _, c := range comps {
		if c.Competed && c.Idx >= 1 && int(c.Idx) <= len(buckets) {
			g.Competed[c.Idx-1] = true
		}
	}
	return g, nil
}

// historyPage reads up to limit sessions after the cursor: dated sessions first (keyset on date,
// id), then undated ones (keyset on id). It returns the next page's cursor, or nil at the end.
func historyPage(ctx context.Context, q *db.Queries, sk skater, c training.Cursor, limit int) ([]db.IceSessionRow, *string, error) {
	var rows []db.IceSessionRow
	if c.Dated {
		dated, err := q.ListDatedIceSessionsBefore(ctx, db.ListDatedIceSessionsBeforeParams{
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
	undated, err := q.ListUndatedIceSessionsBefore(ctx, db.ListUndatedIceSessionsBeforeParams{
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
	str := next.Encode()
	return rows, &str, nil
}

// session maps one row of ice_session_rows.
func session(r db.IceSessionRow, loc *time.Location) Session {
	iceCost := 0.0
	if c := amount(r.IceCost); c != nil {
		iceCost = *c
	}
	return Session{
		ID: r.IceTimeID, Start: skatetime.StoredUTC(r.Date), LocalDate: dayOf(r.Date, loc),
		IceTime: r.IceTime, IceCost: iceCost, CoachTime: r.CoachTime, CoachCost: amount(r.CoachCost),
		IceType: r.IceType, SkateType: r.SkateType, Coach: fullName(r.CoachFname, r.CoachLname),
		CoachID: r.CoachID, RinkName: r.RinkName, RinkCity: r.RinkCity, RinkState: r.RinkState,
		RinkID: r.RinkID, ConfigID: r.ConfigID,
	}
}

func sessions(rows []db.IceSessionRow, loc *time.Location) []Session {
	out := make([]Session, 0, len(rows))
	for _, r := range rows {
		out = append(out, session(r, loc))
	}
	return out
}

// LogSession stores a session (the original's POST /submit/add_icetime). It uses the active
// configuration unless the input names one.
func (s *Service) LogSession(ctx context.Context, skaterID uuid.UUID, b SessionInput) (Logged, error) {
	sk, err := s.load(ctx, skaterID)
	if err != nil {
		return Logged{}, err
	}
	if err := sk.requireProfile(); err != nil {
		return Logged{}, err
	}
	in, err := checkSession(ctx, s.q, sk, b, sk.activeConfig)
	if err != nil {
		return Logged{}, err
	}
	one := int32(1)
	id, err := s.q.InsertIceSession(ctx, db.InsertIceSessionParams{
		Date: &in.start, IceTime: &in.iceTime, IceCost: storedAmount(in.iceCost), SkateType: &in.skateType,
		CoachTime: &in.coachTime, CoachID: &in.coachID, CoachCost: storedAmount(in.coachCost),
		HasVideo: &in.hasVideo, HasNotes: &in.hasNotes, RinkID: &in.rinkID, Skater: &sk.id,
		ConfigID: in.config, SkaterType: &one,
	})
	if err != nil {
		return Logged{}, fmt.Errorf("insert session: %w", err)
	}
	return Logged{ID: id, Start: in.start, LocalDate: *dayOf(&in.start, sk.loc)}, nil
}

// UpdateSession replaces one of the skater's own sessions; it keeps the session's configuration
// unless the input names one.
func (s *Service) UpdateSession(ctx context.Context, skaterID uuid.UUID, id int32, b SessionInput) (Session, error) {
	sk, err := s.load(ctx, skaterID)
	if err != nil {
		return Session{}, err
	}
	current, err := s.q.IceSessionConfig(ctx, db.IceSessionConfigParams{ID: id, Skater: &sk.id})
	if errors.Is(err, pgx.ErrNoRows) {
		return Session{}, errNotFound("Session")
	}
	if err != nil {
		return Session{}, fmt.Errorf("load session: %w", err)
	}
	in, err := checkSession(ctx, s.q, sk, b, current)
	if err != nil {
		return Session{}, err
	}
	n, err := s.q.UpdateIceSession(ctx, db.UpdateIceSessionParams{
		Date: &in.start, IceTime: &in.iceTime, IceCost: storedAmount(in.iceCost), SkateType: &in.skateType,
		CoachTime: &in.coachTime, CoachID: &in.coachID, CoachCost: storedAmount(in.coachCost),
		HasVideo: &in.hasVideo, HasNotes: &in.hasNotes, RinkID: &in.rinkID, ConfigID: in.config,
		ID: id, Skater: &sk.id,
	})
	if err != nil {
		return Session{}, fmt.Errorf("update session: %w", err)
	}
	if n == 0 {
		return Session{}, errNotFound("Session") // deleted meanwhile
	}
	row, err := s.q.GetIceSession(ctx, db.GetIceSessionParams{ID: id, Skater: &sk.id})
	if err != nil {
		return Session{}, fmt.Errorf("reload session: %w", err)
	}
	return session(row, sk.loc), nil
}

// DeleteSession deletes one of the skater's own sessions.
func (s *Service) DeleteSession(ctx context.Context, skaterID uuid.UUID, id int32) error {
	n, err := s.q.DeleteIceSession(ctx, db.DeleteIceSessionParams{ID: id, Skater: &skaterID})
	if err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	if n == 0 {
		return errNotFound("Session")
	}
	return nil
}

// checkedSession is a session input that passed every rule.
type checkedSession struct {
	start                      time.Time
	iceTime, coachTime         int32
	iceCost, coachCost         money.Cents
	skateType, rinkID, coachID uuid.UUID
	hasVideo, hasNotes         int32
	config                     *uuid.UUID
}

// checkSession checks a session beyond what the contract already checked: a real calendar
// date, coach minutes within the session, exact amounts, and ids that exist and that the skater
// may use. Each refusal names its field. defaultConfig is used when the input names none.
func checkSession(ctx context.Context, q *db.Queries, sk skater, b SessionInput, defaultConfig *uuid.UUID) (checkedSession, error) {
	var in checkedSession
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
	in.hasVideo, in.hasNotes = ptr.Deref(b.HasVideo), ptr.Deref(b.HasNotes)
	in.skateType, in.rinkID = b.SkateType, b.RinkID
	coach, err := parseOptionalID("coach_id", b.CoachID)
	if err != nil {
		return in, err
	}
	in.coachID = lookups.NoCoach
	if coach != nil {
		in.coachID = *coach
	}
	checks := []struct {
		field string
		fn    func() (bool, error)
	}{
		{"skate_type", func() (bool, error) { return q.IceTypeExists(ctx, in.skateType) }},
		// Shared entries and the skater's own private ones (issue 14).
		{"rink_id", func() (bool, error) {
			return q.RinkExists(ctx, db.RinkExistsParams{ID: in.rinkID, Skater: sk.id})
		}},
		{"coach_id", func() (bool, error) {
			return q.CoachExists(ctx, db.CoachExistsParams{ID: in.coachID, Skater: sk.id})
		}},
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
	if b.ConfigID != nil {
		id := *b.ConfigID
		ok, err := q.SkateConfigOwned(ctx, db.SkateConfigOwnedParams{ID: id, Skater: &sk.id})
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
