package mail

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// DefaultTimeout bounds connecting and each SMTP command.
const DefaultTimeout = 15 * time.Second

// SMTP is a Mailer that delivers through an SMTP server. It opens one
// connection per message, which is plenty for password-reset volume and
// keeps no connection state between sends.
type SMTP struct {
	cfg       Config
	tlsConfig *tls.Config
	timeout   time.Duration
}

var _ Mailer = (*SMTP)(nil)

// Option customises an SMTP mailer.
type Option func(*SMTP)

// WithTLSConfig sets the TLS configuration for STARTTLS and implicit TLS,
// e.g. to trust a private CA. ServerName defaults to Config.Server.
func WithTLSConfig(c *tls.Config) Option {
	return func(s *SMTP) { s.tlsConfig = c }
}

// WithTimeout overrides DefaultTimeout.
func WithTimeout(d time.Duration) Option {
	return func(s *SMTP) {
		if d > 0 {
			s.timeout = d
		}
	}
}

// NewSMTP returns a mailer for cfg, which must be valid.
//
// Transport security follows cfg: UseTLS requires STARTTLS (the send fails if
// the server does not offer it), UseSSL speaks TLS from the first byte, and
// otherwise the connection stays plain text. Credentials are sent only when
// Username is set, preferring AUTH PLAIN, then LOGIN, then whatever stronger
// mechanism the server offers; go-mail refuses PLAIN and LOGIN over an
// unencrypted connection unless the server is localhost.
func NewSMTP(cfg Config, opts ...Option) (*SMTP, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("smtp mailer: %w", err)
	}
	s := &SMTP{cfg: cfg, timeout: DefaultTimeout}
	for _, opt := range opts {
		opt(s)
	}
	return s, nil
}

// Send delivers m. The context bounds the whole SMTP conversation; each
// command is also bounded by the mailer's timeout.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("send mail: %w", err)
	}
	msg, err := s.compose(m)
	if err != nil {
		return fmt.Errorf("send mail: %w", err)
	}
	var stops []func() bool
	defer func() {
		for _, stop := range stops {
			stop()
		}
	}()
	// A fresh client per message: go-mail clients keep per-dial state, and
	// the dialer is bound to this message's context.
	client, err := gomail.NewClient(s.cfg.Server, s.clientOptions(s.dialer(ctx, &stops))...)
	if err != nil {
		return fmt.Errorf("send mail: configure smtp client: %w", err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			// The dialer closed the connection; report why, not the
			// resulting "use of closed network connection".
			return fmt.Errorf("send mail via %s:%d: %w (%v)", s.cfg.Server, s.cfg.Port, ctxErr, err)
		}
		return fmt.Errorf("send mail via %s:%d: %w", s.cfg.Server, s.cfg.Port, err)
	}
	return nil
}

// dialer connects (with TLS from the first byte when UseSSL) and closes the
// connection when ctx ends. go-mail itself only honours the context while
// dialling, so without this a stalling server could hold a send for one
// timeout per SMTP command.
func (s *SMTP) dialer(ctx context.Context, stops *[]func() bool) gomail.DialContextFunc {
	return func(dialCtx context.Context, network, addr string) (net.Conn, error) {
		nd := &net.Dialer{}
		var conn net.Conn
		var err error
		if s.cfg.UseSSL {
			// A *tls.Conn lets go-mail see that the connection is encrypted.
			conn, err = (&tls.Dialer{NetDialer: nd, Config: s.tlsConfigFor()}).DialContext(dialCtx, network, addr)
		} else {
			conn, err = nd.DialContext(dialCtx, network, addr)
		}
		if err != nil {
			return nil, err
		}
		*stops = append(*stops, context.AfterFunc(ctx, func() { _ = conn.Close() }))
		return conn, nil
	}
}

func (s *SMTP) clientOptions(dial gomail.DialContextFunc) []gomail.Option {
	opts := []gomail.Option{
		gomail.WithPort(s.cfg.Port),
		gomail.WithTimeout(s.timeout),
		gomail.WithTLSConfig(s.tlsConfigFor()),
		gomail.WithDialContextFunc(dial),
	}
	switch {
	case s.cfg.UseSSL:
		// The dialer does the TLS; this only stops go-mail from trying STARTTLS.
		opts = append(opts, gomail.WithSSL())
	case s.cfg.UseTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	default:
		// No opportunistic STARTTLS: plain means plain, as configured.
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if s.cfg.Username != "" {
		opts = append(opts,
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin),
			gomail.WithUsername(s.cfg.Username),
			gomail.WithPassword(s.cfg.Password),
		)
	}
	return opts
}

func (s *SMTP) tlsConfigFor() *tls.Config {
	if s.tlsConfig == nil {
		return &tls.Config{ServerName: s.cfg.Server, MinVersion: tls.VersionTLS12}
	}
	c := s.tlsConfig.Clone()
	if c.ServerName == "" {
		c.ServerName = s.cfg.Server
	}
	if c.MinVersion == 0 {
		c.MinVersion = tls.VersionTLS12
	}
	return c
}

// compose turns m into a UTF-8 text/plain message.
func (s *SMTP) compose(m Message) (*gomail.Msg, error) {
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, errors.New("subject contains a line break")
	}
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.From(s.cfg.Sender); err != nil {
		return nil, fmt.Errorf("sender %q: %w", s.cfg.Sender, err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("recipient: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)
	msg.SetDate()
	id, err := messageID(s.cfg.Sender)
	if err != nil {
		return nil, err
	}
	msg.SetMessageIDWithValue(id)
	return msg, nil
}

// messageID returns "<random>@<sender domain>". go-mail's default uses the
// local host name, which in a container is a meaningless, leaky ID.
func messageID(sender string) (string, error) {
	addr, err := netmail.ParseAddress(sender)
	if err != nil {
		return "", fmt.Errorf("sender %q: %w", sender, err)
	}
	domain := addr.Address[strings.LastIndexByte(addr.Address, '@')+1:]
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("message id: %w", err)
	}
	return hex.EncodeToString(b) + "@" + domain, nil
}
