package handlers_test

import (
	"bytes"
	"io"
	"mime/quotedprintable"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
	"github.com/skatetrax/skatetrax-api/internal/mail/mailtest"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

const resetSent = "If that email is registered, a reset link has been sent."

// waitForMail waits until the SMTP server has accepted n messages.
func waitForMail(t *testing.T, smtp *mailtest.Server, n int) []mailtest.Envelope {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		got := smtp.Received()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("got %d mails, want %d", len(got), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

var linkRe = regexp.MustCompile(`https?://\S+`)

// resetLink reads the reset mail and returns its link.
func resetLink(t *testing.T, env mailtest.Envelope) *url.URL {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(env.Data))
	if err != nil {
		t.Fatalf("parse mail: %v", err)
	}
	if got := msg.Header.Get("Subject"); got != "Skatetrax - Password Reset" {
		t.Errorf("subject %q", got)
	}
	var body io.Reader = msg.Body
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		body = quotedprintable.NewReader(msg.Body)
	}
	raw, _ := io.ReadAll(body)
	text := strings.ReplaceAll(string(raw), "\r\n", "\n")
	if !strings.HasPrefix(text, "Use this link to reset your password (expires in 1 hour):\n\n") ||
		!strings.Contains(text, "\n\nIf you did not request this, ignore this email.") {
		t.Errorf("body:\n%s", text)
	}
	u, err := url.Parse(linkRe.FindString(text))
	if err != nil {
		t.Fatalf("link: %v", err)
	}
	return u
}

func TestPasswordResetThroughRealSMTP(t *testing.T) {
	t.Parallel()
	smtp := mailtest.Start(t, mailtest.Options{})
	s := apitest.New(t, apitest.Options{Env: map[string]string{
		"MAIL_SERVER": smtp.Host, "MAIL_PORT": strconv.Itoa(smtp.Port),
		"MAIL_DEFAULT_SENDER": "Skatetrax <noreply@skatetrax.com>", "RESET_URL_BASE": "https://skatetrax.example/reset?from=mail",
	}})
	acc := s.Register("kate")
	last := s.Register("zoe") // her reset mail marks the end of the requests below
	laptop, phone := s.Login(acc), s.Login(acc)
	anon := s.Client()

	if m := anon.Post("/api/v4/auth/reset-request", map[string]any{}).Expect(400).Map(); m["message"] != "email is required" {
		t.Errorf("missing email: %v", m)
	}
	known := anon.Post("/api/v4/auth/reset-request", map[string]any{"email": "KATE@example.com"}).Expect(200)
	unknown := anon.Post("/api/v4/auth/reset-request", map[string]any{"email": "nobody@example.com"}).Expect(200)
	// A username is not an address: nothing is sent for it.
	anon.Post("/api/v4/auth/reset-request", map[string]any{"email": "kate"}).Expect(200)
	if string(known.Body) != string(unknown.Body) || known.Map()["message"] != resetSent {
		t.Errorf("answers differ: %s / %s", known.Body, unknown.Body)
	}
	// Requests are handled one at a time in order and their mails are sent
	// in order, so once the mail of a last request arrives every earlier
	// request has had its mail sent, or none.
	anon.Post("/api/v4/auth/reset-request", map[string]any{"email": last.Email}).Expect(200)
	envs := waitForMail(t, smtp, 2)
	if got := len(smtp.Received()); got != 2 || len(envs[1].To) != 1 || envs[1].To[0] != last.Email {
		t.Fatalf("%d mails sent, want only the one for the registered address before the last one", got)
	}
	if envs[0].From != "noreply@skatetrax.com" || len(envs[0].To) != 1 || envs[0].To[0] != acc.Email {
		t.Errorf("envelope from %q to %v", envs[0].From, envs[0].To)
	}
	link := resetLink(t, envs[0])
	token := link.Query().Get("token")
	if link.Host != "skatetrax.example" || link.Path != "/reset" || link.Query().Get("from") != "mail" || len(token) < 22 {
		t.Fatalf("link %s", link)
	}
	if stored := testdb.Int(t, s.Pool, `SELECT count(*) FROM password_reset_tokens WHERE token IS NOT NULL OR token_sha256 IS NULL`); stored != 0 {
		t.Error("a reset token is stored in plaintext")
	}

	for _, tc := range []struct {
		name string
		body map[string]any
	}{
		{"token_without_password_is_400", map[string]any{"token": token}},
		{"password_without_token_is_400", map[string]any{"new_password": "x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if m := anon.For(t).Post("/api/v4/auth/reset-confirm", tc.body).Expect(400).Map(); m["message"] != "token and new_password are required" {
				t.Errorf("%v: %v", tc.body, m)
			}
		})
	}
	anon.Post("/api/v4/auth/reset-confirm", map[string]any{"token": token, "new_password": "short"}).Expect(400)
	if m := anon.Post("/api/v4/auth/reset-confirm", map[string]any{"token": "forged", "new_password": "brand new password"}).Expect(400).Map(); m["message"] != "Invalid or expired reset token" {
		t.Errorf("forged: %v", m)
	}
	if m := anon.Post("/api/v4/auth/reset-confirm", map[string]any{"token": token, "new_password": "brand new password"}).Expect(200).Map(); m["message"] != "Password has been reset." {
		t.Errorf("confirm: %v", m)
	}
	// Every session ended; the token is single use; the new password works.
	laptop.Get("/api/v4/auth/session").Expect(401)
	phone.Get("/api/v4/auth/session").Expect(401)
	anon.Post("/api/v4/auth/reset-confirm", map[string]any{"token": token, "new_password": "another password"}).Expect(400)
	anon.Post("/api/v4/auth/login", map[string]any{"aLogin": acc.Login, "aPasswordHash": acc.Password}).Expect(401)
	acc.Password = "brand new password"
	s.Login(acc)
}

