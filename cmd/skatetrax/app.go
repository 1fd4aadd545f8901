package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"go.opentelemetry.io/otel/trace"

	"github.com/skatetrax/skatetrax-api/internal/config"
	"github.com/skatetrax/skatetrax-api/internal/database"
	"github.com/skatetrax/skatetrax-api/internal/migrate"
	"github.com/skatetrax/skatetrax-api/internal/tracing"
)

// migrateUp applies pending migrations over a pool of its own: the serving
// pool's statement_timeout would cut a long index build short.
func migrateUp(ctx context.Context, url string) error {
	pool, err := database.Open(ctx, url)
	if err != nil {
		return err
	}
	defer pool.Close()
	sqlDB := stdlib.OpenDBFromPool(pool)
	defer sqlDB.Close()
	return migrate.Up(ctx, sqlDB)
}

// openServing opens the pool a serving process uses: its size and
// statement_timeout come from the configuration.
func openServing(ctx context.Context, cfg config.Config, tp trace.TracerProvider) (*pgxpool.Pool, error) {
	return database.Open(ctx, cfg.DatabaseURL, database.Options{
		MaxConns: int32(cfg.DBMaxConns), StatementTimeout: cfg.Deadlines.Statement, Tracer: tracing.NewQueryTracer(tp),
	})
}

// startTracing sets up tracing (OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is
// set); stop flushes what is buffered.
func startTracing(ctx context.Context, getenv func(string) string, logger *slog.Logger) (trace.TracerProvider, func(), error) {
	tp, shutdown, err := tracing.Setup(ctx, getenv, buildVersion())
	if err != nil {
		return nil, nil, err
	}
	return tp, func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := shutdown(sctx); err != nil {
			logger.Warn("flush traces", "err", err)
		}
	}, nil
}

// openConfigured loads the configuration and opens the configured database
// (commands that cannot work without one). With none configured it uses the
// private database that `make run` is serving (its URL is in .localdb/).
func openConfigured(ctx context.Context, getenv func(string) string, stderr io.Writer, sessions bool) (config.Config, *slog.Logger, *pgxpool.Pool, error) {
	cfg, logger, err := loadConfig(getenv, stderr, sessions)
	if err != nil {
		return cfg, logger, nil, err
	}
	local := false
	if cfg.DatabaseURL == "" {
		l := localDBFrom(getenv)
		url, ok, err := l.readURL()
		if err != nil {
			return cfg, logger, nil, err
		}
		if !ok {
			return cfg, logger, nil, fmt.Errorf("%w, or start `make run` (its private database is then used)", config.ErrNoDatabase)
		}
		fmt.Fprintf(stderr, "Using the private database of `make run` (%s).\n", l.urlFile())
		cfg.DatabaseURL, local = url, true
	}
	pool, err := database.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return cfg, logger, nil, err
	}
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := pool.Ping(pctx); err != nil {
		pool.Close()
		if local {
			return cfg, logger, nil, fmt.Errorf("the private database of `make run` does not answer; is `make run` still running? (%w)", err)
		}
		return cfg, logger, nil, fmt.Errorf("connect to the database: %w", err)
	}
	return cfg, logger, pool, nil
}
