package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/skatetrax/skatetrax-api/internal/accounts"
	"github.com/skatetrax/skatetrax-api/internal/config"
	"github.com/skatetrax/skatetrax-api/internal/database"

	"github.com/skatetrax/skatetrax-api/internal/pgcluster"
)

// cmdRun is `make run`: the configured database, or a private PostgreSQL
// kept under .localdb/ between runs; migrate; serve. Ctrl-C stops both.
func cmdRun(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", envOr(getenv, "LOCAL_DB_DIR", ".localdb"), "folder of the private PostgreSQL cluster")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	cfg, logger, err := loadConfig(getenv, stderr)
	if err != nil {
		return err
	}
	if cfg.DatabaseURL == "" {
		port := 0
		if p := getenv("LOCAL_DB_PORT"); p != "" {
			if port, err = strconv.Atoi(p); err != nil {
				return fmt.Errorf("LOCAL_DB_PORT: %q is not a port number", p)
			}
		}
		logger.Info("no database configured: starting a private PostgreSQL", "dir", *dir)
		cluster, err := pgcluster.Start(ctx, pgcluster.Options{Dir: *dir, Port: port})
		if errors.Is(err, pgcluster.ErrNotInstalled) {
			return fmt.Errorf("%w (or set DATABASE_URL / PGDB_* to use an existing server)", err)
		}
		if err != nil {
			return fmt.Errorf("start local PostgreSQL: %w", err)
		}
		defer func() {
			logger.Info("stopping the private PostgreSQL")
			if err := cluster.Stop(); err != nil {
				logger.Warn("stop local PostgreSQL", "err", err)
			}
		}()
		if err := cluster.EnsureDatabase(ctx, "skatetrax"); err != nil {
			return err
		}
		cfg.DatabaseURL = cluster.URL("skatetrax")
		fmt.Fprintf(stdout, "Local PostgreSQL: %s\n", cfg.DatabaseURL)
	}
	pool, err := database.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := migrateUp(ctx, pool); err != nil {
		return err
	}
	if err := offerInvite(ctx, pool, cfg, logger, stdout); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Skatetrax API on http://localhost:%d  (docs: http://localhost:%d/docs/)\n", cfg.Port, cfg.Port)
	return serveWith(ctx, cfg, logger, pool)
}

func envOr(getenv func(string) string, name, def string) string {
	if v := getenv(name); v != "" {
		return v
	}
	return def
}

// offerInvite prints a ready-to-use invite when the database has no users
// yet, so a newcomer can register at once.
func offerInvite(ctx context.Context, pool *pgxpool.Pool, cfg config.Config, logger *slog.Logger, stdout io.Writer) error {
	var users int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM "uAuthTable"`).Scan(&users); err != nil {
		return fmt.Errorf("count users: %w", err)
	}
	if users > 0 {
		fmt.Fprintln(stdout, "Need an invite? go run ./cmd/skatetrax invite create")
		return nil
	}
	plain, inv, err := accountService(pool, cfg, logger).CreateInvite(ctx, accounts.NewInvite{MaxUses: 1, ExpiresIn: 7 * 24 * time.Hour})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "No users yet.")
	printInvite(stdout, cfg.Port, plain, inv)
	fmt.Fprintln(stdout, "More invites: go run ./cmd/skatetrax invite create --uses 5 --expires 168h")
	return nil
}
