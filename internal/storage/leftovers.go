package storage

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

// tempPrefix starts the names of the files Put writes before renaming them
// into place (and of nothing else: ValidateKey refuses hidden names).
const tempPrefix = ".tmp-"

// RemoveLeftovers deletes the temporary files of Puts that never finished
// (the process was killed mid-write) once they are older than olderThan. A
// live Put, here or in another process sharing the folder, writes its file
// continuously and finishes within a request deadline, so a safe age (longer
// than the longest request) never touches it. It returns how many it removed.
func (l *Local) RemoveLeftovers(ctx context.Context, olderThan time.Duration) (int, error) {
	cutoff := time.Now().Add(-olderThan)
	removed := 0
	err := filepath.WalkDir(l.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // removed meanwhile
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		// WalkDir does not follow symlinks; only regular files are ours.
		if !d.Type().IsRegular() || !strings.HasPrefix(d.Name(), tempPrefix) {
			return nil
		}
		info, err := d.Info()
		if err != nil || !info.ModTime().Before(cutoff) {
			return nil
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove leftover %s: %w", p, err)
		}
		removed++
		return nil
	})
	if err != nil {
		return removed, fmt.Errorf("local storage: remove leftovers under %s: %w", l.dir, err)
	}
	return removed, nil
}
