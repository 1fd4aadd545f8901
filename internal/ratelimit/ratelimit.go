// Package ratelimit counts attempts in fixed windows stored in PostgreSQL,
// so every server process sharing the database enforces the same limits.
package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/gen/db"
)

// Limiter checks and counts attempts.
type Limiter struct {
	q *db.Queries
}

// New builds a limiter.
func New(q *db.Queries) *Limiter { return &Limiter{q: q} }

// Rule is a limit: at most Max hits per Window.
type Rule struct {
	Max    int
	Window time.Duration
}

// Decision is the outcome of a check.
type Decision struct {
	Allowed    bool
	RetryAfter time.Duration
}

// Hit counts one attempt in bucket and reports whether it is within the rule.
func (l *Limiter) Hit(ctx context.Context, bucket string, r Rule) (Decision, error) {
	row, err := l.q.HitRateLimit(ctx, db.HitRateLimitParams{Bucket: bucket, WindowSeconds: r.Window.Seconds()})
	if err != nil {
		return Decision{}, fmt.Errorf("rate limit %s: %w", bucket, err)
	}
	return decide(int(row.Hits), row.RetryAfterSeconds, r, false), nil
}

// Release gives back one hit that Hit reserved in the current window, for an
// attempt that in the end does not count (a successful login, or one that
// never reached the password check). A window that has rolled over since is
// left alone.
func (l *Limiter) Release(ctx context.Context, bucket string, r Rule) error {
	if err := l.q.ReleaseRateLimit(ctx, db.ReleaseRateLimitParams{Bucket: bucket, WindowSeconds: r.Window.Seconds()}); err != nil {
		return fmt.Errorf("release rate limit %s: %w", bucket, err)
	}
	return nil
}

// Check reports whether bucket is already over the rule, without counting.
func (l *Limiter) Check(ctx context.Context, bucket string, r Rule) (Decision, error) {
	row, err := l.q.PeekRateLimit(ctx, db.PeekRateLimitParams{Bucket: bucket, WindowSeconds: r.Window.Seconds()})
	if errors.Is(err, pgx.ErrNoRows) {
		return Decision{Allowed: true}, nil
	}
	if err != nil {
		return Decision{}, fmt.Errorf("rate limit %s: %w", bucket, err)
	}
	return decide(int(row.Hits), row.RetryAfterSeconds, r, true), nil
}

func decide(hits int, retrySeconds float64, r Rule, peek bool) Decision {
	over := hits > r.Max
	if peek {
		over = hits >= r.Max
	}
	if !over {
		return Decision{Allowed: true}
	}
	retry := time.Duration(math.Ceil(retrySeconds)) * time.Second
	if retry < time.Second {
		retry = time.Second
	}
	return Decision{Allowed: false, RetryAfter: retry}
}

// Sweep deletes counters whose window ended long ago.
func (l *Limiter) Sweep(ctx context.Context, olderThan time.Duration) (int64, error) {
	return l.q.DeleteStaleRateLimits(ctx, olderThan.Seconds())
}
