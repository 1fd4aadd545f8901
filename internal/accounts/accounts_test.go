package accounts_test

import (
	"context"
	"crypto/sha256"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/accounts"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/auth/password"
	"github.com/skatetrax/skatetrax-api/internal/auth/token"
	"github.com/skatetrax/skatetrax-api/internal/ratelimit"
	"github.com/skatetrax/skatetrax-api/internal/reqinfo"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// generous limits, so only the tests of a limit meet one.
var generous = accounts.Limits{Window: 15 * time.Minute, LoginPerAccount: 1000, LoginPerIP: 1000,
	RegisterPerIP: 1000, TokenCheckPerIP: 1000, ResetPer: 1000}

type env struct {
	t    *testing.T
	svc  *accounts.Service
	pool *pgxpool.Pool
}

func newEnv(t *testing.T, limits accounts.Limits) *env {
	t.Helper()
	pool := testdb.New(t)
	svc := accounts.New(pool, ratelimit.New(db.New(pool)), limits, nil, slog.New(slog.DiscardHandler))
	return &env{t: t, svc: svc, pool: pool}
}

// from is a request context from the client address ip.
func from(ip string) context.Context {
	return reqinfo.With(context.Background(), reqinfo.Info{IP: ip, UserAgent: "accounts-test"})
}

var ctx = from("203.0.113.7")

// For returns the env reporting its helpers' failures to t (a subtest), so
// a failing case is named by its subtest.
func (e *env) For(t *testing.T) *env {
	cp := *e
	cp.t = t
	return &cp
}

func (e *env) invite(maxUses int32) string {
	e.t.Helper()
	plain, _, err := e.svc.CreateInvite(ctx, accounts.NewInvite{MaxUses: maxUses})
	if err != nil {
		e.t.Fatalf("create invite: %v", err)
	}
	return plain
}

func input(login, invite string) accounts.RegisterInput {
	return accounts.RegisterInput{Login: login, Email: login + "@example.com", Password: "skate-" + login + "-password", Invite: invite}
}

// register creates an account and returns its id.
func (e *env) register(login string) int32 {
	e.t.Helper()
	if err := e.svc.Register(ctx, input(login, e.invite(1))); err != nil {
		e.t.Fatalf("register %s: %v", login, err)
	}
	return e.userID(login)
}

func (e *env) userID(login string) int32 {
	e.t.Helper()
	var id int32
	testdb.QueryRow(e.t, e.pool, `SELECT id FROM "uAuthTable" WHERE "aLogin" = $1`, login).Scan(&id)
	return id
}

func (e *env) count(sql string, args ...any) int {
	e.t.Helper()
	return testdb.Int(e.t, e.pool, sql, args...)
}

// wantErr fails unless err is a domain error with code (and message, when given).
func wantErr(t *testing.T, err error, code apperr.Code, message string) *apperr.Error {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok {
		t.Fatalf("error %v is not a domain error with code %s", err, code)
	}
	if e.Code != code || message != "" && e.Message != message {
		t.Fatalf("error = %s %q, want %s %q", e.Code, e.Message, code, message)
	}
	return e
}

func TestRegisterConsumesTheInvite(t *testing.T) {
	t.Parallel()
	e := newEnv(t, generous)
	tok := e.invite(1)
	if err := e.svc.Register(ctx, input("jane", tok)); err != nil {
		t.Fatal(err)
	}
	id := e.userID("jane")

	t.Run("invite_use_is_counted_and_recorded", func(t *testing.T) {
		e := e.For(t)
		if n := e.count(`SELECT use_count FROM invite_tokens WHERE token_sha256 = $1`, token.Digest(tok)); n != 1 {
			t.Errorf("use_count = %d, want 1", n)
		}
		if n := e.count(`SELECT count(*) FROM invite_uses WHERE user_id = $1`, id); n != 1 {
			t.Errorf("%d invite uses recorded for the user, want 1", n)
		}
	})
	t.Run("default_role_is_adult", func(t *testing.T) {
		e := e.For(t)
		var roles string
		testdb.QueryRow(t, e.pool, `SELECT string_agg(r.name, ',') FROM user_roles ur JOIN role r ON r.id = ur.role_id WHERE ur.user_id = $1`, id).Scan(&roles)
		if roles != "adult" {
			t.Errorf("roles = %q", roles)
		}
	})
	t.Run("password_is_stored_as_argon2id", func(t *testing.T) {
		e := e.For(t)
		var hash string
		testdb.QueryRow(t, e.pool, `SELECT "aPasswordHash" FROM "uAuthTable" WHERE id = $1`, id).Scan(&hash)
		if !strings.HasPrefix(hash, "$argon2id$") || strings.Contains(hash, "skate-jane-password") {
			t.Errorf("stored hash %q", hash)
		}
	})
	t.Run("registration_and_invite_use_are_audited", func(t *testing.T) {
		e := e.For(t)
		if n := e.count(`SELECT count(*) FROM auth_audit WHERE user_id = $1 AND event IN ('register', 'invite_used')`, id); n != 2 {
			t.Errorf("%d audit events, want register and invite_used", n)
		}
	})
	t.Run("used_up_invite_is_refused", func(t *testing.T) {
		e := e.For(t)
		wantErr(t, e.svc.Register(ctx, input("john", tok)), apperr.Forbidden, "Invalid or expired invite token.")
		if n := e.count(`SELECT count(*) FROM "uAuthTable" WHERE "aLogin" = 'john'`); n != 0 {
			t.Error("a refused registration created the user")
		}
	})
	t.Run("checking_a_used_up_invite_says_so", func(t *testing.T) {
		e := e.For(t)
		wantErr(t, e.svc.ValidateInvite(ctx, tok), apperr.Forbidden, "This invite has expired or has already been used.")
	})
}

func TestRegisterRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t, generous)
	cases := []struct {
		name    string
		in      func(invite string) accounts.RegisterInput
		code    apperr.Code
		message string
	}{
		{"no_invite_is_forbidden", func(string) accounts.RegisterInput { return input("a1", "") },
			apperr.Forbidden, "Registration is invite-only. A valid invite token is required."},
		{"unknown_invite_is_forbidden", func(string) accounts.RegisterInput { return input("a2", "no-such-invite") },
			apperr.Forbidden, "Invalid or expired invite token."},
		{"blank_login_is_refused", func(i string) accounts.RegisterInput { in := input("a3", i); in.Login = "  "; return in },
			apperr.BadRequest, "aLogin, aEmail, and aPasswordHash required"},
		{"missing_email_is_refused", func(i string) accounts.RegisterInput { in := input("a4", i); in.Email = ""; return in },
			apperr.BadRequest, "aLogin, aEmail, and aPasswordHash required"},
		{"short_password_is_refused", func(i string) accounts.RegisterInput { in := input("a5", i); in.Password = "short"; return in },
			apperr.BadRequest, "Password must be at least 8 characters."},
		{"malformed_email_is_refused", func(i string) accounts.RegisterInput { in := input("a6", i); in.Email = "a6 at example"; return in },
			apperr.BadRequest, "aEmail must be an email address"},
		{"minor_cannot_self_register", func(i string) accounts.RegisterInput {
			in := input("a7", i)
			in.Roles = []string{"adult", "Minor"}
			return in
		}, apperr.BadRequest, "Minors cannot self-register. A guardian must create a minor profile."},
		{"admin_role_cannot_be_chosen", func(i string) accounts.RegisterInput {
			in := input("a8", i)
			in.Roles = []string{"coach", "admin", "x", "admin"}
			return in
		}, apperr.BadRequest, "Invalid role(s): admin, x. Allowed: adult, coach, guardian"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := e.For(t)
			inv := e.invite(1)
			wantErr(t, e.svc.Register(ctx, tc.in(inv)), tc.code, tc.message)
			// A refused registration leaves the invite as it was.
			if n := e.count(`SELECT use_count FROM invite_tokens WHERE token_sha256 = $1`, token.Digest(inv)); n != 0 {
				t.Errorf("the refusal used the invite (use_count %d)", n)
			}
		})
	}
	if n := e.count(`SELECT count(*) FROM "uAuthTable"`); n != 0 {
		t.Errorf("refused registrations created %d users", n)
	}
}

