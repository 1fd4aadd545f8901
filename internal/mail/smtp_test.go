package mail

import (
	"bytes"
	"context"
	"errors"
	"github.com/skatetrax/skatetrax-api/internal/mail/mailtest"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/skatetrax/skatetrax-api/internal/auth/token"
)

const wantResetBody = "Use this link to reset your password (expires in 1 hour):\n\n%s\n\nIf you did not request this, ignore this email."

// parsed is a received message decoded the way a mail client would.
type parsed struct {
	header netmail.Header
	from   *netmail.Address
	to     *netmail.Address
	subj   string
	body   string // transfer-decoded, LF line endings, final line break removed
}

func parse(t *testing.T, data []byte) parsed {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("received message does not parse: %v\n%s", err, data)
	}
	var p parsed
	p.header = msg.Header
	if p.from, err = netmail.ParseAddress(msg.Header.Get("From")); err != nil {
		t.Fatalf("From header: %v", err)
	}
	if p.to, err = netmail.ParseAddress(msg.Header.Get("To")); err != nil {
		t.Fatalf("To header: %v", err)
	}
	if p.subj, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatalf("Subject header: %v", err)
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mediaType != "text/plain" || !strings.EqualFold(params["charset"], "utf-8") {
		t.Fatalf("Content-Type = %q, want text/plain; charset=utf-8", msg.Header.Get("Content-Type"))
	}
	var body io.Reader = msg.Body
	switch cte := strings.ToLower(msg.Header.Get("Content-Transfer-Encoding")); cte {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "", "7bit", "8bit":
	default:
		t.Fatalf("unexpected Content-Transfer-Encoding %q", cte)
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	text := strings.ReplaceAll(string(raw), "\r\n", "\n")
	p.body = strings.TrimSuffix(text, "\n")
	return p
}

func onlyEnvelope(t *testing.T, ts *mailtest.Server) mailtest.Envelope {
	t.Helper()
	got := ts.Received()
	if len(got) != 1 {
		t.Fatalf("server received %d messages, want 1", len(got))
	}
	return got[0]
}

func newMailer(t *testing.T, cfg Config, opts ...Option) *SMTP {
	t.Helper()
	m, err := NewSMTP(cfg, append([]Option{WithTimeout(5 * time.Second)}, opts...)...)
	if err != nil {
		t.Fatalf("NewSMTP: %v", err)
	}
	return m
}

func TestSMTP_deliversResetMessage(t *testing.T) {
	t.Parallel()
	ts := mailtest.Start(t, mailtest.Options{})
	plain, digest, err := token.New()
	if err != nil {
		t.Fatal(err)
	}
	msg, err := ResetMessage("Alice Skater <alice@example.com>", "https://app.skatetrax.test/reset?lang=de", plain)
	if err != nil {
		t.Fatal(err)
	}
	if err := newMailer(t, configFor(ts)).Send(context.Background(), msg); err != nil {
		t.Fatalf("Send: %v", err)
	}

	env := onlyEnvelope(t, ts)
	if env.From != "noreply@skatetrax.com" {
		t.Errorf("MAIL FROM = %q", env.From)
	}
	if len(env.To) != 1 || env.To[0] != "alice@example.com" {
		t.Errorf("RCPT TO = %q", env.To)
	}
	if env.TLS || env.AuthUser != "" {
		t.Errorf("plain config used TLS=%v auth=%q", env.TLS, env.AuthUser)
	}

	p := parse(t, env.Data)
	if p.from.Address != "noreply@skatetrax.com" || p.from.Name != "Skatetrax" {
		t.Errorf("From = %v", p.from)
	}
	if p.to.Address != "alice@example.com" || p.to.Name != "Alice Skater" {
		t.Errorf("To = %v", p.to)
	}
	if p.subj != "Skatetrax - Password Reset" {
		t.Errorf("Subject = %q", p.subj)
	}
	lines := strings.Split(p.body, "\n")
	if len(lines) != 5 {
		t.Fatalf("body has %d lines, want 5:\n%s", len(lines), p.body)
	}
	link := lines[2]
	if want := strings.Replace(wantResetBody, "%s", link, 1); p.body != want {
		t.Errorf("body =\n%q\nwant\n%q", p.body, want)
	}
	u, err := url.Parse(link)
	if err != nil {
		t.Fatalf("link %q: %v", link, err)
	}
	if u.Scheme != "https" || u.Host != "app.skatetrax.test" || u.Path != "/reset" {
		t.Errorf("link %q does not point at the reset page", link)
	}
	if u.Query().Get("lang") != "de" {
		t.Errorf("link %q lost the base's query parameter", link)
	}
	if got := u.Query().Get("token"); !token.Equal(token.Digest(got), digest) {
		t.Errorf("token in link = %q, want %q", got, plain)
	}

	if id := p.header.Get("Message-Id"); !strings.HasSuffix(id, "@skatetrax.com>") {
		t.Errorf("Message-ID = %q, want one in the sender's domain", id)
	}
	if _, err := p.header.Date(); err != nil {
		t.Errorf("Date header: %v", err)
	}
	for _, h := range []string{"User-Agent", "X-Mailer"} {
		if v := p.header.Get(h); v != "" {
			t.Errorf("%s header = %q; do not advertise the mail library", h, v)
		}
	}
}

