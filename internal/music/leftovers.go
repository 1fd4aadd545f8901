package music

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// spoolPrefix starts the names of upload spool files (see Spool).
const spoolPrefix = "skatetrax-upload-"

// LeftoverRemover deletes a store's unfinished temporary files older than
// an age (storage.Local does; an object store has none).
type LeftoverRemover interface {
	RemoveLeftovers(ctx context.Context, olderThan time.Duration) (int, error)
}

// Leftovers counts what RemoveLeftovers deleted.
type Leftovers struct {
	Spool int // upload spool files in the spool folder
	Temp  int // unfinished files in the store
}

// RemoveLeftovers deletes the files a killed process left behind: upload
// spool files (skatetrax-upload-*) in the spool folder and the store's
// unfinished temporary files, older than olderThan. Only files named as this
// service names them are touched, and only once they are older than any live
// request can be, so a live upload of another replica sharing the folder
// stays.
func (s *Service) RemoveLeftovers(ctx context.Context, olderThan time.Duration) (Leftovers, error) {
	var out Leftovers
	var errs []error
	n, err := removeSpoolLeftovers(ctx, s.spoolFolder(), olderThan)
	out.Spool = n
	if err != nil {
		errs = append(errs, err)
	}
	if s.leftovers != nil {
		n, err := s.leftovers.RemoveLeftovers(ctx, olderThan)
		out.Temp = n
		if err != nil {
			errs = append(errs, err)
		}
	}
	return out, errors.Join(errs...)
}

func (s *Service) spoolFolder() string {
	if s.spoolDir != "" {
		return s.spoolDir
	}
	return os.TempDir()
}

func removeSpoolLeftovers(ctx context.Context, dir string, olderThan time.Duration) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, fmt.Errorf("list spool folder %s: %w", dir, err)
	}
	cutoff := time.Now().Add(-olderThan)
	removed := 0
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return removed, err
		}
		if !e.Type().IsRegular() || !strings.HasPrefix(e.Name(), spoolPrefix) {
			continue
		}
		info, err := e.Info()
		if err != nil || !info.ModTime().Before(cutoff) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return removed, fmt.Errorf("remove spool leftover %s: %w", e.Name(), err)
		}
		removed++
	}
	return removed, nil
}
