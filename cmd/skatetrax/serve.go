package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"go.opentelemetry.io/otel/trace"

	"github.com/skatetrax/skatetrax-api/internal/app"
	"github.com/skatetrax/skatetrax-api/internal/config"
	"github.com/skatetrax/skatetrax-api/internal/server"
)

// loadConfig loads and checks the environment and logs its warnings; a
// command that never serves (sessions false) skips the session-key warning,
// which does not concern it.
func loadConfig(getenv func(string) string, stderr io.Writer, sessions bool) (config.Config, *slog.Logger, error) {
	cfg, warns, err := config.Load(getenv)
	logger := newLogger(stderr, cfg.LogFormat, cfg.LogLevel)
	if err != nil {
		return cfg, logger, err
	}
	for _, w := range warns {
		if !sessions && strings.HasPrefix(w, "FLASK_SECRET_KEY is not set") {
			continue
		}
		logger.Warn(w)
	}
	return cfg, logger, nil
}

func cmdServe(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	doMigrate := fs.Bool("migrate", false, "apply pending migrations before serving (also MIGRATE_ON_START=true)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	// openConfigured resolves the database (make run's private one when none
	// is configured) and checks that it answers; serving uses a pool of its own.
	cfg, logger, probe, err := openConfigured(ctx, getenv, stderr, true)
	if err != nil {
		return err
	}
	probe.Close()
	if *doMigrate || cfg.AutoMigrate {
		if err := migrateUp(ctx, cfg.DatabaseURL); err != nil {
			return err
		}
		logger.Info("database migrated")
	}
	tp, stopTracing, err := startTracing(ctx, getenv, logger)
	if err != nil {
		return err
	}
	defer stopTracing()
	pool, err := openServing(ctx, cfg, tp)
	if err != nil {
		return err
	}
	defer pool.Close()
	return serveWith(ctx, cfg, logger, pool, tp)
}

func serveWith(ctx context.Context, cfg config.Config, logger *slog.Logger, pool *pgxpool.Pool, tp trace.TracerProvider) error {
	if cfg.MemoryLimit > 0 && !cfg.GoMemLimitSet {
		// A soft limit: the garbage collector works harder near it instead
		// of letting a login burst's hash buffers grow the heap for good.
		debug.SetMemoryLimit(cfg.MemoryLimit)
		logger.Info("memory limit", "bytes", cfg.MemoryLimit)
	}
	a, err := app.Build(ctx, cfg, logger, pool, buildVersion(), app.Options{TracerProvider: tp})
	if err != nil {
		return err
	}
	if cfg.MetricsAddress != "" {
		stop, err := serveMetrics(logger, cfg.MetricsAddress, a.Metrics)
		if err != nil {
			return err
		}
		defer stop()
	}
	wctx, stopWorkers := context.WithCancel(context.WithoutCancel(ctx))
	a.Start(wctx)
	err = server.Serve(ctx, logger, server.ServeOptions{
		Addr: cfg.ListenAddr(), Handler: a.Handler, Readiness: a.Readiness,
		DrainDelay: cfg.ShutdownDelay, DrainTimeout: cfg.ShutdownWait,
	})
	stopWorkers() // after the last request: the mail queue drains what was accepted
	a.Wait()
	return err
}

// serveMetrics serves /metrics on its own address (METRICS_ADDRESS), so it
// can stay on a private interface; stop closes it.
func serveMetrics(logger *slog.Logger, addr string, h http.Handler) (stop func(), err error) {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", h)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen for metrics on %s: %w", addr, err)
	}
	logger.Info("metrics listening", "addr", ln.Addr().String())
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("metrics listener", "err", err)
		}
	}()
	return func() { _ = srv.Close() }, nil
}
