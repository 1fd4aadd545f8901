package accounts

import (
	"context"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/skatetrax/skatetrax-api/internal/auth/password"
)

// hasher runs password hashing with at most one hash per CPU at a time.
// Each argon2id hash takes 19 MiB and tens of milliseconds of one core; a
// burst of logins would otherwise thrash memory and starve every other
// request. Excess requests wait for a slot (or give up with their context).
//
// Memory: each hash allocates its 19 MiB afresh (x/crypto's argon2 takes no
// buffer). With the default GC pacing a burst let the heap goal grow to
// twice "every hash in flight plus the rest", and an idle process runs no GC
// to give any of it back: a login burst took RSS from 45 to 150 MB and kept
// it there. So a finished hash collects its memory before it gives up its
// slot (runtime.GC: the 19 MiB are pointer-free, so the cycle is a few ms),
// and the next hash reuses those pages instead of growing the heap; when the
// last hash of a burst finishes and nobody waits, the free pages go back to
// the OS (debug.FreeOSMemory). Returning them after every hash instead cost
// half the login rate (each hash faulted its 19 MiB in anew), and releasing
// the slot before collecting let a third buffer in (docs/performance.md).
// RSS then stays near the process's own size plus one block per slot.
type hasher struct {
	slots chan struct{}
	// waiting counts requests queued for a slot; onWait, when set, observes
	// how long each waited (metrics).
	waiting *atomic.Int64
	onWait  *atomic.Pointer[func(time.Duration)]
}

// newHasher allows n hashes at once (n < 1: one per CPU). Each takes 19 MiB
// while it runs, so n also bounds the memory a login burst can take.
func newHasher(n int) hasher {
	if n < 1 {
		n = runtime.GOMAXPROCS(0)
	}
	return hasher{slots: make(chan struct{}, n), waiting: &atomic.Int64{}, onWait: &atomic.Pointer[func(time.Duration)]{}}
}

func (h hasher) acquire(ctx context.Context) error {
	select {
	case h.slots <- struct{}{}:
		h.observe(0)
		return nil
	default:
	}
	start := time.Now()
	h.waiting.Add(1)
	defer h.waiting.Add(-1)
	select {
	case h.slots <- struct{}{}:
		h.observe(time.Since(start))
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h hasher) observe(d time.Duration) {
	if f := h.onWait.Load(); f != nil {
		(*f)(d)
	}
}

func (h hasher) release() {
	runtime.GC()
	<-h.slots
	if len(h.slots) == 0 && h.waiting.Load() == 0 {
		debug.FreeOSMemory()
	}
}

func (h hasher) hash(ctx context.Context, pw string) (string, error) {
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	return password.Hash(pw)
}

func (h hasher) verify(ctx context.Context, encoded, pw string) (ok, rehash bool, err error) {
	if err := h.acquire(ctx); err != nil {
		return false, false, err
	}
	defer h.release()
	return password.Verify(encoded, pw)
}

func (h hasher) verifyDummy(ctx context.Context, pw string) error {
	if err := h.acquire(ctx); err != nil {
		return err
	}
	defer h.release()
	password.VerifyDummy(pw)
	return nil
}
