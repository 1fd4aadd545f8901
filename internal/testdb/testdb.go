// Package testdb gives each test its own freshly migrated PostgreSQL database.
//
// One throwaway cluster is started per test binary (from the locally
// installed PostgreSQL binaries, as the `postgres` user when running as root)
// unless TEST_DATABASE_URL names an existing server to use instead. Databases
// are cloned from a migrated template by pgtestdb, so each costs a few
// milliseconds. Packages that use it call testdb.Main from TestMain so the
// cluster is stopped when the tests finish.
package testdb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx" used by pgtestdb
	"github.com/peterldowns/pgtestdb"

	"github.com/skatetrax/skatetrax-api/internal/migrate"
	"github.com/skatetrax/skatetrax-api/internal/pgcluster"
	sqlfiles "github.com/skatetrax/skatetrax-api/sql"
)

// server is the per-binary PostgreSQL server; tests in one binary share it.
var server struct {
	once    sync.Once
	conf    pgtestdb.Config
	cluster *pgcluster.Cluster
	dir     string
	err     error
}

// Main runs the tests and stops the throwaway cluster afterwards.
func Main(m *testing.M) {
	code := m.Run()
	if server.cluster != nil {
		_ = server.cluster.Stop()
		_ = os.RemoveAll(server.dir)
	}
	os.Exit(code)
}

func start() {
	if raw := os.Getenv("TEST_DATABASE_URL"); raw != "" {
		server.conf, server.err = configFromURL(raw)
		return
	}
	removeStale()
	dir, err := os.MkdirTemp("", "pgtest-")
	if err != nil {
		server.err = fmt.Errorf("create cluster dir: %w", err)
		return
	}
	server.dir = dir
	c, err := pgcluster.Start(context.Background(), pgcluster.Options{Dir: dir, Throwaway: true})
	if err != nil {
		server.err = err
		return
	}
	server.cluster = c
	server.conf, server.err = configFromURL(c.URL("postgres"))
}

// removeStale deletes cluster folders left by test binaries that were killed.
func removeStale() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "pgtest-*"))
	for _, d := range dirs {
		info, err := os.Stat(d)
		if err != nil || time.Since(info.ModTime()) < 30*time.Minute {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, "data", "postmaster.pid")); err == nil {
			continue // still running
		}
		_ = os.RemoveAll(d)
	}
}

func configFromURL(raw string) (pgtestdb.Config, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return pgtestdb.Config{}, fmt.Errorf("parse TEST_DATABASE_URL: %w", err)
	}
	pw, _ := u.User.Password()
	port := u.Port()
	if port == "" {
		port = "5432"
	}
	opts := u.Query()
	if opts.Get("sslmode") == "" {
		opts.Set("sslmode", "disable")
	}
	db := u.Path
	if len(db) > 0 && db[0] == '/' {
		db = db[1:]
	}
	if db == "" {
		db = "postgres"
	}
	return pgtestdb.Config{
		DriverName:                "pgx",
		Host:                      u.Hostname(),
		Port:                      port,
		User:                      u.User.Username(),
		Password:                  pw,
		Database:                  db,
		Options:                   opts.Encode(),
		ForceTerminateConnections: true,
	}, nil
}

func config(t testing.TB) pgtestdb.Config {
	t.Helper()
	server.once.Do(start)
	if server.err != nil {
		t.Fatalf("test database server: %v", server.err)
	}
	return server.conf
}

// migrator builds the template database with the production migrations.
type migrator struct{}

func (migrator) Hash() (string, error) {
	h := sha256.New()
	var names []string
	err := fs.WalkDir(sqlfiles.Migrations, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := fs.ReadFile(sqlfiles.Migrations, n)
		if err != nil {
			return "", err
		}
		h.Write([]byte(n))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func (migrator) Migrate(ctx context.Context, db *sql.DB, _ pgtestdb.Config) error {
	return migrate.Up(ctx, db)
}

func pool(t testing.TB, conf *pgtestdb.Config) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(conf.URL())
	if err != nil {
		t.Fatalf("parse test database URL: %v", err)
	}
	cfg.MaxConns = 8
	p, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatalf("connect to test database: %v", err)
	}
	// Registered after pgtestdb's cleanup, so it runs first: the pool is
	// closed before the database is dropped.
	t.Cleanup(p.Close)
	return p
}

// New returns a pool on a fresh, fully migrated database dropped after the test.
func New(t testing.TB) *pgxpool.Pool {
	t.Helper()
	p, _ := NewWithURL(t)
	return p
}

// NewWithURL is New that also returns the database URL (for code that opens
// its own connections).
func NewWithURL(t testing.TB) (*pgxpool.Pool, string) {
	t.Helper()
	conf := pgtestdb.Custom(t, config(t), migrator{})
	return pool(t, conf), conf.URL()
}

// NewEmpty returns a pool on a fresh database with no tables at all, and its URL.
func NewEmpty(t testing.TB) (*pgxpool.Pool, string) {
	t.Helper()
	conf := pgtestdb.Custom(t, config(t), pgtestdb.NoopMigrator{})
	return pool(t, conf), conf.URL()
}
