package mail

import (
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"
)

// Config holds the SMTP settings (MAIL_* environment variables).
type Config struct {
	Server   string // host name or IPv4 address, without port
	Port     int
	UseTLS   bool // STARTTLS, mandatory when set
	UseSSL   bool // implicit TLS from the first byte (usually port 465)
	Username string
	Password string
	Sender   string // From address, optionally with a display name
}

// Validate reports the first setting that cannot work.
func (c Config) Validate() error {
	switch {
	case c.Server == "":
		return errors.New("mail server is required")
	case strings.ContainsAny(c.Server, ":/ \t\r\n"):
		// go-mail joins host and port with a plain ":", so "host:port" and
		// IPv6 literals would produce an address that cannot be dialled.
		return fmt.Errorf("mail server %q must be a host name or IPv4 address without port", c.Server)
	case c.Port < 1 || c.Port > 65535:
		return fmt.Errorf("mail port %d out of range 1..65535", c.Port)
	case c.UseTLS && c.UseSSL:
		return errors.New("mail: UseTLS (STARTTLS) and UseSSL (implicit TLS) are mutually exclusive")
	}
	if _, err := netmail.ParseAddress(c.Sender); err != nil {
		return fmt.Errorf("mail sender %q: %w", c.Sender, err)
	}
	return nil
}
