package main

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

// listenerClosed reports whether the child has logged closing its listener
// (waiting a little for the log line, which travels through a pipe).
func (c *child) listenerClosed() bool {
	for range 200 {
		if c.logged("shutting down: listener closed, draining") {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return false
}

func TestSIGTERMDrainsUnderLoad(t *testing.T) {
	t.Parallel()
	_, dbURL := testdb.NewWithURL(t)
	c := startChild(t, map[string]string{
		"DATABASE_URL": dbURL, "FLASK_SECRET_KEY": strings.Repeat("k", 40),
		"SHUTDOWN_DELAY": "2s", "SHUTDOWN_TIMEOUT": "30s",
	})
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	waitUntil(t, "readiness", func() bool { s, _ := c.get(client, "/readyz"); return s == http.StatusOK })

	// A request in flight: its body arrives only after the signal.
	body, feed := io.Pipe()
	inflight := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, c.URL+"/api/v4/auth/login", body)
		req.Header.Set("Content-Type", "application/json")
		res, err := client.Do(req)
		if err != nil {
			t.Errorf("in-flight request: %v", err)
			inflight <- 0
			return
		}
		res.Body.Close()
		inflight <- res.StatusCode
	}()
	if _, err := io.WriteString(feed, `{"aLogin":"nobody",`); err != nil {
		t.Fatal(err)
	}

	// Load: bounded loops that stop when the process is gone.
	var stop atomic.Bool
	var ok200, refused atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100000 && !stop.Load(); i++ {
				status, err := c.get(client, "/api/v4/public/clubs")
				switch {
				case err != nil && c.listenerClosed():
					// A connection the kernel queued when the listener
					// closed is refused or reset: the load balancer was told
					// to stop sending SHUTDOWN_DELAY ago.
					refused.Add(1)
					return
				case err != nil:
					t.Errorf("request failed before the listener closed: %v", err)
					return
				case status != http.StatusOK:
					t.Errorf("request during shutdown answered %d", status)
				default:
					ok200.Add(1)
				}
			}
		}()
	}
	waitUntil(t, "load to run", func() bool { return ok200.Load() > 0 })
	c.signal(syscall.SIGTERM)
	before := ok200.Load()

	t.Run("readiness_goes_503_while_the_listener_is_open", func(t *testing.T) {
		waitUntil(t, "readiness 503", func() bool {
			s, err := c.get(client, "/readyz")
			if err != nil {
				t.Fatalf("readiness did not answer 503 before the listener closed: %v", err)
			}
			return s == http.StatusServiceUnavailable
		})
	})
	t.Run("requests_are_still_served_during_the_delay", func(t *testing.T) {
		waitUntil(t, "a request served after the signal", func() bool { return ok200.Load() > before })
		if s, err := c.get(client, "/healthz"); err != nil || s != http.StatusOK {
			t.Errorf("liveness during the delay: %d %v", s, err)
		}
	})
	t.Run("in_flight_request_completes", func(t *testing.T) {
		if _, err := io.WriteString(feed, `"aPasswordHash":"a wrong password"}`); err != nil {
			t.Fatal(err)
		}
		feed.Close()
		if got := <-inflight; got != http.StatusUnauthorized {
			t.Errorf("in-flight login answered %d, want 401", got)
		}
	})
	t.Run("process_exits_cleanly", func(t *testing.T) {
		if code := c.wait(); code != 0 {
			t.Errorf("exit code %d\n%s", code, c.logText())
		}
	})
	stop.Store(true)
	wg.Wait()
}