func TestRegisterDuplicates(t *testing.T) {
	t.Parallel()
	e := newEnv(t, generous)
	e.register("jane")
	for _, tc := range []struct {
		name  string
		login string
		email string
	}{
		{"same_login_in_other_case_is_taken", "JANE", "other@example.com"},
		{"same_email_in_other_case_is_taken", "jane2", "Jane@Example.com"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := e.For(t)
			inv := e.invite(1)
			in := input(tc.login, inv)
			in.Email = tc.email
			wantErr(t, e.svc.Register(ctx, in), apperr.BadRequest, "User already exists")
			if n := e.count(`SELECT use_count FROM invite_tokens WHERE token_sha256 = $1`, token.Digest(inv)); n != 0 {
				t.Errorf("the refused duplicate used the invite (use_count %d)", n)
			}
		})
	}
}

func TestInviteUses(t *testing.T) {
	t.Parallel()
	e := newEnv(t, generous)

	t.Run("invite_for_three_admits_exactly_three", func(t *testing.T) {
		e := e.For(t)
		inv := e.invite(3)
		for _, login := range []string{"m1", "m2", "m3"} {
			if err := e.svc.Register(ctx, input(login, inv)); err != nil {
				t.Fatalf("%s: %v", login, err)
			}
		}
		wantErr(t, e.svc.Register(ctx, input("m4", inv)), apperr.Forbidden, "")
	})
	t.Run("unlimited_invite_keeps_admitting", func(t *testing.T) {
		e := e.For(t)
		inv := e.invite(0)
		for _, login := range []string{"u1", "u2", "u3", "u4"} {
			if err := e.svc.Register(ctx, input(login, inv)); err != nil {
				t.Fatalf("%s: %v", login, err)
			}
		}
		if err := e.svc.ValidateInvite(ctx, inv); err != nil {
			t.Errorf("unlimited invite after four uses: %v", err)
		}
	})
	t.Run("checking_an_invite_does_not_use_it", func(t *testing.T) {
		e := e.For(t)
		inv := e.invite(1)
		for range 3 {
			if err := e.svc.ValidateInvite(ctx, inv); err != nil {
				t.Fatalf("ValidateInvite: %v", err)
			}
		}
		if err := e.svc.Register(ctx, input("checked", inv)); err != nil {
			t.Fatalf("register after checks: %v", err)
		}
	})
	t.Run("expired_invite_is_refused", func(t *testing.T) {
		e := e.For(t)
		inv := e.invite(1)
		testdb.Exec(t, e.pool, `UPDATE invite_tokens SET expires_at = (now() AT TIME ZONE 'UTC') - interval '1 second' WHERE token_sha256 = $1`, token.Digest(inv))
		wantErr(t, e.svc.ValidateInvite(ctx, inv), apperr.Forbidden, "This invite has expired or has already been used.")
		wantErr(t, e.svc.Register(ctx, input("late", inv)), apperr.Forbidden, "Invalid or expired invite token.")
	})
	t.Run("revoked_invite_is_refused", func(t *testing.T) {
		e := e.For(t)
		plain, created, err := e.svc.CreateInvite(ctx, accounts.NewInvite{MaxUses: 5})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.svc.RevokeInvite(ctx, created.ID, nil); err != nil {
			t.Fatal(err)
		}
		wantErr(t, e.svc.Register(ctx, input("revoked", plain)), apperr.Forbidden, "Invalid or expired invite token.")
	})
	t.Run("revoking_an_unknown_invite_is_not_found", func(t *testing.T) {
		e := e.For(t)
		wantErr(t, e.svc.RevokeInvite(ctx, 999999, nil), apperr.NotFound, "No such invite")
	})
	t.Run("missing_token_check_says_invite_only", func(t *testing.T) {
		e := e.For(t)
		wantErr(t, e.svc.ValidateInvite(ctx, ""), apperr.Forbidden, "Registration is currently invite-only.")
	})
	t.Run("invite_token_is_stored_only_as_its_digest", func(t *testing.T) {
		e := e.For(t)
		inv := e.invite(1)
		if n := e.count(`SELECT count(*) FROM invite_tokens WHERE token IS NOT NULL OR token_sha256 IS NULL`); n != 0 {
			t.Error("the invite token is stored in plaintext")
		}
		if n := e.count(`SELECT count(*) FROM invite_tokens WHERE token_sha256 = $1`, token.Digest(inv)); n != 1 {
			t.Error("the invite is not stored under its digest")
		}
	})
}

