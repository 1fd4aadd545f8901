package ratelimit_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/ratelimit"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// The limiter reads the clock of the database (now()). Inside one
// transaction now() stands still, so a limiter on a transaction sees a pinned
// clock: a window opened in it started exactly "now", and moving its start
// back (age) is the same as the clock moving forward. That makes the window
// edges exact, with no sleeping.

// pinned returns a limiter whose clock is pinned, and the transaction it runs in.
func pinned(t *testing.T) (*ratelimit.Limiter, pgx.Tx) {
	t.Helper()
	pool := testdb.New(t)
	ctx := context.Background()
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatalf("begin: %v", err)
	}
	t.Cleanup(func() { _ = tx.Rollback(ctx) }) // runs before the pool closes
	return ratelimit.New(db.New(tx)), tx
}

// age moves the start of bucket's window back by d: the clock has moved d on.
func age(t *testing.T, tx pgx.Tx, bucket string, d time.Duration) {
	t.Helper()
	n := testdb.Exec(t, tx, `UPDATE rate_limits SET window_start = window_start - make_interval(secs => $2) WHERE bucket = $1`,
		bucket, d.Seconds())
	if n != 1 {
		t.Fatalf("aged %d windows of %s, want 1", n, bucket)
	}
}

func hit(t *testing.T, l *ratelimit.Limiter, bucket string, r ratelimit.Rule) ratelimit.Decision {
	t.Helper()
	d, err := l.Hit(context.Background(), bucket, r)
	if err != nil {
		t.Fatalf("Hit(%s): %v", bucket, err)
	}
	return d
}

func check(t *testing.T, l *ratelimit.Limiter, bucket string, r ratelimit.Rule) ratelimit.Decision {
	t.Helper()
	d, err := l.Check(context.Background(), bucket, r)
	if err != nil {
		t.Fatalf("Check(%s): %v", bucket, err)
	}
	return d
}

var threePerMinute = ratelimit.Rule{Max: 3, Window: time.Minute}

func TestHitWindowEdges(t *testing.T) {
	t.Parallel()
	l, tx := pinned(t)
	const bucket = "login:ip:203.0.113.7"

	t.Run("hits_up_to_max_are_allowed", func(t *testing.T) {
		for i := 1; i <= threePerMinute.Max; i++ {
			if d := hit(t, l, bucket, threePerMinute); !d.Allowed || d.RetryAfter != 0 {
				t.Fatalf("hit %d = %+v, want allowed without Retry-After", i, d)
			}
		}
	})
	t.Run("hit_after_max_is_refused_for_the_whole_window", func(t *testing.T) {
		if d := hit(t, l, bucket, threePerMinute); d.Allowed || d.RetryAfter != time.Minute {
			t.Fatalf("hit 4 = %+v, want refused with Retry-After 60s", d)
		}
	})
	t.Run("retry_after_is_what_is_left_of_the_window", func(t *testing.T) {
		age(t, tx, bucket, 20*time.Second)
		if d := hit(t, l, bucket, threePerMinute); d.Allowed || d.RetryAfter != 40*time.Second {
			t.Fatalf("20s into the window = %+v, want refused with Retry-After 40s", d)
		}
	})
	t.Run("retry_after_rounds_a_fraction_up", func(t *testing.T) {
		age(t, tx, bucket, 29500*time.Millisecond) // 49.5 s into the window: 10.5 s left
		if d := hit(t, l, bucket, threePerMinute); d.Allowed || d.RetryAfter != 11*time.Second {
			t.Fatalf("10.5s before the end = %+v, want Retry-After 11s", d)
		}
	})
	t.Run("last_microsecond_of_the_window_still_counts", func(t *testing.T) {
		age(t, tx, bucket, 10500*time.Millisecond-time.Microsecond)
		if d := hit(t, l, bucket, threePerMinute); d.Allowed || d.RetryAfter != time.Second {
			t.Fatalf("1µs before the end = %+v, want refused with the minimum Retry-After of 1s", d)
		}
	})
	t.Run("next_window_starts_counting_again", func(t *testing.T) {
		age(t, tx, bucket, time.Microsecond) // exactly at the end of the window
		for i := 1; i <= threePerMinute.Max; i++ {
			if d := hit(t, l, bucket, threePerMinute); !d.Allowed {
				t.Fatalf("hit %d of the new window = %+v, want allowed", i, d)
			}
		}
		if d := hit(t, l, bucket, threePerMinute); d.Allowed || d.RetryAfter != time.Minute {
			t.Fatalf("hit 4 of the new window = %+v, want refused with Retry-After 60s", d)
		}
	})
}

