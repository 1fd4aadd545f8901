package accounts

import (
	"context"
	"runtime"

	"github.com/skatetrax/skatetrax-api/internal/auth/password"
)

// hasher runs password hashing with at most one hash per CPU at a time.
// Each argon2id hash takes 19 MiB and tens of milliseconds of one core; a
// burst of logins would otherwise thrash memory and starve every other
// request. Excess requests wait for a slot (or give up with their context).
type hasher struct {
	slots chan struct{}
}

func newHasher() hasher { return hasher{slots: make(chan struct{}, runtime.GOMAXPROCS(0))} }

func (h hasher) acquire(ctx context.Context) error {
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h hasher) release() { <-h.slots }

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