func TestSingleUseInviteUnderConcurrency(t *testing.T) {
	t.Parallel()
	e := newEnv(t, generous)
	inv := e.invite(1)
	const n = 6
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = e.svc.Register(ctx, input("racer"+string(rune('a'+i)), inv)) })
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		default:
			wantErr(t, err, apperr.Forbidden, "Invalid or expired invite token.")
		}
	}
	if users := e.count(`SELECT count(*) FROM "uAuthTable"`); ok != 1 || users != 1 {
		t.Fatalf("%d registrations succeeded, %d users; want exactly one", ok, users)
	}
}

func TestInviteUsable(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { v := now.Add(d); return &v }
	for _, tc := range []struct {
		name string
		inv  accounts.Invite
		want bool
	}{
		{"fresh_single_use_invite_is_usable", accounts.Invite{MaxUses: 1}, true},
		{"used_up_invite_is_not_usable", accounts.Invite{MaxUses: 1, UseCount: 1}, false},
		{"unlimited_invite_is_usable_after_many_uses", accounts.Invite{MaxUses: 0, UseCount: 500}, true},
		{"revoked_invite_is_not_usable", accounts.Invite{MaxUses: 5, Revoked: true}, false},
		{"invite_is_usable_until_its_expiry", accounts.Invite{MaxUses: 1, ExpiresAt: at(0)}, true},
		{"invite_is_not_usable_after_its_expiry", accounts.Invite{MaxUses: 1, ExpiresAt: at(-time.Nanosecond)}, false},
		{"invite_expiring_later_is_usable", accounts.Invite{MaxUses: 1, ExpiresAt: at(time.Hour)}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.inv.Usable(now); got != tc.want {
				t.Errorf("Usable = %v, want %v", got, tc.want)
			}
		})
	}
}

