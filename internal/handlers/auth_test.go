package handlers_test

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

func TestRegister(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	c := s.Client()
	body := func(invite string, extra map[string]any) map[string]any {
		b := map[string]any{"aLogin": "jane", "aEmail": "jane@example.com", "aPasswordHash": "correct horse battery", "invite_token": invite}
		for k, v := range extra {
			b[k] = v
		}
		return b
	}
	cases := []struct {
		name    string
		body    any
		status  int
		message string
	}{
		{"no_invite_is_403", body("", nil), 403, "Registration is invite-only. A valid invite token is required."},
		{"unknown_invite_is_403", body("nope", nil), 403, "Invalid or expired invite token."},
		{"missing_login_is_400", body(s.Invite(1), map[string]any{"aLogin": ""}), 400, "aLogin, aEmail, and aPasswordHash required"},
		{"missing_password_is_400", body(s.Invite(1), map[string]any{"aPasswordHash": nil}), 400, "aLogin, aEmail, and aPasswordHash required"},
		{"minor_role_is_400", body(s.Invite(1), map[string]any{"roles": []string{"adult", "minor", "x"}}), 400, "Minors cannot self-register. A guardian must create a minor profile."},
		{"roles_outside_the_allowed_are_400", body(s.Invite(1), map[string]any{"roles": []string{"x", "admin", "coach"}}), 400, "Invalid role(s): admin, x. Allowed: adult, coach, guardian"},
		{"roles_not_an_array_is_400", body(s.Invite(1), map[string]any{"roles": "adult"}), 400, "roles must be an array of strings"},
		{"role_not_a_string_is_400", body(s.Invite(1), map[string]any{"roles": []any{1}}), 400, "roles must be an array of strings"},
		{"short_password_is_400", body(s.Invite(1), map[string]any{"aPasswordHash": "short"}), 400, "Password must be at least 8 characters."},
		{"login_of_wrong_type_is_400", body(s.Invite(1), map[string]any{"aLogin": 42}), 400, ""},
		{"body_not_an_object_is_400", "[1,2]", 400, ""},
		{"malformed_email_is_400", body(s.Invite(1), map[string]any{"aEmail": "not-an-email"}), 400, "aEmail must be an email address"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.For(t).Post("/api/v4/auth/register", tc.body).Expect(tc.status)
			if tc.message != "" && res.Map()["message"] != tc.message {
				t.Errorf("message %q, want %q", res.Map()["message"], tc.message)
			}
		})
	}
	if users := testdb.Int(t, s.Pool, `SELECT count(*) FROM "uAuthTable"`); users != 0 {
		t.Fatalf("refused registrations created %d users", users)
	}

	invite := s.Invite(1)
	res := c.Post("/api/v4/auth/register", body(invite, map[string]any{"roles": []string{"Coach ", "guardian", "coach"}, "phone_number": "555-0100"})).Expect(200)
	if res.Map()["message"] != "User registered successfully" {
		t.Errorf("message = %v", res.Map())
	}
	if res.Header.Get("Set-Cookie") != "" {
		t.Error("registration must not log the user in")
	}
	var roles string
	testdb.QueryRow(t, s.Pool, `SELECT string_agg(r.name, ',' ORDER BY r.name) FROM user_roles ur JOIN role r ON r.id = ur.role_id
		JOIN "uAuthTable" u ON u.id = ur.user_id WHERE u."aLogin" = 'jane'`).Scan(&roles)
	if roles != "coach,guardian" {
		t.Errorf("roles = %q", roles)
	}
	uses := testdb.Int(t, s.Pool, `SELECT count(*) FROM invite_uses`)
	useCount := testdb.Int(t, s.Pool, `SELECT use_count FROM invite_tokens ORDER BY id DESC LIMIT 1`)
	if uses != 1 || useCount != 1 {
		t.Errorf("invite uses = %d, use_count = %d", uses, useCount)
	}
	// The invite is used up; the duplicate check is case-insensitive.
	c.Post("/api/v4/auth/register", body(invite, map[string]any{"aLogin": "other"})).Expect(403)
	dup := c.Post("/api/v4/auth/register", body(s.Invite(1), map[string]any{"aLogin": "JANE", "aEmail": "j2@example.com"})).Expect(400)
	if dup.Map()["message"] != "User already exists" {
		t.Errorf("duplicate: %v", dup.Map())
	}
	c.Post("/api/v4/auth/register", body(s.Invite(1), map[string]any{"aLogin": "jane2", "aEmail": "JANE@example.com"})).Expect(400)

	// Default role; an unlimited invite admits several.
	unlimited := s.Invite(0)
	for _, login := range []string{"u1", "u2"} {
		c.Post("/api/v4/auth/register", map[string]any{"aLogin": login, "aEmail": login + "@example.com",
			"aPasswordHash": "long enough pw", "invite_token": unlimited}).Expect(200)
	}
	testdb.QueryRow(t, s.Pool, `SELECT string_agg(r.name, ',') FROM user_roles ur JOIN role r ON r.id = ur.role_id
		JOIN "uAuthTable" u ON u.id = ur.user_id WHERE u."aLogin" = 'u1'`).Scan(&roles)
	if roles != "adult" {
		t.Errorf("default roles = %q", roles)
	}
	// Stored hashes are argon2id; the invite table holds no plaintext.
	var hash string
	testdb.QueryRow(t, s.Pool, `SELECT "aPasswordHash" FROM "uAuthTable" WHERE "aLogin" = 'u1'`).Scan(&hash)
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash = %q", hash)
	}
	if plaintext := testdb.Int(t, s.Pool, `SELECT count(*) FROM invite_tokens WHERE token IS NOT NULL`); plaintext != 0 {
		t.Errorf("%d invites stored in plaintext", plaintext)
	}
}