func TestCheckDoesNotCount(t *testing.T) {
	t.Parallel()
	l, tx := pinned(t)
	const bucket = "login:account:jane"

	t.Run("unknown_bucket_is_allowed", func(t *testing.T) {
		if d := check(t, l, bucket, threePerMinute); !d.Allowed {
			t.Fatalf("Check = %+v", d)
		}
	})
	t.Run("checks_never_use_up_the_limit", func(t *testing.T) {
		for range 10 {
			check(t, l, bucket, threePerMinute)
		}
		for i := 1; i <= threePerMinute.Max; i++ {
			if d := hit(t, l, bucket, threePerMinute); !d.Allowed {
				t.Fatalf("hit %d after ten checks = %+v, want allowed", i, d)
			}
		}
	})
	t.Run("bucket_at_max_is_refused", func(t *testing.T) {
		// Check guards the next attempt: at Max hits it would be one too many.
		if d := check(t, l, bucket, threePerMinute); d.Allowed || d.RetryAfter != time.Minute {
			t.Fatalf("Check at %d hits = %+v, want refused with Retry-After 60s", threePerMinute.Max, d)
		}
	})
	t.Run("bucket_below_max_is_allowed", func(t *testing.T) {
		if d := check(t, l, bucket, ratelimit.Rule{Max: threePerMinute.Max + 1, Window: time.Minute}); !d.Allowed {
			t.Fatalf("Check below the maximum = %+v", d)
		}
	})
	t.Run("bucket_of_an_ended_window_is_allowed", func(t *testing.T) {
		age(t, tx, bucket, time.Minute)
		if d := check(t, l, bucket, threePerMinute); !d.Allowed {
			t.Fatalf("Check after the window = %+v", d)
		}
	})
}

func TestBucketsAreSeparate(t *testing.T) {
	t.Parallel()
	l, _ := pinned(t)
	for range threePerMinute.Max + 1 {
		hit(t, l, "register:ip:198.51.100.1", threePerMinute)
	}
	if d := hit(t, l, "register:ip:198.51.100.1", threePerMinute); d.Allowed {
		t.Fatalf("the full bucket = %+v, want refused", d)
	}
	for _, other := range []string{"register:ip:198.51.100.2", "login:ip:198.51.100.1", "register:ip:198.51.100.10"} {
		t.Run(other+"_is_not_affected", func(t *testing.T) {
			if d := check(t, l, other, threePerMinute); !d.Allowed {
				t.Fatalf("Check = %+v", d)
			}
			if d := hit(t, l, other, threePerMinute); !d.Allowed {
				t.Fatalf("Hit = %+v", d)
			}
		})
	}
}

// Two limiters (two server processes) on one database share every count:
// exactly Max of many concurrent attempts get through.
func TestConcurrentHitsAcrossProcessesAreExact(t *testing.T) {
	t.Parallel()
	pool := testdb.New(t)
	a, b := ratelimit.New(db.New(pool)), ratelimit.New(db.New(pool))
	rule := ratelimit.Rule{Max: 5, Window: time.Hour}
	const attempts = 40
	var mu sync.Mutex
	allowed := 0
	var wg sync.WaitGroup
	for i := range attempts {
		l := a
		if i%2 == 1 {
			l = b
		}
		wg.Go(func() {
			d, err := l.Hit(context.Background(), "reset-request:email:jane@example.com", rule)
			if err != nil {
				t.Errorf("Hit: %v", err)
				return
			}
			if d.Allowed {
				mu.Lock()
				allowed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if allowed != rule.Max {
		t.Fatalf("%d of %d concurrent attempts allowed, want exactly %d", allowed, attempts, rule.Max)
	}
	if hits := testdb.Int(t, pool, `SELECT hits FROM rate_limits WHERE bucket = 'reset-request:email:jane@example.com'`); hits != attempts {
		t.Errorf("%d hits counted, want every one of the %d attempts", hits, attempts)
	}
}

func TestSweepDeletesOnlyOldWindows(t *testing.T) {
	t.Parallel()
	l, tx := pinned(t)
	hit(t, l, "old", threePerMinute)
	hit(t, l, "recent", threePerMinute)
	age(t, tx, "old", 2*time.Hour)
	age(t, tx, "recent", time.Hour-time.Second)
	n, err := l.Sweep(context.Background(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("swept %d windows, want 1", n)
	}
	left := testdb.Column[string](t, tx, `SELECT bucket FROM rate_limits ORDER BY bucket`)
	if len(left) != 1 || left[0] != "recent" {
		t.Errorf("left %v, want [recent]", left)
	}
}
