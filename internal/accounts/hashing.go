package accounts

import (
	"context"
	"runtime"
	"runtime/debug"
	"sync/atomic"

	"github.com/skatetrax/skatetrax-api/internal/auth/password"
)

// hasher runs password hashing with at most one hash per CPU at a time.
// Each argon2id hash takes 19 MiB and tens of milliseconds of one core; a
// burst of logins would otherwise thrash memory and starve every other
// request. Excess requests wait for a slot (or give up with their context).
//
// Memory: each hash allocates its 19 MiB afresh, and with the default GC
// pacing a burst let the heap goal grow to twice "every hash in flight plus
// the rest" (RSS 45 -> 150 MB, kept after the burst because an idle process
// runs no GC). So a finished hash collects its memory at once (runtime.GC:
// the 19 MiB are pointer-free, the cycle is ~1 ms against a hash's ~100 ms),
// so the next hash reuses those pages instead of growing the heap, and the
// last hash of a burst returns the free memory to the OS
// (debug.FreeOSMemory). Measured by make bench (docs/performance.md).
type hasher struct {
	slots chan struct{}
	// busy counts hashes running or waiting for a slot.
	busy *atomic.Int64
}

func newHasher() hasher {
	return hasher{slots: make(chan struct{}, runtime.GOMAXPROCS(0)), busy: new(atomic.Int64)}
}

func (h hasher) acquire(ctx context.Context) error {
	h.busy.Add(1)
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		h.busy.Add(-1)
		return ctx.Err()
	}
}

func (h hasher) release() {
	<-h.slots
	if h.busy.Add(-1) == 0 {
		debug.FreeOSMemory() // the burst is over: give its memory back
		return
	}
	runtime.GC() // more hashes are coming: let them reuse this one's memory
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

func (h hasher) verifyDummy(ctx context.Context, pw string) {
	if h.acquire(ctx) != nil {
		return
	}
	defer h.release()
	password.VerifyDummy(pw)
}
