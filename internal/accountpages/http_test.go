package accountpages_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// The rules of the pages that need no browser: headers, CSRF, redirects, and
// that limits, audit and sessions are the API's own.

// page is one browser-like HTTP client (its own cookies, no redirects followed).
type page struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newPage(t *testing.T, s *apitest.Server) *page {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &page{t: t, base: s.URL, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type answer struct {
	Status int
	Header http.Header
	Body   string
}

// For returns the page reporting its helpers' failures to t (a subtest), so
// a failing case is named by its subtest.
func (p *page) For(t *testing.T) *page {
	cp := *p
	cp.t = t
	return &cp
}

func (p *page) do(req *http.Request) answer {
	p.t.Helper()
	resp, err := p.c.Do(req)
	if err != nil {
		p.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		p.t.Fatalf("read %s: %v", req.URL, err)
	}
	return answer{Status: resp.StatusCode, Header: resp.Header, Body: string(b)}
}

func (p *page) get(path string) answer {
	p.t.Helper()
	req, err := http.NewRequest(http.MethodGet, p.base+path, nil)
	if err != nil {
		p.t.Fatal(err)
	}
	return p.do(req)
}

// post sends a form as a same-origin browser form would.
func (p *page) post(path string, form url.Values) answer {
	p.t.Helper()
	req, err := http.NewRequest(http.MethodPost, p.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		p.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", p.base)
	return p.do(req)
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]*)"`)

// token opens path and returns the form's CSRF token.
func (p *page) token(path string) string {
	p.t.Helper()
	a := p.get(path)
	m := csrfRE.FindStringSubmatch(a.Body)
	if m == nil || m[1] == "" {
		p.t.Fatalf("no csrf token on %s (%d): %s", path, a.Status, a.Body)
	}
	return html.UnescapeString(m[1])
}

func (p *page) login(login, password string) {
	p.t.Helper()
	a := p.post("/account/login", url.Values{"csrf_token": {p.token("/account/login")}, "aLogin": {login}, "aPasswordHash": {password}})
	if a.Status != http.StatusSeeOther {
		p.t.Fatalf("page login: %d %s", a.Status, a.Body)
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	p := newPage(t, s)
	for _, path := range []string{"/account/login", "/account/forgot", "/account/reset?token=abc", "/account/register?invite=nope"} {
		t.Run("headers_of_"+strings.Trim(strings.SplitN(path, "?", 2)[0], "/"), func(t *testing.T) {
			p := p.For(t)
			a := p.get(path)
			csp := a.Header.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "form-action 'self'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("CSP %q lacks %s", csp, want)
				}
			}
			if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
				t.Errorf("CSP allows inline code: %q", csp)
			}
			if got := a.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q", got)
			}
			if got := a.Header.Get("Referrer-Policy"); got != "no-referrer" {
				t.Errorf("Referrer-Policy %q", got)
			}
			if got := a.Header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control %q", got)
			}
			if got := a.Header.Get("Content-Type"); !strings.HasPrefix(got, "text/html") {
				t.Errorf("Content-Type %q", got)
			}
			if strings.Contains(a.Body, "<script>") || strings.Contains(a.Body, " style=") || strings.Contains(a.Body, "http") {
				t.Errorf("inline script, inline style or an absolute link in the page")
			}
		})
	}
	t.Run("stylesheet_is_css_and_not_sniffed", func(t *testing.T) {
		p := p.For(t)
		a := p.get("/account/static/style.css")
		if a.Status != 200 || !strings.HasPrefix(a.Header.Get("Content-Type"), "text/css") || a.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("style.css: %d %v", a.Status, a.Header)
		}
	})
	t.Run("a_query_value_is_escaped", func(t *testing.T) {
		p := p.For(t)
		a := p.get("/account/reset?token=" + url.QueryEscape(`"><script>alert(1)</script>`))
		if strings.Contains(a.Body, "<script>alert(1)") {
			t.Error("the token was written into the page unescaped")
		}
	})
}