// legacyUser stores an account directly, as a migrated database holds it.
func (e *env) legacyUser(login, email, hash string) int32 {
	e.t.Helper()
	var id int32
	testdb.QueryRow(e.t, e.pool, `INSERT INTO "uAuthTable" ("aLogin", "aEmail", "aPasswordHash", "uSkaterUUID", fs_uniquifier)
		VALUES ($1::text, $2, $3, gen_random_uuid(), md5($1::text)) RETURNING id`, login, email, hash).Scan(&id)
	return id
}

func TestLoginRules(t *testing.T) {
	t.Parallel()
	e := newEnv(t, generous)
	jane := e.register("jane")
	hash, err := password.Hash("legacy twin password")
	if err != nil {
		t.Fatal(err)
	}
	// Legacy data may hold logins that differ only in case.
	twinLower := e.legacyUser("kim", "kim.lower@example.com", hash)
	e.legacyUser("Kim", "kim.upper@example.com", hash)

	ok := []struct {
		name, identifier, pw string
		want                 int32
	}{
		{"login_name_and_password_log_in", "jane", "skate-jane-password", jane},
		{"email_logs_in", "jane@example.com", "skate-jane-password", jane},
		{"login_in_other_case_logs_in_when_unambiguous", "JANE", "skate-jane-password", jane},
		{"exact_login_wins_over_a_case_twin", "kim", "legacy twin password", twinLower},
	}
	for _, tc := range ok {
		t.Run(tc.name, func(t *testing.T) {
			e := e.For(t)
			u, err := e.svc.Login(ctx, tc.identifier, tc.pw)
			if err != nil || u.ID != tc.want {
				t.Fatalf("Login(%q) = %+v, %v; want user %d", tc.identifier, u, err, tc.want)
			}
		})
	}
	refused := []struct {
		name, identifier, pw string
	}{
		{"wrong_password_is_refused", "jane", "not the password"},
		{"unknown_account_is_refused_alike", "nobody", "skate-jane-password"},
		{"ambiguous_case_twin_is_refused", "KIM", "legacy twin password"},
		{"numeric_identifier_is_not_a_user_id", "1", "skate-jane-password"},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			e := e.For(t)
			_, err := e.svc.Login(ctx, tc.identifier, tc.pw)
			wantErr(t, err, apperr.Unauthorized, "Invalid credentials")
		})
	}
	for _, tc := range []struct{ name, identifier, pw string }{
		{"missing_identifier_is_a_bad_request", "", "x"},
		{"missing_password_is_a_bad_request", "jane", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := e.For(t)
			_, err := e.svc.Login(ctx, tc.identifier, tc.pw)
			wantErr(t, err, apperr.BadRequest, "aLogin or aEmail and aPasswordHash required")
		})
	}
	t.Run("failures_and_successes_are_audited", func(t *testing.T) {
		e := e.For(t)
		if n := e.count(`SELECT count(*) FROM auth_audit WHERE event = 'login_failure' AND login = 'nobody' AND user_id IS NULL`); n != 1 {
			t.Errorf("%d failure events for the unknown account, want 1", n)
		}
		if n := e.count(`SELECT count(*) FROM auth_audit WHERE event = 'login_success' AND user_id = $1`, jane); n != 3 {
			t.Errorf("%d success events for jane, want 3", n)
		}
	})
}

