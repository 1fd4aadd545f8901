package handlers_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

// seedCardHistory gives the skater n sessions spread over about four years,
// a few competitions and a shared playlist, in a handful of statements, and
// refreshes the planner's statistics as a live database would have them.
func seedCardHistory(tb testing.TB, s *apitest.Server, skater string, n int) {
	tb.Helper()
	sk := uuid.MustParse(skater)
	coach := newCoach(tb, s, "Bench", "Coach")
	rink := newRink(tb, s, "Bench Rink", "Raleigh", "NC")
	mustExec(tb, s, `
		INSERT INTO ice_time (date, ice_time, coach_time, skate_type, coach_id, rink_id, "uSkaterUUID")
		SELECT date_trunc('day', now() AT TIME ZONE 'UTC') - (g % 1500) * interval '1 day' + interval '5 hours',
		       30 + g % 91,
		       CASE WHEN g % 3 = 0 THEN 30 ELSE 0 END,
		       CASE WHEN g % 5 = 0 THEN $2::uuid ELSE $3::uuid END,
		       CASE WHEN g % 3 = 0 THEN $4::uuid END,
		       CASE WHEN g % 7 = 0 THEN $5::uuid ELSE $6::uuid END,
		       $1
		FROM generate_series(1, $7::int) AS g`,
		sk, groupClass, freestyle, coach, offIce, rink, n)
	for i := range 20 {
		newEvent(tb, s, skater, fmt.Sprintf("Bench Open %d", i), time.Date(2022+i/5, time.Month(1+i%12), 10, 0, 0, 0, 0, time.UTC), &rink,
			entry{typ: competition6, placement: ptr(int32(1 + i%5))}, entry{typ: showcase})
	}
	newPlaylist(tb, s, skater, "Programs", time.Now(), true, 3)
	mustExec(tb, s, `ANALYZE`)
}

// rawGet fetches path with the client's session cookie but without the
// contract check, so the timing is the server's alone.
func rawGet(tb testing.TB, url, cookie string) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if cookie != "" {
		req.Header.Set("Cookie", "session="+cookie)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s: %d", url, resp.StatusCode)
	}
}

// BenchmarkSkaterCard times GET /api/v4/members/skater_card (the owner) and
// the public card for a skater with 100 and with 100,000 sessions, and
// reports the median and 99th-percentile latency per request.
func BenchmarkSkaterCard(b *testing.B) {
	for _, n := range []int{100, 100_000} {
		s := apitest.New(b)
		c, acc := s.Skater("bench", "America/New_York")
		seedCardHistory(b, s, acc.Skater, n)
		tok := share(b, c)
		c.Get(cardPath).Expect(200) // once through the contract check
		cookie := c.Cookie("session")
		for _, route := range []struct{ name, url, cookie string }{
			{"owner", s.URL + cardPath, cookie},
			{"public", s.URL + sharedPath + tok, ""},
		} {
			b.Run(fmt.Sprintf("sessions=%d/%s", n, route.name), func(b *testing.B) {
				rawGet(b, route.url, route.cookie) // warm the pool and the plan cache
				lat := make([]time.Duration, 0, b.N)
				b.ResetTimer()
				for b.Loop() {
					start := time.Now()
					rawGet(b, route.url, route.cookie)
					lat = append(lat, time.Since(start))
				}
				b.StopTimer()
				slices.Sort(lat)
				pct := func(p float64) float64 {
					return float64(lat[min(int(p*float64(len(lat))), len(lat)-1)]) / float64(time.Millisecond)
				}
				b.ReportMetric(pct(0.50), "p50-ms")
				b.ReportMetric(pct(0.99), "p99-ms")
			})
		}
	}
}

// queryCounter counts the statements a pool sends.
type queryCounter struct{ n atomic.Int64 }

func (q *queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	q.n.Add(1)
	return ctx
}

func (q *queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// TestSkaterCardQueryCountIsBounded checks that the card costs the same
// number of statements with 10 sessions as with 5,000.
func TestSkaterCardQueryCountIsBounded(t *testing.T) {
	t.Parallel()
	base := testdb.New(t)
	cfg := base.Config().Copy()
	counter := &queryCounter{}
	cfg.ConnConfig.Tracer = counter
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	s := apitest.New(t, apitest.Options{Pool: pool})

	count := func(c *apitest.Client, path string) int64 {
		before := counter.n.Load()
		c.Get(path).Expect(200)
		return counter.n.Load() - before
	}
	small, smallAcc := s.Skater("small", "UTC")
	big, bigAcc := s.Skater("big", "UTC")
	seedCardHistory(t, s, smallAcc.Skater, 10)
	seedCardHistory(t, s, bigAcc.Skater, 5_000)
	smallTok, bigTok := share(t, small), share(t, big)
	anon := s.Client()

	ownerSmall, ownerBig := count(small, cardPath), count(big, cardPath)
	pubSmall, pubBig := count(anon, sharedPath+smallTok), count(anon, sharedPath+bigTok)
	t.Logf("statements per request: owner %d / %d, public %d / %d", ownerSmall, ownerBig, pubSmall, pubBig)
	if ownerSmall != ownerBig || pubSmall != pubBig {
		t.Fatalf("statements grow with the history: owner %d -> %d, public %d -> %d", ownerSmall, ownerBig, pubSmall, pubBig)
	}
	// Session lookup and touch, then the card's six queries (plus the token
	// lookup and the rate-limit check for the public card).
	if ownerBig > 10 || pubBig > 10 {
		t.Fatalf("too many statements: owner %d, public %d", ownerBig, pubBig)
	}
}
