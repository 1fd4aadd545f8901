package skatetime

import "time"

// LocalDate returns the calendar date of instant on the wall clock of loc (nil means UTC).
func LocalDate(instant time.Time, loc *time.Location) Date {
	return DateOf(instant.In(orUTC(loc)))
}

// Today returns the skater's current calendar date: now seen on the wall clock of loc.
// The caller passes now so handlers and tests control the clock.
func Today(now time.Time, loc *time.Location) Date {
	return LocalDate(now, loc)
}

// StartOfDayUTC returns, in time.UTC, the first instant whose local date in loc is d or later.
//
// Usually that is local 00:00 on d. Where midnight does not exist because the clocks jump forward
// at 00:00 (America/Santiago, Asia/Beirut historically), it is the instant of the jump, e.g. 01:00
// local; time.Date would return 23:00 the day before. Where midnight happens twice, it is the first
// one. Where the whole day was skipped (Pacific/Apia, 2011-12-30), it equals StartOfDayUTC(d+1), so
// that day's range is empty and consecutive days still tile the time line without gaps or overlaps.
func StartOfDayUTC(d Date, loc *time.Location) time.Time {
	loc = orUTC(loc)
	if t, ok := startFromZonePeriods(d, loc); ok && isStartOf(t, d, loc) {
		return t
	}
	// Only reached if the tz data or ZoneBounds misbehave in a way not handled below.
	return startByBisection(d, loc)
}

// startFromZonePeriods walks the zone periods (spans of constant UTC offset) around d. Within one
// period the wall clock is UTC plus a fixed offset, so the first instant with local date >= d is
// max(periodStart, midnight - offset), if that falls before the period ends; the first period
// that has such an instant holds the answer.
func startFromZonePeriods(d Date, loc *time.Location) (time.Time, bool) {
	// Local midnight of d read as if it were UTC, in Unix seconds.
	wall := d.utcMidnight().Unix()
	// No UTC offset in the tz database exceeds ±16 h, so 36 h early is before any candidate.
	t := time.Unix(wall-36*3600, 0).In(loc)
	for range 64 {
		_, off := t.Zone()
		start, end := t.ZoneBounds()
		// golang/go#81583: in leap years after a zone's last explicit transition, ZoneBounds ends
		// the year's last period one day early (it assumes 365-day years), even before t. That
		// offset really holds until the UTC year ends, one day later.
		if !end.IsZero() && !end.After(t) {
			end = end.Add(24 * time.Hour)
		}
		c := max(wall-int64(off), t.Unix())
		if !start.IsZero() {
			c = max(c, start.Unix())
		}
		if end.IsZero() || c < end.Unix() {
			return time.Unix(c, 0).UTC(), true
		}
		t = end.In(loc)
	}
	return time.Time{}, false
}

// isStartOf reports whether t is the first instant of local day d or later: t is on d or later
// and the nanosecond before it is not.
func isStartOf(t time.Time, d Date, loc *time.Location) bool {
	return !LocalDate(t, loc).Before(d) && LocalDate(t.Add(-time.Nanosecond), loc).Before(d)
}

// startByBisection finds the first second with local date >= d within ±40 h of d's UTC midnight,
// assuming local dates do not go backwards in that window.
func startByBisection(d Date, loc *time.Location) time.Time {
	lo, hi := d.utcMidnight().Unix()-40*3600, d.utcMidnight().Unix()+40*3600
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if LocalDate(time.Unix(mid, 0), loc).Before(d) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return time.Unix(hi, 0).UTC()
}
