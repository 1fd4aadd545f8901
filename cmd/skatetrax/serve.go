package main

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

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
	pool, err := openServing(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	return serveWith(ctx, cfg, logger, pool)
}

func serveWith(ctx context.Context, cfg config.Config, logger *slog.Logger, pool *pgxpool.Pool) error {
	a, err := app.Build(ctx, cfg, logger, pool, buildVersion())
	if err != nil {
		return err
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
