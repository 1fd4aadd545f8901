package skatetime

import "time"

// Range is an inclusive range of local calendar days, First through Last.
type Range struct {
	First, Last Date
}

// Interval is a half-open range of instants [Start, End), always in time.UTC.
// Pass Start and End to SQL as they are: `date >= $start AND date < $end`.
type Interval struct {
	Start, End time.Time
}

// Contains reports whether d lies in the range, both ends included.
func (r Range) Contains(d Date) bool {
	return !d.Before(r.First) && !d.After(r.Last)
}

// Days returns the number of days in the range (0 if Last is before First).
func (r Range) Days() int {
	return max(r.Last.DaysSince(r.First)+1, 0)
}

// UTC maps the local days of r in loc (nil means UTC) to the instants they cover:
// [StartOfDayUTC(First), StartOfDayUTC(Last+1)). Each boundary gets the offset in force at that
// boundary, so a New York March is [03-01 05:00Z, 04-01 04:00Z).
func (r Range) UTC(loc *time.Location) Interval {
	return Interval{
		Start: StartOfDayUTC(r.First, loc),
		End:   StartOfDayUTC(r.Last.AddDays(1), loc),
	}
}

// Contains reports whether Start <= t < End.
func (iv Interval) Contains(t time.Time) bool {
	return !t.Before(iv.Start) && t.Before(iv.End)
}
