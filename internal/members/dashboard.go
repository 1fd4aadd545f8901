package members

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/money"
	"github.com/skatetrax/skatetrax-api/internal/skatetime"
	"github.com/skatetrax/skatetrax-api/internal/training"
)

// Dashboard is the skater's overview of this month, the last twelve months and the baseline.
type Dashboard struct {
	Total skatetime.HM
	// BaselineMonths is the divisor of the baseline averages (1 to 3).
	BaselineMonths     int
	BaselineMonthlyAvg float64 // sessions per baseline month, to tenths
	Month, Year        TimeSplit
	Baseline           TimeSplit // per month
	Spend              Spend
	Clock              Clock
	// Sessions are this month's.
	Sessions []Session
}

// TimeSplit is time by kind.
type TimeSplit struct{ Practice, Coached, Group skatetime.HM }

// Spend is the lifetime spend per category, exact money strings ("40.00").
type Spend struct {
	Equipment, Maintenance, Class, Performance, Membership, Competition, IceTime, Coaching, Total string
}

// Clock is the sharpening clock of the active blade.
type Clock struct {
	Interval, Active, Remaining, Overdue skatetime.HM
	IsOverdue, IntervalSet               bool
	BladeID                              *uuid.UUID
	// Since is the day of the blade's last sharpening, nil if it was never sharpened.
	Since *skatetime.Date
}

// Dashboard answers the dashboard: a fixed number of queries whatever the size of the log.
func (s *Service) Dashboard(ctx context.Context, skaterID uuid.UUID) (Dashboard, error) {
	var out Dashboard
	err := s.read(ctx, skaterID, func(q *db.Queries, sk skater) error {
		month := skatetime.Range{First: sk.today.FirstOfMonth(), Last: sk.today}
		year, _, err := skatetime.TimeframeRange(skatetime.Rolling12m, sk.today)
		if err != nil {
			return err
		}
		baseline := skatetime.BaselineRange(sk.today)
		monthSpan, yearSpan, baseSpan := month.UTC(sk.loc), year.UTC(sk.loc), baseline.UTC(sk.loc)
		w, err := q.SumDashboardWindows(ctx, db.SumDashboardWindowsParams{
			Skater: &sk.id, MonthStart: monthSpan.Start, MonthEnd: monthSpan.End, YearStart: yearSpan.Start,
			YearEnd: yearSpan.End, BaselineStart: baseSpan.Start, BaselineEnd: baseSpan.End,
		})
		if err != nil {
			return fmt.Errorf("sum dashboard windows: %w", err)
		}
		monthSplit := training.Split{Total: w.MonthIce, Coached: w.MonthCoached, Group: w.MonthGroup}
		yearSplit := training.Split{Total: w.YearIce, Coached: w.YearCoached, Group: w.YearGroup}
		baseSplit := training.Split{Total: w.BaselineIce, Coached: w.BaselineCoached, Group: w.BaselineGroup}
		lifetime, err := q.GetLifetimeTotals(ctx, sk.id)
		if err != nil {
			return fmt.Errorf("lifetime totals: %w", err)
		}
		divisor, err := baselineDivisor(ctx, q, sk)
		if err != nil {
			return err
		}
		if out.Spend, err = spend(ctx, q, sk); err != nil {
			return err
		}
		if out.Clock, err = clock(ctx, q, sk); err != nil {
			return err
		}
		rows, err := q.ListIceSessionsInWindow(ctx, db.ListIceSessionsInWindowParams{
			Skater: &sk.id, StartAt: &monthSpan.Start, EndAt: &monthSpan.End,
		})
		if err != nil {
			return fmt.Errorf("this month's sessions: %w", err)
		}
		out.Total = hm(lifetime.IceMinutes)
		out.BaselineMonths = divisor
		out.BaselineMonthlyAvg = skatetime.AverageTenths(w.BaselineSessions, divisor)
		out.Month = split(monthSplit.HM())
		out.Year = split(yearSplit.HM())
		out.Baseline = split(baseSplit.AverageHM(divisor))
		out.Sessions = sessions(rows, sk.loc)
		return nil
	})
	return out, err
}

func split(practice, coached, group skatetime.HM) TimeSplit {
	return TimeSplit{Practice: practice, Coached: coached, Group: group}
}

// baselineDivisor is the number of baseline months the skater has existed in: from the earlier
// of the profile's creation and the first session, between 1 and 3.
func baselineDivisor(ctx context.Context, q *db.Queries, sk skater) (int, error) {
	var first skatetime.Date
	dates, err := q.GetFirstSessionDate(ctx, &sk.id)
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
func spend(ctx context.Context, q *db.Queries, sk skater) (Spend, error) {
	s, err := q.GetSpend(ctx, sk.id)
	if err != nil {
		return Spend{}, fmt.Errorf("spend: %w", err)
	}
	c := func(v int64) money.Cents { return money.Cents(v) }
	equipment, err := money.Sum(c(s.BootsCents), c(s.BladesCents), c(s.GearCents))
	if err != nil {
		return Spend{}, fmt.Errorf("equipment spend: %w", err)
	}
	parts := []money.Cents{equipment, c(s.MaintenanceCents), c(s.ClassCents), c(s.PerformanceCents),
		c(s.MembershipCents), c(s.CompetitionCents), c(s.IceTimeCents), c(s.CoachingCents)}
	total, err := money.Sum(parts...)
	if err != nil {
		return Spend{}, fmt.Errorf("total spend: %w", err)
	}
	return Spend{
		Equipment: equipment.String(), Maintenance: parts[1].String(), Class: parts[2].String(),
		Performance: parts[3].String(), Membership: parts[4].String(), Competition: parts[5].String(),
		IceTime: parts[6].String(), Coaching: parts[7].String(), Total: total.String(),
	}, nil
}

// clock computes the sharpening clock of the active blade: on-ice minutes on configurations with
// that blade since the day of its last sharpening (that day's start in the skater's zone), or
// over its whole life if it was never sharpened.
func clock(ctx context.Context, q *db.Queries, sk skater) (Clock, error) {
	var active int64
	var since *skatetime.Date
	if sk.activeBlade != nil {
		last, err := q.LastSharpening(ctx, db.LastSharpeningParams{Skater: &sk.id, BladesID: sk.activeBlade})
		if err != nil {
			return Clock{}, fmt.Errorf("last sharpening: %w", err)
		}
		if len(last) > 0 && last[0] != nil {
			d := skatetime.NewDate(last[0].Year(), last[0].Month(), last[0].Day())
			since = &d
			start := skatetime.StartOfDayUTC(d, sk.loc)
			active, err = q.BladeMinutesSince(ctx, db.BladeMinutesSinceParams{Skater: &sk.id, BladesID: sk.activeBlade, Since: &start})
		} else {
			active, err = q.BladeMinutesLifetime(ctx, db.BladeMinutesLifetimeParams{Skater: &sk.id, BladesID: sk.activeBlade})
		}
		if err != nil {
			return Clock{}, fmt.Errorf("blade minutes: %w", err)
		}
	}
	c := training.NewClock(sk.maintPref, active)
	return Clock{
		Interval: hm(c.Interval), Active: hm(c.Active), Remaining: hm(c.Remaining),
		IsOverdue: c.IsOverdue(), Overdue: hm(c.Overdue), IntervalSet: c.IntervalSet,
		BladeID: sk.activeBlade, Since: since,
	}, nil
}
