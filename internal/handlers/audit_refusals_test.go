package handlers_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skatetrax/skatetrax-api/internal/accounts"
	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

func TestRefusalsAreAggregatedInTheAuditTrail(t *testing.T) {
	t.Parallel()
	env := map[string]string{"RATE_LIMIT_LOGIN_IP": "3"}
	one := apitest.New(t, apitest.Options{Env: env})
	two := apitest.New(t, apitest.Options{Env: env, Pool: one.Pool})

	// A flood from one client, over two replicas: 3 logins pass the
	// per-client limit, the rest are refused.
	var wg sync.WaitGroup
	var mu sync.Mutex
	refused := 0
	for i := range 60 {
		c := []*apitest.Server{one, two}[i%2].Client()
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := c.Post("/api/v4/auth/login", map[string]any{"aLogin": "nobody", "aPasswordHash": "a wrong password"})
			if res.Status == http.StatusTooManyRequests {
				mu.Lock()
				refused++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if refused != 57 {
		t.Fatalf("%d refused, want 57", refused)
	}
	ctx := context.Background()
	one.App.Accounts.FlushRefusals(ctx)
	two.App.Accounts.FlushRefusals(ctx)

	var rows int
	var count int64
	var bucket string
	err := one.Pool.QueryRow(ctx, `SELECT count(*), COALESCE(sum((detail->>'count')::bigint), 0), COALESCE(min(detail->>'bucket'), '')
		FROM auth_audit WHERE event = 'rate_limited'`).Scan(&rows, &count, &bucket)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("one_row_per_bucket_and_window", func(t *testing.T) {
		if rows != 1 || bucket != "login:ip" {
			t.Errorf("%d rate_limited rows (bucket %q), want 1 for login:ip", rows, bucket)
		}
	})
	t.Run("the_row_counts_every_refusal", func(t *testing.T) {
		if count != int64(refused) {
			t.Errorf("count %d, want %d", count, refused)
		}
	})
	t.Run("the_audit_listing_shows_the_aggregate", func(t *testing.T) {
		ev := "rate_limited"
		list, err := one.App.Accounts.ListAudit(ctx, accounts.AuditFilter{Limit: 10, Event: &ev})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || !strings.Contains(string(list[0].Detail), `"count": 57`) {
			t.Errorf("listing: %d rows, first detail %s", len(list), list[0].Detail)
		}
	})
}

func TestAuditRetentionPrunesOldEvents(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	ctx := context.Background()
	_, err := s.Pool.Exec(ctx, `INSERT INTO auth_audit (occurred_at, event) VALUES
		(now() - interval '100 days', 'login_failure'), (now() - interval '91 days', 'login_success'),
		(now() - interval '89 days', 'login_success'), (now(), 'register')`)
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.App.Accounts.PruneAudit(ctx, 90*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	var left int
	if err := s.Pool.QueryRow(ctx, `SELECT count(*) FROM auth_audit WHERE occurred_at < now() - interval '90 days'`).Scan(&left); err != nil {
		t.Fatal(err)
	}
	var kept int
	if err := s.Pool.QueryRow(ctx, `SELECT count(*) FROM auth_audit WHERE event IN ('login_success', 'register') AND occurred_at > now() - interval '90 days'`).Scan(&kept); err != nil {
		t.Fatal(err)
	}
	t.Run("events_past_the_retention_are_deleted", func(t *testing.T) {
		if n != 2 || left != 0 {
			t.Errorf("deleted %d, %d old left", n, left)
		}
	})
	t.Run("recent_events_stay", func(t *testing.T) {
		if kept != 2 {
			t.Errorf("%d recent events kept, want 2", kept)
		}
	})
}