func TestLegacyHashIsUpgradedAtLogin(t *testing.T) {
	t.Parallel()
	e := newEnv(t, generous)
	// werkzeug pbkdf2 of "legacy-password-1", as the original stored it.
	id := e.legacyUser("old", "old@example.com",
		"pbkdf2:sha256:260000$abcdEFGH12345678$8820e026184cce3ed6465aa64a50e81ef55aa86ab4c573bb5bab5979e696bb76")
	if _, err := e.svc.Login(ctx, "old", "wrong-password"); err == nil {
		t.Fatal("a wrong password logged in")
	}
	if u, err := e.svc.Login(ctx, "old", "legacy-password-1"); err != nil || u.ID != id {
		t.Fatalf("legacy login: %+v %v", u, err)
	}
	var hash string
	testdb.QueryRow(t, e.pool, `SELECT "aPasswordHash" FROM "uAuthTable" WHERE id = $1`, id).Scan(&hash)
	if !strings.HasPrefix(hash, "$argon2id$") {
		t.Fatalf("hash after login = %q, want argon2id", hash)
	}
	if _, err := e.svc.Login(ctx, "old", "legacy-password-1"); err != nil {
		t.Fatalf("login with the upgraded hash: %v", err)
	}
}

func TestLoginLimits(t *testing.T) {
	t.Parallel()
	limits := generous
	limits.LoginPerAccount = 3
	limits.LoginPerIP = 6

	t.Run("account_is_locked_after_its_failures_even_with_the_right_password", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, limits)
		e.register("gina")
		for i := range 3 {
			if _, err := e.svc.Login(from("198.51.100.1"), "gina", "wrong password"); err == nil {
				t.Fatalf("failure %d logged in", i+1)
			}
		}
		// From another address too: the account's bucket is per account.
		_, err := e.svc.Login(from("198.51.100.2"), "gina", "skate-gina-password")
		if got := wantErr(t, err, apperr.RateLimited, ""); got.RetryAfter < 1 || got.RetryAfter > int(limits.Window/time.Second) {
			t.Errorf("Retry-After %d s, want within the %v window", got.RetryAfter, limits.Window)
		}
		if n := e.count(`SELECT count(*) FROM auth_audit WHERE event = 'rate_limited'`); n == 0 {
			t.Error("the refusal is not audited")
		}
	})
	t.Run("account_lock_counts_any_spelling_of_the_login", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, limits)
		e.register("hank")
		for _, spelling := range []string{"hank", "HANK", "Hank"} {
			_, _ = e.svc.Login(ctx, spelling, "wrong password")
		}
		_, err := e.svc.Login(ctx, "hank", "skate-hank-password")
		wantErr(t, err, apperr.RateLimited, "")
	})
	t.Run("successful_logins_do_not_use_up_the_account_limit", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, limits)
		e.register("ivy")
		for i := range 5 {
			if _, err := e.svc.Login(from("198.51.100."+string(rune('1'+i))), "ivy", "skate-ivy-password"); err != nil {
				t.Fatalf("login %d: %v", i+1, err)
			}
		}
	})
	t.Run("client_address_is_limited_across_accounts", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, limits)
		e.register("jack")
		ip := from("192.0.2.50")
		for i := range 6 {
			if _, err := e.svc.Login(ip, "someone"+string(rune('a'+i)), "wrong password"); err != nil {
				if ae, ok := apperr.As(err); ok && ae.Code == apperr.RateLimited {
					t.Fatalf("attempt %d already limited", i+1)
				}
			}
		}
		_, err := e.svc.Login(ip, "jack", "skate-jack-password")
		wantErr(t, err, apperr.RateLimited, "")
		if _, err := e.svc.Login(from("192.0.2.51"), "jack", "skate-jack-password"); err != nil {
			t.Errorf("another address is limited too: %v", err)
		}
	})
}

