package mail

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Defaults for a Queue.
const (
	DefaultQueueSize    = 64
	DefaultSendTimeout  = 30 * time.Second
	DefaultDrainTimeout = 10 * time.Second
)

// Queue sends messages in the background, so a request handler can answer
// at once and with the same timing whether or not it queued a mail (the
// reset request must not reveal which addresses exist).
type Queue struct {
	mailer       Mailer
	logger       *slog.Logger
	ch           chan Message
	sendTimeout  time.Duration
	drainTimeout time.Duration

	mu      sync.RWMutex // guards stopped against concurrent Enqueue
	stopped bool
}

// QueueOption customises a Queue.
type QueueOption func(*Queue)

// WithSendTimeout bounds each delivery attempt (default DefaultSendTimeout).
func WithSendTimeout(d time.Duration) QueueOption {
	return func(q *Queue) {
		if d > 0 {
			q.sendTimeout = d
		}
	}
}

// WithDrainTimeout bounds how long Run keeps sending queued messages after
// its context is cancelled (default DefaultDrainTimeout).
func WithDrainTimeout(d time.Duration) QueueOption {
	return func(q *Queue) {
		if d > 0 {
			q.drainTimeout = d
		}
	}
}

// NewQueue returns a queue holding up to size messages (DefaultQueueSize if
// size < 1) for delivery through m. A nil logger discards logs.
func NewQueue(m Mailer, logger *slog.Logger, size int, opts ...QueueOption) *Queue {
	if size < 1 {
		size = DefaultQueueSize
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	q := &Queue{
		mailer:       m,
		logger:       logger,
		ch:           make(chan Message, size),
		sendTimeout:  DefaultSendTimeout,
		drainTimeout: DefaultDrainTimeout,
	}
	for _, opt := range opts {
		opt(q)
	}
	return q
}

// Enqueue schedules m without blocking. It returns false, and logs, when the
// queue is full or stopped.
func (q *Queue) Enqueue(m Message) bool {
	q.mu.RLock()
	defer q.mu.RUnlock()
	if q.stopped {
		q.logger.Warn("mail queue stopped, message dropped", "subject", m.Subject)
		return false
	}
	select {
	case q.ch <- m:
		return true
	default:
		q.logger.Warn("mail queue full, message dropped", "subject", m.Subject, "capacity", cap(q.ch))
		return false
	}
}

// Run delivers queued messages until ctx is cancelled. It then refuses new
// messages, delivers those already queued within the drain timeout, and
// returns. Call it once, typically in its own goroutine.
func (q *Queue) Run(ctx context.Context) {
	for {
		// Checked first because select picks randomly among ready cases:
		// once cancelled, queued messages belong to the bounded drain.
		if ctx.Err() != nil {
			q.drain(ctx)
			return
		}
		select {
		case m := <-q.ch:
			q.send(ctx, m)
		case <-ctx.Done():
		}
	}
}

func (q *Queue) drain(ctx context.Context) {
	q.mu.Lock()
	q.stopped = true
	q.mu.Unlock()

	// Sends must outlive the cancelled parent, but not the drain deadline.
	deadline := time.Now().Add(q.drainTimeout)
	dctx, cancel := context.WithDeadline(context.WithoutCancel(ctx), deadline)
	defer cancel()
	for {
		select {
		case m := <-q.ch:
			// Compare clocks, not dctx.Err(): the context's timer may fire a
			// moment after the deadline has passed.
			if !time.Now().Before(deadline) {
				q.logger.Error("mail queue drain timed out, messages dropped", "dropped", 1+len(q.ch))
				return
			}
			q.send(dctx, m)
		default:
			return
		}
	}
}

// send delivers one message. A cancelled parent does not abort a delivery
// already started; the send timeout bounds it instead.
func (q *Queue) send(parent context.Context, m Message) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), q.sendTimeout)
	defer cancel()
	if dl, ok := parent.Deadline(); ok {
		ctx, cancel = context.WithDeadline(ctx, dl)
		defer cancel()
	}
	start := time.Now()
	// Never log the body: it carries a secret token.
	if err := q.mailer.Send(ctx, m); err != nil {
		q.logger.Error("mail delivery failed", "to", m.To, "subject", m.Subject,
			"duration", time.Since(start), "error", err)
		return
	}
	q.logger.Info("mail delivered", "subject", m.Subject, "duration", time.Since(start))
}
