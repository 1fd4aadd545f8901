package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"

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
	pool, err := openPool(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := migrateUp(ctx, pool); err != nil {
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
