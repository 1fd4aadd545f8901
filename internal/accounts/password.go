package accounts

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/auth/password"
	"github.com/skatetrax/skatetrax-api/internal/auth/token"
	"github.com/skatetrax/skatetrax-api/internal/database"
	"github.com/skatetrax/skatetrax-api/internal/reqinfo"
)

// ChangePassword verifies the current password, stores the new one and ends
// every other session of the user (keep is the current session's digest).
func (s *Service) ChangePassword(ctx context.Context, userID int32, keep []byte, current, next string) error {
	if current == "" || next == "" {
		return apperr.New(apperr.BadRequest, "current_password and new_password are required")
	}
	if err := s.limit(ctx, "change-password:user:"+itoa(userID), s.limits.LoginPerAccount); err != nil {
		return err
	}
	u, err := s.q.GetUser(ctx, userID)
	if err != nil {
		return wrap("load user", err)
	}
	if ok, _, _ := s.hasher.verify(ctx, u.APasswordHash, current); !ok {
		s.Audit(ctx, EventLoginFailure, &userID, u.ALogin, map[string]any{"during": "change-password"})
		return apperr.New(apperr.Unauthorized, "Current password is incorrect")
	}
	if err := password.Check(next); err != nil {
		return apperr.New(apperr.BadRequest, err.Error())
	}
	hash, err := s.hasher.hash(ctx, next)
	if err != nil {
		return wrap("hash password", err)
	}
	return wrap("change password", database.InTx(ctx, s.pool, func(q *db.Queries) error {
		if err := q.UpdatePasswordHash(ctx, db.UpdatePasswordHashParams{ID: userID, PasswordHash: hash}); err != nil {
			return err
		}
		ended, err := q.DeleteOtherUserSessions(ctx, db.DeleteOtherUserSessionsParams{UserID: userID, KeepSha256: keep})
		if err != nil {
			return err
		}
		s.audit(ctx, q, EventPasswordChanged, &userID, u.ALogin, map[string]any{"sessions_ended": ended})
		return nil
	}))
}

// RequestReset queues a reset mail for the address. The answer and its
// timing are the same whether or not the address is registered: the lookup,
// the token and the mail all happen in the background.
func (s *Service) RequestReset(ctx context.Context, email string) error {
	if email == "" {
		return apperr.New(apperr.BadRequest, "email is required")
	}
	if s.resets == nil {
		return apperr.New(apperr.Unavailable, "Password reset is not available (email service not configured)")
	}
	if err := s.limit(ctx, "reset-request:ip:"+reqinfo.From(ctx).IP, s.limits.ResetPer); err != nil {
		return err
	}
	if err := s.limit(ctx, "reset-request:email:"+lower(email), s.limits.ResetPer); err != nil {
		return err
	}
	s.resets.enqueue(email)
	return nil
}

// ConfirmReset sets a new password with a reset token. The token is used up
// atomically; the user's other tokens and every session end with it.
func (s *Service) ConfirmReset(ctx context.Context, plain, next string) error {
	if plain == "" || next == "" {
		return apperr.New(apperr.BadRequest, "token and new_password are required")
	}
	if err := s.limit(ctx, "reset-confirm:ip:"+reqinfo.From(ctx).IP, s.limits.TokenCheckPerIP); err != nil {
		return err
	}
	if err := password.Check(next); err != nil {
		return apperr.New(apperr.BadRequest, err.Error())
	}
	hash, err := s.hasher.hash(ctx, next)
	if err != nil {
		return wrap("hash password", err)
	}
	return wrap("reset password", database.InTx(ctx, s.pool, func(q *db.Queries) error {
		userID, err := q.ConsumeResetToken(ctx, token.Digest(plain))
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.New(apperr.BadRequest, "Invalid or expired reset token")
		}
		if err != nil {
			return err
		}
		if err := q.UpdatePasswordHash(ctx, db.UpdatePasswordHashParams{ID: userID, PasswordHash: hash}); err != nil {
			return err
		}
		if err := q.InvalidateResetTokens(ctx, userID); err != nil {
			return err
		}
		ended, err := q.DeleteUserSessions(ctx, userID)
		if err != nil {
			return err
		}
		s.audit(ctx, q, EventPasswordReset, &userID, "", map[string]any{"sessions_ended": ended})
		return nil
	}))
}
