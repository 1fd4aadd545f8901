package accounts

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

// SessionInfo describes one login session.
type SessionInfo struct {
	ID                               uuid.UUID
	CreatedAt, LastSeenAt, ExpiresAt time.Time
	UserAgent, IP                    string
}

// ListSessions lists the user's live sessions, newest first.
func (s *Service) ListSessions(ctx context.Context, userID int32, idle time.Duration) ([]SessionInfo, error) {
	rows, err := s.q.ListUserSessions(ctx, db.ListUserSessionsParams{UserID: userID, IdleSeconds: idle.Seconds()})
	if err != nil {
		return nil, wrap("list sessions", err)
	}
	out := make([]SessionInfo, 0, len(rows))
	for _, r := range rows {
		out = append(out, SessionInfo{ID: r.PublicID, CreatedAt: r.CreatedAt.UTC(), LastSeenAt: r.LastSeenAt.UTC(),
			ExpiresAt: r.ExpiresAt.UTC(), UserAgent: r.UserAgent, IP: r.Ip})
	}
	return out, nil
}

// EndSession ends one of the user's sessions; another user's id is not found.
func (s *Service) EndSession(ctx context.Context, userID int32, id uuid.UUID) error {
	n, err := s.q.DeleteUserSessionByPublicID(ctx, db.DeleteUserSessionByPublicIDParams{UserID: userID, PublicID: id})
	if err != nil {
		return wrap("end session", err)
	}
	if n == 0 {
		return &apperr.Error{Code: apperr.NotFound, Message: "No such session", ErrorText: "Not found"}
	}
	s.Audit(ctx, EventSessionRevoked, &userID, "", map[string]any{"session": id.String()})
	return nil
}

// EndAllSessions ends every session of the user.
func (s *Service) EndAllSessions(ctx context.Context, userID int32) error {
	n, err := s.q.DeleteUserSessions(ctx, userID)
	if err != nil {
		return wrap("end sessions", err)
	}
	s.Audit(ctx, EventLogoutAll, &userID, "", map[string]any{"sessions_ended": n})
	return nil
}

// AuditFilter narrows the audit listing.
type AuditFilter struct {
	Limit  int32
	Before *int64
	UserID *int32
	Event  *string
}

// ListAudit lists audit events, newest first.
func (s *Service) ListAudit(ctx context.Context, f AuditFilter) ([]db.ListAuditRow, error) {
	rows, err := s.q.ListAudit(ctx, db.ListAuditParams{Before: f.Before, UserID: f.UserID, Event: f.Event, MaxRows: f.Limit})
	return rows, wrap("list audit", err)
}
