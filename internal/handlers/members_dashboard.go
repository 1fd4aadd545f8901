package handlers

import (
	"context"
	"fmt"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/money"
	"github.com/skatetrax/skatetrax-api/internal/skatetime"
	"github.com/skatetrax/skatetrax-api/internal/training"
)

// GetDashboard answers the dashboard: a fixed number of queries whatever the size of the log.
func (h *Handlers) GetDashboard(ctx context.Context, _ api.GetDashboardRequestObject) (api.GetDashboardResponseObject, error) {
	sk, err := h.loadSkater(ctx)
	if err != nil {
		return nil, err
	}
	month := skatetime.Range{First: sk.today.FirstOfMonth(), Last: sk.today}
	year, _, err := skatetime.TimeframeRange(skatetime.Rolling12m, sk.today)
	if err != nil {
		return nil, err
	}
	baseline := skatetime.BaselineRange(sk.today)
	monthSpan, yearSpan, baseSpan := month.UTC(sk.loc), year.UTC(sk.loc), baseline.UTC(sk.loc)
	w, err := h.q.SumDashboardWindows(ctx, db.SumDashboardWindowsParams{
		Skater: &sk.id, MonthStart: monthSpan.Start, MonthEnd: monthSpan.End, YearStart: yearSpan.Start,
		YearEnd: yearSpan.End, BaselineStart: baseSpan.Start, BaselineEnd: baseSpan.End,
	})
	if err != nil {
		return nil, fmt.Errorf("sum dashboard windows: %w", err)
	}
	monthSplit := training.Split{Total: w.MonthIce, Coached: w.MonthCoached, Group: w.MonthGroup}
	yearSplit := training.Split{Total: w.YearIce, Coached: w.YearCoached, Group: w.YearGroup}
	baseSplit := training.Split{Total: w.BaselineIce, Coached: w.BaselineCoached, Group: w.BaselineGroup}
	lifetime, err := h.q.GetLifetimeTotals(ctx, sk.id)
	if err != nil {
		return nil, fmt.Errorf("lifetime totals: %w", err)
	}
	divisor, err := h.baselineDivisor(ctx, sk)
	if err != nil {
		return nil, err
	}
	spend, err := h.spend(ctx, sk)
	if err != nil {
		return nil, err
	}
	clock, err := h.clock(ctx, sk)
	if err != nil {
		return nil, err
	}
	rows, err := h.q.ListIceSessionsInWindow(ctx, db.ListIceSessionsInWindowParams{
		Skater: &sk.id, StartAt: &monthSpan.Start, EndAt: &monthSpan.End,
	})
	if err != nil {
		return nil, fmt.Errorf("this month's sessions: %w", err)
	}

	var out api.GetDashboard200JSONResponse
	out.TotalTime = hm(lifetime.IceMinutes)
	out.BaselineMonths = divisor
	out.BaselineMonthlyAvg = skatetime.AverageTenths(w.BaselineSessions, divisor)
	out.Charts.MonthlyRatio = timeSplit(monthSplit.HM())
	out.Charts.YearlyRatio = timeSplit(yearSplit.HM())
	out.Charts.BaselineRatio = timeSplit(baseSplit.AverageHM(divisor))
	out.Charts.Spend = spend
	out.Maintenance = clock
	out.SessionTable = sessionRows(rows, sk.loc)
	return out, nil
}

func timeSplit(practice, coached, group skatetime.HM) api.TimeSplit {
	return api.TimeSplit{Practice: apiHM(practice), Coached: apiHM(coached), Group: apiHM(group)}
}

// baselineDivisor is the number of baseline months the skater has existed in: from the earlier
// of the profile's creation and the first session, between 1 and 3.
func (h *Handlers) baselineDivisor(ctx context.Context, sk skater) (int, error) {
	var first skatetime.Date
	dates, err := h.q.GetFirstSessionDate(ctx, &sk.id)
	if err != nil {
		return 0, fmt.Errorf("first session: %w", err)
	}
	for _, t := range dates {
		if t != nil {
			first = skatetime.LocalDate(t.UTC(), sk.loc)
		}
	}
	if sk.created != nil {
		created := skatetime.LocalDate(sk.created.UTC(), sk.loc)
		if first.IsZero() || created.Before(first) {
			first = created
		}
	}
	return skatetime.BaselineDivisor(sk.today, first), nil
}

// spend sums the lifetime spend per category in exact cents.
func (h *Handlers) spend(ctx context.Context, sk skater) (api.Spend, error) {
	s, err := h.q.GetSpend(ctx, sk.id)
	if err != nil {
		return api.Spend{}, fmt.Errorf("spend: %w", err)
	}
	c := func(v int64) money.Cents { return money.Cents(v) }
	equipment, err := money.Sum(c(s.BootsCents), c(s.BladesCents), c(s.GearCents))
	if err != nil {
		return api.Spend{}, fmt.Errorf("equipment spend: %w", err)
	}
	parts := []money.Cents{equipment, c(s.MaintenanceCents), c(s.ClassCents), c(s.PerformanceCents),
		c(s.MembershipCents), c(s.CompetitionCents), c(s.IceTimeCents), c(s.CoachingCents)}
	total, err := money.Sum(parts...)
	if err != nil {
		return api.Spend{}, fmt.Errorf("total spend: %w", err)
	}
	return api.Spend{
		Equipment: equipment.String(), Maintenance: parts[1].String(), Class: parts[2].String(),
		Performance: parts[3].String(), Membership: parts[4].String(), Competition: parts[5].String(),
		IceTime: parts[6].String(), Coaching: parts[7].String(), Total: total.String(),
	}, nil
}

// clock computes the sharpening clock of the active blade: on-ice minutes on configurations with
// that blade since the day of its last sharpening (that day's start in the skater's zone), or
// over its whole life if it was never sharpened.
func (h *Handlers) clock(ctx context.Context, sk skater) (api.MaintenanceClock, error) {
	var active int64
	var since *skatetime.Date
	if sk.activeBlade != nil {
		last, err := h.q.LastSharpening(ctx, db.LastSharpeningParams{Skater: &sk.id, BladesID: sk.activeBlade})
		if err != nil {
			return api.MaintenanceClock{}, fmt.Errorf("last sharpening: %w", err)
		}
		if len(last) > 0 && last[0] != nil {
			d := skatetime.NewDate(last[0].Year(), last[0].Month(), last[0].Day())
			since = &d
			start := skatetime.StartOfDayUTC(d, sk.loc)
			active, err = h.q.BladeMinutesSince(ctx, db.BladeMinutesSinceParams{Skater: &sk.id, BladesID: sk.activeBlade, Since: &start})
		} else {
			active, err = h.q.BladeMinutesLifetime(ctx, db.BladeMinutesLifetimeParams{Skater: &sk.id, BladesID: sk.activeBlade})
		}
		if err != nil {
			return api.MaintenanceClock{}, fmt.Errorf("blade minutes: %w", err)
		}
	}
	c := training.NewClock(sk.maintPref, active)
	out := api.MaintenanceClock{
		ClockMinutes: hm(c.Interval), ActiveMinutes: hm(c.Active), RemainingMinutes: hm(c.Remaining),
		Overdue: c.IsOverdue(), OverdueMinutes: hm(c.Overdue), IntervalSet: c.IntervalSet,
		BladeId: apiUUID(sk.activeBlade),
	}
	if since != nil {
		out.Since = &openapi_types.Date{Time: since.Time()}
	}
	return out, nil
}
