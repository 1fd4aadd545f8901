package accountpages

import (
	"context"
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/skatetrax/skatetrax-api/internal/accounts"
	"github.com/skatetrax/skatetrax-api/internal/auth/session"
)

// notices after a redirect, by ?done=
var notices = map[string]string{
	"onboard":  "Onboarding complete",
	"password": "Password updated successfully",
	"session":  "Session ended",
	"switched": "Switched: the app now shows and records the chosen skater in this browser.",
	"minor":    "Skater created",
}

type overviewData struct {
	Login, Email string
	Onboarded    bool
	Admin        bool
	Sessions     []sessionRow
	Family       familyData
}

type sessionRow struct {
	accounts.SessionInfo
	Current bool
}

func (p *Pages) overviewData(ctx context.Context, pr session.Principal, v *view) (overviewData, error) {
	var d overviewData
	who, err := p.d.Accounts.Identity(ctx, pr.UserID)
	if err != nil {
		return d, err
	}
	d.Login, d.Email = who.Login, who.Email
	if d.Onboarded, err = p.d.Accounts.Onboarded(ctx, pr.Skater); err != nil {
		return d, err
	}
	if d.Admin, err = p.d.Accounts.IsAdmin(ctx, pr.UserID); err != nil {
		return d, err
	}
	list, err := p.d.Accounts.ListSessions(ctx, pr.UserID, p.d.SessionIdle)
	if err != nil {
		return d, err
	}
	for _, s := range list {
		d.Sessions = append(d.Sessions, sessionRow{SessionInfo: s, Current: s.ID == pr.SessionID})
	}
	if d.Family, err = p.familyData(ctx, pr, v); err != nil {
		return d, err
	}
	return d, nil
}

// overview is the signed-in account page.
func (p *Pages) overview(c echo.Context) error {
	pr, ok, err := requireLogin(c)
	if !ok {
		return err
	}
	v := p.newView(c, "Your account")
	v.Notice = notices[c.QueryParam("done")]
	return p.renderOverview(c, http.StatusOK, pr, v)
}

func (p *Pages) renderOverview(c echo.Context, status int, pr session.Principal, v *view) error {
	return p.renderOverviewWith(c, status, pr, v, nil)
}

// renderOverviewWith renders /account, letting the caller add to its data.
func (p *Pages) renderOverviewWith(c echo.Context, status int, pr session.Principal, v *view, edit func(*overviewData)) error {
	ctx, cancel := dbCtx(c)
	defer cancel()
	if _, typed := v.Values["timezone"]; !typed {
		v.Values["timezone"] = "UTC"
	}
	d, err := p.overviewData(ctx, pr, v)
	if err != nil {
		return err
	}
	if edit != nil {
		edit(&d)
	}
	if d.Family.Guardian {
		v.Script = "tz.js"
		d.Family.Profile.BrowserZone = v.Values["timezone"] == "UTC" && v.Values["first_name"] == ""
	}
	v.Data = d
	return p.render(c, status, "account", v)
}

// overviewForm starts a POST of one of /account's forms: the signed-in
// user and the page's view holding the named fields as typed. ok is false
// when the answer is already given: the login redirect, or 403 for a
// missing or expired CSRF token.
func (p *Pages) overviewForm(c echo.Context, fields ...string) (pr session.Principal, v *view, ok bool, err error) {
	pr, ok, err = requireLogin(c)
	if !ok {
		return pr, nil, false, err
	}
	v = p.newView(c, "Your account")
	form(c, v, fields...)
	if !p.csrf.valid(c) {
		v.FormError = expiredForm
		return pr, v, false, p.renderOverview(c, http.StatusForbidden, pr, v)
	}
	return pr, v, true, nil
}

// changePassword goes through the service behind POST
// /api/v4/auth/change-password: every other session of the user ends.
func (p *Pages) changePassword(c echo.Context) error {
	pr, v, ok, err := p.overviewForm(c, "current_password", "new_password")
	if !ok {
		return err
	}
	if !p.checkSchema("ChangePasswordRequest", body(v, "current_password", "new_password"), v) {
		return p.renderOverview(c, http.StatusBadRequest, pr, v)
	}
	h, ok := session.From(c.Request().Context())
	if !ok {
		return errNoSession
	}
	ctx, cancel := dbCtx(c)
	defer cancel()
	if err := p.d.Accounts.ChangePassword(ctx, pr.UserID, h.Digest(), v.Values["current_password"], v.Values["new_password"]); err != nil {
		status, err := place(c, err, v, "new_password", "current_password", "new_password")
		if err != nil {
			return err
		}
		if v.FormError == "Current password is incorrect" {
			v.Errors["current_password"], v.FormError = v.FormError, ""
		}
		return p.renderOverview(c, status, pr, v)
	}
	return c.Redirect(http.StatusSeeOther, Prefix+"?done=password")
}

// endSession ends one of the user's sessions (another user's is not found).
func (p *Pages) endSession(c echo.Context) error {
	pr, v, ok, err := p.overviewForm(c)
	if !ok {
		return err
	}
	id, err := uuid.Parse(c.FormValue("session_id"))
	if err != nil {
		v.FormError = "No such session"
		return p.renderOverview(c, http.StatusNotFound, pr, v)
	}
	ctx, cancel := dbCtx(c)
	defer cancel()
	if err := p.d.Accounts.EndSession(ctx, pr.UserID, id); err != nil {
		status, err := place(c, err, v, "")
		if err != nil {
			return err
		}
		return p.renderOverview(c, status, pr, v)
	}
	if id == pr.SessionID {
		return c.Redirect(http.StatusSeeOther, Prefix+"/login")
	}
	return c.Redirect(http.StatusSeeOther, Prefix+"?done=session")
}

// logout ends this session, as POST /api/v4/auth/logout does.
func (p *Pages) logout(c echo.Context) error {
	h, ok := session.From(c.Request().Context())
	if !ok {
		return errNoSession
	}
	if !p.csrf.valid(c) {
		return c.Redirect(http.StatusSeeOther, Prefix)
	}
	ctx, cancel := dbCtx(c)
	defer cancel()
	if pr, ok := h.Principal(); ok {
		p.d.Accounts.Audit(ctx, accounts.EventLogout, &pr.UserID, "", nil)
	}
	if err := h.Logout(ctx); err != nil {
		return err
	}
	return p.loggedOut(c, "Logged out")
}

// logoutAll ends every session of the user, as POST /api/v4/auth/logout-all does.
func (p *Pages) logoutAll(c echo.Context) error {
	pr, ok, err := requireLogin(c)
	if !ok {
		return err
	}
	if !p.csrf.valid(c) {
		v := p.newView(c, "Your account")
		v.FormError = expiredForm
		return p.renderOverview(c, http.StatusForbidden, pr, v)
	}
	ctx, cancel := dbCtx(c)
	defer cancel()
	if err := p.d.Accounts.EndAllSessions(ctx, pr.UserID); err != nil {
		return err
	}
	h, ok := session.From(ctx)
	if !ok {
		return errNoSession
	}
	if err := h.Logout(ctx); err != nil {
		return err
	}
	return p.loggedOut(c, "Logged out everywhere")
}

func (p *Pages) loggedOut(c echo.Context, notice string) error {
	v := p.loginView(c)
	v.Notice = notice
	return p.render(c, http.StatusOK, "login", v)
}
