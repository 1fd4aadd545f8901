package session_test

import (
	"context"
	"crypto/sha256"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/labstack/echo/v4"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/auth/session"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

const (
	idle   = time.Hour
	maxAge = 24 * time.Hour
)

var secret = []byte("session-store-test-secret-0123456789abcdef")

// fixture is a store on a transaction of a fresh database, with one user.
// The store reads the database clock (now()), which stands still inside a
// transaction: moving a session's timestamps back is the clock moving on,
// so lifetimes are tested to the microsecond without sleeping.
type fixture struct {
	t      *testing.T
	tx     pgx.Tx
	store  *session.Store
	user   int32
	skater uuid.UUID
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	pool := testdb.New(t)
	ctx := context.Background()
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatalf("begin: %v", err)
	}
	t.Cleanup(func() { _ = tx.Rollback(ctx) }) // runs before the pool closes
	f := &fixture{t: t, tx: tx, store: storeOn(tx, secret)}
	f.user, f.skater = f.addUser("jane")
	return f
}

func storeOn(tx pgx.Tx, key []byte) *session.Store {
	return session.NewStore(db.New(tx), session.Config{SecretKey: key, Idle: idle, MaxAge: maxAge})
}

// For returns the fixture reporting its helpers' failures to t (a subtest), so
// a failing case is named by its subtest.
func (f *fixture) For(t *testing.T) *fixture {
	cp := *f
	cp.t = t
	return &cp
}

func (f *fixture) addUser(login string) (int32, uuid.UUID) {
	f.t.Helper()
	var id int32
	var skater uuid.UUID
	testdb.QueryRow(f.t, f.tx, `INSERT INTO "uAuthTable" ("aLogin", "aEmail", "aPasswordHash", "uSkaterUUID", fs_uniquifier)
		VALUES ($1::text, $1::text || '@example.com', 'x', gen_random_uuid(), md5($1::text)) RETURNING id, "uSkaterUUID"`, login).
		Scan(&id, &skater)
	return id, skater
}

