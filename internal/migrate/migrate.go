// Package migrate applies the embedded goose migrations. It adopts a database
// created by the original Python service: the baseline migration is written to
// be idempotent against the original's tables, so goose can take it over
// without touching a row.
package migrate

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	sqlfiles "github.com/skatetrax/skatetrax-api/sql"
)

func provider(db *sql.DB) (*goose.Provider, error) {
	sub, err := fs.Sub(sqlfiles.Migrations, "migrations")
	if err != nil {
		return nil, fmt.Errorf("open embedded migrations: %w", err)
	}
	// The session locker takes a PostgreSQL advisory lock, so several server
	// processes starting together migrate once.
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return nil, fmt.Errorf("create migration lock: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub,
		goose.WithSessionLocker(locker),
		goose.WithDisableGlobalRegistry(true),
	)
	if err != nil {
		return nil, fmt.Errorf("create migration provider: %w", err)
	}
	return p, nil
}

// Up applies every pending migration.
func Up(ctx context.Context, db *sql.DB) error {
	p, err := provider(db)
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate up: %w", err)
	}
	return nil
}

// DownTo rolls back migrations until version is the newest applied one.
func DownTo(ctx context.Context, db *sql.DB, version int64) error {
	p, err := provider(db)
	if err != nil {
		return err
	}
	if _, err := p.DownTo(ctx, version); err != nil {
		return fmt.Errorf("migrate down to %d: %w", version, err)
	}
	return nil
}

// Status describes one migration and whether it is applied.
type Status struct {
	Version int64
	Name    string
	Applied bool
}

// List reports every known migration and its state.
func List(ctx context.Context, db *sql.DB) ([]Status, error) {
	p, err := provider(db)
	if err != nil {
		return nil, err
	}
	res, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("migration status: %w", err)
	}
	out := make([]Status, 0, len(res))
	for _, r := range res {
		out = append(out, Status{Version: r.Source.Version, Name: r.Source.Path, Applied: r.State == goose.StateApplied})
	}
	return out, nil
}

// Pending reports whether migrations are waiting to be applied.
func Pending(ctx context.Context, db *sql.DB) (bool, error) {
	p, err := provider(db)
	if err != nil {
		return false, err
	}
	ok, err := p.HasPending(ctx)
	if err != nil {
		return false, fmt.Errorf("check pending migrations: %w", err)
	}
	return ok, nil
}
