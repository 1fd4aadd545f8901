package family_test

import (
	"strconv"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// TestCoachLookupLimit: every coach lookup counts, found or not, per user
// and per client address; the limit is exact and answers 429 with
// Retry-After; an unknown user and a user without the coach role get the
// very same 404.
func TestCoachLookupLimit(t *testing.T) {
	t.Parallel()
	const limit = 4
	s := apitest.New(t, apitest.Options{Env: map[string]string{"RATE_LIMIT_COACH_LOOKUP": strconv.Itoa(limit), "TRUSTED_PROXIES": "127.0.0.1"}})
	from := func(c *apitest.Client, ip string) *apitest.Client { return withHeader(t, c, "X-Forwarded-For", ip) }
	ac, _ := s.Skater("amy", "UTC")
	bc, _ := s.Skater("bea", "UTC")
	cc, _ := s.Skater("cid", "UTC")
	plain := s.Register("plain_pat")
	coach := s.Register("coach_kim", "coach")
	a := from(ac, "203.0.113.1")

	grant := func(c *apitest.Client, ident string) *apitest.Response {
		return c.Post(pathCoaches, map[string]any{"coach": ident})
	}
	unknown := grant(a, "nobody_here").Expect(404)
	if msg := unknown.Map()["message"]; msg != "No coach with that login or e-mail" {
		t.Errorf("message %v", msg)
	}
	for _, ident := range []string{plain.Login, plain.Email} {
		if r := grant(a, ident).Expect(404); string(r.Body) != string(unknown.Body) {
			t.Errorf("%s: %s, unknown user: %s", ident, r.Body, unknown.Body)
		}
	}
	grant(a, coach.Login).Expect(201) // lookup 4 of 4
	over := grant(a, coach.Email).Expect(429)
	if ra, err := strconv.Atoi(over.Header.Get("Retry-After")); err != nil || ra < 1 || ra > int(s.Config.RateLimits.Window.Seconds()) {
		t.Errorf("Retry-After %q", over.Header.Get("Retry-After"))
	}
	// Per client: another user from the same address is over too.
	grant(from(bc, "203.0.113.1"), "nobody_here").Expect(429)
	// Per user: the same user from another address is still over.
	grant(from(ac, "203.0.113.2"), "nobody_here").Expect(429)
	// Another user from another address is not.
	grant(from(cc, "203.0.113.3"), "nobody_here").Expect(404)
	if n := count(t, s, `SELECT count(*) FROM auth_audit WHERE event = 'rate_limited' AND detail->>'bucket' LIKE 'coach-lookup:%'`); n != 3 {
		t.Errorf("rate_limited audit rows: %d, want 3", n)
	}
}
