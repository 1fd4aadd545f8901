package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/accounts"
	"github.com/skatetrax/skatetrax-api/internal/ratelimit"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

// skater registers, logs in and onboards a skater on the child and returns
// a client holding the session cookie.
func skater(t *testing.T, c *child, pool *pgxpool.Pool, login string) *http.Client {
	t.Helper()
	svc := accounts.New(pool, ratelimit.New(db.New(pool)), accounts.Limits{Window: time.Minute}, nil, slog.New(slog.DiscardHandler))
	invite, _, err := svc.CreateInvite(context.Background(), accounts.NewInvite{MaxUses: 1})
	if err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	post := func(path string, body map[string]any) {
		raw, _ := json.Marshal(body)
		res, err := client.Post(c.URL+path, "application/json", bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("POST %s: %d", path, res.StatusCode)
		}
	}
	pw := "a long enough password"
	post("/api/v4/auth/register", map[string]any{"aLogin": login, "aEmail": login + "@example.com", "aPasswordHash": pw, "invite_token": invite})
	post("/api/v4/auth/login", map[string]any{"aLogin": login, "aPasswordHash": pw})
	post("/api/v4/auth/onboard", map[string]any{"first_name": "Crash", "last_name": "Test", "timezone": "UTC"})
	return client
}

// stalledUpload starts an upload whose audio part stops after some bytes
// (the client then waits, as on a slow link). Closing the returned writer
// aborts it.
func stalledUpload(t *testing.T, c *child, client *http.Client) *io.PipeWriter {
	t.Helper()
	body, feed := io.Pipe()
	req, err := http.NewRequest(http.MethodPost, c.URL+"/api/v4/music/tracks", body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "multipart/form-data; boundary=XBOUNDARYX")
	go func() {
		if res, err := client.Do(req); err == nil {
			res.Body.Close()
		}
	}()
	go func() {
		head := "--XBOUNDARYX\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"a.mp3\"\r\nContent-Type: audio/mpeg\r\n\r\n"
		_, _ = io.WriteString(feed, head)
		_, _ = feed.Write(bytes.Repeat([]byte{0}, 64<<10))
	}()
	return feed
}

// filesWithPrefix lists the regular files under dir (recursively) whose
// names start with prefix.
func filesWithPrefix(t *testing.T, dir, prefix string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && strings.HasPrefix(d.Name(), prefix) {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// spooledBytes reports whether every spool file in dir has received data.
func spooled(t *testing.T, dir string, n int) bool {
	files := filesWithPrefix(t, dir, "skatetrax-upload-")
	if len(files) != n {
		return false
	}
	for _, f := range files {
		if info, err := os.Stat(f); err != nil || info.Size() == 0 {
			return false
		}
	}
	return true
}

// age sets a file's times an hour back, as if that much time had passed.
func age(t *testing.T, files ...string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	for _, f := range files {
		if err := os.Chtimes(f, old, old); err != nil {
			t.Fatal(err)
		}
	}
}

func write(t *testing.T, path string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("x"), 0o640); err != nil {
		t.Fatal(err)
	}
	return path
}

func exists(path string) bool { _, err := os.Stat(path); return err == nil }

func TestCrashLeftoversAreRemovedAtStartUp(t *testing.T) {
	t.Parallel()
	pool, dbURL := testdb.NewWithURL(t)
	storageDir, spoolDir := t.TempDir(), t.TempDir()
	env := map[string]string{
		"DATABASE_URL": dbURL, "FLASK_SECRET_KEY": strings.Repeat("k", 40), "SHUTDOWN_DELAY": "0",
		"STORAGE_DIR": storageDir, "TMPDIR": spoolDir, "RATE_LIMIT_LOGIN_IP": "1000",
	}
	first := startChild(t, env)
	client := skater(t, first, pool, "crashy")
	const uploads = 5
	for range uploads {
		stalledUpload(t, first, client)
	}
	waitUntil(t, "every upload to spool", func() bool { return spooled(t, spoolDir, uploads) })
	first.kill()

	left := filesWithPrefix(t, spoolDir, "skatetrax-upload-")
	if len(left) != uploads {
		t.Fatalf("after kill -9: %d spool files, want %d", len(left), uploads)
	}
	// A Put killed between writing and renaming leaves a hidden temp file.
	temp := write(t, filepath.Join(storageDir, "music", "ab", ".tmp-0123456789abcdef01234567"))
	// An hour passes. Meanwhile another replica sharing the folders has an
	// upload in flight, and another program keeps files of its own there.
	age(t, append(left, temp)...)
	live := write(t, filepath.Join(spoolDir, "skatetrax-upload-4242"))
	liveTemp := write(t, filepath.Join(storageDir, "music", "cd", ".tmp-live"))
	foreign := write(t, filepath.Join(spoolDir, "other-upload-1"))
	track := write(t, filepath.Join(storageDir, "music", "ab", "track.mp3"))
	age(t, foreign, track)

	second := startChild(t, env)
	waitUntil(t, "the start-up sweep", func() bool { return second.logged("upload leftovers swept") })
	t.Run("crash_leftovers_are_removed", func(t *testing.T) {
		for _, f := range append(left, temp) {
			if exists(f) {
				t.Errorf("%s is still there", f)
			}
		}
	})
	t.Run("live_uploads_and_foreign_files_stay", func(t *testing.T) {
		for _, f := range []string{live, liveTemp, foreign, track} {
			if !exists(f) {
				t.Errorf("%s was removed", f)
			}
		}
	})
}

func TestDrainThatExpiresMidUploadLeavesNoSpoolFile(t *testing.T) {
	t.Parallel()
	pool, dbURL := testdb.NewWithURL(t)
	spoolDir := t.TempDir()
	c := startChild(t, map[string]string{
		"DATABASE_URL": dbURL, "FLASK_SECRET_KEY": strings.Repeat("k", 40), "SHUTDOWN_DELAY": "0",
		"SHUTDOWN_TIMEOUT": "1s", "STORAGE_DIR": t.TempDir(), "TMPDIR": spoolDir,
	})
	client := skater(t, c, pool, "draining")
	stalledUpload(t, c, client)
	waitUntil(t, "the upload to spool", func() bool { return spooled(t, spoolDir, 1) })
	c.signal(syscall.SIGTERM)
	c.wait()
	if left := filesWithPrefix(t, spoolDir, "skatetrax-upload-"); len(left) != 0 {
		t.Errorf("spool files left after the drain expired: %v\n%s", left, c.logText())
	}
}
