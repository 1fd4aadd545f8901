package handlers

import (
	"context"
	"encoding/json"
	"time"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/internal/accounts"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/auth/session"
	"github.com/skatetrax/skatetrax-api/internal/reference"
)

// AdminHandlers serve the admin tag: invites, the audit trail and the
// reference data (admin_reference.go).
type AdminHandlers struct {
	accounts  *accounts.Service
	now       func() time.Time
	reference *reference.Service
}

// requireAdmin answers 403 unless the user has the admin role.
func (h *AdminHandlers) requireAdmin(ctx context.Context) (session.Principal, error) {
	p, err := principal(ctx)
	if err != nil {
		return p, err
	}
	// The roles came with the session (one query per request, never cached).
	if !p.HasRole("admin") {
		return p, &apperr.Error{Code: apperr.Forbidden, Message: "Administrator role required", ErrorText: "Forbidden"}
	}
	return p, nil
}

func inviteBody(i accounts.Invite, now time.Time) api.Invite {
	return api.Invite{Id: i.ID, CreatedAt: i.CreatedAt, ExpiresAt: i.ExpiresAt, MaxUses: i.MaxUses, UseCount: i.UseCount,
		Revoked: i.Revoked, Usable: i.Usable(now), Note: i.Note, CreatedBy: i.CreatedBy}
}

// ListInvites lists every invite.
func (h *AdminHandlers) ListInvites(ctx context.Context, _ api.ListInvitesRequestObject) (api.ListInvitesResponseObject, error) {
	if _, err := h.requireAdmin(ctx); err != nil {
		return nil, err
	}
	list, err := h.accounts.ListInvites(ctx)
	if err != nil {
		return nil, err
	}
	out := make(api.ListInvites200JSONResponse, 0, len(list))
	for _, i := range list {
		out = append(out, inviteBody(i, h.now()))
	}
	return out, nil
}

// CreateInvite creates an invite and shows its token once.
func (h *AdminHandlers) CreateInvite(ctx context.Context, req api.CreateInviteRequestObject) (api.CreateInviteResponseObject, error) {
	p, err := h.requireAdmin(ctx)
	if err != nil {
		return nil, err
	}
	in := accounts.NewInvite{MaxUses: 1, CreatedBy: &p.UserID}
	if b := req.Body; b != nil {
		if b.MaxUses != nil {
			in.MaxUses = *b.MaxUses
		}
		if b.ExpiresInHours != nil {
			in.ExpiresIn = time.Duration(*b.ExpiresInHours) * time.Hour
		}
		in.Note = b.Note
	}
	plain, inv, err := h.accounts.CreateInvite(ctx, in)
	if err != nil {
		return nil, err
	}
	body := inviteBody(inv, h.now())
	return api.CreateInvite201JSONResponse{Id: body.Id, CreatedAt: body.CreatedAt, ExpiresAt: body.ExpiresAt, MaxUses: body.MaxUses,
		UseCount: body.UseCount, Revoked: body.Revoked, Usable: body.Usable, Note: body.Note, CreatedBy: body.CreatedBy, Token: plain}, nil
}

// RevokeInvite stops an invite from working.
func (h *AdminHandlers) RevokeInvite(ctx context.Context, req api.RevokeInviteRequestObject) (api.RevokeInviteResponseObject, error) {
	p, err := h.requireAdmin(ctx)
	if err != nil {
		return nil, err
	}
	if err := h.accounts.RevokeInvite(ctx, req.InviteId, &p.UserID); err != nil {
		return nil, err
	}
	return api.RevokeInvite200JSONResponse{Message: "Invite revoked"}, nil
}

// ListAuditEvents lists auth events.
func (h *AdminHandlers) ListAuditEvents(ctx context.Context, req api.ListAuditEventsRequestObject) (api.ListAuditEventsResponseObject, error) {
	if _, err := h.requireAdmin(ctx); err != nil {
		return nil, err
	}
	f := accounts.AuditFilter{Limit: 100, Before: req.Params.Before, UserID: req.Params.UserId}
	if req.Params.Limit != nil {
		f.Limit = int32(*req.Params.Limit)
	}
	if req.Params.Event != nil {
		e := string(*req.Params.Event)
		f.Event = &e
	}
	rows, err := h.accounts.ListAudit(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make(api.ListAuditEvents200JSONResponse, 0, len(rows))
	for _, r := range rows {
		detail := map[string]any{}
		_ = json.Unmarshal(r.Detail, &detail)
		out = append(out, api.AuditEvent{Id: r.ID, OccurredAt: r.OccurredAt.UTC(), Event: api.AuditEventType(r.Event),
			UserId: r.UserID, Login: r.Login, Ip: r.Ip, UserAgent: r.UserAgent, Detail: detail})
	}
	return out, nil
}
