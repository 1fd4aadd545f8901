package members

import (
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/money"
	"github.com/skatetrax/skatetrax-api/internal/ptr"
	"github.com/skatetrax/skatetrax-api/internal/skatetime"
)

// hm renders minutes as hours and minutes.
func hm(minutes int64) skatetime.HM { return skatetime.MinutesToHM(float64(minutes)) }

// amount renders a stored cost exactly to the cent, or nil when there is none.
func amount(f *float64) *float64 { return money.Exact(f) }

// dayOf returns the calendar day a stored instant falls on in loc.
func dayOf(t *time.Time, loc *time.Location) *skatetime.Date {
	if t == nil {
		return nil
	}
	d := skatetime.LocalDate(t.UTC(), loc)
	return &d
}

// calendarDay returns the day a naive timestamp holding a calendar date at 00:00 stands for
// (maintenance dates): its own year, month and day, with no zone applied.
func calendarDay(t *time.Time) *skatetime.Date {
	if t == nil {
		return nil
	}
	d := skatetime.NewDate(t.Year(), t.Month(), t.Day())
	return &d
}

// fullName joins first and last name the way the session table shows a coach: "Jane Doe", "- -"
// for the placeholder, "" for none.
func fullName(first, last *string) string {
	return strings.TrimSpace(ptr.Deref(first) + " " + ptr.Deref(last))
}

// parseOptionalID reads an id field that may also be "" or null for "none".
func parseOptionalID(field string, raw *string) (*uuid.UUID, error) {
	if raw == nil || *raw == "" {
		return nil, nil
	}
	id, err := uuid.Parse(*raw)
	if err != nil {
		return nil, apperr.InvalidField("body", field, "must be a UUID, or empty for none")
	}
	return &id, nil
}

// parseDay reads a YYYY-MM-DD calendar date field.
func parseDay(field, raw string) (skatetime.Date, error) {
	d, err := skatetime.ParseDate(raw)
	if err != nil {
		return skatetime.Date{}, apperr.InvalidField("body", field, "must be a calendar date YYYY-MM-DD")
	}
	return d, nil
}

// parseAmount reads a cost field (a JSON number) to exact cents within the accepted bounds.
func parseAmount(field string, f float64) (money.Cents, error) {
	c, err := money.AmountFromFloat(f)
	if err != nil {
		return 0, apperr.InvalidField("body", field, "must be a number from 0 to 1000000")
	}
	return c, nil
}

// storedAmount is how a cost goes into a double precision column: the float nearest to the exact
// cents, whose shortest form is those cents ("12.5"), so reading it back is exact.
func storedAmount(c money.Cents) *float64 {
	f := c.Float()
	return &f
}
