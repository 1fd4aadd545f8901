package handlers_test

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

// percentiles reports the median and 99th-percentile latency in ms.
func percentiles(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(int(p*float64(len(lat))), len(lat)-1)]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

// BenchmarkListTracks times GET /api/v4/music/tracks for a library of 10
// and of 1,000 tracks (other skaters hold 20,000 more).
func BenchmarkListTracks(b *testing.B) {
	for _, n := range []int{10, 1000} {
		s := localMusic(b)
		c, acc := s.Skater("bench", "UTC")
		s.Skater("other", "UTC")
		seed := `INSERT INTO m_tracks (id, "uSkaterUUID", title, artist, duration_seconds, storage_key, clearance_status, created_at)
			SELECT gen_random_uuid(), $1::uuid, 'Track ' || g, 'Artist', 60 + g % 200,
			       'music/' || $1 || '/' || gen_random_uuid() || '.mp3', 'not_required', now() - g * interval '1 minute'
			FROM generate_series(1, $2::int) AS g`
		mustExec(b, s.Server, seed, acc.Skater, n)
		var otherSkater string
		testdb.QueryRow(b, s.Pool, `SELECT "uSkaterUUID"::text FROM "uAuthTable" WHERE "aLogin" = 'other'`).Scan(&otherSkater)
		mustExec(b, s.Server, seed, otherSkater, 20000)
		mustExec(b, s.Server, `ANALYZE`)
		c.Get(tracksPath).Expect(200) // once through the contract check
		cookie := c.Cookie("session")
		b.Run(fmt.Sprintf("tracks=%d", n), func(b *testing.B) {
			rawGet(b, s.URL+tracksPath, cookie)
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for b.Loop() {
				start := time.Now()
				rawGet(b, s.URL+tracksPath, cookie)
				lat = append(lat, time.Since(start))
			}
			b.StopTimer()
			percentiles(b, lat)
		})
	}
}

// BenchmarkRangedRead times 256 KiB range requests at random offsets of a
// 16 MiB track (what a player does while seeking), on the local folder and
// on the S3 server (skipped without its binary).
func BenchmarkRangedRead(b *testing.B) {
	const size, chunk = 16 << 20, 256 << 10
	for _, name := range []string{"local", "s3"} {
		var be backend
		forEachBackendNamed(b, name, func(got backend) { be = got })
		s := newMusicServer(b, be)
		c, _ := s.Skater("bench", "UTC")
		tr := uploadTrack(b, c, s.Server, "Long", wav(size))
		getAudio(b, c, s.Server, *tr.Src, "Range", "bytes=0-99").Expect(206) // through the contract check
		cookie := c.Cookie("session")
		url := s.URL + *tr.Src
		rng := rand.New(rand.NewPCG(1, 2))
		b.Run(name, func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			b.SetBytes(chunk)
			b.ResetTimer()
			for b.Loop() {
				first := rng.IntN(size - chunk)
				start := time.Now()
				rangedGet(b, url, cookie, first, first+chunk-1)
				lat = append(lat, time.Since(start))
			}
			b.StopTimer()
			percentiles(b, lat)
		})
	}
}

func rangedGet(b *testing.B, url, cookie string, first, last int) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Cookie", "session="+cookie)
	req.Header.Set("Range", fmt.Sprintf("bytes=%d-%d", first, last))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	n, _ := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusPartialContent || n != int64(last-first+1) {
		b.Fatalf("range %d-%d: %d, %d bytes", first, last, resp.StatusCode, n)
	}
}
