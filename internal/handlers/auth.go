package handlers

import (
	"context"
	"log/slog"
	"strings"
	"time"

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

// AuthHandlers serve the auth tag: registration, login sessions, onboarding, passwords.
type AuthHandlers struct {
	accounts    *accounts.Service
	sessionIdle time.Duration
	erasure     *erasure.Service
	logger      *slog.Logger
}

// principal returns the logged-in user with Skater set to the skater the
// request acts for: the session's active skater while the user may still act
// for it, else the user's own (family.ActingFor). This is the one place the
// member routes learn "the skater"; handlers about the user's own account use
// ownPrincipal.
func principal(ctx context.Context) (session.Principal, error) {
	p, err := ownPrincipal(ctx)
	if err != nil {
		return p, err
	}
	p.Skater = family.ActingFor(p).Skater
	return p, nil
}

// ownPrincipal is the logged-in user with their own skater; the validator
// already refused anonymous requests to protected operations, so a miss here
// is a wiring fault.
func ownPrincipal(ctx context.Context) (session.Principal, error) {
	p, ok := session.PrincipalFrom(ctx)
	if !ok {
		return session.Principal{}, apperr.ErrAuthRequired()
	}
	return p, nil
}

func handle(ctx context.Context) (*session.Handle, error) {
	h, ok := session.From(ctx)
	if !ok {
		return nil, apperr.ErrAuthRequired()
	}
	return h, nil
}

// ValidateInviteToken checks an invite without using it.
func (h *AuthHandlers) ValidateInviteToken(ctx context.Context, req api.ValidateInviteTokenRequestObject) (api.ValidateInviteTokenResponseObject, error) {
	if err := h.accounts.ValidateInvite(ctx, ptr.Deref(req.Params.Token)); err != nil {
		return nil, err
	}
	return api.ValidateInviteToken200JSONResponse{Valid: true}, nil
}

// Register creates an account from an invite.
func (h *AuthHandlers) Register(ctx context.Context, req api.RegisterRequestObject) (api.RegisterResponseObject, error) {
	b := req.Body
	in := accounts.RegisterInput{
		Login: ptr.Deref(b.ALogin), Email: strings.TrimSpace(ptr.Deref(b.AEmail)), Password: ptr.Deref(b.APasswordHash),
		Phone: ptr.Deref(b.PhoneNumber), Invite: ptr.Deref(b.InviteToken),
	}
	if b.Roles != nil {
		in.Roles = *b.Roles
	}
	if err := h.accounts.Register(ctx, in); err != nil {
		return nil, err
	}
	return api.Register200JSONResponse{Message: "User registered successfully"}, nil
}

// Login starts a session.
func (h *AuthHandlers) Login(ctx context.Context, req api.LoginRequestObject) (api.LoginResponseObject, error) {
	ident := ptr.Deref(req.Body.ALogin)
	if ident == "" {
		ident = ptr.Deref(req.Body.AEmail)
	}
	u, err := h.accounts.Login(ctx, ident, ptr.Deref(req.Body.APasswordHash))
	if err != nil {
		return nil, err
	}
	s, err := handle(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Login(ctx, u.ID, u.Skater); err != nil {
		return nil, err
	}
	return api.Login200JSONResponse{Message: "Login successful"}, nil
}

// GetLoginSession reports the session state.
func (h *AuthHandlers) GetLoginSession(ctx context.Context, _ api.GetLoginSessionRequestObject) (api.GetLoginSessionResponseObject, error) {
	p, ok := session.PrincipalFrom(ctx)
	if !ok {
		// The edge adds the original's "logged_in": false (internal/server/errors.go).
		return nil, &apperr.Error{Code: apperr.Unauthorized}
	}
	// Onboarded (the user's own profile) came with the session: no second round trip.
	out := api.GetLoginSession200JSONResponse{LoggedIn: true, UserId: p.UserID, USkaterUUID: p.Skater, OnboardingComplete: p.Onboarded}
	// Only while acting for someone else: a user who never switches sees exactly the original's keys.
	if a := family.ActingFor(p); a.OnBehalf() {
		rel := api.ActingAs(a.Relation)
		out.ActiveSkater, out.ActingAs = &a.Skater, &rel
	}
	return out, nil
}

// CompleteOnboarding creates the skater profile.
func (h *AuthHandlers) CompleteOnboarding(ctx context.Context, req api.CompleteOnboardingRequestObject) (api.CompleteOnboardingResponseObject, error) {
	p, err := ownPrincipal(ctx) // always the user's own profile, whoever the session acts for
	if err != nil {
		return nil, err
	}
	b := req.Body
	in := accounts.OnboardInput{
		FirstName: ptr.Deref(b.FirstName), LastName: ptr.Deref(b.LastName), MiddleName: b.MiddleName,
		City: b.City, State: b.State, Country: b.Country, Zip: b.Zip, TZ: b.Timezone,
		CoachID: uuidPtr(b.CoachId), RinkID: uuidPtr(b.RinkId), ClubID: uuidPtr(b.ClubId), SkateConfig: uuidPtr(b.SkateConfig),
		MaintPref: b.MaintPref, USFSANumber: b.UsfsaNumber,
	}
	if err := h.accounts.Onboard(ctx, p.Skater, in); err != nil {
		return nil, err
	}
	return api.CompleteOnboarding200JSONResponse{Message: "Onboarding complete", USkaterUUID: p.Skater}, nil
}

// ChangePassword changes the password and ends the other sessions.
func (h *AuthHandlers) ChangePassword(ctx context.Context, req api.ChangePasswordRequestObject) (api.ChangePasswordResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	s, err := handle(ctx)
	if err != nil {
		return nil, err
	}
	if err := h.accounts.ChangePassword(ctx, p.UserID, s.Digest(), ptr.Deref(req.Body.CurrentPassword), ptr.Deref(req.Body.NewPassword)); err != nil {
		return nil, err
	}
	return api.ChangePassword200JSONResponse{Message: "Password updated successfully"}, nil
}

// RequestPasswordReset queues a reset mail.
func (h *AuthHandlers) RequestPasswordReset(ctx context.Context, req api.RequestPasswordResetRequestObject) (api.RequestPasswordResetResponseObject, error) {
	if err := h.accounts.RequestReset(ctx, strings.TrimSpace(ptr.Deref(req.Body.Email))); err != nil {
		return nil, err
	}
	return api.RequestPasswordReset200JSONResponse{Message: "If that email is registered, a reset link has been sent."}, nil
}

// ConfirmPasswordReset sets a new password with a reset token.
func (h *AuthHandlers) ConfirmPasswordReset(ctx context.Context, req api.ConfirmPasswordResetRequestObject) (api.ConfirmPasswordResetResponseObject, error) {
	if err := h.accounts.ConfirmReset(ctx, ptr.Deref(req.Body.Token), ptr.Deref(req.Body.NewPassword)); err != nil {
		return nil, err
	}
	return api.ConfirmPasswordReset200JSONResponse{Message: "Password has been reset."}, nil
}

// Logout ends this session.
func (h *AuthHandlers) Logout(ctx context.Context, _ api.LogoutRequestObject) (api.LogoutResponseObject, error) {
	s, err := handle(ctx)
	if err != nil {
		return nil, err
	}
	if p, ok := s.Principal(); ok {
		h.accounts.Audit(ctx, accounts.EventLogout, &p.UserID, "", nil)
	}
	if err := s.Logout(ctx); err != nil {
		return nil, err
	}
	return api.Logout200JSONResponse{Message: "Logged out"}, nil
}

// LogoutAllSessions ends every session of the user.
func (h *AuthHandlers) LogoutAllSessions(ctx context.Context, _ api.LogoutAllSessionsRequestObject) (api.LogoutAllSessionsResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := h.accounts.EndAllSessions(ctx, p.UserID); err != nil {
		return nil, err
	}
	s, err := handle(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Logout(ctx); err != nil {
		return nil, err
	}
	return api.LogoutAllSessions200JSONResponse{Message: "Logged out everywhere"}, nil
}

// ListLoginSessions lists the user's sessions.
func (h *AuthHandlers) ListLoginSessions(ctx context.Context, _ api.ListLoginSessionsRequestObject) (api.ListLoginSessionsResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	list, err := h.accounts.ListSessions(ctx, p.UserID, h.sessionIdle)
	if err != nil {
		return nil, err
	}
	out := make(api.ListLoginSessions200JSONResponse, 0, len(list))
	for _, s := range list {
		out = append(out, api.SessionInfo{Id: s.ID, CreatedAt: s.CreatedAt, LastSeenAt: s.LastSeenAt, ExpiresAt: s.ExpiresAt,
			UserAgent: s.UserAgent, Ip: s.IP, Current: s.ID == p.SessionID})
	}
	return out, nil
}

// DeleteLoginSession ends one of the user's sessions.
func (h *AuthHandlers) DeleteLoginSession(ctx context.Context, req api.DeleteLoginSessionRequestObject) (api.DeleteLoginSessionResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := h.accounts.EndSession(ctx, p.UserID, req.SessionId); err != nil {
		return nil, err
	}
	return api.DeleteLoginSession200JSONResponse{Message: "Session ended"}, nil
}

func uuidPtr(u *openapi_types.UUID) *uuid.UUID {
	if u == nil {
		return nil
	}
	v := uuid.UUID(*u)
	return &v
}
