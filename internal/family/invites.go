package family

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/auth/token"
	"github.com/skatetrax/skatetrax-api/internal/reqinfo"
)

// InviteGuardian creates a single-use invitation for another guardian of
// skater, which user must guard. The token is returned once; only its
// SHA-256 is stored.
func (s *Service) InviteGuardian(ctx context.Context, user int32, own, skater uuid.UUID) (string, time.Time, error) {
	rel, err := s.RelationTo(ctx, user, own, skater)
	if err != nil {
		return "", time.Time{}, err
	}
	if rel != Guardian {
		return "", time.Time{}, ErrSkaterNotFound()
	}
	plain, digest, err := token.New()
	if err != nil {
		return "", time.Time{}, err
	}
	row, err := s.q.CreateGuardianInvite(ctx, db.CreateGuardianInviteParams{
		TokenSha256: digest, Skater: skater, CreatedBy: &user, ExpiresAt: s.o.Now().Add(s.o.InviteTTL),
	})
	if err != nil {
		return "", time.Time{}, fmt.Errorf("store guardian invite: %w", err)
	}
	s.audit.Audit(ctx, EventGuardianInviteCreated, &user, "", map[string]any{"skater": skater.String(), "invite_id": row.ID})
	return plain, row.ExpiresAt, nil
}

func errBadInvite() *apperr.Error {
	return &apperr.Error{Code: apperr.BadRequest, ErrorText: "Invalid or expired invite", Message: "Invalid or expired invite"}
}

// AcceptGuardianInvite makes user (who must hold the guardian role) a
// guardian of the invite's skater, consuming the invite exactly once.
func (s *Service) AcceptGuardianInvite(ctx context.Context, user int32, plain string) (uuid.UUID, error) {
	if s.o.Limiter != nil {
		bucket := "guardian_invite:ip:" + reqinfo.From(ctx).IP
		d, err := s.o.Limiter.Hit(ctx, bucket, s.o.TokenRule)
		if err != nil {
			return uuid.Nil, err
		}
		if !d.Allowed {
			s.audit.Audit(ctx, "rate_limited", &user, "", map[string]any{"bucket": bucket})
			return uuid.Nil, &apperr.Error{Code: apperr.RateLimited, ErrorText: "Too many requests",
				Message: "Too many attempts. Try again later.", RetryAfter: max(1, int(d.RetryAfter/time.Second))}
		}
	}
	ok, err := s.q.UserHasRole(ctx, db.UserHasRoleParams{UserID: user, Role: "guardian"})
	if err != nil {
		return uuid.Nil, fmt.Errorf("check guardian role: %w", err)
	}
	if !ok {
		return uuid.Nil, &apperr.Error{Code: apperr.Forbidden, ErrorText: "Forbidden", Message: "Only a guardian can accept a guardian invite"}
	}
	var skater uuid.UUID
	err = s.inTx(ctx, func(q *db.Queries) error {
		if _, err := q.LockMinorOfInvite(ctx, token.Digest(plain)); notFoundRows(err) {
			return errBadInvite()
		} else if err != nil {
			return fmt.Errorf("lock invite's skater: %w", err)
		}
		row, err := q.UseGuardianInvite(ctx, db.UseGuardianInviteParams{UserID: &user, TokenSha256: token.Digest(plain)})
		if notFoundRows(err) {
			return errBadInvite()
		}
		if err != nil {
			return fmt.Errorf("use guardian invite: %w", err)
		}
		n, err := q.AddGuardian(ctx, db.AddGuardianParams{Skater: row.SkaterUuid, GuardianUserID: user, AddedBy: &user})
		if err != nil {
			return fmt.Errorf("link guardian: %w", err)
		}
		if n == 0 {
			// Rolled back: the invite stays usable for the person it was meant for.
			return &apperr.Error{Code: apperr.Conflict, ErrorText: "Conflict", Message: "Already a guardian of this skater"}
		}
		skater = row.SkaterUuid
		return nil
	})
	if err != nil {
		return uuid.Nil, err
	}
	s.audit.Audit(ctx, EventGuardianAdded, &user, "", map[string]any{"skater": skater.String()})
	return skater, nil
}

// PendingInvite is a guardian invite not yet used and not expired; its
// token is never shown again.
type PendingInvite struct {
	ID                   int64
	CreatedAt, ExpiresAt time.Time
	CreatedBy            string // the login of the guardian who created it
}

// ListGuardianInvites lists the pending invites of skater, which user must
// guard (404 otherwise, as for every skater the user may not act for).
func (s *Service) ListGuardianInvites(ctx context.Context, user int32, own, skater uuid.UUID) ([]PendingInvite, error) {
	rel, err := s.RelationTo(ctx, user, own, skater)
	if err != nil {
		return nil, err
	}
	if rel != Guardian {
		return nil, ErrSkaterNotFound()
	}
	rows, err := s.q.ListGuardianInvites(ctx, skater)
	if err != nil {
		return nil, fmt.Errorf("list guardian invites: %w", err)
	}
	out := make([]PendingInvite, 0, len(rows))
	for _, r := range rows {
		out = append(out, PendingInvite{ID: r.ID, CreatedAt: r.CreatedAt, ExpiresAt: r.ExpiresAt, CreatedBy: r.CreatedByLogin})
	}
	return out, nil
}

// ErrInviteNotFound answers for an invite that is not a pending invite of a
// skater the user guards, whether it exists or not.
func ErrInviteNotFound() *apperr.Error {
	return &apperr.Error{Code: apperr.NotFound, ErrorText: "Not found", Message: "Guardian invite not found"}
}

// RevokeGuardianInvite deletes an unused invite of a skater user guards; its
// token then fails acceptance exactly like an unknown one.
func (s *Service) RevokeGuardianInvite(ctx context.Context, user int32, id int64) error {
	skater, err := s.q.RevokeGuardianInvite(ctx, db.RevokeGuardianInviteParams{ID: id, UserID: user})
	if notFoundRows(err) {
		return ErrInviteNotFound()
	}
	if err != nil {
		return fmt.Errorf("revoke guardian invite: %w", err)
	}
	s.audit.Audit(ctx, EventGuardianInviteRevoked, &user, "", map[string]any{"skater": skater.String(), "invite_id": id})
	return nil
}