func TestRegisterInviteIsUsedOnceUnderConcurrency(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	invite := s.Invite(1)
	const n = 10
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			login := "racer" + string(rune('a'+i))
			res := s.Client().Post("/api/v4/auth/register", map[string]any{"aLogin": login, "aEmail": login + "@example.com",
				"aPasswordHash": "long enough pw", "invite_token": invite})
			statuses[i] = res.Status
		}()
	}
	wg.Wait()
	ok := 0
	for _, st := range statuses {
		switch st {
		case 200:
			ok++
		case 403:
		default:
			t.Errorf("unexpected status %d", st)
		}
	}
	users := testdb.Int(t, s.Pool, `SELECT count(*) FROM "uAuthTable"`)
	useCount := testdb.Int(t, s.Pool, `SELECT use_count FROM invite_tokens`)
	if ok != 1 || users != 1 || useCount != 1 {
		t.Fatalf("%d successes, %d users, use_count %d; want exactly one", ok, users, useCount)
	}
}

func TestValidateInviteToken(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	c := s.Client()
	e := c.Get("/api/v4/auth/register/validate-token").Expect(403).Map()
	if e["message"] != "Registration is currently invite-only." || e["valid"] != false {
		t.Errorf("missing token: %v", e)
	}
	e = c.Get("/api/v4/auth/register/validate-token?token=unknown").Expect(403).Map()
	if e["message"] != "This invite has expired or has already been used." || e["valid"] != false {
		t.Errorf("unknown token: %v", e)
	}
	tok := s.Invite(1)
	for range 2 { // not consumed by checking
		if v := c.Get("/api/v4/auth/register/validate-token?token=" + tok).Expect(200).Map(); v["valid"] != true {
			t.Errorf("valid token: %v", v)
		}
	}
	// An invite with an expiry in the future works (the original's 500); one in the past does not.
	if n := testdb.Exec(t, s.Pool, `UPDATE invite_tokens SET expires_at = (now() AT TIME ZONE 'UTC') + interval '1 day'`); n != 1 {
		t.Fatalf("updated %d invites, want 1", n)
	}
	c.Get("/api/v4/auth/register/validate-token?token=" + tok).Expect(200)
	if n := testdb.Exec(t, s.Pool, `UPDATE invite_tokens SET expires_at = (now() AT TIME ZONE 'UTC') - interval '1 second'`); n != 1 {
		t.Fatalf("updated %d invites, want 1", n)
	}
	c.Get("/api/v4/auth/register/validate-token?token=" + tok).Expect(403)
	c.Post("/api/v4/auth/register", map[string]any{"aLogin": "late", "aEmail": "late@example.com",
		"aPasswordHash": "long enough pw", "invite_token": tok}).Expect(403)
}

