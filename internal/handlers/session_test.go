package handlers_test

import (
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

func TestSessionLifetimes(t *testing.T) {
	t.Parallel()
	s := apitest.New(t, apitest.Options{Env: map[string]string{"SESSION_IDLE_TIMEOUT": "1h", "SESSION_MAX_AGE": "24h"}})
	acc := s.Register("nina")
	idle, old, fresh := s.Login(acc), s.Login(acc), s.Login(acc)
	// Age two sessions in the database: one unused for too long, one past its absolute end.
	ids := testdb.Column[string](t, s.Pool, `SELECT public_id::text FROM auth_sessions ORDER BY created_at`)
	if len(ids) != 3 {
		t.Fatalf("sessions %v", ids)
	}
	if n := testdb.Exec(t, s.Pool, `UPDATE auth_sessions SET last_seen_at = now() - interval '61 minutes' WHERE public_id = $1`, ids[0]); n != 1 {
		t.Fatalf("aged %d sessions, want 1", n)
	}
	if n := testdb.Exec(t, s.Pool, `UPDATE auth_sessions SET expires_at = now() - interval '1 second' WHERE public_id = $1`, ids[1]); n != 1 {
		t.Fatalf("expired %d sessions, want 1", n)
	}
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
	cases := []struct {
		name string
		send func(c *apitest.Client) *apitest.Response
	}{
		{"third_register_is_429", func(c *apitest.Client) *apitest.Response {
			return c.Post("/api/v4/auth/register", map[string]any{"aLogin": "x", "aEmail": "x@example.com", "aPasswordHash": "long enough pw", "invite_token": "bad"})
		}},
		{"third_validate_token_is_429", func(c *apitest.Client) *apitest.Response {
			return c.Get("/api/v4/auth/register/validate-token?token=guess")
		}},
		{"third_reset_confirm_is_429", func(c *apitest.Client) *apitest.Response {
			return c.Post("/api/v4/auth/reset-confirm", map[string]any{"token": "guess", "new_password": "long enough pw"})
		}},
		{"third_reset_request_is_429", func(c *apitest.Client) *apitest.Response {
			return c.Post("/api/v4/auth/reset-request", map[string]any{"email": "x@example.com"})
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := s.For(t).Client()
			for i := 0; i < 2; i++ {
				if st := tc.send(c).Status; st == 429 {
					t.Fatalf("limited after %d requests", i)
				}
			}
			res := tc.send(c).Expect(429)
			if res.Header.Get("Retry-After") == "" {
				t.Error("no Retry-After")
			}
		})
	}
}
