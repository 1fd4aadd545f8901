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
	ends  chan error   // the context error of every blocking send that ended, buffered
	trace []string     // "start <to>" and "end <to>" of every send, in order
}

func newFakeMailer() *fakeMailer {
	return &fakeMailer{calls: make(chan Message, 100), ends: make(chan error, 100)}
}

func (f *fakeMailer) Send(ctx context.Context, m Message) error {
	f.mu.Lock()
	f.trace = append(f.trace, "start "+m.To)
	block, gate, fail := f.block, f.gate, f.fail
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.trace = append(f.trace, "end "+m.To)
		f.mu.Unlock()
	}()
	f.calls <- m
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
		f.ends <- ctx.Err()
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

// ended returns the context errors of the blocking sends that have ended.
func (f *fakeMailer) ended() []error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]error(nil), f.errs...)
}

func (f *fakeMailer) sendTrace() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.trace...)
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

// await waits for ch to deliver (or be closed) and fails the test, naming
// what, only when the test binary's own deadline (go test -timeout) is near:
// these tests check what the queue does, never how fast it does it.
func await[T any](t *testing.T, ch <-chan T, what string) (T, bool) {
	t.Helper()
	ctx := context.Background()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-10*time.Second)) // time left to report
		defer cancel()
	}
	select {
	case v := <-ch:
		return v, true
	case <-ctx.Done():
		t.Errorf("%s did not happen before the test deadline", what)
		var zero T
		return zero, false
	}
}

// runQueue runs q in its own goroutine and returns a channel closed when
// Run returns.
func runQueue(ctx context.Context, q *Queue) <-chan struct{} {
	done := make(chan struct{})
	go func() { q.Run(ctx); close(done) }()
	return done
}

// startQueue runs q until the test ends and returns a function that stops
// it and waits for Run to return.
func startQueue(t *testing.T, q *Queue) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := runQueue(ctx, q)
	stop = sync.OnceFunc(func() {
		cancel()
		await(t, done, "Run returning after cancel")
	})
	t.Cleanup(stop)
	return stop
}

func msg(i int) Message {
	return Message{To: fmt.Sprintf("u%d@example.com", i), Subject: fmt.Sprintf("s%d", i), Body: "secret-token-body"}
}

// waitCalls waits until the mailer has seen n more Send calls.
func waitCalls(t *testing.T, f *fakeMailer, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		if _, ok := await(t, f.calls, fmt.Sprintf("send %d of %d", i+1, n)); !ok {
			t.FailNow()
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
	waitCalls(t, f, 1) // worker holds msg 0 until the test ends; the buffer is empty again
	// The worker stays stuck, so a blocking Enqueue on the full buffer would
	// never return: returning at all is the proof.
	returned := make(chan []bool, 1)
	go func() { returned <- []bool{q.Enqueue(msg(1)), q.Enqueue(msg(2)), q.Enqueue(msg(3))} }()
	results, ok := await(t, returned, "Enqueue returning while the worker is stuck in a send")
	if !ok {
		t.FailNow()
	}
	if n := len(f.calls); n != 0 {
		t.Errorf("the stuck worker started %d more sends", n)
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
	f.block = true // each send ends only when its context does
	q := NewQueue(f, nil, 4, WithSendTimeout(50*time.Millisecond))
	startQueue(t, q) // Run stays uncancelled: only the send timeout can end a send
	q.Enqueue(msg(0))
	q.Enqueue(msg(1))
	for i := range 2 {
		err, ok := await(t, f.ends, fmt.Sprintf("send %d ending", i))
		if !ok {
			t.FailNow()
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("send %d ended with %v, want DeadlineExceeded (the send timeout)", i, err)
		}
	}
	want := []string{"start u0@example.com", "end u0@example.com", "start u1@example.com"}
	if got := f.sendTrace(); len(got) < len(want) || fmt.Sprint(got[:3]) != fmt.Sprint(want) {
		t.Errorf("sends = %q, want one after the other %q", got, want)
	}
}

func TestQueue_cancelDrainsThenRefuses(t *testing.T) {
	t.Parallel()
	f := newFakeMailer()
	f.gate = make(chan struct{})
	q := NewQueue(f, nil, 10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := runQueue(ctx, q)
	for i := range 4 {
		q.Enqueue(msg(i))
	}
	waitCalls(t, f, 1) // worker is inside send 0, 1..3 are queued
	cancel()           // the cancellation lands while send 0 is in flight
	close(f.gate)      // then the sends proceed
	if _, ok := await(t, done, "Run returning after cancel"); !ok {
		t.FailNow()
	}

	if got := len(f.delivered()); got != 4 {
		t.Errorf("delivered %d after cancel, want all 4 queued messages", got)
	}
	if q.Enqueue(msg(99)) {
		t.Error("Enqueue after Run returned = true")
	}
}

// The send timeout is an hour, so only the drain timeout can end the send in
// flight: it ends cancelled (not by its deadline) and Run returns.
func TestQueue_inFlightSendIsBoundedByDrainTimeout(t *testing.T) {
	t.Parallel()
	f := newFakeMailer()
	f.block = true
	q := NewQueue(f, nil, 4, WithSendTimeout(time.Hour), WithDrainTimeout(100*time.Millisecond))
	stop := startQueue(t, q)
	q.Enqueue(msg(0))
	waitCalls(t, f, 1)
	stop() // waits for Run to return
	if errs := f.ended(); len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Errorf("in-flight send ended with %v, want one context.Canceled", errs)
	}
}

// With every send stuck, the drain timeout ends the first send and drops
// the other four queued messages, logging how many, and Run returns.
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
	if _, ok := await(t, runQueue(ctx, q), "Run returning after the drain timeout"); !ok {
		t.FailNow()
	}
	if got := f.sendTrace(); fmt.Sprint(got) != fmt.Sprint([]string{"start u0@example.com", "end u0@example.com"}) {
		t.Errorf("sends = %q, want only the first, ended", got)
	}
	if errs := f.ended(); len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Errorf("the first send ended with %v, want one context.Canceled", errs)
	}
	if len(f.delivered()) != 0 {
		t.Errorf("delivered %d, want none", len(f.delivered()))
	}
	if out := logs.String(); !strings.Contains(out, "drain timed out") || !strings.Contains(out, "dropped=4") {
		t.Errorf("the four dropped messages are not logged:\n%s", out)
	}
	if q.Enqueue(msg(99)) {
		t.Error("Enqueue after Run returned = true")
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