func TestLoginAndSession(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	acc := s.Register("alice")
	c := s.Client()

	e := c.Get("/api/v4/auth/session").Expect(401).Map()
	if e["logged_in"] != false {
		t.Errorf("anonymous session: %v", e)
	}
	for _, tc := range []struct {
		name string
		body map[string]any
	}{
		{"empty_body_is_400", map[string]any{}},
		{"login_without_password_is_400", map[string]any{"aLogin": "alice"}},
		{"password_without_login_is_400", map[string]any{"aPasswordHash": "x"}},
		{"empty_login_and_email_are_400", map[string]any{"aLogin": "", "aEmail": "", "aPasswordHash": "x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if m := c.For(t).Post("/api/v4/auth/login", tc.body).Expect(400).Map(); m["message"] != "aLogin or aEmail and aPasswordHash required" {
				t.Errorf("%v: %v", tc.body, m)
			}
		})
	}
	wrong := c.Post("/api/v4/auth/login", map[string]any{"aLogin": "alice", "aPasswordHash": "wrong password"}).Expect(401)
	unknown := c.Post("/api/v4/auth/login", map[string]any{"aLogin": "nobody", "aPasswordHash": "wrong password"}).Expect(401)
	if string(wrong.Body) != string(unknown.Body) || wrong.Map()["message"] != "Invalid credentials" {
		t.Errorf("unknown user and wrong password differ: %s / %s", wrong.Body, unknown.Body)
	}
	// The original's "numeric identifier = user id" lookup is gone.
	c.Post("/api/v4/auth/login", map[string]any{"aLogin": "1", "aPasswordHash": acc.Password}).Expect(401)

	ok := c.Post("/api/v4/auth/login", map[string]any{"aLogin": "ALICE", "aPasswordHash": acc.Password}).Expect(200)
	if ok.Map()["message"] != "Login successful" {
		t.Fatalf("login: %s", ok.Body)
	}
	cookie := ok.Header.Get("Set-Cookie")
	for _, want := range []string{"session=", "HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("cookie %q lacks %q", cookie, want)
		}
	}
	if strings.Contains(cookie, "Secure") || strings.Contains(cookie, "Max-Age") {
		t.Errorf("cookie %q: Secure is off by default and the cookie lives for the browser session", cookie)
	}
	st := c.Get("/api/v4/auth/session").Expect(200).Map()
	if st["logged_in"] != true || st["uSkaterUUID"] != acc.Skater || st["user_id"] != float64(acc.UserID) || st["onboarding_complete"] != false {
		t.Errorf("session = %v", st)
	}
	// Login by email works too.
	s.Client().Post("/api/v4/auth/login", map[string]any{"aEmail": acc.Email, "aPasswordHash": acc.Password}).Expect(200)
}

func TestCookieAttributesFromConfig(t *testing.T) {
	t.Parallel()
	s := apitest.New(t, apitest.Options{Env: map[string]string{"SESSION_COOKIE_SECURE": "true", "SESSION_COOKIE_DOMAIN": ".example.test"}})
	acc := s.Register("bob")
	res := s.Client().Post("/api/v4/auth/login", map[string]any{"aLogin": acc.Login, "aPasswordHash": acc.Password}).Expect(200)
	cookie := res.Header.Get("Set-Cookie")
	if !strings.Contains(cookie, "Secure") || !strings.Contains(cookie, "Domain=example.test") {
		t.Errorf("cookie %q", cookie)
	}
}

func TestLogoutRefusesReplayedCookie(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	acc := s.Register("carol")
	c := s.Login(acc)
	stolen := c.Cookie("session")
	if stolen == "" {
		t.Fatal("no session cookie")
	}
	out := c.Post("/api/v4/auth/logout", nil).Expect(200)
	if out.Map()["message"] != "Logged out" || !strings.Contains(out.Header.Get("Set-Cookie"), "Max-Age=0") {
		t.Errorf("logout: %s %v", out.Body, out.Header)
	}
	replay := s.Client()
	replay.Header.Set("Cookie", "session="+stolen)
	replay.Get("/api/v4/auth/session").Expect(401)
	replay.Get("/api/v4/auth/sessions").Expect(401)
	// Logging out without a session is fine.
	s.Client().Post("/api/v4/auth/logout", nil).Expect(200)
}

func TestLoginStartsANewSession(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	acc := s.Register("dave")
	c := s.Login(acc)
	first := c.Cookie("session")
	c.Post("/api/v4/auth/login", map[string]any{"aLogin": acc.Login, "aPasswordHash": acc.Password}).Expect(200)
	if second := c.Cookie("session"); second == first || second == "" {
		t.Fatal("login kept the previous session id")
	}
	old := s.Client()
	old.Header.Set("Cookie", "session="+first)
	old.Get("/api/v4/auth/session").Expect(401)
	// Forged cookies are anonymous, not errors.
	forged := s.Client()
	forged.Header.Set("Cookie", "session=garbage")
	forged.Get("/api/v4/auth/session").Expect(401)
}

