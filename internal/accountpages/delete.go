package accountpages

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/auth/session"
)

type deleteData struct {
	// Guardian is set when the erasure was refused because the account is
	// the only guardian of a child: the page explains what to do first.
	Guardian bool
	// Done: the account is erased (the confirmation page).
	Done bool
}

func (p *Pages) deleteForm(c echo.Context) error {
	if _, ok, err := requireLogin(c); !ok {
		return err
	}
	v := p.newView(c, "Delete your account")
	v.Data = deleteData{}
	return p.render(c, http.StatusOK, "delete", v)
}

// deleteAccount erases the user through the service behind DELETE
// /api/v4/auth/account (password check, its limit, the guardian rule, the
// audit), then ends this session and clears the cookie as the API does.
func (p *Pages) deleteAccount(c echo.Context) error {
	pr, ok, err := requireLogin(c)
	if !ok {
		return err
	}
	v := p.newView(c, "Delete your account")
	v.Data = deleteData{}
	if !p.csrf.valid(c) {
		return p.refuseForm(c, "delete", v)
	}
	form(c, v, "current_password")
	if !p.checkSchema("AccountDelete", body(v, "current_password"), v) {
		return p.render(c, http.StatusBadRequest, "delete", v)
	}
	ctx, cancel := dbCtx(c)
	defer cancel()
	if _, err := p.d.Erasure.DeleteAccount(ctx, pr.UserID, v.Values["current_password"]); err != nil {
		status, err := place(c, err, v, "", "current_password")
		if err != nil {
			return err
		}
		switch status {
		case http.StatusConflict:
			v.Data = deleteData{Guardian: true}
		case http.StatusUnauthorized, http.StatusTooManyRequests:
			// A wrong password and too many attempts are about the password.
			if v.FormError != "" {
				v.Errors["current_password"], v.FormError = v.FormError, ""
			}
		}
		return p.render(c, status, "delete", v)
	}
	h, ok := session.From(ctx)
	if !ok {
		return errNoSession
	}
	if err := h.Logout(ctx); err != nil {
		if _, isApp := apperr.As(err); !isApp {
			p.d.Logger.WarnContext(ctx, "clear cookie after erasure", "err", err)
		}
	}
	done := p.newView(c, "Account deleted")
	done.LoggedIn = false
	done.Notice = "Your account and all of your data have been deleted."
	done.Data = deleteData{Done: true}
	return p.render(c, http.StatusOK, "delete", done)
}