func TestFormsNeedTheirCSRFToken(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	invite := s.Invite(1)
	other := newPage(t, s)
	otherToken := other.token("/account/register?invite=" + url.QueryEscape(invite))
	p := newPage(t, s)
	ownToken := p.token("/account/register?invite=" + url.QueryEscape(invite))
	form := func(token string) url.Values {
		return url.Values{"csrf_token": {token}, "aLogin": {"otto"}, "aEmail": {"otto@example.com"},
			"aPasswordHash": {"otto's long password"}, "invite_token": {invite}}
	}
	users := func() int {
		var n int
		if err := s.Pool.QueryRow(context.Background(), `SELECT count(*) FROM "uAuthTable" WHERE "aLogin" = 'otto'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, tc := range []struct{ name, token string }{
		{"missing_token_is_403", ""},
		{"forged_token_is_403", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
		{"another_browsers_token_is_403", otherToken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := p.For(t)
			a := p.post("/account/register", form(tc.token))
			if a.Status != http.StatusForbidden || !strings.Contains(a.Body, "This form has expired") {
				t.Errorf("%d %s", a.Status, a.Body)
			}
			if !strings.Contains(a.Body, `value="otto@example.com"`) {
				t.Error("the refused form lost what was typed")
			}
			if users() != 0 {
				t.Fatal("an account was created without a valid token")
			}
		})
	}
	t.Run("own_token_registers_and_logs_in", func(t *testing.T) {
		p := p.For(t)
		a := p.post("/account/register", form(ownToken))
		if a.Status != http.StatusSeeOther || a.Header.Get("Location") != "/account/onboard" || users() != 1 {
			t.Fatalf("%d %v %s", a.Status, a.Header, a.Body)
		}
	})
	t.Run("a_token_from_before_login_stops_working", func(t *testing.T) {
		p := p.For(t)
		// ownToken was bound to the anonymous session; the session changed.
		a := p.post("/account/logout", url.Values{"csrf_token": {ownToken}})
		if a.Status != http.StatusSeeOther || a.Header.Get("Location") != "/account" {
			t.Errorf("logout with a stale token: %d %v", a.Status, a.Header)
		}
		if got := p.get("/account"); got.Status != 200 {
			t.Errorf("the stale token logged the person out: %d %v", got.Status, got.Header)
		}
	})
}

func TestLoginReturnsOnlyToAccountPages(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	acc := s.Register("rita")
	cases := []struct{ name, next, want string }{
		{"account_page_is_kept", "/account/admin/invites", "/account/admin/invites"},
		{"query_is_kept", "/account?done=password", "/account?done=password"},
		{"empty_goes_to_account", "", "/account"},
		{"other_host_is_refused", "https://evil.example/account", "/account"},
		{"scheme_relative_is_refused", "//evil.example/account", "/account"},
		{"backslash_is_refused", `/\evil.example`, "/account"},
		{"api_path_is_refused", "/api/v4/auth/logout", "/account"},
		{"dot_segments_are_refused", "/account/../api/v4/auth/session", "/account"},
		{"javascript_is_refused", "javascript:alert(1)", "/account"},
		{"prefix_lookalike_is_refused", "/accounts-evil", "/account"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := newPage(t, s)
			a := p.post("/account/login", url.Values{"csrf_token": {p.token("/account/login")},
				"aLogin": {acc.Login}, "aPasswordHash": {acc.Password}, "next": {tc.next}})
			if a.Status != http.StatusSeeOther || a.Header.Get("Location") != tc.want {
				t.Errorf("next %q: %d to %q, want %q", tc.next, a.Status, a.Header.Get("Location"), tc.want)
			}
		})
	}
}

func TestPagesShareTheAPIsSessionLimitsAndAudit(t *testing.T) {
	t.Parallel()
	s := apitest.New(t, apitest.Options{Env: map[string]string{"RATE_LIMIT_REGISTER_IP": "2"}})
	acc := s.Register("sam") // these two use up this client's registrations
	otherAcc := s.Register("una")

	t.Run("register_limit_is_the_apis", func(t *testing.T) {
		invite := s.For(t).Invite(1)
		p := newPage(t, s)
		a := p.post("/account/register", url.Values{"csrf_token": {p.token("/account/register?invite=" + url.QueryEscape(invite))},
			"aLogin": {"tom"}, "aEmail": {"tom@example.com"}, "aPasswordHash": {"tom's long password"}, "invite_token": {invite}})
		if a.Status != http.StatusTooManyRequests || a.Header.Get("Retry-After") == "" || !strings.Contains(a.Body, "Too many attempts. Try again later.") {
			t.Errorf("%d %v %s", a.Status, a.Header, a.Body)
		}
	})

	p := newPage(t, s)
	p.login(acc.Login, acc.Password)
	t.Run("page_login_is_audited", func(t *testing.T) {
		var n int
		if err := s.Pool.QueryRow(context.Background(),
			`SELECT count(*) FROM auth_audit WHERE event = 'login_success' AND user_id = $1`, acc.UserID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("%d login_success events, want 1", n)
		}
	})
	t.Run("page_session_is_the_api_session", func(t *testing.T) {
		p := p.For(t)
		if a := p.get("/api/v4/auth/session"); a.Status != 200 || !strings.Contains(a.Body, `"logged_in":true`) {
			t.Errorf("the API does not see the page's login: %d %s", a.Status, a.Body)
		}
	})

	api := s.Login(acc)
	var mine []map[string]any
	api.Get("/api/v4/auth/sessions").Expect(200).JSON(&mine)
	var apiSession string
	for _, m := range mine {
		if m["current"] == true {
			apiSession, _ = m["id"].(string)
		}
	}
	t.Run("end_button_ends_another_session", func(t *testing.T) {
		api := api.For(t)
		p := p.For(t)
		if !strings.Contains(p.get("/account").Body, apiSession) {
			t.Fatal("the account page does not list the API session")
		}
		a := p.post("/account/sessions/end", url.Values{"csrf_token": {p.token("/account")}, "session_id": {apiSession}})
		if a.Status != http.StatusSeeOther || a.Header.Get("Location") != "/account?done=session" {
			t.Fatalf("%d %v %s", a.Status, a.Header, a.Body)
		}
		api.Get("/api/v4/auth/session").Expect(401)
	})
	t.Run("another_users_session_is_not_found", func(t *testing.T) {
		p := p.For(t)
		other := s.For(t).Login(otherAcc)
		var list []map[string]any
		other.Get("/api/v4/auth/sessions").Expect(200).JSON(&list)
		id, _ := list[0]["id"].(string)
		a := p.post("/account/sessions/end", url.Values{"csrf_token": {p.token("/account")}, "session_id": {id}})
		if a.Status != http.StatusNotFound || !strings.Contains(a.Body, "No such session") {
			t.Errorf("%d %s", a.Status, a.Body)
		}
		other.Get("/api/v4/auth/session").Expect(200)
	})
	t.Run("log_out_everywhere_ends_every_session", func(t *testing.T) {
		p := p.For(t)
		again := s.For(t).Login(acc)
		a := p.post("/account/logout-all", url.Values{"csrf_token": {p.token("/account")}})
		if a.Status != 200 || !strings.Contains(a.Body, "Logged out everywhere") {
			t.Fatalf("%d %s", a.Status, a.Body)
		}
		again.Get("/api/v4/auth/session").Expect(401)
		var n int
		if err := s.Pool.QueryRow(context.Background(), `SELECT count(*) FROM auth_sessions WHERE user_id = $1`, acc.UserID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d sessions left", n)
		}
	})
}

func TestRefusalsArePagesWithTheAPIsWords(t *testing.T) {
	t.Parallel()
	s := apitest.New(t, apitest.Options{Env: map[string]string{"FRONTEND_URL": "https://app.skatetrax.example/"}})
	p := newPage(t, s)
	cases := []struct {
		name, path string
		status     int
		words      string
	}{
		{"unknown_invite_is_403", "/account/register?invite=nope", 403, "This invite has expired or has already been used."},
		{"missing_invite_is_403", "/account/register", 403, "Registration is currently invite-only."},
		{"reset_without_token_asks_for_the_mail", "/account/reset", 200, "This page needs the link from your reset mail."},
		{"frontend_is_linked", "/account/login", 200, `href="https://app.skatetrax.example"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := p.For(t)
			a := p.get(tc.path)
			if a.Status != tc.status || !strings.Contains(a.Body, tc.words) {
				t.Errorf("%d, want %d with %q: %s", a.Status, tc.status, tc.words, a.Body)
			}
		})
	}
	t.Run("forgot_without_mail_is_503_in_words", func(t *testing.T) {
		p := p.For(t)
		a := p.post("/account/forgot", url.Values{"csrf_token": {p.token("/account/forgot")}, "email": {"x@example.com"}})
		if a.Status != 503 || !strings.Contains(a.Body, "Password reset is not available (email service not configured)") {
			t.Errorf("%d %s", a.Status, a.Body)
		}
	})
	t.Run("a_bad_reset_token_is_refused_in_words", func(t *testing.T) {
		p := p.For(t)
		a := p.post("/account/reset", url.Values{"csrf_token": {p.token("/account/reset?token=nope")}, "token": {"nope"}, "new_password": {"a long new password"}})
		if a.Status != 400 || !strings.Contains(a.Body, "Invalid or expired reset token") {
			t.Errorf("%d %s", a.Status, a.Body)
		}
	})
	t.Run("anonymous_account_page_goes_to_login", func(t *testing.T) {
		p := p.For(t)
		a := p.get("/account/admin/invites")
		if a.Status != http.StatusSeeOther || a.Header.Get("Location") != "/account/login?next=%2Faccount%2Fadmin%2Finvites" {
			t.Errorf("%d %v", a.Status, a.Header)
		}
	})
}

