package handlers_test

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// Load benchmarks of the member aggregates at 100 and at 100,000 sessions of one skater.
//
//	go test ./internal/handlers -run '^$' -bench 'Dashboard|IceTime|SkaterOverview' -benchtime 200x
//	SKATETRAX_BENCH=1 go test ./internal/handlers -run TestMembersLatencyRatio -v
//
// Each benchmark reports p50 and p99 in milliseconds of real HTTP round trips against a real
// server and database; TestMembersLatencyRatio measures both sizes and fails when a p50 or p99 at
// 100,000 sessions is 2 (p50) or 3 (p99) or more times the one at 100, for both distributions.
//
// Two distributions of the same number of sessions, going back from today:
//   - sparse: 2 sessions a day (100,000 sessions reach back 137 years), and
//   - dense: 27 a day (the last 12 months full, 9,855 sessions in them; 100,000 reach back 10 years).
//
// so the two sizes differ in the depth of the history, and in the dense case also in how full
// the 12-month and 90-day windows are: what must not grow is the cost of a long log.
// The active blade was last sharpened 30 days ago.

// benchEndpoints are the routes the performance section names, plus the other two reads.
var benchEndpoints = []struct{ name, path string }{
	{"dashboard", pathDash},
	{"skater_card", cardPath},
	// One page of the same size at both sizes (100 sessions fill only 100 rows of the default
	// 250): the page is the client's choice, the cost of a long log is what is measured.
	{"ice_time", pathIceTime + "?limit=100"},
	{"skater_overview", pathOverview},
	{"equipment", pathEquip},
	{"maintenance", pathMaint},
}

// benchSkater is a server with one skater holding n sessions, and that skater's session cookie.
type benchSkater struct {
	url, cookie string
	client      *http.Client
}

// Distributions of a bench history: sessions per day, going back from today.
const (
	sparse = 2
	dense  = 27
)

func seedBench(tb testing.TB, n int, perDay ...int) benchSkater {
	tb.Helper()
	s := apitest.New(tb)
	const tz = "America/New_York"
	k := newKit(tb, s, "bench", tz)
	today := localToday(tb, tz)
	per := sparse
	if len(perDay) > 0 {
		per = perDay[0]
	}
	k.exec(`INSERT INTO ice_time (date, ice_time, ice_cost, skate_type, coach_time, coach_id, coach_cost,
			rink_id, "uSkaterUUID", "uSkaterConfig", has_video, has_notes, "uSkaterType")
		SELECT (($2::date - g / $12::int)::timestamp AT TIME ZONE $3) AT TIME ZONE 'UTC', 30 + g % 90, (g % 2000) / 100.0,
		       (ARRAY[$4, $5, $6, $7]::uuid[])[1 + g % 4], CASE WHEN g % 3 = 0 THEN 20 ELSE 0 END, $8::uuid,
		       CASE WHEN g % 3 = 0 THEN 15 ELSE 0 END, $9::uuid, $1::uuid, $10::uuid, 0, 0, 1
		FROM generate_series(0, $11 - 1) AS g`,
		k.acc.Skater, day(today), tz, typeWalkOn, typeGroup, typeClubIce, typeOffIce, coachNone, rinkCary, k.config, n, per)
	k.exec(`UPDATE "uSkaterConfig" SET "uSkaterMaintPref" = 21 WHERE "uSkaterUUID" = $1`, k.acc.Skater)
	k.c.Post(pathMaint, map[string]any{"m_date": day(today.AddDate(0, 0, -30)), "m_hours_on": 20}).Expect(201)
	k.exec(`VACUUM ANALYZE ice_time`)
	k.exec(`ANALYZE`)
	return benchSkater{url: s.URL, cookie: k.c.Cookie("session"), client: &http.Client{Timeout: time.Minute}}
}

// get sends one request and returns its round-trip time.
func (b benchSkater) get(tb testing.TB, path string) time.Duration {
	req, _ := http.NewRequest(http.MethodGet, b.url+path, nil)
	req.AddCookie(&http.Cookie{Name: "session", Value: b.cookie})
	start := time.Now()
	res, err := b.client.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	d := time.Since(start)
	if err != nil || res.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s: %d %v", path, res.StatusCode, err)
	}
	return d
}

