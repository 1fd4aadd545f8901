package mail

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
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

	sent, failed, dropped atomic.Int64
}

// Stats are the queue's counters since start (for metrics).
type Stats struct {
	Depth                 int   // messages waiting
	Sent, Failed, Dropped int64 // delivered, delivery failed, refused (full or stopped)
}

// Stats reads the counters.
func (q *Queue) Stats() Stats {
	return Stats{Depth: len(q.ch), Sent: q.sent.Load(), Failed: q.failed.Load(), Dropped: q.dropped.Load()}
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
		q.dropped.Add(1)
		return false
	}
	select {
	case q.ch <- m:
		return true
	default:
		q.logger.Warn("mail queue full, message dropped", "subject", m.Subject, "capacity", cap(q.ch))
		q.dropped.Add(1)
		return false
	}
}

// Run delivers queued messages until ctx is cancelled. From then on Enqueue
// refuses new messages, and Run keeps delivering the message in flight and
// those already queued for at most the drain timeout before it returns.
// Call it once, typically in its own goroutine.
func (q *Queue) Run(ctx context.Context) {
	// budget outlives ctx by the drain timeout, so shutdown neither cuts off
	// a reset mail mid-conversation nor waits for a stalled server.
	budget, cancelBudget := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelBudget()
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(q.drainTimeout, cancelBudget) })
	defer stop()
	for {
		// Checked first because select picks randomly among ready cases.
		if ctx.Err() != nil {
			q.drain(budget)
			return
		}
		select {
		case m := <-q.ch:
			q.send(budget, m)
		case <-ctx.Done():
		}
	}
}

func (q *Queue) drain(budget context.Context) {
	q.mu.Lock()
	q.stopped = true
	q.mu.Unlock()
	for {
		if budget.Err() != nil {
			if n := len(q.ch); n > 0 {
				q.logger.Error("mail queue drain timed out, messages dropped", "dropped", n)
			}
			return
		}
		select {
		case m := <-q.ch:
			q.send(budget, m)
		default:
			return
		}
	}
}

// send delivers one message within the send timeout.
func (q *Queue) send(parent context.Context, m Message) {
	ctx, cancel := context.WithTimeout(parent, q.sendTimeout)
	defer cancel()
	start := time.Now()
	// Never log the body: it carries a secret token.
	if err := q.mailer.Send(ctx, m); err != nil {
		q.logger.Error("mail delivery failed", "to", m.To, "subject", m.Subject,
			"duration", time.Since(start), "error", err)
		q.failed.Add(1)
		return
	}
	q.sent.Add(1)
	q.logger.Info("mail delivered", "subject", m.Subject, "duration", time.Since(start))
}
