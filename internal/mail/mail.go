// Package mail sends the application's email: a Mailer interface, its SMTP
// implementation, the password-reset message and an asynchronous Queue.
package mail

import "context"

// Message is one plain-text email to a single recipient.
type Message struct {
	To      string
	Subject string
	Body    string
}

// Mailer delivers messages.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}
