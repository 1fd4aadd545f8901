package main

import (
	"context"
	"io"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/skatetrax/skatetrax-api/internal/config"
	"github.com/skatetrax/skatetrax-api/internal/database"
	"github.com/skatetrax/skatetrax-api/internal/migrate"
)

func migrateUp(ctx context.Context, pool *pgxpool.Pool) error {
	sqlDB := stdlib.OpenDBFromPool(pool)
	defer sqlDB.Close()
	return migrate.Up(ctx, sqlDB)
}

// openConfigured loads the configuration and opens the configured database
// (commands that cannot work without one).
func openConfigured(ctx context.Context, getenv func(string) string, stderr io.Writer) (config.Config, *slog.Logger, *pgxpool.Pool, error) {
	cfg, logger, err := loadConfig(getenv, stderr)
	if err != nil {
		return cfg, logger, nil, err
	}
	if cfg.DatabaseURL == "" {
		return cfg, logger, nil, config.ErrNoDatabase
	}
	pool, err := database.Open(ctx, cfg.DatabaseURL)
	return cfg, logger, pool, err
}
