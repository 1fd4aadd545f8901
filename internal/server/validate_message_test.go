package server_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// Validation answers read as sentences a person understands, never a schema
// keyword or a regular expression; with several failing fields the top
// message names every one of them.
func TestValidationMessagesReadAsSentences(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	c, _ := s.Skater("jane", "UTC")
	valid := map[string]any{"date": "2026-01-31", "ice_time": 60, "ice_cost": 12, "coach_time": 0, "coach_cost": 0,
		"skate_type": "dc812842-a9a9-4902-b680-361420baffe5", "rink_id": "48ca4fc1-6e40-4102-8ca7-85b85846db23"}
	with := func(changes map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range valid {
			out[k] = v
		}
		for k, v := range changes {
			out[k] = v
		}
		return out
	}
	raw := regexp.MustCompile(`\^|\$"|\[0-9|doesn't match|\\S|\{8\}`)
	cases := []struct {
		name string
		body map[string]any
		want string
	}{
		{"bad_date_says_what_a_date_looks_like", with(map[string]any{"date": "31/01/2026"}), "date must be a calendar date like 2026-01-31"},
		{"bad_uuid_says_what_an_id_looks_like", with(map[string]any{"rink_id": "nope"}), "rink_id must be a UUID like 3f2b8c1e-5d4a-4e9f-8a7b-6c5d4e3f2a1b"},
		{"wrong_type_says_the_type", with(map[string]any{"ice_time": "sixty"}), "ice_time must be a whole number"},
		{"several_fields_are_all_named", with(map[string]any{"date": "x", "rink_id": "y", "ice_time": "z"}),
			"3 fields are invalid (date, ice_time, rink_id): "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := c.Post("/api/v4/submit/add_icetime", tc.body).Expect(400).Map()
			msg, _ := m["message"].(string)
			if !strings.HasPrefix(msg, tc.want) {
				t.Errorf("message %q, want it to start with %q", msg, tc.want)
			}
			if raw.MatchString(msg) {
				t.Errorf("message shows a regular expression: %q", msg)
			}
			for _, d := range m["details"].([]any) {
				if dm := d.(map[string]any)["message"].(string); raw.MatchString(dm) {
					t.Errorf("detail shows a regular expression: %q", dm)
				}
			}
		})
	}
	// Where the original had its own text, it is under its key (`error`).
	if m := c.Request("DELETE", "/api/v4/music/tracks/not-a-uuid", nil).Expect(400).Map(); m["error"] != "Invalid track ID" {
		t.Errorf("malformed track id: error %q, want the original's Invalid track ID", m["error"])
	}
	m := c.Get("/api/v4/members/ice_time?months_back=abc").Expect(400).Map()
	if m["message"] != "months_back must be a whole number" {
		t.Errorf("query parameter message %q", m["message"])
	}
}