// addSession stores a login session of user and returns its digest.
func (e *env) addSession(user int32, id string) []byte {
	e.t.Helper()
	sum := sha256.Sum256([]byte(id))
	testdb.Exec(e.t, e.pool, `INSERT INTO auth_sessions (id_sha256, user_id, expires_at) VALUES ($1, $2, now() + interval '1 day')`, sum[:], user)
	return sum[:]
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	e := newEnv(t, generous)
	id := e.register("frank")
	other := e.register("olga")
	here := e.addSession(id, "frank-laptop")
	e.addSession(id, "frank-phone")
	e.addSession(other, "olga-laptop")
	const current = "skate-frank-password"

	for _, tc := range []struct {
		name, current, next string
		code                apperr.Code
		message             string
	}{
		{"wrong_current_password_is_unauthorized", "not it", "a brand new password", apperr.Unauthorized, "Current password is incorrect"},
		{"missing_new_password_is_a_bad_request", current, "", apperr.BadRequest, "current_password and new_password are required"},
		{"missing_current_password_is_a_bad_request", "", "a brand new password", apperr.BadRequest, "current_password and new_password are required"},
		{"short_new_password_is_a_bad_request", current, "short", apperr.BadRequest, "Password must be at least 8 characters."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := e.For(t)
			wantErr(t, e.svc.ChangePassword(ctx, id, here, tc.current, tc.next), tc.code, tc.message)
			if _, err := e.svc.Login(ctx, "frank", current); err != nil {
				t.Errorf("the refused change altered the password: %v", err)
			}
			if n := e.count(`SELECT count(*) FROM auth_sessions WHERE user_id = $1`, id); n != 2 {
				t.Errorf("the refused change ended sessions: %d left", n)
			}
		})
	}

	if err := e.svc.ChangePassword(ctx, id, here, current, "a brand new password"); err != nil {
		t.Fatal(err)
	}
	t.Run("new_password_logs_in_and_the_old_does_not", func(t *testing.T) {
		e := e.For(t)
		if _, err := e.svc.Login(ctx, "frank", "a brand new password"); err != nil {
			t.Errorf("new password: %v", err)
		}
		_, err := e.svc.Login(ctx, "frank", current)
		wantErr(t, err, apperr.Unauthorized, "Invalid credentials")
	})
	t.Run("other_sessions_end_and_the_current_stays", func(t *testing.T) {
		e := e.For(t)
		left := testdb.Column[[]byte](t, e.pool, `SELECT id_sha256 FROM auth_sessions WHERE user_id = $1`, id)
		if len(left) != 1 || string(left[0]) != string(here) {
			t.Errorf("%d sessions left, want only the current one", len(left))
		}
	})
	t.Run("another_users_sessions_stay", func(t *testing.T) {
		e := e.For(t)
		if n := e.count(`SELECT count(*) FROM auth_sessions WHERE user_id = $1`, other); n != 1 {
			t.Errorf("olga has %d sessions, want 1", n)
		}
	})
	t.Run("change_is_audited_with_the_sessions_ended", func(t *testing.T) {
		e := e.For(t)
		if n := e.count(`SELECT count(*) FROM auth_audit WHERE event = 'password_changed' AND user_id = $1 AND detail->>'sessions_ended' = '1'`, id); n != 1 {
			t.Errorf("%d password_changed events with sessions_ended 1", n)
		}
	})
}

