package family

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/mail"
	"github.com/skatetrax/skatetrax-api/internal/ratelimit"
)

// Audit event names.
const (
	EventSwitched              = "active_skater_switched"
	EventMinorCreated          = "minor_created"
	EventGuardianInviteCreated = "guardian_invite_created"
	EventGuardianInviteRevoked = "guardian_invite_revoked"
	EventGuardianAdded         = "guardian_added"
	EventCoachGranted          = "coach_access_granted"
	EventCoachRevoked          = "coach_access_revoked"
	EventActedFor              = "acted_for_skater"
)

// Auditor writes the audit trail (accounts.Service does).
type Auditor interface {
	Audit(ctx context.Context, event string, userID *int32, login string, detail map[string]any)
}

// Options configure the service.
type Options struct {
	// Mail queues the coach notification; nil when mail is not configured.
	Mail *mail.Queue
	// Limiter and TokenRule limit guardian-invite attempts per client.
	Limiter   *ratelimit.Limiter
	TokenRule ratelimit.Rule
	// CoachLookupRule limits coach lookups (grantCoachAccess) per user and,
	// separately, per client, so logins and addresses cannot be enumerated.
	CoachLookupRule ratelimit.Rule
	// InviteTTL is how long a guardian invite lasts (default 7 days).
	InviteTTL time.Duration
	// Now is the clock (default time.Now).
	Now    func() time.Time
	Logger *slog.Logger
}

// Service implements the family and coach operations.
type Service struct {
	pool  *pgxpool.Pool
	q     *db.Queries
	audit Auditor
	o     Options
}

// New builds the service.
func New(pool *pgxpool.Pool, audit Auditor, o Options) *Service {
	if o.InviteTTL <= 0 {
		o.InviteTTL = 7 * 24 * time.Hour
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{pool: pool, q: db.New(pool), audit: audit, o: o}
}

func (s *Service) inTx(ctx context.Context, fn func(q *db.Queries) error) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return fn(s.q.WithTx(tx)) })
}

// ErrSkaterNotFound is the answer for any skater the user may not act for:
// the same whether it exists or not.
func ErrSkaterNotFound() *apperr.Error {
	return &apperr.Error{Code: apperr.NotFound, ErrorText: "Not found", Message: "Skater not found"}
}

// ErrReadOnly refuses a write of a read-only (coach) session.
func ErrReadOnly() *apperr.Error {
	return &apperr.Error{Code: apperr.Forbidden, ErrorText: "Forbidden", Message: "read-only access to this skater"}
}

// RelationTo tells how user (whose own skater is own) may act for skater;
// ErrSkaterNotFound when not at all.
func (s *Service) RelationTo(ctx context.Context, user int32, own, skater uuid.UUID) (Relation, error) {
	if skater == own {
		return Self, nil
	}
	r, err := s.q.SkaterRelation(ctx, db.SkaterRelationParams{UserID: user, Skater: skater})
	if err != nil {
		return "", fmt.Errorf("skater relation: %w", err)
	}
	switch rel := Relation(r); rel {
	case Guardian, Coach:
		return rel, nil
	}
	return "", ErrSkaterNotFound()
}

// Switch makes the session (named by its stored digest) act for skater,
// after checking the user may; switching to the user's own skater clears the
// choice. The choice is only a preference: every request checks it again.
func (s *Service) Switch(ctx context.Context, a Acting, sessionDigest []byte, skater uuid.UUID) (Acting, error) {
	rel, err := s.RelationTo(ctx, a.User, a.Own, skater)
	if err != nil {
		return Acting{}, err
	}
	var active *uuid.UUID
	if rel != Self {
		active = &skater
	}
	n, err := s.q.SetSessionActiveSkater(ctx, db.SetSessionActiveSkaterParams{IDSha256: sessionDigest, ActiveSkater: active})
	if err != nil {
		return Acting{}, fmt.Errorf("store active skater: %w", err)
	}
	if n == 0 {
		return Acting{}, apperr.ErrAuthRequired() // the session ended meanwhile
	}
	s.audit.Audit(ctx, EventSwitched, &a.User, "", map[string]any{
		"from_skater": a.Skater.String(), "skater": skater.String(), "relation": string(rel),
	})
	return Acting{User: a.User, Own: a.Own, Skater: skater, Relation: rel}, nil
}

// AuditActedFor records a write made on a skater's behalf with both
// identities: the user in user_id, the skater in the detail.
func (s *Service) AuditActedFor(ctx context.Context, a Acting, operation string, failed bool) {
	s.audit.Audit(ctx, EventActedFor, &a.User, "", map[string]any{
		"skater": a.Skater.String(), "relation": string(a.Relation), "operation": operation, "failed": failed,
	})
}

func notFoundRows(err error) bool { return errors.Is(err, pgx.ErrNoRows) }
