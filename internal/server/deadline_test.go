package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
	"github.com/skatetrax/skatetrax-api/internal/database"
	"github.com/skatetrax/skatetrax-api/internal/faultproxy"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

// frozenDatabase serves the application on a pool that reaches its database
// through a proxy the test can freeze.
func frozenDatabase(t *testing.T, env map[string]string) (*apitest.Server, *faultproxy.Proxy) {
	t.Helper()
	_, dbURL := testdb.NewWithURL(t)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy, err := faultproxy.Start(u.Host)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = proxy.Addr()
	pool, err := database.Open(context.Background(), u.String(), database.Options{MaxConns: 4, StatementTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	// Cleanups run last-in first-out: thaw so the pool can close, then close it.
	t.Cleanup(proxy.Close)
	t.Cleanup(pool.Close)
	t.Cleanup(proxy.Thaw)
	return apitest.New(t, apitest.Options{Pool: pool, Env: env}), proxy
}

// getWithin sends a GET that the test gives up on after limit: a request
// that hangs fails the test instead of blocking it.
func getWithin(t *testing.T, c *apitest.Client, s *apitest.Server, path string, limit time.Duration) *apitest.Response {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c.Do(req)
}

func TestFrozenDatabase(t *testing.T) {
	t.Parallel()
	// Far below the test's own 30 s limit, far above a login on a loaded machine.
	s, proxy := frozenDatabase(t, map[string]string{"REQUEST_TIMEOUT": "8s"})
	c, _ := s.Skater("frozen", "UTC")
	// Every pooled connection is open and idle when the partition starts.
	c.Get("/api/v4/public/clubs").Expect(http.StatusOK)
	c.Get("/api/v4/members/ice_time").Expect(http.StatusOK)
	proxy.Freeze()

	for _, path := range []string{"/api/v4/public/clubs", "/api/v4/members/ice_time"} {
		t.Run("pooled_connection_answers_503_at_the_deadline"+path, func(t *testing.T) {
			// The freeze never ends by itself: without a deadline this hangs
			// until the test's own limit.
			res := getWithin(t, c, s, path, 30*time.Second).Expect(http.StatusServiceUnavailable)
			if res.Map()["code"] != "unavailable" || res.Header.Get("Retry-After") == "" {
				t.Errorf("answer: %s %v", res.Body, res.Header)
			}
		})
	}
	t.Run("liveness_does_not_wait_for_the_database", func(t *testing.T) {
		getWithin(t, s.Client(), s, "/healthz", 30*time.Second).Expect(http.StatusOK)
	})

	proxy.Thaw()
	t.Run("service_recovers_when_the_partition_ends", func(t *testing.T) {
		deadline := time.Now().Add(30 * time.Second)
		for getWithin(t, c, s, "/api/v4/public/clubs", 30*time.Second).Status != http.StatusOK {
			if time.Now().After(deadline) {
				t.Fatal("no recovery after the partition ended")
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
}

func TestStatementTimeoutIsSetOnServingConnections(t *testing.T) {
	t.Parallel()
	_, dbURL := testdb.NewWithURL(t)
	pool, err := database.Open(context.Background(), dbURL, database.Options{StatementTimeout: 1500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var got string
	if err := pool.QueryRow(t.Context(), "SHOW statement_timeout").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "1500ms" {
		t.Errorf("statement_timeout = %q, want 1500ms", got)
	}
	// The command-line pool has none (migrations may build big indexes).
	tools, err := database.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer tools.Close()
	if err := tools.QueryRow(t.Context(), "SHOW statement_timeout").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "0" {
		t.Errorf("tools statement_timeout = %q, want 0", got)
	}
}

// logBuffer collects JSON log records for a test to read.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// records returns the records logged so far.
func (b *logBuffer) records(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, line := range bytes.Split(b.buf.Bytes(), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

func TestClientThatGivesUpIs499(t *testing.T) {
	t.Parallel()
	logs := &logBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	_, dbURL := testdb.NewWithURL(t)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy, err := faultproxy.Start(u.Host)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = proxy.Addr()
	pool, err := database.Open(context.Background(), u.String(), database.Options{MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(proxy.Close)
	t.Cleanup(pool.Close)
	t.Cleanup(proxy.Thaw)
	// A deadline far away: the client gives up first.
	s := apitest.New(t, apitest.Options{Pool: pool, Logger: logger, Env: map[string]string{"REQUEST_TIMEOUT": "5m"}})
	s.Client().Get("/api/v4/public/clubs").Expect(http.StatusOK)

	proxy.Freeze()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/api/v4/public/clubs", nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			res.Body.Close()
		}
		done <- err
	}()
	// Give up once the request's query is stuck in the partition.
	waitFor(t, "the query to reach the frozen database", func() bool { return proxy.Held() > 0 })
	cancel()
	if err := <-done; err == nil {
		t.Fatal("the cancelled request got an answer")
	}
	var access map[string]any
	waitFor(t, "the access log line", func() bool {
		for _, r := range logs.records(t) {
			if r["msg"] == "request" && r["path"] == "/api/v4/public/clubs" && r["status"] != float64(http.StatusOK) {
				access = r
				return true
			}
		}
		return false
	})
	t.Run("logged_as_499", func(t *testing.T) {
		if access["status"] != float64(499) || access["level"] == "ERROR" {
			t.Errorf("access log: %v", access)
		}
	})
	t.Run("no_error_logged", func(t *testing.T) {
		for _, r := range logs.records(t) {
			if r["level"] == "ERROR" {
				t.Errorf("error record: %v", r)
			}
		}
	})
}

// waitFor polls cond until it holds, failing the test after a generous limit.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
