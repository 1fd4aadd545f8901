package skatetime

import (
	"errors"
	"fmt"
	"time"
)

// Date is a civil calendar day with no zone attached: the day a skater picked on their own calendar.
// The zero Date is not a valid date; use IsZero to test for "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ErrInvalidDate reports text that is not a real calendar date in the exact form YYYY-MM-DD.
var ErrInvalidDate = errors.New("invalid date: want YYYY-MM-DD")

// NewDate returns the date, normalising out-of-range months and days the way time.Date does
// (NewDate(2026, 2, 30) is 2026-03-02).
func NewDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the calendar date of t on t's own wall clock (t's location, not UTC).
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate parses exactly "YYYY-MM-DD" with a real calendar day in years 0001 to 9999.
// No other form is accepted: no time part, no sign, no spaces, no single-digit fields.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("%w: %q", ErrInvalidDate, truncate(s, 32))
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	date := Date{Year: y, Month: time.Month(m), Day: d}
	if !ok1 || !ok2 || !ok3 || !date.IsValid() {
		return Date{}, fmt.Errorf("%w: %q", ErrInvalidDate, s)
	}
	return date, nil
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// IsValid reports whether d is a real calendar date in years 0001 to 9999, the range ParseDate
// accepts and String round-trips.
func (d Date) IsValid() bool {
	return d.Year >= 1 && d.Year <= 9999 && d.Month >= time.January && d.Month <= time.December &&
		d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month)
}

// IsZero reports whether d is the zero Date, used for "no date".
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText formats d as YYYY-MM-DD; it fails for dates ParseDate would reject, so nothing
// unparseable is ever written. encoding/json uses it, giving "2026-11-24".
func (d Date) MarshalText() ([]byte, error) {
	if !d.IsValid() {
		return nil, fmt.Errorf("%w: %s", ErrInvalidDate, d)
	}
	return []byte(d.String()), nil
}

// UnmarshalText parses YYYY-MM-DD strictly (see ParseDate). encoding/json uses it for JSON strings.
func (d *Date) UnmarshalText(b []byte) error {
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// Time returns 00:00 UTC on d, the time.Time form pgx and openapi_types.Date use for a DATE value
// (event dates). It is not the instant the skater's day starts; that is StartOfDayUTC(d, loc).
func (d Date) Time() time.Time { return d.utcMidnight() }

// utcMidnight is d at 00:00 UTC; all calendar arithmetic goes through it because UTC has no gaps.
func (d Date) utcMidnight() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// AddDays returns d moved by n days (n may be negative).
func (d Date) AddDays(n int) Date {
	return DateOf(d.utcMidnight().AddDate(0, 0, n))
}

// AddMonths returns d moved by n calendar months, clamping the day to the end of the target month
// (2026-01-31 plus one month is 2026-02-28, 2028-02-29 minus twelve months is 2027-02-28).
func (d Date) AddMonths(n int) Date {
	total := d.Year*12 + int(d.Month-1) + n
	y, m := floorDiv(total, 12), time.Month(floorMod(total, 12)+1)
	return Date{Year: y, Month: m, Day: min(d.Day, daysIn(y, m))}
}

// FirstOfMonth returns the 1st of d's month.
func (d Date) FirstOfMonth() Date { return Date{Year: d.Year, Month: d.Month, Day: 1} }

// LastOfMonth returns the last day of d's month.
func (d Date) LastOfMonth() Date {
	return Date{Year: d.Year, Month: d.Month, Day: daysIn(d.Year, d.Month)}
}

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	default:
		return cmpInt(d.Day, o.Day)
	}
}

// Before reports whether d is strictly before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is strictly after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// DaysSince returns the number of days from o to d (positive when d is later).
func (d Date) DaysSince(o Date) int {
	return int((d.utcMidnight().Unix() - o.utcMidnight().Unix()) / 86400)
}

// monthIndex numbers months consecutively (year*12 + month-1) so month differences are subtractions.
func (d Date) monthIndex() int { return d.Year*12 + int(d.Month-1) }

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }
