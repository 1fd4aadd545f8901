package handlers_test

import (
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

func TestSessionLifetimes(t *testing.T) {
	t.Parallel()
	s := apitest.New(t, apitest.Options{Env: map[string]string{"SESSION_IDLE_TIMEOUT": "1h", "SESSION_MAX_AGE": "24h"}})
	acc := s.Register("nina")
	idle, old, fresh := s.Login(acc), s.Login(acc), s.Login(acc)
	// Age two sessions in the database: one unused for too long, one past its absolute end.
	var ids []string
	rows, _ := s.Pool.Query(t.Context(), `SELECT public_id::text FROM auth_sessions ORDER BY created_at`)
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) != 3 {
		t.Fatalf("sessions %v", ids)
	}
	s.Pool.Exec(t.Context(), `UPDATE auth_sessions SET last_seen_at = now() - interval '61 minutes' WHERE public_id = $1`, ids[0])
	s.Pool.Exec(t.Context(), `UPDATE auth_sessions SET expires_at = now() - interval '1 second' WHERE public_id = $1`, ids[1])
	idle.Get("/api/v4/auth/session").Expect(401)
	old.Get("/api/v4/auth/session").Expect(401)
	fresh.Get("/api/v4/auth/session").Expect(200)
	var list []map[string]any
	fresh.Get("/api/v4/auth/sessions").Expect(200).JSON(&list)
	if len(list) != 1 {
		t.Errorf("ended sessions still listed: %v", list)
	}
}

func TestSessionsWorkAcrossProcesses(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	b := apitest.New(t, apitest.Options{Pool: a.Pool}) // a second server process on the same database and key
	acc := a.Register("olga")
	onA := a.Login(acc)
	onB := b.Client()
	onB.Header.Set("Cookie", "session="+onA.Cookie("session"))
	onB.Get("/api/v4/auth/session").Expect(200)
	onA.Post("/api/v4/auth/logout", nil).Expect(200)
	onB.Get("/api/v4/auth/session").Expect(401) // logout on one process ends it everywhere
}

func TestOtherCredentialEndpointsAreRateLimited(t *testing.T) {
	t.Parallel()
	s := apitest.New(t, apitest.Options{Env: map[string]string{
		"RATE_LIMIT_REGISTER_IP": "2", "RATE_LIMIT_TOKEN_IP": "2", "RATE_LIMIT_RESET_REQUEST": "2", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": "1",
	}})
	c := s.Client()
	cases := []struct {
		name string
		send func() *apitest.Response
	}{
		{"register", func() *apitest.Response {
			return c.Post("/api/v4/auth/register", map[string]any{"aLogin": "x", "aEmail": "x@example.com", "aPasswordHash": "long enough pw", "invite_token": "bad"})
		}},
		{"validate-token", func() *apitest.Response { return c.Get("/api/v4/auth/register/validate-token?token=guess") }},
		{"reset-confirm", func() *apitest.Response {
			return c.Post("/api/v4/auth/reset-confirm", map[string]any{"token": "guess", "new_password": "long enough pw"})
		}},
		{"reset-request", func() *apitest.Response {
			return c.Post("/api/v4/auth/reset-request", map[string]any{"email": "x@example.com"})
		}},
	}
	for _, tc := range cases {
		for i := 0; i < 2; i++ {
			if st := tc.send().Status; st == 429 {
				t.Fatalf("%s: limited after %d requests", tc.name, i)
			}
		}
		res := tc.send().Expect(429)
		if res.Header.Get("Retry-After") == "" {
			t.Errorf("%s: no Retry-After", tc.name)
		}
	}
}
