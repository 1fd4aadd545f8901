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

	"github.com/skatetrax/skatetrax-api/internal/pgcluster"
)

// cmdRun is `make run`: the configured database, or a private PostgreSQL
// kept under .localdb/ between runs; migrate; serve. Ctrl-C stops both.
func cmdRun(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	local := localDBFrom(getenv)
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", local.dir, "folder of the private PostgreSQL cluster")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	local.dir = *dir
	// With the private database and no FLASK_SECRET_KEY, the session secret
	// is kept beside the data, so that logins survive a restart.
	if probe, _, err := config.Load(getenv); err == nil && probe.DatabaseURL == "" && getenv("FLASK_SECRET_KEY") == "" {
		key, created, err := local.secret()
		if err != nil {
			return err
		}
		verb := "kept in"
		if created {
			verb = "created in"
		}
		fmt.Fprintf(stdout, "Session secret: %s %s (local only; sessions survive restarts).\n", verb, local.secretFile())
		getenv = withEnv(getenv, "FLASK_SECRET_KEY", key)
	}
	cfg, logger, err := loadConfig(getenv, stderr, true)
	if err != nil {
		return err
	}
	if getenv("SHUTDOWN_DELAY") == "" {
		cfg.ShutdownDelay = 0 // no load balancer in development: Ctrl-C stops at once
	}
	if cfg.DatabaseURL == "" {
		port := 0
		if p := getenv("LOCAL_DB_PORT"); p != "" {
			if port, err = strconv.Atoi(p); err != nil {
				return fmt.Errorf("LOCAL_DB_PORT: %q is not a port number", p)
			}
		}
		clusterDir := local.dir
		blocker, err := pgcluster.Blocker(clusterDir)
		if err != nil {
			return err
		}
		if blocker != "" {
			if clusterDir, err = local.fallbackClusterDir(); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "The postgres user cannot enter %s, so the private PostgreSQL lives in %s\n"+
				"(to keep it in %s instead, make %s searchable: chmod o+x %s).\n", blocker, clusterDir, local.dir, blocker, blocker)
		}
		logger.Info("no database configured: starting a private PostgreSQL", "dir", clusterDir)
		cluster, err := pgcluster.Start(ctx, pgcluster.Options{Dir: clusterDir, Port: port})
		if errors.Is(err, pgcluster.ErrNotInstalled) {
			return fmt.Errorf("%w (or set DATABASE_URL / PGDB_* to use an existing server)", err)
		}
		if err != nil {
			return fmt.Errorf("start local PostgreSQL: %w", err)
		}
		defer func() {
			local.removeURL()
			logger.Info("stopping the private PostgreSQL")
			if err := cluster.Stop(); err != nil {
				logger.Warn("stop local PostgreSQL", "err", err)
			}
		}()
		if err := cluster.EnsureDatabase(ctx, "skatetrax"); err != nil {
			return err
		}
		cfg.DatabaseURL = cluster.URL("skatetrax")
		if err := local.writeURL(cfg.DatabaseURL); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Local PostgreSQL: %s (recorded in %s for the other commands)\n", cfg.DatabaseURL, local.urlFile())
	}
	if err := migrateUp(ctx, cfg.DatabaseURL); err != nil {
		return err
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
	if err := offerInvite(ctx, pool, cfg, logger, stdout); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Skatetrax API on http://localhost:%d  (docs: http://localhost:%d/docs/)  Ctrl-C stops it.\n", cfg.Port, cfg.Port)
	return serveWith(ctx, cfg, logger, pool, tp)
}

// withEnv is getenv with one variable set.
func withEnv(getenv func(string) string, name, value string) func(string) string {
	return func(k string) string {
		if k == name {
			return value
		}
		return getenv(k)
	}
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
	svc := accountService(pool, cfg, logger)
	invites, err := svc.ListInvites(ctx)
	if err != nil {
		return err
	}
	for _, i := range invites {
		if !i.Revoked && i.Usable(time.Now()) {
			// Its token was printed once, when it was made; only its digest is stored.
			fmt.Fprintf(stdout, "No users yet. Invite %d is still unused (its token was printed when it was made).\n"+
				"Lost it? Make another: go run ./cmd/skatetrax invite create\n", i.ID)
			return nil
		}
	}
	plain, inv, err := svc.CreateInvite(ctx, accounts.NewInvite{MaxUses: 1, ExpiresIn: 7 * 24 * time.Hour})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "No users yet.")
	printInvite(stdout, cfg.Port, plain, inv)
	fmt.Fprintln(stdout, "More invites: go run ./cmd/skatetrax invite create --uses 5 --expires 168h")
	return nil
}