// serve sends one request with cookie (nil: none) through the session
// middleware of store to fn, and returns the response.
func serve(t *testing.T, store *session.Store, cookie *http.Cookie, fn func(ctx context.Context, h *session.Handle) error) *http.Response {
	t.Helper()
	e := echo.New()
	e.GET("/", func(c echo.Context) error {
		ctx := c.Request().Context()
		h, ok := session.From(ctx)
		if !ok {
			t.Fatal("the middleware put no session in the context")
		}
		if err := fn(ctx, h); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}, session.Middleware(store))
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("User-Agent", "store-test")
	if cookie != nil {
		req.AddCookie(cookie)
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	if rec.Code != http.StatusNoContent {
		t.Fatalf("request answered %d: %s", rec.Code, rec.Body)
	}
	return rec.Result()
}

func sessionCookie(t *testing.T, res *http.Response) *http.Cookie {
	t.Helper()
	for _, c := range res.Cookies() {
		if c.Name == session.CookieName {
			return c
		}
	}
	t.Fatalf("no %s cookie in %v", session.CookieName, res.Header)
	return nil
}

// login logs the user in on a request carrying cookie and returns the new
// cookie and the digest the handle reports.
func (f *fixture) login(store *session.Store, cookie *http.Cookie, user int32, skater uuid.UUID) (*http.Cookie, []byte) {
	f.t.Helper()
	var digest []byte
	res := serve(f.t, store, cookie, func(ctx context.Context, h *session.Handle) error {
		if err := h.Login(ctx, user, skater); err != nil {
			return err
		}
		digest = h.Digest()
		return nil
	})
	return sessionCookie(f.t, res), digest
}

// principal is who a request with cookie is logged in as, if anyone.
func principal(t *testing.T, store *session.Store, cookie *http.Cookie) (session.Principal, bool) {
	t.Helper()
	var p session.Principal
	var ok bool
	serve(t, store, cookie, func(ctx context.Context, h *session.Handle) error {
		p, ok = h.Principal()
		if q, qok := session.PrincipalFrom(ctx); qok != ok || !reflect.DeepEqual(q, p) {
			t.Errorf("PrincipalFrom = %+v %v, the handle says %+v %v", q, qok, p, ok)
		}
		return nil
	})
	return p, ok
}

func (f *fixture) exec(sql string, args ...any) {
	f.t.Helper()
	if n := testdb.Exec(f.t, f.tx, sql, args...); n != 1 {
		f.t.Fatalf("%s: changed %d rows, want 1", sql, n)
	}
}

func TestLoginSavesAndLoads(t *testing.T) {
	t.Parallel()

	t.Run("login_cookie_loads_the_user", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		cookie, _ := f.login(f.store, nil, f.user, f.skater)
		p, ok := principal(t, f.store, cookie)
		if !ok || p.UserID != f.user || p.Skater != f.skater || p.SessionID == uuid.Nil {
			t.Fatalf("principal = %+v %v, want user %d skater %s", p, ok, f.user, f.skater)
		}
		var public uuid.UUID
		var agent string
		testdb.QueryRow(t, f.tx, `SELECT public_id, user_agent FROM auth_sessions WHERE user_id = $1`, f.user).Scan(&public, &agent)
		if p.SessionID != public || agent != "store-test" {
			t.Errorf("session id %s agent %q, stored %s %q", p.SessionID, agent, public, agent)
		}
	})

	t.Run("cookie_is_http_only_lax_and_lives_for_the_browser_session", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		c, _ := f.login(f.store, nil, f.user, f.skater)
		if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.MaxAge != 0 || !c.Expires.IsZero() || c.Secure {
			t.Errorf("cookie = %+v", c)
		}
	})

	t.Run("table_holds_only_the_digest_of_the_id", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		cookie, digest := f.login(f.store, nil, f.user, f.skater)
		if len(digest) != sha256.Size {
			t.Fatalf("digest of %d bytes", len(digest))
		}
		if n := testdb.Int(t, f.tx, `SELECT count(*) FROM auth_sessions WHERE id_sha256 = $1`, digest); n != 1 {
			t.Errorf("%d rows under the handle's digest, want 1", n)
		}
		if strings.Contains(cookie.Value, string(digest)) {
			t.Error("the cookie carries the stored digest")
		}
	})

	t.Run("anonymous_request_has_no_principal", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		if p, ok := principal(t, f.store, nil); ok {
			t.Errorf("principal without a cookie = %+v", p)
		}
	})

	t.Run("forged_cookie_is_anonymous_not_an_error", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		if p, ok := principal(t, f.store, &http.Cookie{Name: session.CookieName, Value: "garbage"}); ok {
			t.Errorf("forged cookie logged in as %+v", p)
		}
	})

	t.Run("cookie_of_another_secret_is_anonymous", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		cookie, _ := f.login(f.store, nil, f.user, f.skater)
		if p, ok := principal(t, storeOn(f.tx, []byte("another-secret-key-0123456789abcdefghij")), cookie); ok {
			t.Errorf("a store with another key accepted the cookie as %+v", p)
		}
	})

	t.Run("another_process_with_the_same_secret_loads_the_session", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		cookie, _ := f.login(f.store, nil, f.user, f.skater)
		if p, ok := principal(t, storeOn(f.tx, secret), cookie); !ok || p.UserID != f.user {
			t.Errorf("second store: %+v %v", p, ok)
		}
	})
}