func TestChangePasswordIsLimited(t *testing.T) {
	t.Parallel()
	limits := generous
	limits.LoginPerAccount = 2
	e := newEnv(t, limits)
	id := e.register("paul")
	for range 2 {
		_ = e.svc.ChangePassword(ctx, id, nil, "guess", "a brand new password")
	}
	err := e.svc.ChangePassword(ctx, id, nil, "skate-paul-password", "a brand new password")
	if got := wantErr(t, err, apperr.RateLimited, ""); got.RetryAfter < 1 {
		t.Errorf("Retry-After %d", got.RetryAfter)
	}
}

// resetToken stores a reset token for user the way the reset mailer does.
func (e *env) resetToken(user int32) string {
	e.t.Helper()
	plain, digest, err := token.New()
	if err != nil {
		e.t.Fatal(err)
	}
	if err := db.New(e.pool).CreateResetToken(context.Background(), db.CreateResetTokenParams{Digest: digest, UserID: user}); err != nil {
		e.t.Fatal(err)
	}
	return plain
}

func TestConfirmReset(t *testing.T) {
	t.Parallel()
	e := newEnv(t, generous)
	id := e.register("kate")
	e.addSession(id, "kate-laptop")
	e.addSession(id, "kate-phone")
	first, second, expired := e.resetToken(id), e.resetToken(id), e.resetToken(id)
	testdb.Exec(t, e.pool, `UPDATE password_reset_tokens SET expires_at = (now() AT TIME ZONE 'UTC') - interval '1 second' WHERE token_sha256 = $1`, token.Digest(expired))

	for _, tc := range []struct {
		name, token, next string
		message           string
	}{
		{"missing_token_is_refused", "", "a brand new password", "token and new_password are required"},
		{"missing_password_is_refused", first, "", "token and new_password are required"},
		{"forged_token_is_refused", "forged", "a brand new password", "Invalid or expired reset token"},
		{"expired_token_is_refused", expired, "a brand new password", "Invalid or expired reset token"},
		{"short_password_is_refused_and_keeps_the_token", first, "short", "Password must be at least 8 characters."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := e.For(t)
			wantErr(t, e.svc.ConfirmReset(ctx, tc.token, tc.next), apperr.BadRequest, tc.message)
			if n := e.count(`SELECT count(*) FROM auth_sessions WHERE user_id = $1`, id); n != 2 {
				t.Errorf("a refused reset ended sessions: %d left", n)
			}
		})
	}

	if err := e.svc.ConfirmReset(ctx, first, "a brand new password"); err != nil {
		t.Fatalf("reset with a good token: %v", err)
	}
	t.Run("new_password_logs_in", func(t *testing.T) {
		e := e.For(t)
		if _, err := e.svc.Login(ctx, "kate", "a brand new password"); err != nil {
			t.Error(err)
		}
	})
	t.Run("every_session_ends", func(t *testing.T) {
		e := e.For(t)
		if n := e.count(`SELECT count(*) FROM auth_sessions WHERE user_id = $1`, id); n != 0 {
			t.Errorf("%d sessions left", n)
		}
	})
	t.Run("token_is_single_use", func(t *testing.T) {
		e := e.For(t)
		wantErr(t, e.svc.ConfirmReset(ctx, first, "another new password"), apperr.BadRequest, "Invalid or expired reset token")
	})
	t.Run("other_outstanding_tokens_are_voided", func(t *testing.T) {
		e := e.For(t)
		wantErr(t, e.svc.ConfirmReset(ctx, second, "another new password"), apperr.BadRequest, "Invalid or expired reset token")
	})
}

