package accountpages

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/skatetrax/skatetrax-api/internal/auth/session"
)

func (p *Pages) loginView(c echo.Context) *view {
	v := p.newView(c, "Log in")
	v.Values["next"] = safeNext(c.QueryParam("next"))
	return v
}

func (p *Pages) loginForm(c echo.Context) error {
	v := p.loginView(c)
	if v.LoggedIn {
		return c.Redirect(http.StatusSeeOther, v.Values["next"])
	}
	return p.render(c, http.StatusOK, "login", v)
}

// login starts a session through the same service and session store as
// POST /api/v4/auth/login (limits, audit, a new session id).
func (p *Pages) login(c echo.Context) error {
	v := p.newView(c, "Log in")
	form(c, v, "aLogin", "aPasswordHash")
	v.Values["next"] = safeNext(c.FormValue("next"))
	if !p.csrf.valid(c) {
		return p.refuseForm(c, "login", v)
	}
	if !p.checkSchema("LoginRequest", body(v, "aLogin", "aPasswordHash"), v) {
		return p.render(c, http.StatusBadRequest, "login", v)
	}
	ctx, cancel := dbCtx(c)
	defer cancel()
	u, err := p.d.Accounts.Login(ctx, v.Values["aLogin"], v.Values["aPasswordHash"])
	if err != nil {
		status, err := place(c, err, v, "", "aLogin", "aPasswordHash")
		if err != nil {
			return err
		}
		return p.render(c, status, "login", v)
	}
	h, ok := session.From(ctx)
	if !ok {
		return errNoSession
	}
	if err := h.Login(ctx, u.ID, u.Skater); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, v.Values["next"])
}
