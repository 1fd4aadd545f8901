package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/skatetrax/skatetrax-api/internal/mail/mailtest"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeMailer records deliveries and can block or fail on demand.
type fakeMailer struct {
	mu    sync.Mutex
	sent  []Message
	errs  []error // ctx errors seen by blocking sends
	fail  error
	block bool // wait for ctx.Done
	gate  chan struct{}
	calls chan Message // every Send call, buffered
}

func newFakeMailer() *fakeMailer { return &fakeMailer{calls: make(chan Message, 100)} }

func (f *fakeMailer) Send(ctx context.Context, m Message) error {
	f.calls <- m
	f.mu.Lock()
	block, gate, fail := f.block, f.gate, f.fail
	f.mu.Unlock()
	if gate != nil {
		<-gate
		if err := ctx.Err(); err != nil { // the queue gave up on this send
			return err
		}
	}
	if block {
		<-ctx.Done()
		f.mu.Lock()
		f.errs = append(f.errs, ctx.Err())
		f.mu.Unlock()
		return ctx.Err()
	}
	if fail != nil {
		return fail
	}
	f.mu.Lock()
	f.sent = append(f.sent, m)
	f.mu.Unlock()
	return nil
}

func (f *fakeMailer) delivered() []Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Message(nil), f.sent...)
}

// syncBuffer is a bytes.Buffer safe for a logger goroutine and a reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func testLogger() (*slog.Logger, *syncBuffer) {
	buf := &syncBuffer{}
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}

// startQueue runs q until the test ends and returns a function that stops
// it and waits for Run to return.
func startQueue(t *testing.T, q *Queue) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { q.Run(ctx); close(done) }()
	stop = sync.OnceFunc(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("Run did not return after cancel")
		}
	})
	t.Cleanup(stop)
	return stop
}

func msg(i int) Message {
	return Message{To: fmt.Sprintf("u%d@example.com", i), Subject: fmt.Sprintf("s%d", i), Body: "secret-token-body"}
}

func waitCalls(t *testing.T, f *fakeMailer, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		select {
		case <-f.calls:
		case <-time.After(5 * time.Second):
			t.Fatalf("mailer saw %d of %d sends", i, n)
		}
	}
}

func TestQueue_deliversInOrder(t *testing.T) {
	t.Parallel()
	f := newFakeMailer()
	q := NewQueue(f, nil, 10)
	stop := startQueue(t, q)
	for i := range 5 {
		if !q.Enqueue(msg(i)) {
			t.Fatalf("Enqueue(%d) = false", i)
		}
	}
	waitCalls(t, f, 5)
	stop() // Run returns only after the send in flight has finished
	got := f.delivered()
	if len(got) != 5 {
		t.Fatalf("delivered %d, want 5", len(got))
	}
	for i, m := range got {
		if m != msg(i) {
			t.Errorf("delivery %d = %+v, want %+v", i, m, msg(i))
		}
	}
}

func TestQueue_enqueueNeverBlocks(t *testing.T) {
	t.Parallel()
	f := newFakeMailer()
	f.gate = make(chan struct{}) // the worker hangs in its first send
	defer close(f.gate)
	logger, logs := testLogger()
	q := NewQueue(f, logger, 2)
	startQueue(t, q)

	if !q.Enqueue(msg(0)) {
		t.Fatal("first Enqueue = false")
	}
	waitCalls(t, f, 1) // worker holds msg 0; the buffer is empty again
	start := time.Now()
	results := []bool{q.Enqueue(msg(1)), q.Enqueue(msg(2)), q.Enqueue(msg(3))}
	if elapsed := time.Since(start); elapsed > 100*time.Millisecond {
		t.Errorf("Enqueue blocked for %v", elapsed)
	}
	if want := []bool{true, true, false}; fmt.Sprint(results) != fmt.Sprint(want) {
		t.Errorf("Enqueue results = %v, want %v (capacity 2)", results, want)
	}
	if !strings.Contains(logs.String(), "mail queue full") {
		t.Errorf("full queue not logged: %s", logs)
	}
}

func TestQueue_sizeBelowOneUsesDefault(t *testing.T) {
	t.Parallel()
	q := NewQueue(newFakeMailer(), nil, 0)
	for i := range DefaultQueueSize {
		if !q.Enqueue(msg(i)) {
			t.Fatalf("Enqueue(%d) = false, want capacity %d", i, DefaultQueueSize)
		}
	}
	if q.Enqueue(msg(DefaultQueueSize)) {
		t.Fatal("Enqueue beyond DefaultQueueSize = true")
	}
}

func TestQueue_failuresAreLoggedWithoutBody(t *testing.T) {
	t.Parallel()
	f := newFakeMailer()
	f.fail = errors.New("550 mailbox unavailable")
	logger, logs := testLogger()
	q := NewQueue(f, logger, 4)
	stop := startQueue(t, q)
	q.Enqueue(Message{To: "alice@example.com", Subject: "Skatetrax - Password Reset", Body: "link ?token=SECRET-TOKEN-42"})
	waitCalls(t, f, 1)
	stop() // Run returns only after the send and its log line

	out := logs.String()
	for _, want := range []string{"mail delivery failed", "550 mailbox unavailable", "Skatetrax - Password Reset"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "SECRET-TOKEN-42") {
		t.Errorf("log contains the message body:\n%s", out)
	}
}

