package accounts

import (
	"context"
	"log/slog"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/auth/token"
	"github.com/skatetrax/skatetrax-api/internal/mail"
)

// ResetMailer handles reset requests in the background: it looks the address
// up, stores a hashed token and queues the mail. Doing all of it off the
// request path keeps the HTTP answer identical in content and timing for
// registered and unknown addresses.
type ResetMailer struct {
	q       *db.Queries
	queue   *mail.Queue
	baseURL string
	logger  *slog.Logger
	jobs    chan string
}

// NewResetMailer builds the worker; start it with Run.
func NewResetMailer(q *db.Queries, queue *mail.Queue, baseURL string, logger *slog.Logger) *ResetMailer {
	return &ResetMailer{q: q, queue: queue, baseURL: baseURL, logger: logger, jobs: make(chan string, 256)}
}

func (m *ResetMailer) enqueue(email string) {
	select {
	case m.jobs <- email:
	default:
		m.logger.Warn("password reset queue full; request dropped")
	}
}

// Run processes requests until ctx ends.
func (m *ResetMailer) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case email := <-m.jobs:
			m.handle(ctx, email)
		}
	}
}

func (m *ResetMailer) handle(ctx context.Context, email string) {
	rows, err := m.q.FindUsersByEmail(ctx, email)
	if err != nil {
		m.logger.ErrorContext(ctx, "reset: look up address", "err", err)
		return
	}
	if len(rows) == 0 || (!rows[0].Exact && len(rows) > 1) {
		return // unknown (or ambiguous) address: nothing is sent
	}
	u := rows[0]
	plain, digest, err := token.New()
	if err != nil {
		m.logger.ErrorContext(ctx, "reset: make token", "err", err)
		return
	}
	msg, err := mail.ResetMessage(u.AEmail, m.baseURL, plain)
	if err != nil {
		m.logger.ErrorContext(ctx, "reset: build message", "err", err)
		return
	}
	if err := m.q.CreateResetToken(ctx, db.CreateResetTokenParams{Digest: digest, UserID: u.ID}); err != nil {
		m.logger.ErrorContext(ctx, "reset: store token", "err", err)
		return
	}
	if err := m.q.InsertAudit(ctx, db.InsertAuditParams{Event: EventResetRequested, UserID: &u.ID, Detail: []byte("{}")}); err != nil {
		m.logger.ErrorContext(ctx, "reset: audit", "err", err)
	}
	if !m.queue.Enqueue(msg) {
		m.logger.WarnContext(ctx, "reset: mail queue full", "user_id", u.ID)
	}
}
