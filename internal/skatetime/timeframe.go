package skatetime

import (
	"errors"
	"fmt"
)

// Timeframe names a reporting window ending today (docs/original.md, "Timeframes"). No route takes one from the
// client; handlers pass these constants.
type Timeframe string

// The timeframes. Every bound is a local calendar date in the skater's zone, both ends inclusive.
const (
	// Total is every session ever: no date filter at all.
	Total Timeframe = "total"
	// CurrentMonth is the 1st of the current month through today.
	CurrentMonth Timeframe = "current_month"
	// LastMonth is the whole previous calendar month.
	LastMonth Timeframe = "last_month"
	// Recent90d is the 1st of the month three months ago through today (Mar 15 gives Dec 1 to Mar 15),
	// the skater card's "recent" window: 13 to 17.5 weeks, despite the name.
	Recent90d Timeframe = "90d"
	// Rolling12m is a rolling twelve months: today minus 12 months plus one day, through today
	// (2026-11-24 gives 2025-11-25; a Feb 29 today gives Mar 1 of the previous year). The original
	// started on Jan 1 of the previous year; that was a bug (docs/original.md, "Timeframes").
	Rolling12m Timeframe = "12m"
	// Last30d is today minus 30 days through today (31 days).
	Last30d Timeframe = "30d"
	// Last60d is today minus 60 days through today (61 days).
	Last60d Timeframe = "60d"
	// YearToDate is Jan 1 of this year through today.
	YearToDate Timeframe = "ytd"
)

// Timeframes returns every key TimeframeRange accepts.
func Timeframes() []Timeframe {
	return []Timeframe{Total, CurrentMonth, LastMonth, Recent90d, Rolling12m, Last30d, Last60d, YearToDate}
}

// ErrUnknownTimeframe reports a key that is not one of the Timeframe constants ("" included).
var ErrUnknownTimeframe = errors.New("unknown timeframe")

// TimeframeRange returns the inclusive local date range of tf as seen on today. For Total it returns
// total=true and a zero Range: the caller must not filter by date at all.
func TimeframeRange(tf Timeframe, today Date) (r Range, total bool, err error) {
	switch tf {
	case Total:
		return Range{}, true, nil
	case CurrentMonth:
		return Range{First: today.FirstOfMonth(), Last: today}, false, nil
	case LastMonth:
		prev := today.FirstOfMonth().AddDays(-1)
		return Range{First: prev.FirstOfMonth(), Last: prev}, false, nil
	case Recent90d:
		return Range{First: today.FirstOfMonth().AddMonths(-3), Last: today}, false, nil
	case Rolling12m:
		return Range{First: today.AddMonths(-12).AddDays(1), Last: today}, false, nil
	case Last30d:
		return Range{First: today.AddDays(-30), Last: today}, false, nil
	case Last60d:
		return Range{First: today.AddDays(-60), Last: today}, false, nil
	case YearToDate:
		return Range{First: Date{Year: today.Year, Month: 1, Day: 1}, Last: today}, false, nil
	}
	return Range{}, false, fmt.Errorf("%w: %q", ErrUnknownTimeframe, truncate(string(tf), 32))
}
