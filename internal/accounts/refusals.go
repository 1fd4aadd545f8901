package accounts

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/reqinfo"
)

// refusals aggregates rate-limited refusals in the audit trail: one row per
// bucket and window, with a count. The first refusal of a bucket in a window
// writes its row at once (so the trail shows an attack as it starts); later
// ones are only counted in memory and added by Flush, so a flood of refused
// requests costs one write per bucket per flush interval, not one row each.
type refusals struct {
	mu      sync.Mutex
	pending map[string]*refusal  // counted, not yet written
	written map[string]time.Time // rows created by this process -> window end
}

type refusal struct {
	bucket, kind, login, ip, userAgent string
	windowStart                        time.Time
	count                              int64
}

func newRefusals() *refusals {
	return &refusals{pending: map[string]*refusal{}, written: map[string]time.Time{}}
}

// refused records a request refused by the limit on bucket. The row's
// detail names the bucket's family ("login:ip", not the address: that is in
// the row's ip column).
func (s *Service) refused(ctx context.Context, bucket, login string) {
	kind := bucket
	if parts := strings.SplitN(bucket, ":", 3); len(parts) == 3 {
		kind = parts[0] + ":" + parts[1]
	}
	if s.onRefused != nil {
		s.onRefused(kind, 1)
	}
	window := s.limits.Window
	if window <= 0 {
		window = time.Minute
	}
	now := time.Now()
	start := now.Truncate(window)
	key := bucket + "@" + strconv.FormatInt(start.Unix(), 10)
	info := reqinfo.From(ctx)
	r := &refusal{bucket: bucket, kind: kind, login: truncate(login, 200), ip: info.IP, userAgent: truncate(info.UserAgent, 500), windowStart: start, count: 1}

	s.refusals.mu.Lock()
	if _, ok := s.refusals.written[key]; ok {
		if p := s.refusals.pending[key]; p != nil {
			p.count++
		} else {
			s.refusals.pending[key] = r
		}
		s.refusals.mu.Unlock()
		return
	}
	s.refusals.written[key] = start.Add(window)
	s.refusals.mu.Unlock()
	s.writeRefusals(ctx, key, r)
}

// FlushRefusals writes the refusals counted since the last flush and forgets
// the windows that have ended. The app calls it periodically and at stop.
func (s *Service) FlushRefusals(ctx context.Context) {
	s.refusals.mu.Lock()
	pending := s.refusals.pending
	s.refusals.pending = map[string]*refusal{}
	now := time.Now()
	for key, end := range s.refusals.written {
		if _, counting := pending[key]; !counting && now.After(end) {
			delete(s.refusals.written, key)
		}
	}
	s.refusals.mu.Unlock()
	for key, r := range pending {
		s.writeRefusals(ctx, key, r)
	}
}

func (s *Service) writeRefusals(ctx context.Context, key string, r *refusal) {
	err := s.q.AddAuditAggregate(ctx, db.AddAuditAggregateParams{
		Event: EventRateLimited, Login: r.login, Ip: r.ip, UserAgent: r.userAgent,
		Bucket: r.kind, Count: r.count, WindowStart: r.windowStart, AggregateKey: &key,
	})
	if err != nil {
		s.logger.ErrorContext(ctx, "write audit refusals", "bucket", r.kind, "count", r.count, "err", err)
	}
}

// RunRefusalFlusher flushes refusals every interval until ctx ends, then
// once more.
func (s *Service) RunRefusalFlusher(interval time.Duration) func(context.Context) {
	return func(ctx context.Context) {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
				s.FlushRefusals(fctx)
				cancel()
				return
			case <-t.C:
				s.FlushRefusals(ctx)
			}
		}
	}
}

// PruneAudit deletes audit events older than retention, in batches, and
// returns how many it deleted.
func (s *Service) PruneAudit(ctx context.Context, retention time.Duration) (int64, error) {
	var total int64
	for {
		n, err := s.q.PruneAudit(ctx, db.PruneAuditParams{OlderThanSeconds: retention.Seconds(), MaxRows: 5000})
		total += n
		if err != nil {
			return total, wrap("prune audit", err)
		}
		if n < 5000 {
			return total, nil
		}
	}
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
