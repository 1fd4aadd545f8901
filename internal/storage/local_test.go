package storage_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/storage"
)

func newLocal(t *testing.T) *storage.Local {
	t.Helper()
	st, err := storage.NewLocal(filepath.Join(t.TempDir(), "objects"))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestLocalContract(t *testing.T) {
	t.Parallel()
	testContract(t, func(t *testing.T) storage.Store { return newLocal(t) }, false)
}

// Failed uploads must not leave temporary files behind either.
func TestLocalLeavesNoTempFiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newLocal(t)
	if err := st.Put(ctx, "music/a/ok.mp3", strings.NewReader("abc"), 3, "audio/mpeg"); err != nil {
		t.Fatal(err)
	}
	r := io.MultiReader(strings.NewReader("partial"), errReader{errors.New("boom")})
	if err := st.Put(ctx, "music/a/bad.mp3", r, -1, "audio/mpeg"); err == nil {
		t.Fatal("Put with a failing reader succeeded")
	}
	if err := st.Put(ctx, "music/a/short.mp3", strings.NewReader("ab"), 10, "audio/mpeg"); err == nil {
		t.Fatal("short Put succeeded")
	}
	var names []string
	err := filepath.WalkDir(st.Dir(), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(st.Dir(), p)
			names = append(names, rel)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"music/a/.ok.mp3.meta", "music/a/ok.mp3"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("files = %v, want %v", names, want)
	}
	if err := st.Delete(ctx, "music/a/ok.mp3"); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(filepath.Join(st.Dir(), "music/a")); len(left) != 0 {
		t.Errorf("Delete left %v", left)
	}
}

// A symlink planted in the folder must not lead reads or writes outside it.
func TestLocalSymlinkCannotEscape(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newLocal(t)
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret")
	if err := os.WriteFile(secret, []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(st.Dir(), "music")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Get(ctx, "music/secret", nil); err == nil {
		t.Error("Get followed a symlink out of the folder")
	}
	if err := st.Put(ctx, "music/planted", bytes.NewReader([]byte("x")), 1, ""); err == nil {
		t.Error("Put followed a symlink out of the folder")
	}
	if _, err := os.Stat(filepath.Join(outside, "planted")); err == nil {
		t.Error("a file was written outside the folder")
	}
}

func TestNewLocalErrors(t *testing.T) {
	t.Parallel()
	if _, err := storage.NewLocal(""); err == nil {
		t.Error("empty folder accepted")
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := storage.NewLocal(file); err == nil {
		t.Error("a file accepted as the folder")
	}
}

func TestValidateKey(t *testing.T) {
	t.Parallel()
	good := []string{
		"a", "music/4f0c1f0e-8d2b-4a5e-9c1d-0e2f3a4b5c6d/5b6c.mp3", "x_y-z.1/2", strings.Repeat("a", storage.MaxKeyLen),
	}
	bad := []string{
		"", "/", "/a", "a/", "a//b", ".", "..", "a/..", "../a", "a/./b", ".a", "a/.b", "-a", "_a",
		"A", "a b", "a\\b", "a\x00b", "ä", "a?b", "a%2fb", strings.Repeat("a", storage.MaxKeyLen+1),
	}
	for _, k := range good {
		t.Run(fmt.Sprintf("%.40q_is_a_key", k), func(t *testing.T) {
			if err := storage.ValidateKey(k); err != nil {
				t.Errorf("ValidateKey(%q) = %v", k, err)
			}
		})
	}
	for _, k := range bad {
		t.Run(fmt.Sprintf("%.40q_is_not_a_key", k), func(t *testing.T) {
			if err := storage.ValidateKey(k); !errors.Is(err, storage.ErrInvalidKey) {
				t.Errorf("ValidateKey(%q) = %v, want ErrInvalidKey", k, err)
			}
		})
	}
}