func TestLoginRotatesTheSessionID(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	first, firstDigest := f.login(f.store, nil, f.user, f.skater)
	second, secondDigest := f.login(f.store, first, f.user, f.skater)

	t.Run("new_login_gets_a_new_id", func(t *testing.T) {
		if second.Value == first.Value || string(secondDigest) == string(firstDigest) {
			t.Fatal("the second login kept the first session id")
		}
	})
	t.Run("session_the_login_came_with_is_deleted", func(t *testing.T) {
		f := f.For(t)
		if p, ok := principal(t, f.store, first); ok {
			t.Errorf("the replaced cookie still logs in as %+v", p)
		}
		if n := testdb.Int(t, f.tx, `SELECT count(*) FROM auth_sessions WHERE id_sha256 = $1`, firstDigest); n != 0 {
			t.Errorf("the replaced session is still stored")
		}
	})
	t.Run("new_session_is_live", func(t *testing.T) {
		f := f.For(t)
		if p, ok := principal(t, f.store, second); !ok || p.UserID != f.user {
			t.Errorf("new cookie: %+v %v", p, ok)
		}
	})
	t.Run("planted_session_of_another_user_is_not_carried_into_a_login", func(t *testing.T) {
		f := f.For(t)
		bob, bobSkater := f.addUser("bob")
		planted, _ := f.login(f.store, nil, bob, bobSkater)
		mine, _ := f.login(f.store, planted, f.user, f.skater)
		if p, ok := principal(t, f.store, planted); ok {
			t.Errorf("the planted cookie survived the login as %+v", p)
		}
		if p, ok := principal(t, f.store, mine); !ok || p.UserID != f.user {
			t.Errorf("login over a planted cookie: %+v %v", p, ok)
		}
	})
}

func TestLogoutDeletesTheSession(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cookie, digest := f.login(f.store, nil, f.user, f.skater)
	res := serve(t, f.store, cookie, func(ctx context.Context, h *session.Handle) error { return h.Logout(ctx) })

	t.Run("cookie_is_cleared", func(t *testing.T) {
		if c := sessionCookie(t, res); c.MaxAge >= 0 || c.Value != "" {
			t.Errorf("logout cookie = %+v, want an emptied, expired cookie", c)
		}
	})
	t.Run("row_is_deleted", func(t *testing.T) {
		f := f.For(t)
		if n := testdb.Int(t, f.tx, `SELECT count(*) FROM auth_sessions WHERE id_sha256 = $1`, digest); n != 0 {
			t.Error("the session is still stored")
		}
	})
	t.Run("replayed_cookie_is_anonymous", func(t *testing.T) {
		f := f.For(t)
		if p, ok := principal(t, f.store, cookie); ok {
			t.Errorf("replayed cookie logs in as %+v", p)
		}
	})
	t.Run("logout_without_a_cookie_sets_none", func(t *testing.T) {
		f := f.For(t)
		res := serve(t, f.store, nil, func(ctx context.Context, h *session.Handle) error { return h.Logout(ctx) })
		if got := res.Header.Values("Set-Cookie"); len(got) != 0 {
			t.Errorf("Set-Cookie %v", got)
		}
	})
}

func TestSessionLifetimes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		// age sets the session's timestamps relative to now(); $1 is its digest.
		age  string
		live bool
	}{
		{"used_just_within_the_idle_timeout_is_live",
			`UPDATE auth_sessions SET last_seen_at = now() - interval '1 hour' + interval '1 microsecond' WHERE id_sha256 = $1`, true},
		{"unused_for_the_idle_timeout_is_over",
			`UPDATE auth_sessions SET last_seen_at = now() - interval '1 hour' WHERE id_sha256 = $1`, false},
		{"just_before_its_absolute_end_is_live",
			`UPDATE auth_sessions SET expires_at = now() + interval '1 microsecond' WHERE id_sha256 = $1`, true},
		{"at_its_absolute_end_is_over",
			`UPDATE auth_sessions SET expires_at = now() WHERE id_sha256 = $1`, false},
		{"in_constant_use_past_its_absolute_end_is_over",
			`UPDATE auth_sessions SET expires_at = now() - interval '1 second', last_seen_at = now() WHERE id_sha256 = $1`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			cookie, digest := f.login(f.store, nil, f.user, f.skater)
			f.exec(tc.age, digest)
			if _, ok := principal(t, f.store, cookie); ok != tc.live {
				t.Errorf("logged in = %v, want %v", ok, tc.live)
			}
		})
	}
}

