package handlers

import (
	"context"

	"github.com/google/uuid"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/internal/accounts"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/auth/session"
	"github.com/skatetrax/skatetrax-api/internal/erasure"
	"github.com/skatetrax/skatetrax-api/internal/family"
	"github.com/skatetrax/skatetrax-api/internal/ptr"
)

// FamilyHandlers serve the family tag, the active-skater switch (auth tag) and
// the coach grants (members tag): everything about acting for another skater.
type FamilyHandlers struct {
	family  *family.Service
	erasure *erasure.Service
}

// acting returns whom the request acts for (family.ActingFor).
func acting(ctx context.Context) (family.Acting, error) {
	p, ok := session.PrincipalFrom(ctx)
	if !ok {
		return family.Acting{}, apperr.ErrAuthRequired()
	}
	return family.ActingFor(p), nil
}

// SetActiveSkater switches the session to act for another skater.
func (h *FamilyHandlers) SetActiveSkater(ctx context.Context, req api.SetActiveSkaterRequestObject) (api.SetActiveSkaterResponseObject, error) {
	a, err := acting(ctx)
	if err != nil {
		return nil, err
	}
	s, err := handle(ctx)
	if err != nil {
		return nil, err
	}
	next, err := h.family.Switch(ctx, a, s.Digest(), req.Body.USkaterUUID)
	if err != nil {
		return nil, err
	}
	return api.SetActiveSkater200JSONResponse{ActiveSkater: next.Skater, ActingAs: api.ActingAs(next.Relation), MayWrite: next.Relation.MayWrite()}, nil
}

// ListFamilySkaters lists the skaters the user may act for.
func (h *FamilyHandlers) ListFamilySkaters(ctx context.Context, _ api.ListFamilySkatersRequestObject) (api.ListFamilySkatersResponseObject, error) {
	a, err := acting(ctx)
	if err != nil {
		return nil, err
	}
	members, err := h.family.List(ctx, a.User, a.Own)
	if err != nil {
		return nil, err
	}
	out := api.FamilySkaterList{Skaters: make([]api.FamilySkater, 0, len(members))}
	for _, m := range members {
		fs := api.FamilySkater{
			USkaterUUID: m.Skater, FirstName: m.FirstName, LastName: m.LastName, Relation: api.ActingAs(m.Relation),
			MayWrite: m.Relation.MayWrite(), Minor: m.Minor, Active: m.Skater == a.Skater,
		}
		if m.DateOfBirth != nil {
			fs.DateOfBirth = &openapi_types.Date{Time: *m.DateOfBirth}
		}
		out.Skaters = append(out.Skaters, fs)
	}
	return api.ListFamilySkaters200JSONResponse(out), nil
}

// CreateFamilySkater creates a minor profile managed by the calling guardian.
func (h *FamilyHandlers) CreateFamilySkater(ctx context.Context, req api.CreateFamilySkaterRequestObject) (api.CreateFamilySkaterResponseObject, error) {
	a, err := acting(ctx)
	if err != nil {
		return nil, err
	}
	b := req.Body
	id, err := h.family.CreateMinor(ctx, a.User, family.NewMinor{
		Profile: accounts.OnboardInput{
			FirstName: ptr.Deref(b.FirstName), LastName: ptr.Deref(b.LastName), MiddleName: b.MiddleName,
			City: b.City, State: b.State, Country: b.Country, Zip: b.Zip, TZ: b.Timezone,
			CoachID: uuidPtr(b.CoachId), RinkID: uuidPtr(b.RinkId), ClubID: uuidPtr(b.ClubId),
			MaintPref: b.MaintPref, USFSANumber: b.UsfsaNumber,
		},
		DateOfBirth: b.DateOfBirth.Time,
	})
	if err != nil {
		return nil, err
	}
	return api.CreateFamilySkater201JSONResponse{Message: "Skater created", USkaterUUID: id}, nil
}

// CreateGuardianInvite invites a second guardian for a minor.
func (h *FamilyHandlers) CreateGuardianInvite(ctx context.Context, req api.CreateGuardianInviteRequestObject) (api.CreateGuardianInviteResponseObject, error) {
	a, err := acting(ctx)
	if err != nil {
		return nil, err
	}
	tok, exp, err := h.family.InviteGuardian(ctx, a.User, a.Own, uuid.UUID(req.SkaterId))
	if err != nil {
		return nil, err
	}
	return api.CreateGuardianInvite201JSONResponse{Token: tok, ExpiresAt: exp.UTC()}, nil
}

