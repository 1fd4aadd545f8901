package handlers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

const costCategories = "Must be one of: ['Competition Entry', 'Practice Ice', 'Admin Fee', 'Coach Fee', 'Taxes', 'Other']"

// The original's error texts that repeat the offending value come back in
// the same key, word for word; the value is repeated only inside JSON, cut
// to 64 characters and without control characters.
func TestOriginalErrorTextsRepeatTheValue(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	c, _ := s.Skater("texts", "UTC")
	event := c.Post("/api/v4/events", map[string]any{"event_label": "Spring Open", "event_date": "2026-03-14"}).Expect(http.StatusCreated).Map()["event_id"].(string)
	playlist := c.Post("/api/v4/music/playlists", map[string]any{"name": "Long program"}).Expect(http.StatusCreated).Map()["id"].(string)

	errorText := func(t *testing.T, res *apitest.Response) string {
		t.Helper()
		res.Expect(http.StatusBadRequest)
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type %q: a reflected value travels only as JSON", ct)
		}
		m := res.Map()
		if m["code"] != "validation_error" || m["details"] == nil {
			t.Errorf("the field details are gone: %s", res.Body)
		}
		text, _ := m["error"].(string)
		return text
	}
	cases := []struct {
		name string
		send func(c *apitest.Client) *apitest.Response
		want string
	}{
		{"cost_category_on_create", func(c *apitest.Client) *apitest.Response {
			return c.Post("/api/v4/events", map[string]any{"event_label": "X", "event_date": "2026-01-01",
				"costs": []any{map[string]any{"category": "Hotel", "amount": 80}}})
		}, "Invalid cost category 'Hotel'. " + costCategories},
		{"cost_category_on_update", func(c *apitest.Client) *apitest.Response {
			return put(c, "/api/v4/events/"+event, map[string]any{"event_label": "X", "event_date": "2026-01-01",
				"costs": []any{map[string]any{"category": "coach fee", "amount": 80}}})
		}, "Invalid cost category 'coach fee'. " + costCategories},
		{"track_id_in_a_playlist", func(c *apitest.Client) *apitest.Response {
			return put(c, "/api/v4/music/playlists/"+playlist+"/tracks", map[string]any{"track_ids": []any{"not-a-track"}})
		}, "Invalid track ID: not-a-track"},
		{"a_long_value_is_cut", func(c *apitest.Client) *apitest.Response {
			return put(c, "/api/v4/music/playlists/"+playlist+"/tracks", map[string]any{"track_ids": []any{strings.Repeat("x", 5000)}})
		}, "Invalid track ID: " + strings.Repeat("x", 64) + "…"},
		{"markup_and_control_characters", func(c *apitest.Client) *apitest.Response {
			return put(c, "/api/v4/music/playlists/"+playlist+"/tracks", map[string]any{"track_ids": []any{"<script>\n</script>"}})
		}, "Invalid track ID: <script></script>"},
		{"track_id_in_the_path", func(c *apitest.Client) *apitest.Response {
			return del(c, "/api/v4/music/tracks/not-a-track")
		}, "Invalid track ID"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := errorText(t, tc.send(c.For(t))); got != tc.want {
				t.Errorf("error = %q, want %q", got, tc.want)
			}
		})
	}
	// Two bad fields: the texts would contradict each other, so `error` is the generic one.
	t.Run("two_problems_keep_the_generic_text", func(t *testing.T) {
		res := c.For(t).Post("/api/v4/events", map[string]any{"event_label": "X", "event_date": "2026-01-01",
			"costs": []any{map[string]any{"category": "Hotel", "amount": 80}, map[string]any{"category": "Food", "amount": 20}}})
		if got := errorText(t, res); got != "Invalid input" {
			t.Errorf("error = %q", got)
		}
	})
}

// A playlist id that is not a UUID answers the original's `Invalid playlist
// ID` on every playlist route (the original names it for the update; its other
// playlist routes answer the same 400).
func TestInvalidPlaylistIDText(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	c, _ := s.Skater("badlist", "UTC")
	for _, tc := range []struct {
		method, path string
		body         any
	}{
		{http.MethodPut, "/api/v4/music/playlists/not-a-uuid", map[string]any{"name": "X"}},
		{http.MethodDelete, "/api/v4/music/playlists/not-a-uuid", nil},
		{http.MethodPut, "/api/v4/music/playlists/not-a-uuid/tracks", map[string]any{"track_ids": []any{}}},
		{http.MethodPost, "/api/v4/music/playlists/not-a-uuid/share", nil},
		{http.MethodDelete, "/api/v4/music/playlists/not-a-uuid/share", nil},
	} {
		t.Run(tc.method+tc.path, func(t *testing.T) {
			m := c.For(t).Request(tc.method, tc.path, tc.body).Expect(http.StatusBadRequest).Map()
			if m["error"] != "Invalid playlist ID" {
				t.Errorf("error = %v", m["error"])
			}
		})
	}
}
