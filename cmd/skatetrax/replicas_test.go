package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

// send posts a JSON body (with an optional Idempotency-Key) and returns the
// status and body.
func send(t *testing.T, client *http.Client, url, key string, body any) (int, []byte) {
	t.Helper()
	raw, _ := json.Marshal(body)
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

func getJSON(t *testing.T, client *http.Client, url string) (int, map[string]any) {
	t.Helper()
	res, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(res.Body).Decode(&m)
	return res.StatusCode, m
}

// Two server processes on one database, one secret and shared folders, as
// behind a load balancer without sticky sessions.
func TestTwoReplicas(t *testing.T) {
	t.Parallel()
	pool, dbURL := testdb.NewWithURL(t)
	storageDir, spoolDir := t.TempDir(), t.TempDir()
	env := map[string]string{
		"DATABASE_URL": dbURL, "FLASK_SECRET_KEY": strings.Repeat("s", 40), "SHUTDOWN_DELAY": "0",
		"STORAGE_DIR": storageDir, "TMPDIR": spoolDir, "RATE_LIMIT_LOGIN_ACCOUNT": "5", "RATE_LIMIT_LOGIN_IP": "1000",
	}
	a := startChild(t, env)
	client := skater(t, a, pool, "replicated") // logged in through a
	// An upload in flight on a, and a crash's leftover an hour old.
	stalledUpload(t, a, client)
	waitUntil(t, "a's upload to spool", func() bool { return spooled(t, spoolDir, 1) })
	live := filesWithPrefix(t, spoolDir, "skatetrax-upload-")[0]
	leftover := write(t, filepath.Join(spoolDir, "skatetrax-upload-crashed"))
	age(t, leftover)
	b := startChild(t, env)
	waitUntil(t, "b's start-up sweep", func() bool { return b.logged("upload leftovers swept") })

	t.Run("a_session_from_one_replica_works_on_the_other", func(t *testing.T) {
		status, m := getJSON(t, client, b.URL+"/api/v4/auth/session")
		if status != http.StatusOK || m["logged_in"] != true {
			t.Errorf("session on b: %d %v", status, m)
		}
	})
	t.Run("an_idempotency_key_used_on_one_replica_replays_on_the_other", func(t *testing.T) {
		body := map[string]any{"name": "Both replicas"}
		s1, first := send(t, client, a.URL+"/api/v4/music/playlists", "replica-key", body)
		s2, again := send(t, client, b.URL+"/api/v4/music/playlists", "replica-key", body)
		var n int
		if err := pool.QueryRow(t.Context(), `SELECT count(*) FROM m_playlists WHERE name = 'Both replicas'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if s1 != http.StatusCreated || s2 != http.StatusCreated || !bytes.Equal(first, again) || n != 1 {
			t.Errorf("a %d, b %d, %d rows; %s vs %s", s1, s2, n, first, again)
		}
		s3, _ := send(t, client, b.URL+"/api/v4/music/playlists", "replica-key", map[string]any{"name": "Other"})
		if s3 != http.StatusUnprocessableEntity {
			t.Errorf("same key, other body on b: %d", s3)
		}
	})
	t.Run("the_failed_login_limit_is_shared_and_exact", func(t *testing.T) {
		var wg sync.WaitGroup
		var mu sync.Mutex
		got := map[int]int{}
		for i := range 16 {
			url := []string{a.URL, b.URL}[i%2] + "/api/v4/auth/login"
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, _ := send(t, &http.Client{}, url, "", map[string]any{"aLogin": "replicated", "aPasswordHash": "a wrong password"})
				mu.Lock()
				got[s]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		if got[http.StatusUnauthorized] != 5 || got[http.StatusTooManyRequests] != 11 {
			t.Errorf("answers %v, want 5x401 and 11x429", got)
		}
	})
	t.Run("one_replicas_sweep_spares_the_others_live_upload", func(t *testing.T) {
		if exists(leftover) {
			t.Error("the crash leftover is still there")
		}
		if !exists(live) {
			t.Error("a's live upload was removed by b's sweep")
		}
	})
	t.Run("logout_on_one_replica_ends_the_session_on_the_other", func(t *testing.T) {
		if s, _ := send(t, client, b.URL+"/api/v4/auth/logout", "", nil); s != http.StatusOK {
			t.Fatalf("logout on b: %d", s)
		}
		if status, m := getJSON(t, client, a.URL+"/api/v4/auth/session"); m["logged_in"] == true {
			t.Errorf("session on a after logout on b: %d %v", status, m)
		}
	})
}