func TestOnboard(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	s.Client().Post("/api/v4/auth/onboard", map[string]any{"first_name": "A", "last_name": "B"}).Expect(401)
	acc := s.Register("erin")
	c := s.Login(acc)
	cases := []struct {
		name    string
		body    map[string]any
		message string
	}{
		{"missing_last_name_is_400", map[string]any{"first_name": "Erin"}, "first_name and last_name are required"},
		{"empty_first_name_is_400", map[string]any{"first_name": "", "last_name": "X"}, "first_name and last_name are required"},
		{"unknown_time_zone_is_400", map[string]any{"first_name": "Erin", "last_name": "X", "timezone": "Mars/Olympus"}, "timezone: not an IANA time zone name"},
		{"unknown_coach_is_400", map[string]any{"first_name": "Erin", "last_name": "X", "coach_id": "00000000-0000-4000-8000-000000000001"}, "coach_id: no such record"},
		{"unknown_skate_config_is_400", map[string]any{"first_name": "Erin", "last_name": "X", "skate_config": "00000000-0000-4000-8000-000000000001"}, "skate_config: no such record"},
		{"malformed_rink_id_is_400", map[string]any{"first_name": "Erin", "last_name": "X", "rink_id": "not-a-uuid"}, ""},
		{"overlong_zip_is_400", map[string]any{"first_name": "Erin", "last_name": "X", "zip": "02134-1234-99"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := c.For(t).Post("/api/v4/auth/onboard", tc.body).Expect(400).Map()
			if tc.message != "" && m["message"] != tc.message {
				t.Errorf("%v: %v", tc.body, m)
			}
		})
	}
	res := c.Post("/api/v4/auth/onboard", map[string]any{"first_name": "Erin", "last_name": "Xu", "zip": "02134",
		"timezone": "America/New_York", "rink_id": "48ca4fc1-6e40-4102-8ca7-85b85846db23"}).Expect(200).Map()
	if res["message"] != "Onboarding complete" || res["uSkaterUUID"] != acc.Skater {
		t.Errorf("onboard: %v", res)
	}
	var zip, tz string
	testdb.QueryRow(t, s.Pool, `SELECT "uSkaterZip", "uSkaterTZ" FROM "uSkaterConfig" WHERE "uSkaterUUID" = $1`, acc.Skater).Scan(&zip, &tz)
	if zip != "02134" || tz != "America/New_York" {
		t.Errorf("stored zip %q tz %q", zip, tz)
	}
	if m := c.Post("/api/v4/auth/onboard", map[string]any{"first_name": "Erin", "last_name": "Xu"}).Expect(409).Map(); m["message"] != "Onboarding already complete" {
		t.Errorf("second onboard: %v", m)
	}
	if st := c.Get("/api/v4/auth/session").Expect(200).Map(); st["onboarding_complete"] != true {
		t.Errorf("session after onboarding: %v", st)
	}
}

func TestChangePasswordEndsOtherSessions(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	acc := s.Register("frank")
	here, there := s.Login(acc), s.Login(acc)

	if m := here.Post("/api/v4/auth/change-password", map[string]any{"current_password": "wrong one!", "new_password": "a new password"}).Expect(401).Map(); m["message"] != "Current password is incorrect" {
		t.Errorf("wrong current: %v", m)
	}
	if m := here.Post("/api/v4/auth/change-password", map[string]any{"current_password": acc.Password}).Expect(400).Map(); m["message"] != "current_password and new_password are required" {
		t.Errorf("missing: %v", m)
	}
	here.Post("/api/v4/auth/change-password", map[string]any{"current_password": acc.Password, "new_password": "short"}).Expect(400)
	here.Post("/api/v4/auth/change-password", map[string]any{"current_password": acc.Password, "new_password": "a new password"}).Expect(200)

	here.Get("/api/v4/auth/session").Expect(200)
	there.Get("/api/v4/auth/session").Expect(401)
	s.Client().Post("/api/v4/auth/login", map[string]any{"aLogin": acc.Login, "aPasswordHash": acc.Password}).Expect(401)
	acc.Password = "a new password"
	s.Login(acc)
}

