package accountpages

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/skatetrax/skatetrax-api/internal/accounts"
	"github.com/skatetrax/skatetrax-api/internal/auth/session"
	"github.com/skatetrax/skatetrax-api/internal/family"
)

// The children section of /account: the skaters the user may act for (the
// list of GET /api/v4/family/skaters), the switch of PUT
// /api/v4/auth/active_skater, the minor profile of POST
// /api/v4/family/skaters and the guardian invite of POST
// /api/v4/family/skaters/{skater_id}/guardian_invites, each through the
// same family.Service call as its API route (rules, 404s, audit).
//
// Each skater row is one <li> with its own small forms (switch, invite); an
// action added later (erase a minor, the pending invites and their revoke)
// is one more form in that row posting to /account/skaters/<action>.

// minorFields are FamilySkaterCreate's form fields (the selects come after).
var minorFields = []string{"first_name", "middle_name", "last_name", "date_of_birth", "city", "state", "country", "zip", "timezone"}

type familyData struct {
	Show     bool // guardian or coach, or anyone with a skater to act for
	Guardian bool
	Skaters  []skaterRow
	Profile  onboardData // the minor form's lists (guardians only)
	// The guardian invite just created: shown in this one answer only.
	Invite *createdGuardianInvite
}

type skaterRow struct {
	family.Member
	Name   string
	Active bool
}

type createdGuardianInvite struct {
	For, Token string
	ExpiresAt  time.Time
}

func (p *Pages) familyData(ctx context.Context, pr session.Principal, v *view) (familyData, error) {
	var d familyData
	var err error
	if d.Guardian, err = p.d.Accounts.HasRole(ctx, pr.UserID, "guardian"); err != nil {
		return d, err
	}
	coach, err := p.d.Accounts.HasRole(ctx, pr.UserID, "coach")
	if err != nil {
		return d, err
	}
	members, err := p.d.Family.List(ctx, pr.UserID, pr.Skater)
	if err != nil {
		return d, err
	}
	active := family.ActingFor(pr).Skater
	for _, m := range members {
		name := strings.TrimSpace(deref(m.FirstName) + " " + deref(m.LastName))
		if name == "" {
			name = "Unnamed skater"
		}
		d.Skaters = append(d.Skaters, skaterRow{Member: m, Name: name, Active: m.Skater == active})
		if m.Relation != family.Self {
			d.Show = true
		}
	}
	d.Show = d.Show || d.Guardian || coach
	if d.Guardian {
		if d.Profile, err = p.onboardData(ctx, v); err != nil {
			return d, err
		}
	}
	return d, nil
}

// switchSkater makes this session act for another skater, through the
// service behind PUT /api/v4/auth/active_skater (the field is the API's
// uSkaterUUID; a skater the user may not act for is "not found").
func (p *Pages) switchSkater(c echo.Context) error {
	pr, v, ok, err := p.overviewForm(c)
	if !ok {
		return err
	}
	id, err := uuid.Parse(c.FormValue("uSkaterUUID"))
	if err != nil {
		v.FormError = family.ErrSkaterNotFound().Message
		return p.renderOverview(c, http.StatusNotFound, pr, v)
	}
	h, ok := session.From(c.Request().Context())
	if !ok {
		return errNoSession
	}
	ctx, cancel := dbCtx(c)
	defer cancel()
	if _, err := p.d.Family.Switch(ctx, family.ActingFor(pr), h.Digest(), id); err != nil {
		status, err := place(c, err, v, "")
		if err != nil {
			return err
		}
		return p.renderOverview(c, status, pr, v)
	}
	return c.Redirect(http.StatusSeeOther, Prefix+"?done=switched#children-heading")
}

// createMinor creates a child's profile through the service behind POST
// /api/v4/family/skaters.
func (p *Pages) createMinor(c echo.Context) error {
	pr, v, ok, err := p.overviewForm(c, append(minorFields, "rink_id", "coach_id")...)
	if !ok {
		return err
	}
	in := family.NewMinor{Profile: accounts.OnboardInput{FirstName: v.Values["first_name"], LastName: v.Values["last_name"],
		MiddleName: opt(v, "middle_name"), City: opt(v, "city"), State: opt(v, "state"), Country: opt(v, "country"),
		Zip: opt(v, "zip"), TZ: opt(v, "timezone")}}
	in.Profile.RinkID = p.optID(v, "rink_id")
	in.Profile.CoachID = p.optID(v, "coach_id")
	b := body(v, minorFields...)
	if _, given := b["date_of_birth"]; given {
		dob, err := time.Parse(time.DateOnly, v.Values["date_of_birth"])
		if err != nil {
			v.Errors["date_of_birth"] = "must be a date (YYYY-MM-DD)"
		}
		in.DateOfBirth = dob
	}
	if !p.checkSchema("FamilySkaterCreate", b, v) || len(v.Errors) > 0 {
		return p.renderOverview(c, http.StatusBadRequest, pr, v)
	}
	ctx, cancel := dbCtx(c)
	defer cancel()
	if _, err := p.d.Family.CreateMinor(ctx, pr.UserID, in); err != nil {
		status, err := place(c, err, v, "", append(minorFields, "rink_id", "coach_id")...)
		if err != nil {
			return err
		}
		return p.renderOverview(c, status, pr, v)
	}
	return c.Redirect(http.StatusSeeOther, Prefix+"?done=minor#children-heading")
}

// guardianInvite invites a second guardian for a child through the service
// behind POST /api/v4/family/skaters/{skater_id}/guardian_invites; the
// token is in this answer only.
func (p *Pages) guardianInvite(c echo.Context) error {
	pr, v, ok, err := p.overviewForm(c)
	if !ok {
		return err
	}
	id, err := uuid.Parse(c.FormValue("skater_id"))
	if err != nil {
		v.FormError = family.ErrSkaterNotFound().Message
		return p.renderOverview(c, http.StatusNotFound, pr, v)
	}
	ctx, cancel := dbCtx(c)
	defer cancel()
	token, expires, err := p.d.Family.InviteGuardian(ctx, pr.UserID, pr.Skater, id)
	if err != nil {
		status, err := place(c, err, v, "")
		if err != nil {
			return err
		}
		return p.renderOverview(c, status, pr, v)
	}
	v.Notice = "Guardian invite created. Copy the token now: it is not shown again."
	return p.renderOverviewWith(c, http.StatusCreated, pr, v, func(d *overviewData) {
		for _, s := range d.Family.Skaters {
			if s.Skater == id {
				d.Family.Invite = &createdGuardianInvite{For: s.Name, Token: token, ExpiresAt: expires}
			}
		}
	})
}
