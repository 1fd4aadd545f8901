package family_test

import (
	"strconv"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// TestFamilyIdempotencyKeys: the creating POSTs of the family area replay
// their first answer for the same key and body, create nothing again, and
// refuse the same key with another body (422).
func TestFamilyIdempotencyKeys(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	f := newFamily(t, s, "ida")
	coach := s.Register("coach_ike", "coach")
	child := map[string]any{"first_name": "Dot", "last_name": "Parent", "date_of_birth": childBirth, "timezone": "UTC"}

	cases := []struct {
		name, path  string
		body, other any
		rows        string
	}{
		{"createFamilySkater", pathFamily, child, map[string]any{"first_name": "Eve", "last_name": "Parent", "date_of_birth": childBirth, "timezone": "UTC"},
			`SELECT count(*) FROM "uSkaterConfig" WHERE "uSkaterFname" = 'Dot'`},
		{"createGuardianInvite", invitesPath(f.kids[0]), nil, map[string]any{"x": 1},
			`SELECT count(*) FROM guardian_invites`},
		{"grantCoachAccess", pathCoaches, map[string]any{"coach": coach.Login}, map[string]any{"coach": coach.Email},
			`SELECT count(*) FROM coach_grants`},
	}
	for _, tc := range cases {
		t.Run(tc.name+"_replays_the_first_answer", func(t *testing.T) {
			c := withHeader(t, f.c, "Idempotency-Key", "key-"+tc.name)
			first := c.Post(tc.path, tc.body).Expect(201)
			again := c.Post(tc.path, tc.body).Expect(201)
			if string(again.Body) != string(first.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
				t.Errorf("replay %s (%q), first %s", again.Body, again.Header.Get("Idempotent-Replayed"), first.Body)
			}
			if n := count(t, s, tc.rows); n != 1 {
				t.Errorf("%d rows, want 1", n)
			}
			if tc.other != nil {
				c.Post(tc.path, tc.other).Expect(422)
			}
			if n := count(t, s, tc.rows); n != 1 {
				t.Errorf("%d rows after the refused reuse, want 1", n)
			}
		})
	}
	// The replayed grant did not look the coach up again.
	if n := count(t, s, `SELECT coalesce(sum(hits), 0)::int FROM rate_limits WHERE bucket = $1`, "coach-lookup:user:"+strconv.Itoa(int(f.guardian.UserID))); n != 1 {
		t.Errorf("coach lookups counted: %d, want 1", n)
	}
}
