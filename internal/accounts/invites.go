package accounts

import (
	"context"
	"time"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/auth/token"
)

// Invite describes an invite (its token is never stored, so never listed).
type Invite struct {
	ID        int32
	CreatedAt *time.Time
	ExpiresAt *time.Time
	MaxUses   int32
	UseCount  int32
	Revoked   bool
	Note      *string
	CreatedBy *int32
}

// Usable reports whether the invite admits another registration at now.
func (i Invite) Usable(now time.Time) bool {
	return !i.Revoked && (i.MaxUses <= 0 || i.UseCount < i.MaxUses) && (i.ExpiresAt == nil || !now.After(*i.ExpiresAt))
}

// NewInvite is what to create.
type NewInvite struct {
	MaxUses   int32
	ExpiresIn time.Duration // 0: never expires
	Note      *string
	CreatedBy *int32
}

// CreateInvite stores a new invite and returns its token (shown only once).
func (s *Service) CreateInvite(ctx context.Context, in NewInvite) (string, Invite, error) {
	plain, digest, err := token.New()
	if err != nil {
		return "", Invite{}, err
	}
	var expires *time.Time
	if in.ExpiresIn > 0 {
		t := time.Now().UTC().Add(in.ExpiresIn)
		expires = &t
	}
	row, err := s.q.CreateInvite(ctx, db.CreateInviteParams{
		Digest: digest, CreatedBy: in.CreatedBy, ExpiresAt: expires, MaxUses: in.MaxUses, Note: in.Note,
	})
	if err != nil {
		return "", Invite{}, wrap("create invite", err)
	}
	s.Audit(ctx, EventInviteCreated, in.CreatedBy, "", map[string]any{"invite_id": row.ID, "max_uses": in.MaxUses})
	return plain, Invite{ID: row.ID, CreatedAt: utc(row.CreatedAt), ExpiresAt: utc(row.ExpiresAt), MaxUses: row.MaxUses,
		UseCount: row.UseCount, Revoked: row.RevokedAt != nil, Note: row.Note, CreatedBy: row.CreatedBy}, nil
}

// ListInvites lists every invite, newest first.
func (s *Service) ListInvites(ctx context.Context) ([]Invite, error) {
	rows, err := s.q.ListInvites(ctx)
	if err != nil {
		return nil, wrap("list invites", err)
	}
	out := make([]Invite, 0, len(rows))
	for _, r := range rows {
		out = append(out, Invite{ID: r.ID, CreatedAt: utc(r.CreatedAt), ExpiresAt: utc(r.ExpiresAt), MaxUses: r.MaxUses,
			UseCount: r.UseCount, Revoked: r.RevokedAt != nil, Note: r.Note, CreatedBy: r.CreatedBy})
	}
	return out, nil
}

// RevokeInvite stops an invite from working.
func (s *Service) RevokeInvite(ctx context.Context, id int32, by *int32) error {
	n, err := s.q.RevokeInvite(ctx, id)
	if err != nil {
		return wrap("revoke invite", err)
	}
	if n == 0 {
		exists, err := s.q.InviteExists(ctx, id)
		if err != nil {
			return wrap("revoke invite", err)
		}
		if !exists {
			return &apperr.Error{Code: apperr.NotFound, Message: "No such invite", ErrorText: "Not found"}
		}
	}
	s.Audit(ctx, EventInviteRevoked, by, "", map[string]any{"invite_id": id})
	return nil
}

// IsAdmin reports whether the user has the admin role.
func (s *Service) IsAdmin(ctx context.Context, userID int32) (bool, error) {
	ok, err := s.q.UserHasRole(ctx, db.UserHasRoleParams{UserID: userID, Role: "admin"})
	return ok, wrap("check role", err)
}

// utc reads a naive timestamp column (stored as UTC).
func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	return &u
}

// HasRole reports whether the user holds role (the account pages show a
// guardian's and a coach's sections by it).
func (s *Service) HasRole(ctx context.Context, userID int32, role string) (bool, error) {
	ok, err := s.q.UserHasRole(ctx, db.UserHasRoleParams{UserID: userID, Role: role})
	return ok, wrap("check role", err)
}
