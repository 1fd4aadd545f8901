package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// postWithKey sends a creating POST with an Idempotency-Key.
func postWithKey(s *apitest.Server, c *apitest.Client, path, key string, body any) *apitest.Response {
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, s.URL+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	return c.Do(req)
}

func countPlaylists(t *testing.T, s *apitest.Server, name string) int {
	t.Helper()
	var n int
	if err := s.Pool.QueryRow(context.Background(), `SELECT count(*) FROM m_playlists WHERE name = $1`, name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestIdempotencyKey(t *testing.T) {
	t.Parallel()
	one := apitest.New(t)
	two := apitest.New(t, apitest.Options{Pool: one.Pool}) // a second replica
	c, acc := one.Skater("idem", "UTC")
	const path = "/api/v4/music/playlists"

	t.Run("same_key_and_body_returns_the_first_answer_without_writing_again", func(t *testing.T) {
		body := map[string]any{"name": "Retried"}
		first := postWithKey(one, c, path, "key-1", body).Expect(http.StatusCreated)
		again := postWithKey(one, c, path, "key-1", body).Expect(http.StatusCreated)
		if !bytes.Equal(first.Body, again.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("replay %s (%v), first %s", again.Body, again.Header, first.Body)
		}
		if n := countPlaylists(t, one, "Retried"); n != 1 {
			t.Errorf("%d playlists written, want 1", n)
		}
	})
	t.Run("another_replica_replays_it_too", func(t *testing.T) {
		body := map[string]any{"name": "Across"}
		first := postWithKey(one, c, path, "key-2", body).Expect(http.StatusCreated)
		c2 := two.Login(acc)
		again := postWithKey(two, c2, path, "key-2", body).Expect(http.StatusCreated)
		if !bytes.Equal(first.Body, again.Body) || countPlaylists(t, one, "Across") != 1 {
			t.Errorf("replay on the other replica: %s", again.Body)
		}
	})
	t.Run("same_key_with_another_body_is_422", func(t *testing.T) {
		postWithKey(one, c, path, "key-3", map[string]any{"name": "First"}).Expect(http.StatusCreated)
		res := postWithKey(one, c, path, "key-3", map[string]any{"name": "Second"}).Expect(http.StatusUnprocessableEntity)
		if res.Map()["code"] != "unprocessable" || countPlaylists(t, one, "Second") != 0 {
			t.Errorf("answer %s", res.Body)
		}
	})
	t.Run("keys_are_per_user", func(t *testing.T) {
		other, _ := one.Skater("idem-other", "UTC")
		postWithKey(one, c, path, "shared-key", map[string]any{"name": "Mine"}).Expect(http.StatusCreated)
		res := postWithKey(one, other, path, "shared-key", map[string]any{"name": "Theirs"}).Expect(http.StatusCreated)
		if res.Header.Get("Idempotent-Replayed") != "" || countPlaylists(t, one, "Theirs") != 1 {
			t.Errorf("another user's key was replayed: %s", res.Body)
		}
	})
	t.Run("concurrent_duplicates_write_once", func(t *testing.T) {
		body := map[string]any{"name": "Concurrent"}
		var wg sync.WaitGroup
		var mu sync.Mutex
		got := map[int]int{}
		for i := range 12 {
			s := []*apitest.Server{one, two}[i%2]
			cl := c
			if s == two {
				cl = two.Login(acc)
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				res := postWithKey(s, cl, path, "key-concurrent", body)
				mu.Lock()
				got[res.Status]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		if n := countPlaylists(t, one, "Concurrent"); n != 1 {
			t.Errorf("%d playlists written by concurrent duplicates, want 1 (answers %v)", n, got)
		}
		if got[http.StatusCreated]+got[http.StatusConflict] != 12 {
			t.Errorf("answers %v: only 201 (first or replay) and 409 (in progress) are expected", got)
		}
	})
	t.Run("a_failed_request_does_not_keep_its_key", func(t *testing.T) {
		postWithKey(one, c, path, "key-4", map[string]any{"name": ""}).Expect(http.StatusBadRequest)
		postWithKey(one, c, path, "key-4", map[string]any{"name": "Fixed"}).Expect(http.StatusCreated)
	})
	t.Run("without_a_key_every_post_writes", func(t *testing.T) {
		postWithKey(one, c, path, "", map[string]any{"name": "Plain"}).Expect(http.StatusCreated)
		postWithKey(one, c, path, "", map[string]any{"name": "Plain"}).Expect(http.StatusCreated)
		if n := countPlaylists(t, one, "Plain"); n != 2 {
			t.Errorf("%d, want 2", n)
		}
	})
	t.Run("a_malformed_key_is_400", func(t *testing.T) {
		postWithKey(one, c, path, strings.Repeat("k", 300), map[string]any{"name": "Long"}).Expect(http.StatusBadRequest)
	})
}

// The administrators' creating POSTs and a skater's own coaches and rinks
// honour Idempotency-Key like the others: a replay answers the stored
// response without a second row, another body with the same key is 422.
func TestIdempotencyKeyOnReferenceData(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	admin := s.Login(s.Register("idem-admin", "admin"))
	skater, _ := s.Skater("idem-skater", "UTC")
	cases := []struct {
		name        string
		c           *apitest.Client
		path        string
		first, next map[string]any
		count       string // counts the rows the first body writes
	}{
		{"createRink", admin, "/api/v4/admin/rinks",
			map[string]any{"rink_name": "Idem Arena", "rink_tz": "America/Denver"}, map[string]any{"rink_name": "Other Arena", "rink_tz": "America/Denver"},
			`SELECT count(*) FROM locations WHERE rink_name = 'Idem Arena'`},
		{"createCoach", admin, "/api/v4/admin/coaches",
			map[string]any{"coach_Fname": "Idem", "coach_Lname": "Coach"}, map[string]any{"coach_Fname": "Other", "coach_Lname": "Coach"},
			`SELECT count(*) FROM coaches WHERE "coach_Fname" = 'Idem'`},
		{"createClub", admin, "/api/v4/admin/clubs",
			map[string]any{"club_name": "Idem FSC"}, map[string]any{"club_name": "Other FSC"},
			`SELECT count(*) FROM club_directory WHERE club_name = 'Idem FSC'`},
		{"createIceType", admin, "/api/v4/admin/ice_types",
			map[string]any{"ice_type": "Idem Ice"}, map[string]any{"ice_type": "Other Ice"},
			`SELECT count(*) FROM ice_type WHERE ice_type = 'Idem Ice'`},
		{"createEventType", admin, "/api/v4/admin/event_types",
			map[string]any{"category": "Exhibition", "scoring_system": "IJS", "governing_body": "ISI"}, map[string]any{"category": "Exhibition", "scoring_system": "CJS", "governing_body": "ISI"},
			`SELECT count(*) FROM e_event_types t JOIN e_governing_bodies g ON g.id = t.governing_body_id WHERE t.category = 'Exhibition' AND t.scoring_system = 'IJS' AND g.short_name = 'ISI'`},
		{"createPrivateCoach", skater, "/api/v4/members/coaches",
			map[string]any{"coach_Fname": "Idem", "coach_Lname": "Private"}, map[string]any{"coach_Fname": "Other", "coach_Lname": "Private"},
			`SELECT count(*) FROM coaches WHERE "coach_Lname" = 'Private' AND "coach_Fname" = 'Idem'`},
		{"createPrivateRink", skater, "/api/v4/members/rinks",
			map[string]any{"rink_name": "Idem Pond"}, map[string]any{"rink_name": "Other Pond"},
			`SELECT count(*) FROM locations WHERE rink_name = 'Idem Pond'`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.c.For(t)
			key := "key-" + tc.name
			first := postWithKey(s, c, tc.path, key, tc.first).Expect(http.StatusCreated)
			again := postWithKey(s, c, tc.path, key, tc.first).Expect(http.StatusCreated)
			if !bytes.Equal(first.Body, again.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
				t.Errorf("replay %s (%v), first %s", again.Body, again.Header, first.Body)
			}
			var n int
			if err := s.Pool.QueryRow(context.Background(), tc.count).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Errorf("%d rows written, want 1", n)
			}
			res := postWithKey(s, c, tc.path, key, tc.next).Expect(http.StatusUnprocessableEntity)
			if res.Map()["code"] != "unprocessable" {
				t.Errorf("answer %s", res.Body)
			}
			// Without a key the same body writes again (or is refused as a duplicate).
			if st := postWithKey(s, c, tc.path, "", tc.first).Status; st != http.StatusCreated && st != http.StatusConflict {
				t.Errorf("without a key: %d", st)
			}
		})
	}
}
