package accountpages

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// resetSent is the API's answer to a reset request, whatever the address.
const resetSent = "If that email is registered, a reset link has been sent."

type resetData struct{ Done bool }

func (p *Pages) forgotForm(c echo.Context) error {
	return p.render(c, http.StatusOK, "forgot", p.newView(c, "Forgot your password?"))
}

// forgot asks for a reset mail through the service behind POST
// /api/v4/auth/reset-request: the same words whatever the address.
func (p *Pages) forgot(c echo.Context) error {
	v := p.newView(c, "Forgot your password?")
	form(c, v, "email")
	if !p.csrf.valid(c) {
		return p.refuseForm(c, "forgot", v)
	}
	if !p.checkSchema("ResetRequest", body(v, "email"), v) {
		return p.render(c, http.StatusBadRequest, "forgot", v)
	}
	ctx, cancel := dbCtx(c)
	defer cancel()
	if err := p.d.Accounts.RequestReset(ctx, strings.TrimSpace(v.Values["email"])); err != nil {
		status, err := place(c, err, v, "", "email")
		if err != nil {
			return err
		}
		return p.render(c, status, "forgot", v)
	}
	v.Notice = resetSent
	return p.render(c, http.StatusOK, "forgot", v)
}

// resetForm is where the reset mail links to. It only shows the form: the
// token is used when the form is posted, never by opening the link (mail
// scanners and link previews open links).
func (p *Pages) resetForm(c echo.Context) error {
	v := p.newView(c, "Choose a new password")
	v.Values["token"] = c.QueryParam("token")
	if v.Values["token"] == "" {
		v.FormError = "This page needs the link from your reset mail. Ask for a new one below."
	}
	v.Data = resetData{}
	return p.render(c, http.StatusOK, "reset", v)
}

// reset sets the new password through the service behind POST
// /api/v4/auth/reset-confirm (every session of the user ends).
func (p *Pages) reset(c echo.Context) error {
	v := p.newView(c, "Choose a new password")
	form(c, v, "token", "new_password")
	v.Data = resetData{}
	if !p.csrf.valid(c) {
		return p.refuseForm(c, "reset", v)
	}
	if !p.checkSchema("ResetConfirmRequest", body(v, "token", "new_password"), v) {
		return p.render(c, http.StatusBadRequest, "reset", v)
	}
	ctx, cancel := dbCtx(c)
	defer cancel()
	if err := p.d.Accounts.ConfirmReset(ctx, v.Values["token"], v.Values["new_password"]); err != nil {
		status, err := place(c, err, v, "new_password", "new_password")
		if err != nil {
			return err
		}
		return p.render(c, status, "reset", v)
	}
	v.Notice = "Password has been reset."
	v.Data = resetData{Done: true}
	return p.render(c, http.StatusOK, "reset", v)
}
