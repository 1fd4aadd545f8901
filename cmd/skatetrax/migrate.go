package main

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/jackc/pgx/v5/stdlib"

	"github.com/skatetrax/skatetrax-api/internal/migrate"
)

// cmdMigrate applies, lists or rolls back the embedded migrations. Pointed at
// a database the original service created, `up` adopts it without changing rows.
func cmdMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	_, logger, pool, err := openConfigured(ctx, getenv, stderr, false)
	if err != nil {
		return err
	}
	defer pool.Close()
	sqlDB := stdlib.OpenDBFromPool(pool)
	defer sqlDB.Close()

	action := "up"
	if len(args) > 0 {
		action = args[0]
	}
	switch action {
	case "up":
		if err := migrate.Up(ctx, sqlDB); err != nil {
			return err
		}
		logger.Info("database migrated")
		return nil
	case "status":
		list, err := migrate.List(ctx, sqlDB)
		if err != nil {
			return err
		}
		for _, m := range list {
			state := "pending"
			if m.Applied {
				state = "applied"
			}
			fmt.Fprintf(stdout, "%05d  %-8s %s\n", m.Version, state, m.Name)
		}
		return nil
	case "down-to":
		if len(args) != 2 {
			return errUsage
		}
		v, err := strconv.ParseInt(args[1], 10, 64)
		if err != nil || v < 0 {
			return fmt.Errorf("down-to: %q is not a migration version", args[1])
		}
		return migrate.DownTo(ctx, sqlDB, v)
	}
	return errUsage
}
