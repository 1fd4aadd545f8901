package main

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// localDB is what `make run` keeps in .localdb/ (LOCAL_DB_DIR) beside its
// private PostgreSQL: the running cluster's connection URL, so that the other
// commands (`invite create`, `migrate status`, …) reach the same database
// while it serves, and the session secret, so that logins survive a restart.
type localDB struct{ dir string }

func localDBFrom(getenv func(string) string) localDB {
	return localDB{dir: envOr(getenv, "LOCAL_DB_DIR", ".localdb")}
}

func (l localDB) urlFile() string    { return filepath.Join(l.dir, "database_url") }
func (l localDB) secretFile() string { return filepath.Join(l.dir, "secret_key") }

// writeURL records the URL of the cluster that is serving now.
func (l localDB) writeURL(url string) error {
	if err := os.MkdirAll(l.dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", l.dir, err)
	}
	if err := os.WriteFile(l.urlFile(), []byte(url+"\n"), 0o600); err != nil {
		return fmt.Errorf("record the local database URL: %w", err)
	}
	return nil
}

// removeURL forgets the URL when the cluster stops.
func (l localDB) removeURL() { _ = os.Remove(l.urlFile()) }

// readURL returns the URL of the private cluster while `make run` serves it.
func (l localDB) readURL() (string, bool, error) {
	b, err := os.ReadFile(l.urlFile())
	if errors.Is(err, os.ErrNotExist) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read %s: %w", l.urlFile(), err)
	}
	url := strings.TrimSpace(string(b))
	return url, url != "", nil
}

// secret returns the local session secret, creating it (64 hex characters,
// readable by the owner only) on first use.
func (l localDB) secret() (key string, created bool, err error) {
	b, err := os.ReadFile(l.secretFile())
	if err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		return strings.TrimSpace(string(b)), false, nil
	}
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", false, fmt.Errorf("read %s: %w", l.secretFile(), err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", false, fmt.Errorf("make a session secret: %w", err)
	}
	key = hex.EncodeToString(raw)
	if err := os.MkdirAll(l.dir, 0o700); err != nil {
		return "", false, fmt.Errorf("create %s: %w", l.dir, err)
	}
	if err := os.WriteFile(l.secretFile(), []byte(key+"\n"), 0o600); err != nil {
		return "", false, fmt.Errorf("store the session secret: %w", err)
	}
	return key, true, nil
}

// fallbackClusterDir is where the cluster lives when the postgres user
// cannot reach .localdb/ (a checkout inside a mode-700 home, run as root):
// a folder of its own under /var/tmp (world-searchable, kept across
// reboots), named after the checkout so that two checkouts do not share it.
func (l localDB) fallbackClusterDir() (string, error) {
	abs, err := filepath.Abs(l.dir)
	if err != nil {
		return "", fmt.Errorf("resolve %s: %w", l.dir, err)
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join("/var/tmp", "skatetrax-localdb-"+hex.EncodeToString(sum[:6])), nil
}
