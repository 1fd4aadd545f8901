// Package accounts holds the account rules: invite-only registration,
// login, password change and reset, onboarding, invites and the audit trail.
// It knows nothing of HTTP: it returns *apperr.Error values carrying the
// original service's messages.
package accounts

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/ratelimit"
	"github.com/skatetrax/skatetrax-api/internal/reqinfo"
)

// Limits are the attempt limits per window.
type Limits struct {
	Window          time.Duration
	LoginPerAccount int
	LoginPerIP      int
	RegisterPerIP   int
	TokenCheckPerIP int
	ResetPer        int
	// HashConcurrency caps password hashes running at once (0: one per CPU).
	HashConcurrency int
}

// Service implements the account operations.
type Service struct {
	pool    *pgxpool.Pool
	q       *db.Queries
	limiter *ratelimit.Limiter
	limits  Limits
	resets  *ResetMailer // nil when mail is not configured
	hasher  hasher
	logger  *slog.Logger
	// refusals aggregates rate-limited refusals in the audit trail.
	refusals *refusals
	// onRefused, when set, counts refusals by bucket family (metrics).
	onRefused func(kind string, n int64)
}

// New builds the service. resets may be nil (password reset then answers 503).
func New(pool *pgxpool.Pool, limiter *ratelimit.Limiter, limits Limits, resets *ResetMailer, logger *slog.Logger) *Service {
	return &Service{pool: pool, q: db.New(pool), limiter: limiter, limits: limits, resets: resets, hasher: newHasher(limits.HashConcurrency), logger: logger,
		refusals: newRefusals()}
}

// Observe reports password-hash queue waits and rate-limit refusals (by
// bucket family) to the given functions (metrics). Call it before serving.
func (s *Service) Observe(hashWait func(time.Duration), refused func(kind string, n int64)) {
	s.hasher.onWait.Store(&hashWait)
	s.onRefused = refused
}

// HashQueue is how many requests wait for a password-hash slot.
func (s *Service) HashQueue() int64 { return s.hasher.waiting.Load() }

// Event names in the audit trail.
const (
	EventLoginSuccess    = "login_success"
	EventLoginFailure    = "login_failure"
	EventRegister        = "register"
	EventInviteUsed      = "invite_used"
	EventPasswordChanged = "password_changed"
	EventResetRequested  = "password_reset_requested"
	EventPasswordReset   = "password_reset"
	EventLogout          = "logout"
	EventLogoutAll       = "logout_all"
	EventSessionRevoked  = "session_revoked"
	EventInviteCreated   = "invite_created"
	EventInviteRevoked   = "invite_revoked"
	EventRateLimited     = "rate_limited"
)

// Audit records an auth event. It never fails the request: a lost audit row
// is logged instead.
func (s *Service) Audit(ctx context.Context, event string, userID *int32, login string, detail map[string]any) {
	s.audit(ctx, s.q, event, userID, login, detail)
}

func (s *Service) audit(ctx context.Context, q *db.Queries, event string, userID *int32, login string, detail map[string]any) {
	info := reqinfo.From(ctx)
	raw := []byte("{}")
	if len(detail) > 0 {
		if b, err := json.Marshal(detail); err == nil {
			raw = b
		}
	}
	if len(login) > 200 {
		login = login[:200]
	}
	err := q.InsertAudit(ctx, db.InsertAuditParams{
		Event: event, UserID: userID, Login: login, Ip: info.IP, UserAgent: info.UserAgent, Detail: raw,
	})
	if err != nil {
		s.logger.ErrorContext(ctx, "write audit event", "event", event, "err", err)
	}
}

// limit counts a hit and refuses with 429 when over the rule.
func (s *Service) limit(ctx context.Context, bucket string, max int) error {
	d, err := s.limiter.Hit(ctx, bucket, s.rule(max))
	if err != nil {
		return err
	}
	if !d.Allowed {
		s.refused(ctx, bucket, "")
		return tooMany(d.RetryAfter)
	}
	return nil
}

func tooMany(retry time.Duration) *apperr.Error {
	return &apperr.Error{Code: apperr.RateLimited, ErrorText: "Too many requests",
		Message: "Too many attempts. Try again later.", RetryAfter: int(retry / time.Second)}
}

func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := apperr.As(err); ok {
		return err
	}
	return fmt.Errorf("%s: %w", op, err)
}