func TestResetTokensExpireAndAreVoidedBySuccess(t *testing.T) {
	t.Parallel()
	smtp := mailtest.Start(t, mailtest.Options{})
	s := apitest.New(t, apitest.Options{Env: map[string]string{"MAIL_SERVER": smtp.Host, "MAIL_PORT": strconv.Itoa(smtp.Port)}})
	acc := s.Register("liam")
	c := s.Client()
	for range 3 {
		c.Post("/api/v4/auth/reset-request", map[string]any{"email": acc.Email}).Expect(200)
	}
	envs := waitForMail(t, smtp, 3)
	tokens := make([]string, 3)
	for i, e := range envs {
		tokens[i] = resetLink(t, e).Query().Get("token")
	}
	// The first token has expired.
	if n := testdb.Exec(t, s.Pool, `UPDATE password_reset_tokens SET expires_at = (now() AT TIME ZONE 'UTC') - interval '1 second'
		WHERE id = (SELECT min(id) FROM password_reset_tokens)`); n != 1 {
		t.Fatalf("expired %d tokens, want 1", n)
	}
	c.Post("/api/v4/auth/reset-confirm", map[string]any{"token": tokens[0], "new_password": "brand new password"}).Expect(400)
	c.Post("/api/v4/auth/reset-confirm", map[string]any{"token": tokens[1], "new_password": "brand new password"}).Expect(200)
	// A successful reset voids the user's other outstanding tokens.
	c.Post("/api/v4/auth/reset-confirm", map[string]any{"token": tokens[2], "new_password": "a third password"}).Expect(400)
}

func TestResetUnavailableWithoutMail(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	m := s.Client().Post("/api/v4/auth/reset-request", map[string]any{"email": "x@example.com"}).Expect(503).Map()
	if m["message"] != "Password reset is not available (email service not configured)" {
		t.Errorf("503 body: %v", m)
	}
}
