package mail

import (
	"context"
	"crypto/tls"
	"github.com/skatetrax/skatetrax-api/internal/mail/mailtest"
	"net"
	"testing"

	"github.com/emersion/go-sasl"
)

func TestSMTP_auth(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		mechanisms []string
		password   string
		wantMech   string
		wantErr    bool
	}{
		{"plain_is_preferred", []string{sasl.Login, sasl.Plain}, "s3cret", sasl.Plain, false},
		{"login_is_the_fallback", []string{sasl.Login}, "s3cret", sasl.Login, false},
		{"wrong_password_fails", []string{sasl.Plain}, "wrong", "", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ts := mailtest.Start(t, mailtest.Options{
				Username: "mailer", Password: "s3cret", Mechanisms: tc.mechanisms, AllowInsecureAuth: true,
			})
			cfg := configFor(ts)
			cfg.Username, cfg.Password = "mailer", tc.password
			err := newMailer(t, cfg).Send(context.Background(), Message{To: "a@example.com", Subject: "s", Body: "b"})
			if tc.wantErr {
				if err == nil {
					t.Fatal("Send succeeded with a wrong password")
				}
				if n := len(ts.Received()); n != 0 {
					t.Fatalf("server accepted %d messages", n)
				}
				return
			}
			if err != nil {
				t.Fatalf("Send: %v", err)
			}
			env := onlyEnvelope(t, ts)
			if env.AuthUser != "mailer" || env.AuthMech != tc.wantMech {
				t.Errorf("authenticated as %q via %q, want mailer via %s", env.AuthUser, env.AuthMech, tc.wantMech)
			}
		})
	}
}

func TestSMTP_noAuthWithoutUsername(t *testing.T) {
	t.Parallel()
	ts := mailtest.Start(t, mailtest.Options{Username: "mailer", Password: "s3cret", AllowInsecureAuth: true})
	err := newMailer(t, configFor(ts)).Send(context.Background(), Message{To: "a@example.com", Subject: "s", Body: "b"})
	if err == nil {
		t.Fatal("Send succeeded against a server that requires auth")
	}
	if n := ts.AuthAttempts(); n != 0 {
		t.Errorf("client attempted AUTH %d times without a username", n)
	}
}

// requireRemoteLoopback skips unless 127.0.0.2 can be used. It is loopback
// on Linux but not "localhost" to the SMTP client, which lets tests observe
// the rules for remote servers.
func requireRemoteLoopback(t *testing.T) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("127.0.0.2 not usable here: %v", err)
	}
	ln.Close()
}

// Credentials must not cross an unencrypted connection to a remote host.
func TestSMTP_refusesPlaintextAuthToRemoteHost(t *testing.T) {
	t.Parallel()
	requireRemoteLoopback(t)
	ts := mailtest.Start(t, mailtest.Options{
		ListenHost: "127.0.0.2", Username: "mailer", Password: "s3cret", AllowInsecureAuth: true,
	})
	cfg := configFor(ts)
	cfg.Username, cfg.Password = "mailer", "s3cret"
	err := newMailer(t, cfg).Send(context.Background(), Message{To: "a@example.com", Subject: "s", Body: "b"})
	if err == nil {
		t.Fatal("Send authenticated in plain text to a non-localhost server")
	}
	if n := ts.AuthAttempts(); n != 0 {
		t.Errorf("client sent AUTH %d times over plain text", n)
	}
}

// Over TLS, credentials do go to a remote host, in both TLS modes.
func TestSMTP_authOverTLSToRemoteHost(t *testing.T) {
	t.Parallel()
	requireRemoteLoopback(t)
	serverTLS, roots := mailtest.SelfSigned(t)
	for _, implicit := range []bool{false, true} {
		t.Run(map[bool]string{false: "starttls", true: "implicit_tls"}[implicit], func(t *testing.T) {
			t.Parallel()
			ts := mailtest.Start(t, mailtest.Options{
				ListenHost: "127.0.0.2", TLS: serverTLS, ImplicitTLS: implicit, Username: "mailer", Password: "s3cret",
			})
			cfg := configFor(ts)
			cfg.UseTLS, cfg.UseSSL = !implicit, implicit
			cfg.Username, cfg.Password = "mailer", "s3cret"
			if err := newMailer(t, cfg, WithTLSConfig(&tls.Config{RootCAs: roots})).
				Send(context.Background(), Message{To: "a@example.com", Subject: "s", Body: "b"}); err != nil {
				t.Fatalf("Send: %v", err)
			}
			if env := onlyEnvelope(t, ts); !env.TLS || env.AuthUser != "mailer" {
				t.Errorf("TLS=%v AuthUser=%q, want TLS and mailer", env.TLS, env.AuthUser)
			}
		})
	}
}
