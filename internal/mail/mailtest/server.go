// Package mailtest runs a real SMTP server inside a test: it records every
// message it accepts and can require AUTH, offer STARTTLS or speak implicit TLS.
package mailtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Options configure an in-process SMTP server for tests.
type Options struct {
	ListenHost  string      // default 127.0.0.1
	TLS         *tls.Config // offered via STARTTLS, or used for implicit TLS
	ImplicitTLS bool
	// When username is set, AUTH is advertised with Mechanisms (default
	// PLAIN) and MAIL FROM requires a successful login.
	Username, Password string
	Mechanisms         []string
	AllowInsecureAuth  bool
	RejectRcpt         bool
}

// envelope is one message the server accepted.
type Envelope struct {
	From     string
	To       []string
	Data     []byte
	AuthUser string
	AuthMech string
	TLS      bool
}

type Server struct {
	Host string
	Port int

	mu        sync.Mutex
	envelopes []Envelope
	authTries int
}

func (s *Server) Received() []Envelope {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Envelope(nil), s.envelopes...)
}

func (s *Server) AuthAttempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.authTries
}

func Start(t *testing.T, o Options) *Server {
	t.Helper()
	if o.ListenHost == "" {
		o.ListenHost = "127.0.0.1"
	}
	if o.Username != "" && len(o.Mechanisms) == 0 {
		o.Mechanisms = []string{sasl.Plain}
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(o.ListenHost, "0"))
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	if o.ImplicitTLS {
		ln = tls.NewListener(ln, o.TLS)
	}
	ts := &Server{Host: o.ListenHost, Port: ln.Addr().(*net.TCPAddr).Port}

	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{srv: ts, opts: o, conn: c}, nil
	}))
	srv.Domain = "mx.test"
	srv.TLSConfig = o.TLS
	srv.AllowInsecureAuth = o.AllowInsecureAuth
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.ErrorLog = log.New(io.Discard, "", 0)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ts
}

// session records one SMTP conversation.
type session struct {
	srv  *Server
	opts Options
	conn *smtp.Conn

	authUser, authMech string
	from               string
	to                 []string
}

var errBadCredentials = errors.New("invalid username or password")

func (s *session) AuthMechanisms() []string {
	if s.opts.Username == "" {
		return nil
	}
	return s.opts.Mechanisms
}

func (s *session) Auth(mech string) (sasl.Server, error) {
	s.srv.mu.Lock()
	s.srv.authTries++
	s.srv.mu.Unlock()
	check := func(username, password string) error {
		if username != s.opts.Username || password != s.opts.Password {
			return errBadCredentials
		}
		s.authUser, s.authMech = username, mech
		return nil
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(_, username, password string) error { return check(username, password) }), nil
	case sasl.Login:
		return &loginServer{check: check}, nil
	default:
		return nil, smtp.ErrAuthUnknownMechanism
	}
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.opts.Username != "" && s.authUser == "" {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.opts.RejectRcpt {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, isTLS := s.conn.TLSConnectionState()
	s.srv.mu.Lock()
	defer s.srv.mu.Unlock()
	s.srv.envelopes = append(s.srv.envelopes, Envelope{
		From: s.from, To: s.to, Data: b, AuthUser: s.authUser, AuthMech: s.authMech, TLS: isTLS,
	})
	return nil
}

func (s *session) Reset() { s.from, s.to = "", nil }

func (s *session) Logout() error { return nil }

// loginServer is the server side of AUTH LOGIN, which go-sasl does not ship.
type loginServer struct {
	step  int
	user  string
	check func(username, password string) error
}

func (l *loginServer) Next(response []byte) ([]byte, bool, error) {
	l.step++
	switch l.step {
	case 1:
		if response != nil { // initial response carries the username
			l.user = string(response)
			l.step++
			return []byte("Password:"), false, nil
		}
		return []byte("Username:"), false, nil
	case 2:
		l.user = string(response)
		return []byte("Password:"), false, nil
	case 3:
		return nil, true, l.check(l.user, string(response))
	default:
		return nil, true, errors.New("unexpected LOGIN step")
	}
}

// selfSigned returns a server TLS config with a fresh self-signed
// certificate for 127.0.0.1, 127.0.0.2 and localhost, and a client pool trusting it.
func SelfSigned(t *testing.T) (server *tls.Config, roots *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "mx.test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("127.0.0.2")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	roots = x509.NewCertPool()
	roots.AddCert(leaf)
	return &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}},
		MinVersion:   tls.VersionTLS12,
	}, roots
}