func TestLegacyHashesLoginAndUpgrade(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	hashes := map[string]string{
		"scrypt": "scrypt:32768:8:1$Krs0iXbF0jgPYwz0$b9a78926fa5c4ed93a904dea2262e4c3ea0c92e0e520d9e505c8f62e270cbf024b638cc710a2e8fb61b4d20e8ab06be9b4be676d82c04bee1fbdc5e957d110fe",
		"pbkdf2": "pbkdf2:sha256:260000$abcdEFGH12345678$8820e026184cce3ed6465aa64a50e81ef55aa86ab4c573bb5bab5979e696bb76",
	}
	for login, hash := range hashes {
		t.Run(login+"_hash_logs_in_and_is_upgraded", func(t *testing.T) {
			s := s.For(t)
			testdb.Exec(t, s.Pool, `INSERT INTO "uAuthTable" ("aLogin", "aEmail", "aPasswordHash", "uSkaterUUID", fs_uniquifier)
				VALUES ($1::text, $1::text || '@example.com', $2, gen_random_uuid(), md5($1::text))`, login, hash)
			s.Client().Post("/api/v4/auth/login", map[string]any{"aLogin": login, "aPasswordHash": "wrong-password"}).Expect(401)
			s.Client().Post("/api/v4/auth/login", map[string]any{"aLogin": login, "aPasswordHash": "legacy-password-1"}).Expect(200)
			var now string
			testdb.QueryRow(t, s.Pool, `SELECT "aPasswordHash" FROM "uAuthTable" WHERE "aLogin" = $1`, login).Scan(&now)
			if !strings.HasPrefix(now, "$argon2id$") {
				t.Errorf("%s hash not upgraded: %q", login, now)
			}
			s.Client().Post("/api/v4/auth/login", map[string]any{"aLogin": login, "aPasswordHash": "legacy-password-1"}).Expect(200)
		})
	}
}

func TestLoginRateLimits(t *testing.T) {
	t.Parallel()
	s := apitest.New(t, apitest.Options{Env: map[string]string{"RATE_LIMIT_LOGIN_ACCOUNT": "3", "RATE_LIMIT_LOGIN_IP": "6"}})
	acc := s.Register("gina")
	c := s.Client()
	for range 3 {
		c.Post("/api/v4/auth/login", map[string]any{"aLogin": "gina", "aPasswordHash": "wrong password"}).Expect(401)
	}
	res := c.Post("/api/v4/auth/login", map[string]any{"aLogin": "gina", "aPasswordHash": acc.Password}).Expect(429)
	if res.Header.Get("Retry-After") == "" || res.Map()["code"] != "rate_limited" {
		t.Errorf("429 without Retry-After or code: %v %s", res.Header, res.Body)
	}
	// Other accounts from the same client still work until the per-client limit.
	other := s.Register("hank")
	c.Post("/api/v4/auth/login", map[string]any{"aLogin": other.Login, "aPasswordHash": other.Password}).Expect(200)
	for range 2 {
		c.Post("/api/v4/auth/login", map[string]any{"aLogin": "someone", "aPasswordHash": "wrong password"})
	}
	c.Post("/api/v4/auth/login", map[string]any{"aLogin": other.Login, "aPasswordHash": other.Password}).Expect(429)
	if events := testdb.Int(t, s.Pool, `SELECT count(*) FROM auth_audit WHERE event = 'rate_limited'`); events == 0 {
		t.Error("rate limiting is not audited")
	}
}

func TestCrossSiteWritesAreRefused(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	acc := s.Register("ivy")
	send := func(t *testing.T, origin, site string) int {
		req, err := http.NewRequest("POST", s.URL+"/api/v4/auth/login", strings.NewReader(`{"aLogin":"ivy","aPasswordHash":"`+acc.Password+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		if site != "" {
			req.Header.Set("Sec-Fetch-Site", site)
		}
		return s.For(t).Client().Do(req).Status
	}
	cases := []struct {
		name         string
		origin, site string
		status       int
	}{
		{"foreign_origin_is_403", "https://evil.example", "cross-site", 403},
		{"null_origin_is_403", "null", "", 403},
		{"cross_site_fetch_without_origin_is_403", "", "cross-site", 403},
		{"frontend_dev_server_is_allowed", "http://localhost:3000", "same-site", 200},
		{"frontend_behind_its_proxy_is_allowed", "http://127.0.0.1:3000", "same-origin", 200},
		{"own_origin_is_allowed", s.URL, "same-origin", 200},
		{"no_browser_headers_is_allowed", "", "", 200}, // curl
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := send(t, tc.origin, tc.site); got != tc.status {
				t.Errorf("origin %q site %q: %d, want %d", tc.origin, tc.site, got, tc.status)
			}
		})
	}
}

