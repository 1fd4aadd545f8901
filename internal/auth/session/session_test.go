package session_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
	"github.com/skatetrax/skatetrax-api/internal/auth/token"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

// statementCounter counts the statements a pool sends.
type statementCounter struct{ n atomic.Int64 }

func (s *statementCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	s.n.Add(1)
	return ctx
}

func (s *statementCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// countingPool opens a second pool on url whose statements are counted.
func countingPool(t *testing.T, url string) (*pgxpool.Pool, *statementCounter) {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	counter := &statementCounter{}
	cfg.ConnConfig.Tracer = counter
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool, counter
}

func TestRequestCosts(t *testing.T) {
	t.Parallel()
	_, url := testdb.NewWithURL(t)
	pool, counter := countingPool(t, url)
	s := apitest.New(t, apitest.Options{Pool: pool})
	c, acc := s.Skater("jane", "America/New_York")
	admin := s.Login(s.Register("root", "admin"))

	statements := func(c *apitest.Client, path string, status int) int64 {
		t.Helper()
		before := counter.n.Load()
		c.Get(path).Expect(status)
		return counter.n.Load() - before
	}
	cases := []struct {
		name   string
		client *apitest.Client
		path   string
		status int
		want   int64
	}{
		{"session_state_is_one_statement", c, "/api/v4/auth/session", 200, 1},
		{"liveness_with_a_cookie_touches_no_table", c, "/healthz", 200, 0},
		{"version_with_a_cookie_touches_no_table", c, "/api/v4/utils/version", 200, 0},
		{"health_with_a_cookie_is_only_its_ping", c, "/api/v4/utils/health", 200, 1},
		{"admin_check_needs_no_role_query", admin, "/api/v4/admin/invites", 200, 2},
		{"non_admin_is_refused_after_one_statement", c, "/api/v4/admin/invites", 403, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			statements(tc.client, tc.path, tc.status) // a first request may write last_seen_at: same statement
			if got := statements(tc.client, tc.path, tc.status); got != tc.want {
				t.Errorf("GET %s sent %d statements, want %d", tc.path, got, tc.want)
			}
		})
	}
	t.Run("session_state_reports_onboarding_from_the_same_query", func(t *testing.T) {
		got := c.Get("/api/v4/auth/session").Expect(200).Map()
		if got["onboarding_complete"] != true || got["uSkaterUUID"] != acc.Skater {
			t.Errorf("session state: %v", got)
		}
		fresh := s.Login(s.Register("newbie"))
		if got := fresh.Get("/api/v4/auth/session").Expect(200).Map(); got["onboarding_complete"] != false {
			t.Errorf("session state before onboarding: %v", got)
		}
	})
}

// TestLivenessDuringOutageWithACookie: a liveness probe that sends a
// session cookie stays 200 while the database is gone; a route that reads
// the session answers 503.
func TestLivenessDuringOutageWithACookie(t *testing.T) {
	t.Parallel()
	_, url := testdb.NewWithURL(t)
	pool, _ := countingPool(t, url)
	s := apitest.New(t, apitest.Options{Pool: pool})
	c, _ := s.Skater("jane", "UTC")
	pool.Close() // every query now fails at once, like an outage
	c.Get("/healthz").Expect(http.StatusOK)
	c.Get("/api/v4/utils/version").Expect(http.StatusOK)
	c.Get("/api/v4/auth/session").Expect(http.StatusServiceUnavailable)
}

func lastSeen(t *testing.T, pool *pgxpool.Pool, userID int32) time.Time {
	t.Helper()
	var at time.Time
	if err := pool.QueryRow(context.Background(), `SELECT last_seen_at FROM auth_sessions WHERE user_id = $1`, userID).Scan(&at); err != nil {
		t.Fatalf("read last_seen_at: %v", err)
	}
	return at
}

func setLastSeen(t *testing.T, pool *pgxpool.Pool, userID int32, ago string) time.Time {
	t.Helper()
	var at time.Time
	if err := pool.QueryRow(context.Background(),
		`UPDATE auth_sessions SET last_seen_at = now() - $2::interval WHERE user_id = $1 RETURNING last_seen_at`, userID, ago).Scan(&at); err != nil {
		t.Fatalf("set last_seen_at: %v", err)
	}
	return at
}

func TestIdleClock(t *testing.T) {
	t.Parallel()
	s := apitest.New(t, apitest.Options{Env: map[string]string{"SESSION_IDLE_TIMEOUT": "10m"}})
	c, acc := s.Skater("jane", "UTC")

	t.Run("a_session_used_within_the_minute_is_not_written", func(t *testing.T) {
		set := setLastSeen(t, s.Pool, acc.UserID, "30 seconds")
		c.Get("/api/v4/auth/session").Expect(200)
		c.Get("/api/v4/members/dashboard").Expect(200)
		if got := lastSeen(t, s.Pool, acc.UserID); !got.Equal(set) {
			t.Errorf("last_seen_at written within the minute: %v -> %v", set, got)
		}
	})
	t.Run("a_session_idle_for_over_a_minute_is_written_by_the_next_request", func(t *testing.T) {
		set := setLastSeen(t, s.Pool, acc.UserID, "61 seconds")
		c.Get("/api/v4/auth/session").Expect(200)
		if got := lastSeen(t, s.Pool, acc.UserID); got.Sub(set) < 60*time.Second {
			t.Errorf("last_seen_at not advanced: %v -> %v", set, got)
		}
	})
	t.Run("a_session_used_a_minute_before_the_timeout_is_live", func(t *testing.T) {
		setLastSeen(t, s.Pool, acc.UserID, "9 minutes")
		c.Get("/api/v4/auth/session").Expect(200)
	})
	t.Run("a_session_idle_past_the_timeout_has_ended", func(t *testing.T) {
		setLastSeen(t, s.Pool, acc.UserID, "10 minutes 1 second")
		c.Get("/api/v4/auth/session").Expect(http.StatusUnauthorized)
	})
}

