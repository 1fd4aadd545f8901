package accountpages

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/skatetrax/skatetrax-api/internal/accounts"
	"github.com/skatetrax/skatetrax-api/internal/auth/session"
)

type invitesData struct {
	Forbidden bool
	Invites   []inviteRow
	// Token and Link of the invite just created: shown in this one answer only.
	Token, Link string
}

type inviteRow struct {
	accounts.Invite
	Usable bool
}

// requireAdmin answers the page for administrators only, as the API's
// admin routes do.
func (p *Pages) requireAdmin(c echo.Context, v *view) (session.Principal, bool, error) {
	pr, ok, err := requireLogin(c)
	if !ok {
		return pr, false, err
	}
	ctx, cancel := dbCtx(c)
	defer cancel()
	admin, err := p.d.Accounts.IsAdmin(ctx, pr.UserID)
	if err != nil {
		return pr, false, err
	}
	if !admin {
		v.FormError = "Administrator role required"
		v.Data = invitesData{Forbidden: true}
		return pr, false, p.render(c, http.StatusForbidden, "invites", v)
	}
	return pr, true, nil
}

func (p *Pages) invitesView(c echo.Context) *view {
	v := p.newView(c, "Invites")
	v.Values["max_uses"], v.Values["expires_in_hours"] = "1", "168"
	return v
}

func (p *Pages) renderInvites(c echo.Context, status int, v *view, d invitesData) error {
	ctx, cancel := dbCtx(c)
	defer cancel()
	list, err := p.d.Accounts.ListInvites(ctx)
	if err != nil {
		return err
	}
	now := time.Now()
	for _, i := range list {
		d.Invites = append(d.Invites, inviteRow{Invite: i, Usable: i.Usable(now)})
	}
	v.Data = d
	return p.render(c, status, "invites", v)
}

func (p *Pages) invites(c echo.Context) error {
	v := p.invitesView(c)
	if _, ok, err := p.requireAdmin(c, v); !ok {
		return err
	}
	if c.QueryParam("done") == "revoked" {
		v.Notice = "Invite revoked"
	}
	return p.renderInvites(c, http.StatusOK, v, invitesData{})
}

// createInvite goes through the service behind POST /api/v4/admin/invites
// (audited with the administrator's id). The token is in this answer only.
func (p *Pages) createInvite(c echo.Context) error {
	v := p.invitesView(c)
	pr, ok, err := p.requireAdmin(c, v)
	if !ok {
		return err
	}
	form(c, v, "max_uses", "expires_in_hours", "note")
	if !p.csrf.valid(c) {
		v.FormError = expiredForm
		return p.renderInvites(c, http.StatusForbidden, v, invitesData{})
	}
	b := body(v, "note")
	in := accounts.NewInvite{MaxUses: 1, CreatedBy: &pr.UserID}
	for _, f := range []string{"max_uses", "expires_in_hours"} {
		s := strings.TrimSpace(v.Values[f])
		if s == "" {
			continue
		}
		n, err := strconv.ParseInt(s, 10, 32)
		if err != nil {
			v.Errors[f] = "value must be a whole number"
			continue
		}
		b[f] = float64(n)
		if f == "max_uses" {
			in.MaxUses = int32(n)
		} else {
			in.ExpiresIn = time.Duration(n) * time.Hour
		}
	}
	if !p.checkSchema("InviteCreate", b, v) || len(v.Errors) > 0 {
		return p.renderInvites(c, http.StatusBadRequest, v, invitesData{})
	}
	in.Note = opt(v, "note")
	ctx, cancel := dbCtx(c)
	defer cancel()
	plain, _, err := p.d.Accounts.CreateInvite(ctx, in)
	if err != nil {
		status, err := place(c, err, v, "", "max_uses", "expires_in_hours", "note")
		if err != nil {
			return err
		}
		return p.renderInvites(c, status, v, invitesData{})
	}
	v.Notice = "Invite created. Copy the token or the link now: it is not shown again."
	link := p.origin(c) + Prefix + "/register?invite=" + url.QueryEscape(plain)
	return p.renderInvites(c, http.StatusCreated, v, invitesData{Token: plain, Link: link})
}

// revokeInvite goes through the service behind DELETE /api/v4/admin/invites/{id}.
func (p *Pages) revokeInvite(c echo.Context) error {
	v := p.invitesView(c)
	pr, ok, err := p.requireAdmin(c, v)
	if !ok {
		return err
	}
	if !p.csrf.valid(c) {
		v.FormError = expiredForm
		return p.renderInvites(c, http.StatusForbidden, v, invitesData{})
	}
	id, err := strconv.ParseInt(c.FormValue("invite_id"), 10, 32)
	if err != nil || id < 1 {
		v.FormError = "No such invite"
		return p.renderInvites(c, http.StatusNotFound, v, invitesData{})
	}
	ctx, cancel := dbCtx(c)
	defer cancel()
	if err := p.d.Accounts.RevokeInvite(ctx, int32(id), &pr.UserID); err != nil {
		status, err := place(c, err, v, "")
		if err != nil {
			return err
		}
		return p.renderInvites(c, status, v, invitesData{})
	}
	return c.Redirect(http.StatusSeeOther, Prefix+"/admin/invites?done=revoked")
}

// origin is this site as the administrator's browser reached it, for the
// register link shown to them (it is never mailed, so the Host header
// cannot send it elsewhere).
func (p *Pages) origin(c echo.Context) string {
	return c.Scheme() + "://" + c.Request().Host
}