// The pages are sent with Referrer-Policy: no-referrer, so their forms post
// with Origin: null (and, over plain HTTP on a LAN, without Sec-Fetch-Site).
// The form's token protects them; a foreign origin is still refused.
func TestCrossSiteGuardOnPageForms(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	acc := s.Register("gus")
	cases := []struct {
		name, origin, site string
		status             int
	}{
		{"null_origin_over_plain_http_passes", "null", "", http.StatusSeeOther},
		{"null_origin_same_origin_passes", "null", "same-origin", http.StatusSeeOther},
		{"null_origin_cross_site_is_403", "null", "cross-site", http.StatusForbidden},
		{"foreign_origin_is_403", "https://evil.example", "cross-site", http.StatusForbidden},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := newPage(t, s)
			form := url.Values{"csrf_token": {p.token("/account/login")}, "aLogin": {acc.Login}, "aPasswordHash": {acc.Password}}
			req, err := http.NewRequest(http.MethodPost, s.URL+"/account/login", strings.NewReader(form.Encode()))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", tc.origin)
			if tc.site != "" {
				req.Header.Set("Sec-Fetch-Site", tc.site)
			}
			if a := p.do(req); a.Status != tc.status {
				t.Errorf("%d, want %d: %s", a.Status, tc.status, a.Body)
			}
		})
	}
	t.Run("null_origin_on_the_api_is_still_403", func(t *testing.T) {
		req, err := http.NewRequest(http.MethodPost, s.URL+"/api/v4/auth/login", strings.NewReader(`{"aLogin":"gus","aPasswordHash":"`+acc.Password+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", "null")
		if a := newPage(t, s).do(req); a.Status != http.StatusForbidden {
			t.Errorf("%d", a.Status)
		}
	})
}

// A page refuses with the API's own words for the same input.
func TestPagesRefuseInTheAPIsWords(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	acc := s.Register("vic")
	long := strings.Repeat("x", 101)
	api := s.Login(acc)
	var refused struct {
		Details []struct{ Field, Message string } `json:"details"`
	}
	api.Post("/api/v4/auth/onboard", map[string]any{"first_name": "Vic", "last_name": long}).Expect(400).JSON(&refused)
	if len(refused.Details) != 1 || refused.Details[0].Field != "last_name" {
		t.Fatalf("API answer %+v", refused)
	}
	p := newPage(t, s)
	p.login(acc.Login, acc.Password)
	a := p.post("/account/onboard", url.Values{"csrf_token": {p.token("/account/onboard")}, "first_name": {"Vic"}, "last_name": {long}})
	want := `<p class="field-error" id="last_name-error">` + html.EscapeString(refused.Details[0].Message) + `</p>`
	if a.Status != 400 || !strings.Contains(a.Body, want) {
		t.Errorf("page %d lacks %q", a.Status, want)
	}

	var short struct{ Message string }
	api.Post("/api/v4/auth/change-password", map[string]any{"current_password": acc.Password, "new_password": "short"}).Expect(400).JSON(&short)
	a = p.post("/account/password", url.Values{"csrf_token": {p.token("/account")}, "current_password": {acc.Password}, "new_password": {"short"}})
	want = `<p class="field-error" id="new_password-error">` + html.EscapeString(short.Message) + `</p>`
	if a.Status != 400 || !strings.Contains(a.Body, want) {
		t.Errorf("change password %d lacks %q", a.Status, want)
	}
	a = p.post("/account/password", url.Values{"csrf_token": {p.token("/account")}, "current_password": {"wrong one"}, "new_password": {"long enough now"}})
	if a.Status != 401 || !strings.Contains(a.Body, `id="current_password-error">Current password is incorrect</p>`) {
		t.Errorf("wrong current password: %d", a.Status)
	}
}