func TestQueue_sendTimeoutBoundsEachMessage(t *testing.T) {
	t.Parallel()
	f := newFakeMailer()
	f.block = true
	q := NewQueue(f, nil, 4, WithSendTimeout(50*time.Millisecond))
	startQueue(t, q)
	start := time.Now()
	q.Enqueue(msg(0))
	q.Enqueue(msg(1))
	waitCalls(t, f, 2) // the second send starts only after the first timed out
	if elapsed := time.Since(start); elapsed < 50*time.Millisecond || elapsed > 3*time.Second {
		t.Errorf("two blocking sends took %v, want about 2×50ms", elapsed)
	}
	f.mu.Lock()
	first := f.errs[0]
	f.mu.Unlock()
	if !errors.Is(first, context.DeadlineExceeded) {
		t.Errorf("first send ended with %v, want DeadlineExceeded", first)
	}
}

func TestQueue_cancelDrainsThenRefuses(t *testing.T) {
	t.Parallel()
	f := newFakeMailer()
	f.gate = make(chan struct{})
	q := NewQueue(f, nil, 10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { q.Run(ctx); close(done) }()
	for i := range 4 {
		q.Enqueue(msg(i))
	}
	waitCalls(t, f, 1) // worker is inside send 0, 1..3 are queued
	cancel()           // the cancellation lands while send 0 is in flight
	close(f.gate)      // then the sends proceed
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}

	if got := len(f.delivered()); got != 4 {
		t.Errorf("delivered %d after cancel, want all 4 queued messages", got)
	}
	if q.Enqueue(msg(99)) {
		t.Error("Enqueue after Run returned = true")
	}
}

func TestQueue_inFlightSendIsBoundedByDrainTimeout(t *testing.T) {
	t.Parallel()
	f := newFakeMailer()
	f.block = true
	q := NewQueue(f, nil, 4, WithSendTimeout(time.Hour), WithDrainTimeout(100*time.Millisecond))
	stop := startQueue(t, q)
	q.Enqueue(msg(0))
	waitCalls(t, f, 1)
	start := time.Now()
	stop()
	if elapsed := time.Since(start); elapsed < 100*time.Millisecond || elapsed > 3*time.Second {
		t.Errorf("Run returned %v after cancel, want about the 100ms drain timeout", elapsed)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.errs) != 1 || !errors.Is(f.errs[0], context.Canceled) {
		t.Errorf("in-flight send ended with %v, want context.Canceled", f.errs)
	}
}

func TestQueue_drainTimeoutDropsTheRest(t *testing.T) {
	t.Parallel()
	f := newFakeMailer()
	f.block = true // every send waits for its context
	logger, logs := testLogger()
	q := NewQueue(f, logger, 10, WithSendTimeout(time.Hour), WithDrainTimeout(100*time.Millisecond))
	for i := range 5 {
		q.Enqueue(msg(i))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // Run starts already cancelled: it only drains
	start := time.Now()
	q.Run(ctx)
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Fatalf("drain took %v with a 100ms drain timeout", elapsed)
	}
	if !strings.Contains(logs.String(), "drain timed out") {
		t.Errorf("dropped messages not logged:\n%s", logs)
	}
}

func TestQueue_concurrentEnqueueAndStop(t *testing.T) {
	t.Parallel()
	f := newFakeMailer()
	f.calls = make(chan Message, 10_000)
	q := NewQueue(f, nil, 1000)
	stop := startQueue(t, q)
	var wg sync.WaitGroup
	var mu sync.Mutex
	accepted := 0
	for g := range 8 {
		wg.Go(func() {
			for i := range 100 {
				if q.Enqueue(msg(g*1000 + i)) {
					mu.Lock()
					accepted++
					mu.Unlock()
				}
			}
		})
	}
	waitCalls(t, f, 1) // stop while the producers are (most likely) still enqueuing
	stop()
	wg.Wait()
	// Every accepted message was delivered: none slipped in after the drain.
	if got := len(f.delivered()); got != accepted {
		t.Errorf("delivered %d, accepted %d", got, accepted)
	}
}

// The whole path: Queue → SMTP → a real SMTP conversation.
func TestQueue_withSMTP(t *testing.T) {
	t.Parallel()
	ts := mailtest.Start(t, mailtest.Options{})
	q := NewQueue(newMailer(t, configFor(ts)), nil, 4)
	stop := startQueue(t, q)
	m, err := ResetMessage("alice@example.com", "http://localhost:3000/reset", "tok")
	if err != nil {
		t.Fatal(err)
	}
	if !q.Enqueue(m) {
		t.Fatal("Enqueue = false")
	}
	stop()
	p := parse(t, onlyEnvelope(t, ts).Data)
	if p.body != m.Body || p.subj != m.Subject {
		t.Errorf("received %q / %q, want %q / %q", p.subj, p.body, m.Subject, m.Body)
	}
}
