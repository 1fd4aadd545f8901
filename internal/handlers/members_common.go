package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/money"
	"github.com/skatetrax/skatetrax-api/internal/skatetime"
)

// skater is what every member route knows about the logged-in skater.
type skater struct {
	id uuid.UUID
	// profile is false until onboarding created the skater profile; reads then show no data.
	profile bool
	loc     *time.Location
	// today is the skater's current calendar day.
	today        skatetime.Date
	activeConfig *uuid.UUID
	activeBlade  *uuid.UUID
	maintPref    *int32
	created      *time.Time
}

// loadSkater reads the logged-in skater's profile. A stored zone that is empty or unknown counts
// as UTC, so an old profile never turns a read into a 500.
func (h *Handlers) loadSkater(ctx context.Context) (skater, error) {
	p, err := principal(ctx)
	if err != nil {
		return skater{}, err
	}
	sk := skater{id: p.Skater, loc: time.UTC}
	row, err := h.q.GetSkaterContext(ctx, &sk.id)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
	case err != nil:
		return skater{}, fmt.Errorf("load skater profile: %w", err)
	default:
		sk.profile = true
		sk.loc = skatetime.ZoneOrUTC(deref(row.Tz))
		sk.activeConfig, sk.activeBlade = row.ActiveConfig, row.ActiveBlade
		sk.maintPref, sk.created = row.MaintPrefHours, row.DateCreated
	}
	sk.today = skatetime.Today(time.Now(), sk.loc)
	return sk, nil
}

// requireProfile is for writes: every per-skater table hangs off the profile.
func (sk skater) requireProfile() error {
	if !sk.profile {
		return &apperr.Error{Code: apperr.Conflict, ErrorText: "Profile not found",
			Message: "Complete onboarding (POST /api/v4/auth/onboard) before adding training data."}
	}
	return nil
}

func errNotFound(what string) *apperr.Error {
	return &apperr.Error{Code: apperr.NotFound, ErrorText: "Not found", Message: what + " not found"}
}

// hm renders minutes as the API's {hours, minutes}.
func hm(minutes int64) api.HM {
	v := skatetime.MinutesToHM(float64(minutes))
	return api.HM{Hours: int64(v.Hours), Minutes: v.Minutes}
}

func apiHM(v skatetime.HM) api.HM { return api.HM{Hours: int64(v.Hours), Minutes: v.Minutes} }

// amount renders a stored cost exactly to the cent, or nil when there is none: NULL, NaN and
// ±Infinity (which the original stored) are not amounts, and JSON has no NaN.
func amount(f *float64) *float64 {
	if f == nil {
		return nil
	}
	c, err := money.FromFloat(*f)
	if err != nil {
		return nil
	}
	v := c.Float()
	return &v
}

// dayOf returns the calendar day a stored instant falls on in loc.
func dayOf(t *time.Time, loc *time.Location) *openapi_types.Date {
	if t == nil {
		return nil
	}
	d := skatetime.LocalDate(t.UTC(), loc)
	return &openapi_types.Date{Time: d.Time()}
}

// calendarDay returns the day a naive timestamp holding a calendar date at 00:00 stands for
// (maintenance dates): its own year, month and day, with no zone applied.
func calendarDay(t *time.Time) *openapi_types.Date {
	if t == nil {
		return nil
	}
	return &openapi_types.Date{Time: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
}

func apiUUID(id *uuid.UUID) *openapi_types.UUID {
	if id == nil {
		return nil
	}
	v := openapi_types.UUID(*id)
	return &v
}

// fullName joins first and last name the way the session table shows a coach: "Jane Doe", "- -"
// for the placeholder, "" for none.
func fullName(first, last *string) string {
	return strings.TrimSpace(deref(first) + " " + deref(last))
}

// sessionRow maps one row of ice_session_rows to the API.
func sessionRow(r db.IceSessionRow, loc *time.Location) api.SessionRow {
	iceCost := 0.0 // the frontend formats it with toFixed: 0, never null
	if c := amount(r.IceCost); c != nil {
		iceCost = *c
	}
	return api.SessionRow{
		IceTimeId: r.IceTimeID,
		Date:      utcPtr(r.Date),
		LocalDate: dayOf(r.Date, loc),
		IceTime:   r.IceTime,
		IceCost:   iceCost,
		CoachTime: r.CoachTime,
		CoachCost: amount(r.CoachCost),
		IceType:   r.IceType,
		SkateType: apiUUID(r.SkateType),
		Coach:     fullName(r.CoachFname, r.CoachLname),
		CoachId:   apiUUID(r.CoachID),
		RinkName:  r.RinkName,
		RinkCity:  r.RinkCity,
		RinkState: r.RinkState,
		RinkId:    apiUUID(r.RinkID),
		ConfigId:  apiUUID(r.ConfigID),
	}
}

func sessionRows(rows []db.IceSessionRow, loc *time.Location) []api.SessionRow {
	out := make([]api.SessionRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, sessionRow(r, loc))
	}
	return out
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

// centsString renders an exact sum of cents as a money string ("40.00").
func centsString(cents int64) string { return money.Cents(cents).String() }
