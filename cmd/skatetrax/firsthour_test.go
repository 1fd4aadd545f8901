package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer the server goroutine and the test can share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freeTCPPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startRun runs `skatetrax run` on the private database until the returned
// stop is called; stop returns run's error (nil is exit status 0).
func startRun(t *testing.T, env map[string]string) (stdout, stderr *syncBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"run"}, func(k string) string { return env[k] }, stdout, stderr) }()
	deadline := time.Now().Add(2 * time.Minute)
	for !strings.Contains(stdout.String(), "Skatetrax API on") {
		select {
		case err := <-done:
			cancel()
			t.Fatalf("run ended early: %v\nstdout:\n%s\nstderr:\n%s", err, stdout, stderr)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("run did not start:\n%s\n%s", stdout, stderr)
		}
	}
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() { cancel(); err = <-done })
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return stdout, stderr, stop
}

// The README's first hour, in order: make run on a new private database
// prints an invite and a session secret kept beside the data; the CLI's
// invite command works against it while it serves, without a session-key
// warning; Ctrl-C is a clean stop (status 0); a second run keeps the secret
// and mints no second invite while one is unused.
func TestFirstHourWithThePrivateDatabase(t *testing.T) {
	// As root inside t.TempDir (mode 700) the postgres user cannot reach
	// .localdb/, so this also covers the fallback folder.
	dir := filepath.Join(t.TempDir(), ".localdb")
	local := localDB{dir: dir}
	if fb, err := local.fallbackClusterDir(); err == nil {
		t.Cleanup(func() { os.RemoveAll(fb) })
	}
	env := map[string]string{"LOCAL_DB_DIR": dir, "PORT": strconv.Itoa(freeTCPPort(t)), "STORAGE_DIR": t.TempDir()}

	out, errOut, stop := startRun(t, env)
	if !strings.Contains(out.String(), "Session secret: created in "+local.secretFile()) {
		t.Errorf("no secret line:\n%s", out)
	}
	if !regexp.MustCompile(`(?m)^  \S{43}$`).MatchString(out.String()) {
		t.Errorf("no invite on a new database:\n%s", out)
	}
	if strings.Contains(errOut.String(), "FLASK_SECRET_KEY") {
		t.Errorf("run warns about FLASK_SECRET_KEY although it keeps one:\n%s", errOut)
	}
	secret, err := os.ReadFile(local.secretFile())
	if err != nil {
		t.Fatal(err)
	}

	t.Run("invite_create_uses_the_served_private_database", func(t *testing.T) {
		var cliOut, cliErr bytes.Buffer
		err := run(context.Background(), []string{"invite", "create", "--uses", "1", "--expires", "168h"},
			func(k string) string { return env[k] }, &cliOut, &cliErr)
		if err != nil {
			t.Fatalf("invite create: %v\n%s", err, cliErr.String())
		}
		if !strings.Contains(cliOut.String(), "Invite 2 created") {
			t.Errorf("invite create printed:\n%s", cliOut.String())
		}
		if strings.Contains(cliErr.String(), "FLASK_SECRET_KEY") {
			t.Errorf("invite create warns about the session key:\n%s", cliErr.String())
		}
	})

	if err := stop(); err != nil {
		t.Fatalf("a clean stop must end with status 0, got %v", err)
	}
	if _, err := os.Stat(local.urlFile()); !os.IsNotExist(err) {
		t.Errorf("%s outlived the cluster: %v", local.urlFile(), err)
	}

	t.Run("second_run_keeps_the_secret_and_mints_no_invite", func(t *testing.T) {
		out, _, stop := startRun(t, env)
		if err := stop(); err != nil {
			t.Fatalf("stop: %v", err)
		}
		if regexp.MustCompile(`(?m)^  \S{43}$`).MatchString(out.String()) || !strings.Contains(out.String(), "still unused") {
			t.Errorf("second run:\n%s", out)
		}
		again, err := os.ReadFile(local.secretFile())
		if err != nil || !bytes.Equal(again, secret) {
			t.Errorf("secret changed between runs (%v)", err)
		}
	})

	t.Run("without_make_run_the_cli_says_what_to_do", func(t *testing.T) {
		err := run(context.Background(), []string{"invite", "list"}, func(k string) string { return env[k] }, &bytes.Buffer{}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), "make run") {
			t.Errorf("invite list with no database: %v", err)
		}
	})
}