func TestUseExtendsTheIdleTimeout(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		seenAgo string
		touched bool
	}{
		{"use_after_a_minute_moves_last_seen_to_now", "2 minutes", true},
		{"use_within_a_minute_writes_nothing", "30 seconds", false},
		{"use_near_the_idle_end_renews_the_session", "59 minutes 59 seconds", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			cookie, digest := f.login(f.store, nil, f.user, f.skater)
			f.exec(`UPDATE auth_sessions SET last_seen_at = now() - $2::interval WHERE id_sha256 = $1`, digest, tc.seenAgo)
			if _, ok := principal(t, f.store, cookie); !ok {
				t.Fatal("session not live")
			}
			var touched bool
			testdb.QueryRow(t, f.tx, `SELECT last_seen_at = now() FROM auth_sessions WHERE id_sha256 = $1`, digest).Scan(&touched)
			if touched != tc.touched {
				t.Errorf("last_seen_at moved to now = %v, want %v", touched, tc.touched)
			}
		})
	}
}

func TestAbsoluteEndIsMaxAgeAfterLogin(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, digest := f.login(f.store, nil, f.user, f.skater)
	// expires_at comes from the server's clock, created_at from the
	// database's: allow them a minute apart (the same machine here).
	var ok bool
	testdb.QueryRow(t, f.tx, `SELECT expires_at - created_at BETWEEN make_interval(secs => $2) - interval '1 minute'
		AND make_interval(secs => $2) + interval '1 minute' FROM auth_sessions WHERE id_sha256 = $1`, digest, maxAge.Seconds()).Scan(&ok)
	if !ok {
		t.Errorf("the session does not end %v after login", maxAge)
	}
}

func TestRevokingOtherSessionsKeepsTheCurrentOne(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	laptop, _ := f.login(f.store, nil, f.user, f.skater)
	phone, keep := f.login(f.store, nil, f.user, f.skater)
	tablet, _ := f.login(f.store, nil, f.user, f.skater)
	bob, bobSkater := f.addUser("bob")
	bobs, _ := f.login(f.store, nil, bob, bobSkater)

	n, err := db.New(f.tx).DeleteOtherUserSessions(context.Background(), db.DeleteOtherUserSessionsParams{UserID: f.user, KeepSha256: keep})
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("ended %d sessions, want 2", n)
	}
	for _, tc := range []struct {
		name   string
		cookie *http.Cookie
		live   bool
	}{
		{"other_session_is_ended", laptop, false},
		{"another_other_session_is_ended", tablet, false},
		{"current_session_is_kept", phone, true},
		{"another_users_session_is_kept", bobs, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := f.For(t)
			if _, ok := principal(t, f.store, tc.cookie); ok != tc.live {
				t.Errorf("logged in = %v, want %v", ok, tc.live)
			}
		})
	}
}

func TestSweepDeletesOnlyEndedSessions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	live, _ := f.login(f.store, nil, f.user, f.skater)
	_, idleDigest := f.login(f.store, nil, f.user, f.skater)
	_, endedDigest := f.login(f.store, nil, f.user, f.skater)
	f.exec(`UPDATE auth_sessions SET last_seen_at = now() - interval '1 hour' WHERE id_sha256 = $1`, idleDigest)
	f.exec(`UPDATE auth_sessions SET expires_at = now() WHERE id_sha256 = $1`, endedDigest)
	n, err := f.store.Sweep(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("swept %d sessions, want 2", n)
	}
	if left := testdb.Int(t, f.tx, `SELECT count(*) FROM auth_sessions`); left != 1 {
		t.Errorf("%d sessions left, want 1", left)
	}
	if _, ok := principal(t, f.store, live); !ok {
		t.Error("the sweep ended a live session")
	}
}