// percentile returns the p-th percentile (0 < p <= 100) by the nearest-rank method.
func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(float64(len(s))*p/100+0.999999) - 1
	return s[min(max(i, 0), len(s)-1)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func benchEndpoint(b *testing.B, path string, sessions int) {
	sk := seedBench(b, sessions)
	for range 20 { // warm caches and the pool
		sk.get(b, path)
	}
	durations := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		durations = append(durations, sk.get(b, path))
	}
	b.StopTimer()
	b.ReportMetric(ms(percentile(durations, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(durations, 99)), "p99-ms")
}

func BenchmarkDashboard100(b *testing.B)       { benchEndpoint(b, pathDash, 100) }
func BenchmarkDashboard100k(b *testing.B)      { benchEndpoint(b, pathDash, 100_000) }
func BenchmarkIceTime100(b *testing.B)         { benchEndpoint(b, pathIceTime, 100) }
func BenchmarkIceTime100k(b *testing.B)        { benchEndpoint(b, pathIceTime, 100_000) }
func BenchmarkSkaterOverview100(b *testing.B)  { benchEndpoint(b, pathOverview, 100) }
func BenchmarkSkaterOverview100k(b *testing.B) { benchEndpoint(b, pathOverview, 100_000) }
func BenchmarkEquipment100(b *testing.B)       { benchEndpoint(b, pathEquip, 100) }
func BenchmarkEquipment100k(b *testing.B)      { benchEndpoint(b, pathEquip, 100_000) }
func BenchmarkMaintenance100(b *testing.B)     { benchEndpoint(b, pathMaint, 100) }
func BenchmarkMaintenance100k(b *testing.B)    { benchEndpoint(b, pathMaint, 100_000) }

// Latency is one endpoint's p50 and p99 at both sizes of one distribution.
type Latency struct {
	Endpoint           string
	PerDay             int              // sessions per day of the history
	Small, Large       [2]time.Duration // p50, p99
	RatioP50, RatioP99 float64
}

// LatencyRatios seeds 100 and 100,000 sessions for each distribution, sends rounds requests per
// endpoint to each (interleaving the sizes, so that machine noise hits both alike) and returns
// the ratios.
func LatencyRatios(tb testing.TB, rounds int) []Latency {
	var out []Latency
	for _, per := range []int{sparse, dense} {
		small, large := seedBench(tb, 100, per), seedBench(tb, 100_000, per)
		for _, e := range benchEndpoints {
			for range 20 {
				small.get(tb, e.path)
				large.get(tb, e.path)
			}
			var ds, dl []time.Duration
			for range rounds {
				ds = append(ds, small.get(tb, e.path))
				dl = append(dl, large.get(tb, e.path))
			}
			l := Latency{Endpoint: e.name, PerDay: per,
				Small: [2]time.Duration{percentile(ds, 50), percentile(ds, 99)},
				Large: [2]time.Duration{percentile(dl, 50), percentile(dl, 99)}}
			l.RatioP50 = float64(l.Large[0]) / float64(l.Small[0])
			l.RatioP99 = float64(l.Large[1]) / float64(l.Small[1])
			out = append(out, l)
		}
	}
	return out
}

// TestMembersLatencyRatio is the performance gate (run by make bench; skipped otherwise,
// because timing under -race and parallel tests says nothing).
func TestMembersLatencyRatio(t *testing.T) {
	if os.Getenv("SKATETRAX_BENCH") == "" {
		t.Skip("set SKATETRAX_BENCH=1 to measure")
	}
	for _, l := range LatencyRatios(t, 300) {
		dist := "sparse"
		if l.PerDay == dense {
			dist = "dense"
		}
		line := fmt.Sprintf("%-16s %-6s (%2d/day)  p50 %6.2f ms -> %6.2f ms (100k/100 x%.2f)   p99 %6.2f ms -> %6.2f ms (x%.2f)",
			l.Endpoint, dist, l.PerDay, ms(l.Small[0]), ms(l.Large[0]), l.RatioP50, ms(l.Small[1]), ms(l.Large[1]), l.RatioP99)
		t.Log(line)
		if l.RatioP50 > 2 || l.RatioP99 >= 3 {
			t.Errorf("%s: 100,000 sessions cost more than 2x (p50) or 3x (p99) of 100: %s", l.Endpoint, line)
		}
	}
}