func TestSMTP_utf8SubjectAndBody(t *testing.T) {
	t.Parallel()
	ts := mailtest.Start(t, mailtest.Options{})
	msg := Message{To: "jürgen@example.com", Subject: "Kür ⛸ Übersicht", Body: "Grüße aus der Eishalle ⛸\nZeile zwei"}
	if err := newMailer(t, configFor(ts)).Send(context.Background(), msg); err != nil {
		t.Fatalf("Send: %v", err)
	}
	p := parse(t, onlyEnvelope(t, ts).Data)
	if p.subj != msg.Subject {
		t.Errorf("Subject = %q, want %q", p.subj, msg.Subject)
	}
	if p.body != msg.Body {
		t.Errorf("body = %q, want %q", p.body, msg.Body)
	}
}

func TestSMTP_rejectedRecipientIsAnError(t *testing.T) {
	t.Parallel()
	ts := mailtest.Start(t, mailtest.Options{RejectRcpt: true})
	err := newMailer(t, configFor(ts)).Send(context.Background(), Message{To: "nobody@example.com", Subject: "s", Body: "b"})
	if err == nil {
		t.Fatal("Send succeeded although RCPT was rejected")
	}
	if !strings.Contains(err.Error(), "550") {
		t.Errorf("error %q does not carry the server's 550 reply", err)
	}
	if n := len(ts.Received()); n != 0 {
		t.Fatalf("server received %d messages", n)
	}
}

func TestSMTP_connectionFailures(t *testing.T) {
	t.Parallel()
	t.Run("refused", func(t *testing.T) {
		t.Parallel()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		cfg := Config{Server: "127.0.0.1", Port: port, Sender: "noreply@skatetrax.com"}
		if err := newMailer(t, cfg).Send(context.Background(), Message{To: "a@example.com", Subject: "s", Body: "b"}); err == nil {
			t.Fatal("Send succeeded without a server")
		}
	})
	t.Run("silent_server_times_out", func(t *testing.T) {
		t.Parallel()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ln.Close() })
		go func() { // accept and never greet
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				t.Cleanup(func() { c.Close() })
			}
		}()
		cfg := Config{Server: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, Sender: "noreply@skatetrax.com"}
		m := newMailer(t, cfg, WithTimeout(200*time.Millisecond))
		// No context deadline: only the mailer's own timeout can end this send.
		err = m.Send(context.Background(), Message{To: "a@example.com", Subject: "s", Body: "b"})
		if err == nil {
			t.Fatal("Send succeeded against a silent server")
		}
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("Send error = %v, want the connection's i/o timeout", err)
		}
	})
	t.Run("context_deadline_bounds_a_stalled_conversation", func(t *testing.T) {
		t.Parallel()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ln.Close() })
		go func() { // greet, then never answer EHLO
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				_, _ = c.Write([]byte("220 mx.test ESMTP\r\n"))
				t.Cleanup(func() { c.Close() })
			}
		}()
		cfg := Config{Server: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, Sender: "noreply@skatetrax.com"}
		m := newMailer(t, cfg, WithTimeout(time.Minute))
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		// The mailer's timeout is a minute, so a send that ends with the
		// context's deadline was ended by the context.
		err = m.Send(ctx, Message{To: "a@example.com", Subject: "s", Body: "b"})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Send error = %v, want DeadlineExceeded", err)
		}
	})
	t.Run("cancelled_context", func(t *testing.T) {
		t.Parallel()
		ts := mailtest.Start(t, mailtest.Options{})
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		err := newMailer(t, configFor(ts)).Send(ctx, Message{To: "a@example.com", Subject: "s", Body: "b"})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Send error = %v, want context.Canceled", err)
		}
		if n := len(ts.Received()); n != 0 {
			t.Fatalf("server received %d messages", n)
		}
	})
}

func TestSMTP_rejectsHeaderInjection(t *testing.T) {
	t.Parallel()
	ts := mailtest.Start(t, mailtest.Options{})
	m := newMailer(t, configFor(ts))
	for name, msg := range map[string]Message{
		"crlf_in_subject_is_refused":   {To: "a@example.com", Subject: "hi\r\nBcc: victim@example.com", Body: "b"},
		"lf_in_subject_is_refused":     {To: "a@example.com", Subject: "hi\nBcc: victim@example.com", Body: "b"},
		"crlf_in_recipient_is_refused": {To: "a@example.com\r\nBcc: victim@example.com", Subject: "s", Body: "b"},
		"recipient_list_is_refused":    {To: "a@example.com, victim@example.com", Subject: "s", Body: "b"},
		"non_address_is_refused":       {To: "not an address", Subject: "s", Body: "b"},
		"empty_recipient_is_refused":   {To: "", Subject: "s", Body: "b"},
	} {
		t.Run(name, func(t *testing.T) {
			if err := m.Send(context.Background(), msg); err == nil {
				t.Error("Send succeeded")
			}
		})
	}
	if n := len(ts.Received()); n != 0 {
		t.Fatalf("server received %d messages", n)
	}
}

func TestNewSMTP_rejectsInvalidConfig(t *testing.T) {
	t.Parallel()
	if _, err := NewSMTP(Config{Server: "smtp.example.com", Port: 587, UseTLS: true, UseSSL: true, Sender: "a@b.c"}); err == nil {
		t.Fatal("NewSMTP accepted UseTLS and UseSSL together")
	}
}