// TestRevocationAcrossReplicas runs two application instances on one
// database (as two replicas behind a proxy): whatever ends a session on one
// is refused by the other on the very next request.
func TestRevocationAcrossReplicas(t *testing.T) {
	t.Parallel()
	_, url := testdb.NewWithURL(t)
	poolA, _ := countingPool(t, url)
	poolB, _ := countingPool(t, url)
	a := apitest.New(t, apitest.Options{Pool: poolA})
	b := apitest.New(t, apitest.Options{Pool: poolB})

	// on returns a client of replica srv carrying the session cookie of c.
	on := func(srv *apitest.Server, c *apitest.Client) *apitest.Client {
		other := srv.Client()
		other.Header.Set("Cookie", "session="+c.Cookie("session"))
		return other
	}
	used := func(t *testing.T, c *apitest.Client) {
		t.Helper()
		c.Get("/api/v4/auth/session").Expect(200)
		c.Get("/api/v4/members/dashboard").Expect(200)
	}
	refused := func(t *testing.T, c *apitest.Client) {
		t.Helper()
		c.Get("/api/v4/auth/session").Expect(http.StatusUnauthorized)
		c.Get("/api/v4/members/dashboard").Expect(http.StatusUnauthorized)
	}

	t.Run("logout_on_one_replica_ends_the_session_on_the_other", func(t *testing.T) {
		acc := a.Register("logout")
		c := a.Login(acc)
		onB := on(b, c)
		used(t, onB)
		c.Post("/api/v4/auth/logout", nil).Expect(200)
		refused(t, onB)
	})
	t.Run("password_change_ends_the_other_sessions_on_every_replica", func(t *testing.T) {
		acc := a.Register("changer")
		keep, other := a.Login(acc), a.Login(acc)
		otherOnB := on(b, other)
		used(t, otherOnB)
		keep.Post("/api/v4/auth/change-password", map[string]any{"current_password": acc.Password, "new_password": "a brand new password"}).Expect(200)
		refused(t, otherOnB)
		used(t, on(b, keep))
	})
	t.Run("reset_ends_every_session_on_every_replica", func(t *testing.T) {
		acc := a.Register("resetter")
		c := a.Login(acc)
		onB := on(b, c)
		used(t, onB)
		if _, err := poolA.Exec(context.Background(), `INSERT INTO password_reset_tokens (token_sha256, user_id, created_at, expires_at, used)
			VALUES ($1, $2, now() AT TIME ZONE 'UTC', (now() AT TIME ZONE 'UTC') + interval '1 hour', false)`,
			token.Digest("known reset token"), acc.UserID); err != nil {
			t.Fatalf("plant reset token: %v", err)
		}
		a.Client().Post("/api/v4/auth/reset-confirm", map[string]any{"token": "known reset token", "new_password": "another new password"}).Expect(200)
		refused(t, onB)
		refused(t, c)
	})
	t.Run("ending_a_session_by_id_takes_effect_on_the_other_replica", func(t *testing.T) {
		acc := a.Register("ender")
		me, victim := a.Login(acc), a.Login(acc)
		victimOnB := on(b, victim)
		used(t, victimOnB)
		var list []struct {
			ID      string `json:"id"`
			Current bool   `json:"current"`
		}
		me.Get("/api/v4/auth/sessions").Expect(200).JSON(&list)
		for _, sess := range list {
			if !sess.Current {
				me.Request(http.MethodDelete, "/api/v4/auth/sessions/"+sess.ID, nil).Expect(200)
			}
		}
		refused(t, victimOnB)
		used(t, me)
	})
	t.Run("logout_everywhere_reaches_every_replica", func(t *testing.T) {
		acc := a.Register("everywhere")
		c, other := a.Login(acc), a.Login(acc)
		otherOnB := on(b, other)
		used(t, otherOnB)
		c.Post("/api/v4/auth/logout-all", nil).Expect(200)
		refused(t, otherOnB)
	})
	t.Run("a_revoked_role_is_refused_on_the_next_request", func(t *testing.T) {
		acc := a.Register("boss", "admin")
		c := on(b, a.Login(acc))
		c.Get("/api/v4/admin/invites").Expect(200)
		if _, err := poolA.Exec(context.Background(), `DELETE FROM user_roles WHERE user_id = $1`, acc.UserID); err != nil {
			t.Fatal(err)
		}
		c.Get("/api/v4/admin/invites").Expect(http.StatusForbidden)
	})
}
