package accountpages_test

import (
	"bytes"
	"context"
	"io"
	"mime/quotedprintable"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
	"github.com/skatetrax/skatetrax-api/internal/mail/mailtest"
)

// The flows a person goes through, in a real browser against the real server.

func TestInviteRegisterOnboardAccount(t *testing.T) {
	requireBrowser(t)
	s := apitest.New(t)
	invite := s.Invite(1)
	b := newBrowser(t, s.URL, "jane")

	b.visit("/account/register?invite="+url.QueryEscape(invite), "register", 200)
	b.fill("aLogin", "jane")
	b.fill("aEmail", "jane@example.com")
	b.fill("aPasswordHash", "correct horse battery")
	b.fill("phone_number", "555-0100")
	if err := clickBox(b, "role-coach"); err != nil {
		t.Fatal(err)
	}
	b.submit("form[action='/account/register'] button[type=submit]", "onboard", 200)
	if got := b.location(); got != "/account/onboard" {
		t.Fatalf("after registering: at %s, want /account/onboard", got)
	}
	if got := b.value("#timezone"); got != "America/Denver" {
		t.Errorf("time zone preselected %q, want the browser's America/Denver", got)
	}
	b.fill("first_name", "Jane")
	b.fill("last_name", "Doe")
	b.fill("city", "Boston")
	b.fill("zip", "02134")
	b.submit("form[action='/account/onboard'] button[type=submit]", "account-after-onboard", 200)
	if got := b.location(); got != "/account?done=onboard" {
		t.Fatalf("after onboarding: at %s", got)
	}
	if got := b.text(".notice"); got != "Onboarding complete" {
		t.Errorf("notice %q", got)
	}
	if got := b.text("#whoami"); !strings.Contains(got, "jane") {
		t.Errorf("account page does not name the user: %q", got)
	}

	var tz, zip, roles string
	err := s.Pool.QueryRow(context.Background(), `
		SELECT c."uSkaterTZ", c."uSkaterZip", string_agg(r.name, ',' ORDER BY r.name)
		FROM "uAuthTable" u JOIN "uSkaterConfig" c ON c."uSkaterUUID" = u."uSkaterUUID"
		JOIN user_roles ur ON ur.user_id = u.id JOIN role r ON r.id = ur.role_id
		WHERE u."aLogin" = 'jane' GROUP BY c."uSkaterTZ", c."uSkaterZip"`).Scan(&tz, &zip, &roles)
	if err != nil {
		t.Fatalf("load the new skater: %v", err)
	}
	if tz != "America/Denver" || zip != "02134" || roles != "coach" {
		t.Errorf("stored tz %q zip %q roles %q", tz, zip, roles)
	}
	var used int
	if err := s.Pool.QueryRow(context.Background(), `SELECT count(*) FROM auth_audit WHERE event = 'invite_used'`).Scan(&used); err != nil {
		t.Fatal(err)
	}
	if used != 1 {
		t.Errorf("%d invite_used audit events, want 1", used)
	}
}

func clickBox(b *browser, id string) error {
	return chromedp.Do(b.ctx, chromedp.Click(chromedp.ID(id)))
}

var linkRE = regexp.MustCompile(`https?://\S+`)

