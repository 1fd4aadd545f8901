package accountpages

import (
	"context"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/skatetrax/skatetrax-api/internal/accounts"
	"github.com/skatetrax/skatetrax-api/internal/skatetime"
)

var onboardFields = []string{"first_name", "middle_name", "last_name", "city", "state", "country", "zip", "timezone"}

type option struct{ Value, Label string }

type onboardData struct {
	Done bool
	// BrowserZone asks tz.js to preselect the browser's zone (only until
	// the person has chosen one).
	BrowserZone     bool
	Zones           []string
	Rinks, Coaches  []option
	RinkID, CoachID string
}

func (p *Pages) onboardData(ctx context.Context, v *view) (onboardData, error) {
	d := onboardData{Zones: skatetime.ZoneNames(), RinkID: v.Values["rink_id"], CoachID: v.Values["coach_id"]}
	rinks, _, err := p.d.Lookups.Rinks(ctx, nil, "", "") // onboarding: no private entries yet
	if err != nil {
		return d, err
	}
	for _, r := range rinks {
		label := deref(r.Name)
		if city := deref(r.City); city != "" {
			label += " (" + city + ")"
		}
		d.Rinks = append(d.Rinks, option{Value: r.ID.String(), Label: label})
	}
	coaches, err := p.d.Lookups.Coaches(ctx, nil, "")
	if err != nil {
		return d, err
	}
	for _, co := range coaches {
		label := strings.TrimSpace(deref(co.First) + " " + deref(co.Last))
		if label == "" {
			continue
		}
		d.Coaches = append(d.Coaches, option{Value: co.ID.String(), Label: label})
	}
	return d, nil
}

func (p *Pages) onboardForm(c echo.Context) error {
	pr, ok, err := requireLogin(c)
	if !ok {
		return err
	}
	ctx, cancel := dbCtx(c)
	defer cancel()
	v := p.newView(c, "Your skater profile")
	done, err := p.d.Accounts.Onboarded(ctx, pr.Skater)
	if err != nil {
		return err
	}
	if done {
		v.Notice = "Onboarding already complete"
		v.Data = onboardData{Done: true}
		return p.render(c, http.StatusOK, "onboard", v)
	}
	v.Values["timezone"] = "UTC"
	d, err := p.onboardData(ctx, v)
	if err != nil {
		return err
	}
	d.BrowserZone = true
	v.Data, v.Script = d, "tz.js"
	return p.render(c, http.StatusOK, "onboard", v)
}

// onboard creates the profile through the service behind POST
// /api/v4/auth/onboard.
func (p *Pages) onboard(c echo.Context) error {
	pr, ok, err := requireLogin(c)
	if !ok {
		return err
	}
	v := p.newView(c, "Your skater profile")
	form(c, v, append(onboardFields, "rink_id", "coach_id")...)
	ctx, cancel := dbCtx(c)
	defer cancel()
	d, err := p.onboardData(ctx, v)
	if err != nil {
		return err
	}
	v.Data = d
	if !p.csrf.valid(c) {
		return p.refuseForm(c, "onboard", v)
	}
	in := accounts.OnboardInput{FirstName: v.Values["first_name"], LastName: v.Values["last_name"],
		MiddleName: opt(v, "middle_name"), City: opt(v, "city"), State: opt(v, "state"), Country: opt(v, "country"),
		Zip: opt(v, "zip"), TZ: opt(v, "timezone")}
	in.RinkID = p.optID(v, "rink_id")
	in.CoachID = p.optID(v, "coach_id")
	if !p.checkSchema("OnboardRequest", body(v, onboardFields...), v) || len(v.Errors) > 0 {
		return p.render(c, http.StatusBadRequest, "onboard", v)
	}
	if err := p.d.Accounts.Onboard(ctx, pr.Skater, in); err != nil {
		status, err := place(c, err, v, "", append(onboardFields, "rink_id", "coach_id")...)
		if err != nil {
			return err
		}
		return p.render(c, status, "onboard", v)
	}
	return c.Redirect(http.StatusSeeOther, Prefix+"?done=onboard")
}

func opt(v *view, name string) *string {
	if s := v.Values[name]; s != "" {
		return &s
	}
	return nil
}

// optID reads a picked id; a tampered value is refused beside its field.
func (p *Pages) optID(v *view, name string) *uuid.UUID {
	s := v.Values[name]
	if s == "" {
		return nil
	}
	id, err := uuid.Parse(s)
	if err != nil {
		v.Errors[name] = "no such record"
		return nil
	}
	return &id
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
