package skatetime

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestTimeframeRange(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		tf          Timeframe
		today       string
		first, last string
	}{
		{CurrentMonth, "2026-11-24", "2026-11-01", "2026-11-24"},
		{CurrentMonth, "2026-11-01", "2026-11-01", "2026-11-01"},
		{LastMonth, "2026-11-24", "2026-10-01", "2026-10-31"},
		{LastMonth, "2026-01-15", "2025-12-01", "2025-12-31"},
		{LastMonth, "2028-03-31", "2028-02-01", "2028-02-29"},
		{Recent90d, "2026-03-15", "2025-12-01", "2026-03-15"},
		{Recent90d, "2026-11-24", "2026-08-01", "2026-11-24"},
		{Rolling12m, "2026-11-24", "2025-11-25", "2026-11-24"},
		{Rolling12m, "2026-12-31", "2026-01-01", "2026-12-31"},
		{Rolling12m, "2028-02-29", "2027-03-01", "2028-02-29"},
		{Rolling12m, "2029-02-28", "2028-02-29", "2029-02-28"},
		{Rolling12m, "2026-03-01", "2025-03-02", "2026-03-01"},
		{Last30d, "2026-11-24", "2026-10-25", "2026-11-24"},
		{Last60d, "2026-03-01", "2025-12-31", "2026-03-01"},
		{YearToDate, "2026-11-24", "2026-01-01", "2026-11-24"},
		{YearToDate, "2026-01-01", "2026-01-01", "2026-01-01"},
	} {
		t.Run(string(tc.tf)+"_on_"+tc.today+"_runs_"+tc.first+"_to_"+tc.last, func(t *testing.T) {
			r, total, err := TimeframeRange(tc.tf, mustDate(t, tc.today))
			if err != nil || total || r.First.String() != tc.first || r.Last.String() != tc.last {
				t.Errorf("TimeframeRange(%s, %s) = %v, %v, %v; want %s..%s", tc.tf, tc.today, r, total, err, tc.first, tc.last)
			}
		})
	}
	if r, total, err := TimeframeRange(Total, mustDate(t, "2026-11-24")); err != nil || !total || r != (Range{}) {
		t.Errorf("TimeframeRange(total) = %v, %v, %v; want total", r, total, err)
	}
	for _, bad := range []Timeframe{"", "3m", "all", "12M", "Total", "90"} {
		t.Run(fmt.Sprintf("timeframe_%q_is_unknown", bad), func(t *testing.T) {
			if _, _, err := TimeframeRange(bad, mustDate(t, "2026-11-24")); !errors.Is(err, ErrUnknownTimeframe) {
				t.Errorf("TimeframeRange(%q) error = %v, want ErrUnknownTimeframe", bad, err)
			}
		})
	}
}

// Naive calendar, independent of the package: leap years, month lengths and stepping one day back.
func naiveLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func naiveDaysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if naiveLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

func naivePrev(d Date) Date {
	if d.Day > 1 {
		return Date{d.Year, d.Month, d.Day - 1}
	}
	if d.Month == time.January {
		return Date{d.Year - 1, time.December, 31}
	}
	return Date{d.Year, d.Month - 1, naiveDaysIn(d.Year, d.Month-1)}
}

// naiveIn says whether day x, which is back days before today, belongs to timeframe tf, from the
// definitions in docs/original.md, "Timeframes", rather than from Date arithmetic.
func naiveIn(tf Timeframe, x, today Date, back int) bool {
	monthsBefore := (today.Year-x.Year)*12 + int(today.Month) - int(x.Month)
	switch tf {
	case CurrentMonth:
		return monthsBefore == 0
	case LastMonth:
		return monthsBefore == 1
	case Recent90d:
		return monthsBefore <= 3
	case Rolling12m:
		// Same day-of-month a year ago is excluded; a missing Feb 29 clamps to Feb 28.
		return monthsBefore < 12 || (monthsBefore == 12 && x.Day > min(today.Day, naiveDaysIn(x.Year, x.Month)))
	case Last30d:
		return back <= 30
	case Last60d:
		return back <= 60
	case YearToDate:
		return x.Year == today.Year
	}
	panic("unhandled timeframe " + tf)
}

// TestTimeframeRangeMatchesDayWalk checks every timeframe for every "today" around the 2000 leap
// century and from 2020 to 2029: walking back day by day from today, exactly the days the naive
// definition accepts are in range.
func TestTimeframeRangeMatchesDayWalk(t *testing.T) {
	t.Parallel()
	const walk = 400 // longer than any timeframe (12m is at most 366 days)
	var todays []Date
	for d := (Date{1999, time.November, 1}); d.Year < 2001; d = d.AddDays(1) {
		todays = append(todays, d)
	}
	for d := (Date{2020, time.January, 1}); d.Year < 2030; d = d.AddDays(1) {
		todays = append(todays, d)
	}
	for _, today := range todays {
		for _, tf := range Timeframes() {
			if tf == Total {
				continue
			}
			r, _, err := TimeframeRange(tf, today)
			if err != nil {
				t.Fatal(err)
			}
			if r.Last.After(today) || r.Days() >= walk {
				t.Fatalf("%s on %v: %v ends after today or is too long", tf, today, r)
			}
			x := today
			for back := 0; back < walk; back++ {
				if got, want := r.Contains(x), naiveIn(tf, x, today, back); got != want {
					t.Fatalf("%s on %v: day %v (%d back) in range %v = %v, naive %v", tf, today, x, back, r, got, want)
				}
				x = naivePrev(x)
			}
		}
	}
}

// TestTimeframeIntervalsAcrossZones: a timeframe's UTC interval holds exactly the instants whose
// local date is in the timeframe, for random "todays" and instants near its edges.
func TestTimeframeIntervalsAcrossZones(t *testing.T) {
	t.Parallel()
	r := newRand(3)
	for _, zone := range testZones {
		loc := mustZone(t, zone)
		for range 3000 {
			now := time.Unix(r.Int64N(4_100_000_000), 0)
			today := Today(now, loc)
			tf := Timeframes()[1+r.IntN(len(Timeframes())-1)]
			rg, _, _ := TimeframeRange(tf, today)
			iv := rg.UTC(loc)
			for _, edge := range []time.Time{iv.Start, iv.End} {
				for _, delta := range []time.Duration{-25 * time.Hour, -time.Hour, -time.Nanosecond, 0, time.Hour, 25 * time.Hour} {
					inst := edge.Add(delta)
					if got, want := iv.Contains(inst), rg.Contains(LocalDate(inst, loc)); got != want {
						t.Fatalf("%s %s today %v: %v (local %v) in %v = %v, by local date %v",
							zone, tf, today, inst, inst.In(loc), iv, got, want)
					}
				}
			}
		}
	}
}
