package skatetime

import (
	"fmt"
	"testing"
	"time"
)

// TestRangeUTCSpecExamples are the read-filter examples of docs/original.md, "Stored days".
func TestRangeUTCSpecExamples(t *testing.T) {
	t.Parallel()
	ny := mustZone(t, "America/New_York")
	for _, tc := range []struct {
		name                    string
		first, last, start, end string
	}{
		{"range_ending_after_fall_back_spans_both_offsets", "2026-11-01", "2026-11-24", "2026-11-01T04:00:00Z", "2026-11-25T05:00:00Z"},
		{"month_with_spring_forward_spans_both_offsets", "2026-03-01", "2026-03-31", "2026-03-01T05:00:00Z", "2026-04-01T04:00:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Range{First: mustDate(t, tc.first), Last: mustDate(t, tc.last)}
			iv := r.UTC(ny)
			if !iv.Start.Equal(utc(t, tc.start)) || !iv.End.Equal(utc(t, tc.end)) {
				t.Errorf("%v.UTC(New York) = %v, want [%s, %s)", r, iv, tc.start, tc.end)
			}
			if iv.Start.Location() != time.UTC || iv.End.Location() != time.UTC {
				t.Errorf("interval not in UTC: %v", iv)
			}
		})
	}
}

func TestRangeDaysAndContains(t *testing.T) {
	t.Parallel()
	r := Range{First: mustDate(t, "2028-02-27"), Last: mustDate(t, "2028-03-01")}
	if r.Days() != 4 {
		t.Errorf("Days = %d, want 4", r.Days())
	}
	for s, want := range map[string]bool{
		"2028-02-26": false, "2028-02-27": true, "2028-02-29": true, "2028-03-01": true, "2028-03-02": false,
	} {
		t.Run(fmt.Sprintf("contains_%s_is_%v", s, want), func(t *testing.T) {
			if got := r.Contains(mustDate(t, s)); got != want {
				t.Errorf("Contains(%s) = %v, want %v", s, got, want)
			}
		})
	}
	if empty := (Range{First: r.Last, Last: r.First}); empty.Days() != 0 || empty.Contains(r.First) {
		t.Errorf("inverted range: Days %d", empty.Days())
	}
	iv := Interval{Start: utc(t, "2026-01-01T00:00:00Z"), End: utc(t, "2026-01-02T00:00:00Z")}
	if !iv.Contains(iv.Start) || iv.Contains(iv.End) || !iv.Contains(iv.End.Add(-time.Nanosecond)) {
		t.Error("Interval must be half-open [Start, End)")
	}
}

// TestRangeUTCMatchesLocalDates: for random ranges and instants (mostly near DST changes), an
// instant is in the UTC interval exactly when its local date is in the date range.
func TestRangeUTCMatchesLocalDates(t *testing.T) {
	t.Parallel()
	for i, zone := range testZones {
		t.Run(zone, func(t *testing.T) {
			t.Parallel()
			loc := mustZone(t, zone)
			r := newRand(uint64(200 + i))
			for _, inst := range instantsNearTransitions(r, loc, 20_000) {
				// A range starting or ending within a couple of days of the instant.
				d := LocalDate(inst, loc)
				rg := Range{First: d.AddDays(r.IntN(5) - 2), Last: d.AddDays(r.IntN(5) - 2)}
				if got, want := rg.UTC(loc).Contains(inst), rg.Contains(d); got != want {
					t.Fatalf("%v (local %v) in %v: interval says %v, dates say %v",
						inst, inst.In(loc), rg, got, want)
				}
			}
		})
	}
}
