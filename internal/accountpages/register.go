package accountpages

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/skatetrax/skatetrax-api/internal/accounts"
	"github.com/skatetrax/skatetrax-api/internal/auth/session"
)

// registerRoles are the roles a person may pick at registration (the
// service refuses any other).
var registerRoles = []string{"adult", "coach", "guardian"}

type registerData struct {
	InviteOK bool
	Roles    []string
}

func (p *Pages) registerView(c echo.Context) *view {
	v := p.newView(c, "Create your account")
	v.Data = registerData{InviteOK: true, Roles: registerRoles}
	return v
}

// registerForm checks the invite as GET …/register/validate-token does
// (without using it) before showing the form.
func (p *Pages) registerForm(c echo.Context) error {
	v := p.registerView(c)
	v.Values["invite_token"] = c.QueryParam("invite")
	ctx, cancel := dbCtx(c)
	defer cancel()
	if err := p.d.Accounts.ValidateInvite(ctx, v.Values["invite_token"]); err != nil {
		status, err := place(c, err, v, "")
		if err != nil {
			return err
		}
		v.Data = registerData{InviteOK: false}
		return p.render(c, status, "register", v)
	}
	return p.render(c, http.StatusOK, "register", v)
}

// register creates the account through the service behind POST
// /api/v4/auth/register, then logs the person in and goes on to onboarding.
func (p *Pages) register(c echo.Context) error {
	v := p.registerView(c)
	form(c, v, "aLogin", "aEmail", "aPasswordHash", "phone_number", "invite_token")
	params, err := c.FormParams()
	if err != nil {
		return p.render(c, http.StatusBadRequest, "register", v)
	}
	roles := params["roles"]
	for _, r := range roles {
		v.Checked["roles:"+r] = true
	}
	if !p.csrf.valid(c) {
		return p.refuseForm(c, "register", v)
	}
	b := body(v, "aLogin", "aEmail", "aPasswordHash", "phone_number", "invite_token")
	if len(roles) > 0 {
		list := make([]any, len(roles))
		for i, r := range roles {
			list[i] = r
		}
		b["roles"] = list
	}
	if !p.checkSchema("RegisterRequest", b, v) {
		return p.render(c, http.StatusBadRequest, "register", v)
	}
	ctx, cancel := dbCtx(c)
	defer cancel()
	in := accounts.RegisterInput{Login: v.Values["aLogin"], Email: strings.TrimSpace(v.Values["aEmail"]),
		Password: v.Values["aPasswordHash"], Phone: v.Values["phone_number"], Invite: v.Values["invite_token"], Roles: roles}
	if err := p.d.Accounts.Register(ctx, in); err != nil {
		status, err := place(c, err, v, "aPasswordHash", "aLogin", "aEmail", "aPasswordHash", "phone_number", "roles")
		if err != nil {
			return err
		}
		return p.render(c, status, "register", v)
	}
	u, err := p.d.Accounts.Login(ctx, in.Login, in.Password)
	if err != nil {
		// Registered, but the login was refused (a rate limit): log in by hand.
		return c.Redirect(http.StatusSeeOther, loginURL(Prefix+"/onboard"))
	}
	h, ok := session.From(ctx)
	if !ok {
		return errNoSession
	}
	if err := h.Login(ctx, u.ID, u.Skater); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, Prefix+"/onboard")
}
