package accounts

import (
	"context"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

// ConfirmPassword checks the user's current password before an action that
// cannot be undone (deleting the account). Wrong guesses count toward the
// password-change limit and are audited as failed logins.
func (s *Service) ConfirmPassword(ctx context.Context, userID int32, current string) error {
	if current == "" {
		return apperr.InvalidField("body", "current_password", "is required")
	}
	if err := s.limit(ctx, "change-password:user:"+itoa(userID), s.limits.LoginPerAccount); err != nil {
		return err
	}
	u, err := s.q.GetUser(ctx, userID)
	if err != nil {
		return wrap("load user", err)
	}
	ok, _, err := s.hasher.verify(ctx, u.APasswordHash, current)
	if err != nil && ctx.Err() != nil {
		return wrap("verify password", err)
	}
	if !ok {
		s.Audit(ctx, EventLoginFailure, &userID, u.ALogin, map[string]any{"during": "delete-account"})
		return apperr.New(apperr.Unauthorized, "Current password is incorrect")
	}
	return nil
}
