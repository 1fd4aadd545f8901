package skatetime

import (
	"math/rand/v2"
	"testing"
	"time"
)

// testZones are the zones the property tests sweep: both hemispheres, a 30-minute DST (Lord_Howe),
// a half-hour offset without DST (Kolkata), midnight DST jumps (Santiago) and UTC.
var testZones = []string{
	"America/New_York", "America/Los_Angeles", "Europe/London", "Australia/Lord_Howe",
	"Pacific/Auckland", "Asia/Kolkata", "America/Santiago", "UTC",
}

// mustZone loads a zone or stops the test.
func mustZone(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := LoadZone(name)
	if err != nil {
		tb.Fatalf("LoadZone(%q): %v", name, err)
	}
	return loc
}

// mustDate parses YYYY-MM-DD or stops the test.
func mustDate(tb testing.TB, s string) Date {
	tb.Helper()
	d, err := ParseDate(s)
	if err != nil {
		tb.Fatalf("ParseDate(%q): %v", s, err)
	}
	return d
}

// utc parses an RFC 3339 instant or stops the test.
func utc(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		tb.Fatalf("time.Parse(%q): %v", s, err)
	}
	return t.UTC()
}

// newRand returns a deterministic generator so failures reproduce.
func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// transitions lists every UTC-offset change of loc between from and to, found with ZoneBounds.
func transitions(loc *time.Location, from, to time.Time) []time.Time {
	var out []time.Time
	t := from.In(loc)
	for t.Before(to) {
		_, end := t.ZoneBounds()
		if end.IsZero() {
			break
		}
		if !end.After(t) { // golang/go#81583: a bogus end in leap years; step past it
			t = t.Add(time.Hour)
			continue
		}
		out = append(out, end)
		t = end.In(loc)
	}
	return out
}

// instantsNearTransitions returns random instants, half within three hours of an offset change of
// loc in 1970..2100 and half uniform over the span, so DST edges are hit often.
func instantsNearTransitions(r *rand.Rand, loc *time.Location, n int) []time.Time {
	lo := time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC)
	hi := time.Date(2100, 12, 30, 0, 0, 0, 0, time.UTC)
	tr := transitions(loc, lo, hi)
	out := make([]time.Time, 0, n)
	for i := range n {
		if i%2 == 0 && len(tr) > 0 {
			c := tr[r.IntN(len(tr))]
			out = append(out, c.Add(time.Duration(r.Int64N(int64(6*time.Hour)))-3*time.Hour))
			continue
		}
		out = append(out, lo.Add(time.Duration(r.Int64N(int64(hi.Sub(lo))))))
	}
	// The exact transition instants and their neighbours matter most.
	for _, c := range tr[:min(len(tr), 200)] {
		out = append(out, c, c.Add(-time.Nanosecond), c.Add(time.Second))
	}
	return out
}