func TestRequestResetWithoutMailIsUnavailable(t *testing.T) {
	t.Parallel()
	e := newEnv(t, generous)
	wantErr(t, e.svc.RequestReset(ctx, "x@example.com"), apperr.Unavailable,
		"Password reset is not available (email service not configured)")
	wantErr(t, e.svc.RequestReset(ctx, ""), apperr.BadRequest, "email is required")
}

func TestOwnSessions(t *testing.T) {
	t.Parallel()
	e := newEnv(t, generous)
	jane, bob := e.register("jane"), e.register("bob")
	e.addSession(jane, "jane-1")
	e.addSession(jane, "jane-2")
	e.addSession(bob, "bob-1")
	list, err := e.svc.ListSessions(ctx, jane, time.Hour)
	if err != nil || len(list) != 2 {
		t.Fatalf("jane's sessions = %v, %v", list, err)
	}

	t.Run("another_users_session_is_not_found", func(t *testing.T) {
		e := e.For(t)
		bobs, err := e.svc.ListSessions(ctx, bob, time.Hour)
		if err != nil || len(bobs) != 1 {
			t.Fatalf("bob's sessions = %v, %v", bobs, err)
		}
		wantErr(t, e.svc.EndSession(ctx, jane, bobs[0].ID), apperr.NotFound, "No such session")
		if n := e.count(`SELECT count(*) FROM auth_sessions WHERE user_id = $1`, bob); n != 1 {
			t.Error("jane ended bob's session")
		}
	})
	t.Run("own_session_ends", func(t *testing.T) {
		e := e.For(t)
		if err := e.svc.EndSession(ctx, jane, list[0].ID); err != nil {
			t.Fatal(err)
		}
		if n := e.count(`SELECT count(*) FROM auth_sessions WHERE user_id = $1`, jane); n != 1 {
			t.Errorf("%d sessions left, want 1", n)
		}
	})
	t.Run("ending_all_ends_only_the_users_own", func(t *testing.T) {
		e := e.For(t)
		if err := e.svc.EndAllSessions(ctx, jane); err != nil {
			t.Fatal(err)
		}
		if n := e.count(`SELECT count(*) FROM auth_sessions WHERE user_id = $1`, jane); n != 0 {
			t.Errorf("%d of jane's sessions left", n)
		}
		if n := e.count(`SELECT count(*) FROM auth_sessions WHERE user_id = $1`, bob); n != 1 {
			t.Errorf("bob has %d sessions, want 1", n)
		}
	})
}

func TestRegisterIsLimitedPerAddress(t *testing.T) {
	t.Parallel()
	limits := generous
	limits.RegisterPerIP = 2
	e := newEnv(t, limits)
	ip := from("203.0.113.99")
	for i := range 2 {
		// Refused attempts count as well: guessing invites is what the limit stops.
		err := e.svc.Register(ip, input("guess"+string(rune('a'+i)), "guessed-invite"))
		wantErr(t, err, apperr.Forbidden, "")
	}
	err := e.svc.Register(ip, input("real", e.invite(1)))
	if got := wantErr(t, err, apperr.RateLimited, ""); got.RetryAfter < 1 {
		t.Errorf("Retry-After %d", got.RetryAfter)
	}
	if err := e.svc.Register(from("203.0.113.100"), input("real", e.invite(1))); err != nil {
		t.Errorf("another address is limited too: %v", err)
	}
}
