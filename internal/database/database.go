// Package database opens the PostgreSQL connection pool the service uses.
package database

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Options tune the pool of a serving process. The zero value suits the
// command-line tools and migrations (no statement timeout).
type Options struct {
	// MaxConns caps the pool (0 = 20). N replicas open up to N×MaxConns
	// connections: keep that under the server's max_connections.
	MaxConns int32
	// StatementTimeout is PostgreSQL's statement_timeout on every
	// connection (0 = none): the server itself abandons a statement whose
	// client is gone or partitioned away, instead of holding its locks.
	StatementTimeout time.Duration
	// Tracer traces every query (nil: none).
	Tracer pgx.QueryTracer
}

// Open creates a pool. It connects lazily: the server starts even while the
// database is down, reports it on /readyz, and recovers by itself when the
// database comes back.
func Open(ctx context.Context, url string, opts ...Options) (*pgxpool.Pool, error) {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse database URL: %w", err)
	}
	cfg.MaxConns = 20
	if o.MaxConns > 0 {
		cfg.MaxConns = o.MaxConns
	}
	cfg.MinConns = 0
	cfg.MaxConnIdleTime = 5 * time.Minute
	cfg.MaxConnLifetime = time.Hour
	cfg.HealthCheckPeriod = 15 * time.Second
	cfg.ConnConfig.ConnectTimeout = 3 * time.Second
	// Timestamps without time zone hold UTC; pin the session zone so reads
	// and writes never depend on the server's default.
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	cfg.ConnConfig.RuntimeParams["application_name"] = "skatetrax-api"
	if o.StatementTimeout > 0 {
		cfg.ConnConfig.RuntimeParams["statement_timeout"] = fmt.Sprintf("%dms", o.StatementTimeout.Milliseconds())
	}
	if o.Tracer != nil {
		cfg.ConnConfig.Tracer = o.Tracer
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("create database pool: %w", err)
	}
	return pool, nil
}