func TestOwnSessions(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	acc := s.Register("jack")
	a, b := s.Login(acc), s.Login(acc)
	var list []map[string]any
	a.Get("/api/v4/auth/sessions").Expect(200).JSON(&list)
	if len(list) != 2 {
		t.Fatalf("sessions = %v", list)
	}
	var other string
	current := 0
	for _, row := range list {
		if row["current"] == true {
			current++
		} else {
			other = row["id"].(string)
		}
	}
	if current != 1 {
		t.Fatalf("current marked %d times", current)
	}
	// Another user cannot end it.
	mallory := s.Login(s.Register("mallory"))
	mallory.Request("DELETE", "/api/v4/auth/sessions/"+other, nil).Expect(404)
	b.Get("/api/v4/auth/session").Expect(200)
	a.Request("DELETE", "/api/v4/auth/sessions/"+other, nil).Expect(200)
	b.Get("/api/v4/auth/session").Expect(401)
	a.Request("DELETE", "/api/v4/auth/sessions/not-a-uuid", nil).Expect(400)

	c := s.Login(acc)
	a.Post("/api/v4/auth/logout-all", nil).Expect(200)
	a.Get("/api/v4/auth/session").Expect(401)
	c.Get("/api/v4/auth/session").Expect(401)
	mallory.Get("/api/v4/auth/session").Expect(200)
}

func TestAdminInvitesAndAudit(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	admin := s.Login(s.Register("root", "admin"))
	user := s.Login(s.Register("plain"))
	for _, path := range []string{"/api/v4/admin/invites", "/api/v4/admin/audit"} {
		t.Run(strings.TrimPrefix(path, "/api/v4/")+"_is_403_for_users_and_401_for_anonymous", func(t *testing.T) {
			user.For(t).Get(path).Expect(403)
			s.For(t).Client().Get(path).Expect(401)
		})
	}
	user.Post("/api/v4/admin/invites", map[string]any{"max_uses": 5}).Expect(403)

	created := admin.Post("/api/v4/admin/invites", map[string]any{"max_uses": 2, "expires_in_hours": 24, "note": "LTS"}).Expect(201).Map()
	tok, _ := created["token"].(string)
	if len(tok) < 22 || created["usable"] != true || created["max_uses"] != float64(2) || created["expires_at"] == nil {
		t.Fatalf("created = %v", created)
	}
	s.Client().Post("/api/v4/auth/register", map[string]any{"aLogin": "newbie", "aEmail": "newbie@example.com",
		"aPasswordHash": "long enough pw", "invite_token": tok}).Expect(200)
	var invites []map[string]any
	admin.Get("/api/v4/admin/invites").Expect(200).JSON(&invites)
	var found map[string]any
	for _, inv := range invites {
		if inv["id"] == created["id"] {
			found = inv
		}
		if _, leaked := inv["token"]; leaked {
			t.Error("listing shows a token")
		}
	}
	if found == nil || found["use_count"] != float64(1) {
		t.Fatalf("invite in list: %v", found)
	}
	id := int(created["id"].(float64))
	admin.Request("DELETE", "/api/v4/admin/invites/"+itoa(id), nil).Expect(200)
	s.Client().Get("/api/v4/auth/register/validate-token?token=" + tok).Expect(403)
	admin.Request("DELETE", "/api/v4/admin/invites/999999", nil).Expect(404)

	s.Client().Post("/api/v4/auth/login", map[string]any{"aLogin": "plain", "aPasswordHash": "bad password"}).Expect(401)
	var events []map[string]any
	admin.Get("/api/v4/admin/audit?limit=500").Expect(200).JSON(&events)
	seen := map[string]bool{}
	for _, e := range events {
		seen[e["event"].(string)] = true
	}
	for _, want := range []string{"register", "invite_used", "login_success", "login_failure", "invite_created", "invite_revoked"} {
		if !seen[want] {
			t.Errorf("audit lacks %s (has %v)", want, seen)
		}
	}
	var failures []map[string]any
	admin.Get("/api/v4/admin/audit?event=login_failure").Expect(200).JSON(&failures)
	if len(failures) != 1 || failures[0]["login"] != "plain" || failures[0]["ip"] == "" {
		t.Errorf("failures = %v", failures)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
