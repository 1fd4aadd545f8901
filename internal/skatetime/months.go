package skatetime

import (
	"fmt"
	"time"
)

// Bounds of the ice-time graph's query parameters (docs/original.md, "Graph bounds"). Out-of-range integers are
// clamped, not rejected, as in the original.
const (
	MaxMonthsBack = 120
	MinWindow     = 1
	MaxWindow     = 36
	DefaultWindow = 12
)

// MonthBucket is one calendar month of the ice-time graph.
type MonthBucket struct {
	// Label is "<Mon> '<yy>" with English abbreviations, e.g. "Dec '25".
	Label string
	// Days is the full local calendar month, 1st to last day, even for the current month (so
	// sessions dated later this month count). Event dates (a DATE column) are compared with it as is.
	Days Range
	// Span is Days mapped to UTC instants in the skater's zone, for filtering ice_time.date.
	Span Interval
}

// MonthBuckets returns the graph's months, oldest first: for i from window-1+monthsBack down to
// monthsBack, the month i months before today's month. monthsBack is clamped to [0, MaxMonthsBack]
// and window to [MinWindow, MaxWindow], so the result has between 1 and 36 buckets and consecutive
// buckets' Spans meet exactly (one's End is the next one's Start).
func MonthBuckets(today Date, monthsBack, window int, loc *time.Location) []MonthBucket {
	monthsBack = min(max(monthsBack, 0), MaxMonthsBack)
	window = min(max(window, MinWindow), MaxWindow)
	first := today.FirstOfMonth()
	out := make([]MonthBucket, 0, window)
	// Each month's Start is the previous month's End; computing it once keeps them identical.
	start := StartOfDayUTC(first.AddMonths(-(window - 1 + monthsBack)), loc)
	for i := window - 1 + monthsBack; i >= monthsBack; i-- {
		m := first.AddMonths(-i)
		days := Range{First: m, Last: m.LastOfMonth()}
		end := StartOfDayUTC(m.AddMonths(1), loc)
		out = append(out, MonthBucket{Label: MonthLabel(m), Days: days, Span: Interval{Start: start, End: end}})
		start = end
	}
	return out
}

// MonthLabel formats d's month as the graph labels it: "Dec '25".
func MonthLabel(d Date) string {
	return fmt.Sprintf("%s '%02d", d.Month.String()[:3], floorMod(d.Year, 100))
}