// DeleteFamilySkater erases a minor profile the caller is a guardian of.
func (h *FamilyHandlers) DeleteFamilySkater(ctx context.Context, req api.DeleteFamilySkaterRequestObject) (api.DeleteFamilySkaterResponseObject, error) {
	a, err := acting(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := h.erasure.DeleteMinor(ctx, a.User, uuid.UUID(req.SkaterId), req.Body.CurrentPassword); err != nil {
		return nil, err
	}
	return api.DeleteFamilySkater200JSONResponse{Message: "The skater profile and all of its data have been deleted."}, nil
}

// ListGuardianInvites lists a minor's pending guardian invites.
func (h *FamilyHandlers) ListGuardianInvites(ctx context.Context, req api.ListGuardianInvitesRequestObject) (api.ListGuardianInvitesResponseObject, error) {
	a, err := acting(ctx)
	if err != nil {
		return nil, err
	}
	invites, err := h.family.ListGuardianInvites(ctx, a.User, a.Own, uuid.UUID(req.SkaterId))
	if err != nil {
		return nil, err
	}
	out := make(api.ListGuardianInvites200JSONResponse, 0, len(invites))
	for _, i := range invites {
		out = append(out, api.PendingGuardianInvite{Id: i.ID, CreatedAt: i.CreatedAt.UTC(), ExpiresAt: i.ExpiresAt.UTC(), CreatedBy: i.CreatedBy})
	}
	return out, nil
}

// RevokeGuardianInvite deletes a pending guardian invite.
func (h *FamilyHandlers) RevokeGuardianInvite(ctx context.Context, req api.RevokeGuardianInviteRequestObject) (api.RevokeGuardianInviteResponseObject, error) {
	a, err := acting(ctx)
	if err != nil {
		return nil, err
	}
	if err := h.family.RevokeGuardianInvite(ctx, a.User, req.InviteId); err != nil {
		return nil, err
	}
	return api.RevokeGuardianInvite200JSONResponse{Status: api.StatusOkStatusOk}, nil
}

// AcceptGuardianInvite makes the caller a guardian of the invite's skater.
func (h *FamilyHandlers) AcceptGuardianInvite(ctx context.Context, req api.AcceptGuardianInviteRequestObject) (api.AcceptGuardianInviteResponseObject, error) {
	a, err := acting(ctx)
	if err != nil {
		return nil, err
	}
	id, err := h.family.AcceptGuardianInvite(ctx, a.User, req.Body.Token)
	if err != nil {
		return nil, err
	}
	return api.AcceptGuardianInvite200JSONResponse{Message: "Guardian added", USkaterUUID: id}, nil
}

// ListCoachAccess lists the active skater's coach grants.
func (h *FamilyHandlers) ListCoachAccess(ctx context.Context, _ api.ListCoachAccessRequestObject) (api.ListCoachAccessResponseObject, error) {
	a, err := acting(ctx)
	if err != nil {
		return nil, err
	}
	grants, err := h.family.ListCoachGrants(ctx, a)
	if err != nil {
		return nil, err
	}
	out := make(api.ListCoachAccess200JSONResponse, 0, len(grants))
	for _, g := range grants {
		out = append(out, coachGrant(g))
	}
	return out, nil
}

// GrantCoachAccess gives a coach read access to the active skater.
func (h *FamilyHandlers) GrantCoachAccess(ctx context.Context, req api.GrantCoachAccessRequestObject) (api.GrantCoachAccessResponseObject, error) {
	a, err := acting(ctx)
	if err != nil {
		return nil, err
	}
	g, err := h.family.GrantCoach(ctx, a, req.Body.Coach)
	if err != nil {
		return nil, err
	}
	return api.GrantCoachAccess201JSONResponse(coachGrant(g)), nil
}

// RevokeCoachAccess ends a coach's read access.
func (h *FamilyHandlers) RevokeCoachAccess(ctx context.Context, req api.RevokeCoachAccessRequestObject) (api.RevokeCoachAccessResponseObject, error) {
	a, err := acting(ctx)
	if err != nil {
		return nil, err
	}
	if err := h.family.RevokeCoach(ctx, a, uuid.UUID(req.GrantId)); err != nil {
		return nil, err
	}
	return api.RevokeCoachAccess200JSONResponse{Status: api.StatusOkStatusOk}, nil
}

func coachGrant(g family.Grant) api.CoachGrant {
	return api.CoachGrant{Id: g.ID, CoachLogin: g.CoachLogin, CoachName: g.CoachName, CreatedAt: g.CreatedAt.UTC()}
}
