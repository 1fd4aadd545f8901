package mail

import (
	"context"
	"crypto/tls"
	"github.com/skatetrax/skatetrax-api/internal/mail/mailtest"
	"testing"
)

func TestSMTP_startTLS(t *testing.T) {
	t.Parallel()
	serverTLS, roots := mailtest.SelfSigned(t)
	// No AllowInsecureAuth: the server only offers AUTH after STARTTLS.
	ts := mailtest.Start(t, mailtest.Options{TLS: serverTLS, Username: "mailer", Password: "s3cret"})
	cfg := configFor(ts)
	cfg.UseTLS = true
	cfg.Username, cfg.Password = "mailer", "s3cret"
	if err := newMailer(t, cfg, WithTLSConfig(&tls.Config{RootCAs: roots})).
		Send(context.Background(), Message{To: "a@example.com", Subject: "s", Body: "b"}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	env := onlyEnvelope(t, ts)
	if !env.TLS {
		t.Error("message was not sent over TLS")
	}
	if env.AuthUser != "mailer" {
		t.Errorf("AuthUser = %q", env.AuthUser)
	}
}

func TestSMTP_startTLSFailuresDoNotSend(t *testing.T) {
	t.Parallel()
	serverTLS, roots := mailtest.SelfSigned(t)
	cases := []struct {
		name   string
		server mailtest.Options
		opts   []Option
	}{
		{"server_without_starttls", mailtest.Options{}, []Option{WithTLSConfig(&tls.Config{RootCAs: roots})}},
		{"untrusted_certificate", mailtest.Options{TLS: serverTLS}, nil},
		{"wrong_server_name", mailtest.Options{TLS: serverTLS},
			[]Option{WithTLSConfig(&tls.Config{RootCAs: roots, ServerName: "smtp.elsewhere.test"})}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ts := mailtest.Start(t, tc.server)
			cfg := configFor(ts)
			cfg.UseTLS = true
			err := newMailer(t, cfg, tc.opts...).Send(context.Background(), Message{To: "a@example.com", Subject: "s", Body: "b"})
			if err == nil {
				t.Fatal("Send succeeded")
			}
			if n := len(ts.Received()); n != 0 {
				t.Fatalf("server received %d messages", n)
			}
		})
	}
}

func TestSMTP_plainConfigDoesNotUpgradeOpportunistically(t *testing.T) {
	t.Parallel()
	serverTLS, _ := mailtest.SelfSigned(t)
	ts := mailtest.Start(t, mailtest.Options{TLS: serverTLS})
	if err := newMailer(t, configFor(ts)).Send(context.Background(), Message{To: "a@example.com", Subject: "s", Body: "b"}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if onlyEnvelope(t, ts).TLS {
		t.Error("plain config negotiated STARTTLS")
	}
}

func TestSMTP_implicitTLS(t *testing.T) {
	t.Parallel()
	serverTLS, roots := mailtest.SelfSigned(t)
	ts := mailtest.Start(t, mailtest.Options{TLS: serverTLS, ImplicitTLS: true, Username: "mailer", Password: "s3cret"})
	cfg := configFor(ts)
	cfg.UseSSL = true
	cfg.Username, cfg.Password = "mailer", "s3cret"
	if err := newMailer(t, cfg, WithTLSConfig(&tls.Config{RootCAs: roots})).
		Send(context.Background(), Message{To: "a@example.com", Subject: "s", Body: "b"}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	env := onlyEnvelope(t, ts)
	if !env.TLS || env.AuthUser != "mailer" {
		t.Errorf("TLS=%v AuthUser=%q, want TLS and mailer", env.TLS, env.AuthUser)
	}
}

func TestSMTP_implicitTLSAgainstPlainServerFails(t *testing.T) {
	t.Parallel()
	ts := mailtest.Start(t, mailtest.Options{})
	cfg := configFor(ts)
	cfg.UseSSL = true
	if err := newMailer(t, cfg).Send(context.Background(), Message{To: "a@example.com", Subject: "s", Body: "b"}); err == nil {
		t.Fatal("Send succeeded without a TLS handshake")
	}
}
