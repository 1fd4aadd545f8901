package mail

import "github.com/skatetrax/skatetrax-api/internal/mail/mailtest"

// configFor returns a Config pointing at ts.
func configFor(ts *mailtest.Server) Config {
	return Config{Server: ts.Host, Port: ts.Port, Sender: "Skatetrax <noreply@skatetrax.com>"}
}
