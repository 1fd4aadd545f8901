package skatetime

import (
	"slices"
	"testing"
	"time"
)

func labels(bs []MonthBucket) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.Label
	}
	return out
}

// TestMonthBucketsSpecExamples are the original's example graphs with local today 2026-11-24.
func TestMonthBucketsSpecExamples(t *testing.T) {
	t.Parallel()
	ny := mustZone(t, "America/New_York")
	today := mustDate(t, "2026-11-24")

	got := MonthBuckets(today, 3, 2, ny)
	if want := []string{"Jul '26", "Aug '26"}; !slices.Equal(labels(got), want) {
		t.Fatalf("months_back=3 window=2: %v, want %v", labels(got), want)
	}
	if got[1].Days.First.String() != "2026-08-01" || got[1].Days.Last.String() != "2026-08-31" {
		t.Errorf("Aug bucket days = %v", got[1].Days)
	}
	if !got[1].Span.Start.Equal(utc(t, "2026-08-01T04:00:00Z")) || !got[1].Span.End.Equal(utc(t, "2026-09-01T04:00:00Z")) {
		t.Errorf("Aug bucket span = %v", got[1].Span)
	}

	def := MonthBuckets(today, 0, DefaultWindow, ny)
	want := []string{"Dec '25", "Jan '26", "Feb '26", "Mar '26", "Apr '26", "May '26", "Jun '26",
		"Jul '26", "Aug '26", "Sep '26", "Oct '26", "Nov '26"}
	if !slices.Equal(labels(def), want) {
		t.Fatalf("default window: %v, want %v", labels(def), want)
	}
	// The current month is the full month, not cut at today.
	if last := def[len(def)-1].Days; last.Last.String() != "2026-11-30" {
		t.Errorf("current month bucket = %v, want through 2026-11-30", last)
	}
	// March: the 1st is EST, the 1st of April EDT.
	if mar := def[3].Span; !mar.Start.Equal(utc(t, "2026-03-01T05:00:00Z")) || !mar.End.Equal(utc(t, "2026-04-01T04:00:00Z")) {
		t.Errorf("Mar '26 span = %v", mar)
	}
}

func TestMonthBucketsClampsParameters(t *testing.T) {
	t.Parallel()
	today := mustDate(t, "2026-11-24")
	for _, tc := range []struct {
		name                  string
		back, window, wantLen int
		first, last           string
	}{
		{"zero_window_is_one_month", 0, 0, 1, "Nov '26", "Nov '26"},
		{"negative_window_is_one_month", 0, -5, 1, "Nov '26", "Nov '26"},
		{"huge_window_is_capped", 0, 1000, MaxWindow, "Dec '23", "Nov '26"},
		{"negative_months_back_is_none", -3, 1, 1, "Nov '26", "Nov '26"},
		{"huge_months_back_is_capped", 1000, 1, 1, "Nov '16", "Nov '16"},
		{"window_at_the_back_limit_ends_there", 120, 36, 36, "Dec '13", "Nov '16"},
		{"eleven_back_is_last_december", 11, 1, 1, "Dec '25", "Dec '25"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := MonthBuckets(today, tc.back, tc.window, time.UTC)
			if len(got) != tc.wantLen || got[0].Label != tc.first || got[len(got)-1].Label != tc.last {
				t.Errorf("MonthBuckets(back %d, window %d) = %v", tc.back, tc.window, labels(got))
			}
		})
	}
}

func TestMonthLabel(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]string{
		"1999-12-31": "Dec '99", "2000-01-01": "Jan '00", "2009-05-10": "May '09", "2026-09-01": "Sep '26",
	} {
		t.Run(s+"_is_labelled_"+want, func(t *testing.T) {
			if got := MonthLabel(mustDate(t, s)); got != want {
				t.Errorf("MonthLabel(%s) = %q, want %q", s, got, want)
			}
		})
	}
}

// TestMonthBucketsPartitionTime: buckets are whole consecutive months whose spans meet exactly, and
// every instant in the covered span falls in exactly one bucket, the one holding its local date.
func TestMonthBucketsPartitionTime(t *testing.T) {
	t.Parallel()
	r := newRand(4)
	for _, zone := range testZones {
		loc := mustZone(t, zone)
		for range 150 {
			today := NewDate(1971+r.IntN(128), time.Month(1+r.IntN(12)), 1+r.IntN(31))
			bs := MonthBuckets(today, r.IntN(MaxMonthsBack+1), MinWindow+r.IntN(MaxWindow), loc)
			for i, b := range bs {
				if b.Days.First.Day != 1 || b.Days.Last != b.Days.First.LastOfMonth() || b.Span != b.Days.UTC(loc) {
					t.Fatalf("%s bucket %s: days %v span %v", zone, b.Label, b.Days, b.Span)
				}
				if i > 0 && (!bs[i-1].Span.End.Equal(b.Span.Start) || bs[i-1].Days.Last.AddDays(1) != b.Days.First) {
					t.Fatalf("%s: bucket %s does not follow %s", zone, b.Label, bs[i-1].Label)
				}
			}
			if bs[len(bs)-1].Days.Last.monthIndex() > today.monthIndex() {
				t.Fatalf("%s: buckets run past today's month %v", zone, today)
			}
			lo, hi := bs[0].Span.Start, bs[len(bs)-1].Span.End
			for range 50 {
				inst := lo.Add(time.Duration(r.Int64N(int64(hi.Sub(lo)))))
				n, d := 0, LocalDate(inst, loc)
				for _, b := range bs {
					if b.Span.Contains(inst) {
						n++
						if !b.Days.Contains(d) {
							t.Fatalf("%s: %v (local %v) counted in %s", zone, inst, d, b.Label)
						}
					}
				}
				if n != 1 {
					t.Fatalf("%s: %v is in %d buckets", zone, inst, n)
				}
			}
		}
	}
}