// mailedLink waits for the n-th mail and returns its link.
func mailedLink(t *testing.T, smtp *mailtest.Server, n int) *url.URL {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for len(smtp.Received()) < n {
		if time.Now().After(deadline) {
			t.Fatalf("no reset mail arrived (have %d, want %d)", len(smtp.Received()), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(smtp.Received()[n-1].Data))
	if err != nil {
		t.Fatalf("parse mail: %v", err)
	}
	var body io.Reader = msg.Body
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		body = quotedprintable.NewReader(msg.Body)
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		t.Fatalf("read mail: %v", err)
	}
	u, err := url.Parse(linkRE.FindString(string(raw)))
	if err != nil {
		t.Fatalf("link in %q: %v", raw, err)
	}
	return u
}

func TestForgotResetLogin(t *testing.T) {
	requireBrowser(t)
	smtp := mailtest.Start(t, mailtest.Options{})
	// RESET_URL_BASE is unset: the mail links to this server's reset page.
	s := apitest.New(t, apitest.Options{Env: map[string]string{"MAIL_SERVER": smtp.Host, "MAIL_PORT": strconv.Itoa(smtp.Port)}})
	acc := s.Register("kate")
	b := newBrowser(t, s.URL, "kate")

	b.visit("/account/forgot", "forgot", 200)
	b.fill("email", "kate@example.com")
	b.submit("form[action='/account/forgot'] button[type=submit]", "forgot-sent", 200)
	if got := b.text(".notice"); got != "If that email is registered, a reset link has been sent." {
		t.Errorf("forgot notice %q", got)
	}
	link := mailedLink(t, smtp, 1)
	if link.Scheme+"://"+link.Host+link.Path != "http://localhost:5000/account/reset" || link.Query().Get("token") == "" {
		t.Fatalf("reset link %s, want http://localhost:5000/account/reset?token=…", link)
	}

	// Opening the link twice (a mail scanner first, then the person) uses nothing up.
	b.visit(link.RequestURI(), "reset-scanned", 200)
	b.visit(link.RequestURI(), "reset", 200)
	b.fill("new_password", "a brand new password")
	b.submit("form[action='/account/reset'] button[type=submit]", "reset-done", 200)
	if got := b.text(".notice"); got != "Password has been reset." {
		t.Fatalf("reset notice %q; page: %s", got, b.text("main"))
	}

	b.visit("/account/login", "login", 200)
	b.fill("aLogin", "kate")
	b.fill("aPasswordHash", "a brand new password")
	b.submit("form[action='/account/login'] button[type=submit]", "account", 200)
	if got := b.location(); got != "/account" {
		t.Fatalf("after login: at %s", got)
	}
	// The old password is gone.
	s.Client().Post("/api/v4/auth/login", map[string]any{"aLogin": "kate", "aPasswordHash": acc.Password}).Expect(401)
}

func TestChangePasswordEndsTheOtherBrowsersSession(t *testing.T) {
	requireBrowser(t)
	s := apitest.New(t)
	acc := s.Register("lena")
	laptop, phone := newBrowser(t, s.URL, "laptop"), newBrowser(t, s.URL, "phone")
	for _, b := range []*browser{laptop, phone} {
		b.visit("/account", "login-redirect", 200)
		if got := b.location(); got != "/account/login?next=%2Faccount" {
			t.Fatalf("%s: anonymous /account went to %s", b.name, got)
		}
		b.fill("aLogin", acc.Login)
		b.fill("aPasswordHash", acc.Password)
		b.submit("form[action='/account/login'] button[type=submit]", "account", 200)
		if got := b.location(); got != "/account" {
			t.Fatalf("%s: after login at %s", b.name, got)
		}
	}
	laptop.visit("/account", "two-sessions", 200)
	if got := strings.Count(laptop.text(".sessions"), "Signed in"); got != 2 {
		t.Errorf("the account page lists %d sessions, want 2", got)
	}

	laptop.fill("current_password", acc.Password)
	laptop.fill("new_password", "a new and longer password")
	laptop.submit("form[action='/account/password'] button[type=submit]", "password-changed", 200)
	if got := laptop.text(".notice"); got != "Password updated successfully" {
		t.Errorf("notice %q", got)
	}

	phone.visit("/account", "ended", 200)
	if got := phone.location(); got != "/account/login?next=%2Faccount" {
		t.Errorf("the phone's session survived the password change: at %s", got)
	}
	laptop.visit("/account", "still-signed-in", 200)
	if got := laptop.location(); got != "/account" {
		t.Errorf("the laptop lost its own session: at %s", got)
	}
	if got := strings.Count(laptop.text(".sessions"), "Signed in"); got != 1 {
		t.Errorf("%d sessions after the change, want 1", got)
	}

	// Log out: the page's own session ends.
	laptop.submit("form[action='/account/logout'] button[type=submit]", "logged-out", 200)
	if got := laptop.text(".notice"); got != "Logged out" {
		t.Errorf("logout notice %q", got)
	}
	laptop.visit("/account", "after-logout", 200)
	if got := laptop.location(); !strings.HasPrefix(got, "/account/login") {
		t.Errorf("still signed in after logout: %s", got)
	}
}

func TestAdminInviteSecondBrowserRegisters(t *testing.T) {
	requireBrowser(t)
	s := apitest.New(t)
	admin := s.Register("ada", "admin")
	a := newBrowser(t, s.URL, "admin")

	// The login page returns to the page asked for.
	a.visit("/account/admin/invites", "login-for-invites", 200)
	a.fill("aLogin", admin.Login)
	a.fill("aPasswordHash", admin.Password)
	a.submit("form[action='/account/login'] button[type=submit]", "invites", 200)
	if got := a.location(); got != "/account/admin/invites" {
		t.Fatalf("after login: at %s, want the invites page", got)
	}
	a.fill("note", "Spring LTS class")
	a.submit("form[action='/account/admin/invites'] button[type=submit]", "invite-created", http.StatusCreated)
	token, link := a.value("#new-token"), a.value("#new-link")
	if token == "" || link != s.URL+"/account/register?invite="+url.QueryEscape(token) {
		t.Fatalf("token %q, link %q", token, link)
	}
	if got := a.text("tbody"); !strings.Contains(got, "Spring LTS class") || !strings.Contains(got, "usable") {
		t.Errorf("the list lacks the new invite: %q", got)
	}

	newcomer := newBrowser(t, s.URL, "newcomer")
	u, _ := url.Parse(link)
	newcomer.visit(u.RequestURI(), "register", 200)
	newcomer.fill("aLogin", "nora")
	newcomer.fill("aEmail", "nora@example.com")
	newcomer.fill("aPasswordHash", "nora's long password")
	newcomer.submit("form[action='/account/register'] button[type=submit]", "onboard", 200)
	if got := newcomer.location(); got != "/account/onboard" {
		t.Fatalf("newcomer at %s", got)
	}

	a.visit("/account/admin/invites", "invite-used", 200)
	var page string
	a.eval(`document.documentElement.outerHTML`, &page)
	if strings.Contains(page, token) {
		t.Error("the invite token is shown again after its creation")
	}
	if got := a.text("tbody"); !strings.Contains(got, "1 of 1") || !strings.Contains(got, "used up or expired") {
		t.Errorf("the used invite is not shown as used: %q", got)
	}
	// Revoke it: the invites page says so and the service has it revoked.
	a.submit("form[action='/account/admin/invites/revoke'] button[type=submit]", "invite-revoked", 200)
	if got := a.text(".notice"); got != "Invite revoked" {
		t.Errorf("revoke notice %q", got)
	}
	var revoked int
	if err := s.Pool.QueryRow(context.Background(), `SELECT count(*) FROM invite_tokens WHERE revoked_at IS NOT NULL`).Scan(&revoked); err != nil {
		t.Fatal(err)
	}
	if revoked != 1 {
		t.Errorf("%d revoked invites, want 1", revoked)
	}

	// A non-administrator gets a refusal page, not the list.
	newcomer.visit("/account/admin/invites", "invites-forbidden", http.StatusForbidden)
	if got := newcomer.text("#form-error"); got != "Administrator role required" {
		t.Errorf("non-admin sees %q", got)
	}
}

func TestFormErrorKeepsTypedValues(t *testing.T) {
	requireBrowser(t)
	s := apitest.New(t)
	invite := s.Invite(1)
	b := newBrowser(t, s.URL, "typo")

	b.visit("/account/register?invite="+url.QueryEscape(invite), "register", 200)
	b.fill("aLogin", "milo")
	b.fill("aEmail", "milo@example.com")
	b.fill("aPasswordHash", "short")
	b.fill("phone_number", "555-0199")
	if err := clickBox(b, "role-guardian"); err != nil {
		t.Fatal(err)
	}
	b.submit("form[action='/account/register'] button[type=submit]", "register-refused", http.StatusBadRequest)
	if got := b.text("#aPasswordHash-error"); got != "Password must be at least 8 characters." {
		t.Errorf("password error %q", got)
	}
	if got := b.value("#aLogin") + "|" + b.value("#aEmail") + "|" + b.value("#phone_number"); got != "milo|milo@example.com|555-0199" {
		t.Errorf("typed values lost: %q", got)
	}
	if got := b.value("#aPasswordHash"); got != "" {
		t.Errorf("the password was sent back into the page: %q", got)
	}
	var checked bool
	b.eval(`document.getElementById('role-guardian').checked`, &checked)
	if !checked {
		t.Error("the chosen role was lost")
	}
	// The invite is still unused: fix the password and register.
	b.fill("aPasswordHash", "a good long password")
	b.submit("form[action='/account/register'] button[type=submit]", "onboard", 200)

	// A refused onboarding keeps the names too.
	b.fill("first_name", "Milo")
	b.fill("last_name", strings.Repeat("x", 101))
	b.fill("city", "Denver")
	b.submit("form[action='/account/onboard'] button[type=submit]", "onboard-refused", http.StatusBadRequest)
	if got := b.text("#last_name-error"); got == "" {
		t.Error("no error beside the too-long last name")
	}
	if got := b.value("#first_name") + "|" + b.value("#city"); got != "Milo|Denver" {
		t.Errorf("onboarding values lost: %q", got)
	}

	// A wrong login keeps the name, not the password.
	other := newBrowser(t, s.URL, "wrong-login")
	other.visit("/account/login", "login", 200)
	other.fill("aLogin", "milo")
	other.fill("aPasswordHash", "not the password")
	other.submit("form[action='/account/login'] button[type=submit]", "login-refused", http.StatusUnauthorized)
	if got := other.text("#form-error"); got != "Invalid credentials" {
		t.Errorf("login error %q", got)
	}
	if got := other.value("#aLogin"); got != "milo" {
		t.Errorf("login name lost: %q", got)
	}
}
