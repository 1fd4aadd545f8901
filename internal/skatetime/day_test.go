package skatetime

import (
	"fmt"
	"testing"
	"time"
)

// TestStartOfDayUTCSpecExamples are the stored instants from docs/original.md, "Stored days".
func TestStartOfDayUTCSpecExamples(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ zone, date, want string }{
		{"America/New_York", "2026-11-24", "2026-11-24T05:00:00Z"},
		{"America/New_York", "2026-07-04", "2026-07-04T04:00:00Z"},
		{"America/Los_Angeles", "2026-11-24", "2026-11-24T08:00:00Z"},
		{"America/Los_Angeles", "2026-07-04", "2026-07-04T07:00:00Z"},
		{"Asia/Kolkata", "2026-11-24", "2026-11-23T18:30:00Z"},
		{"Pacific/Auckland", "2026-11-24", "2026-11-23T11:00:00Z"},
		{"Pacific/Auckland", "2026-07-04", "2026-07-03T12:00:00Z"},
		{"UTC", "2026-11-24", "2026-11-24T00:00:00Z"},
	} {
		t.Run(tc.zone+"_"+tc.date+"_starts_at_"+tc.want, func(t *testing.T) {
			got := StartOfDayUTC(mustDate(t, tc.date), mustZone(t, tc.zone))
			if want := utc(t, tc.want); !got.Equal(want) || got.Location() != time.UTC {
				t.Errorf("StartOfDayUTC(%s, %s) = %v, want %v", tc.date, tc.zone, got, want)
			}
		})
	}
	if got := StartOfDayUTC(mustDate(t, "2026-11-24"), nil); !got.Equal(utc(t, "2026-11-24T00:00:00Z")) {
		t.Errorf("nil location = %v, want UTC midnight", got)
	}
}

// TestStartOfDayUTCAtDSTEdges covers days where local midnight is missing, doubled or skipped.
func TestStartOfDayUTCAtDSTEdges(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, zone, date, want string
	}{
		// Clocks jump 00:00 -> 01:00: the day starts at 01:00 -03, which time.Date gets wrong
		// (it returns 23:00 the day before).
		{"santiago_midnight_missing", "America/Santiago", "2022-09-11", "2022-09-11T04:00:00Z"},
		{"beirut_midnight_missing", "Asia/Beirut", "2010-03-28", "2010-03-27T22:00:00Z"},
		// Clocks fall 01:00 -> 00:00: midnight happens twice, the first one counts.
		{"havana_midnight_twice", "America/Havana", "2019-11-03", "2019-11-03T04:00:00Z"},
		// Samoa skipped 2011-12-30 entirely: its range is empty, the next day starts at the jump.
		{"apia_day_skipped", "Pacific/Apia", "2011-12-30", "2011-12-30T10:00:00Z"},
		{"apia_day_after_skip", "Pacific/Apia", "2011-12-31", "2011-12-30T10:00:00Z"},
		// An ordinary DST day in New York still starts at midnight.
		{"new_york_spring_forward", "America/New_York", "2026-03-08", "2026-03-08T05:00:00Z"},
		{"new_york_fall_back", "America/New_York", "2026-11-01", "2026-11-01T04:00:00Z"},
		{"lord_howe_half_hour_dst", "Australia/Lord_Howe", "2026-10-04", "2026-10-03T13:30:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			loc := mustZone(t, tc.zone)
			d := mustDate(t, tc.date)
			got := StartOfDayUTC(d, loc)
			if want := utc(t, tc.want); !got.Equal(want) {
				t.Fatalf("StartOfDayUTC(%s, %s) = %v (%v local), want %v", d, tc.zone, got, got.In(loc), want)
			}
			if prev := LocalDate(got.Add(-time.Nanosecond), loc); !prev.Before(d) {
				t.Errorf("the instant before the start is already on %v", prev)
			}
		})
	}
}

// TestStartOfDayUTCEveryDay sweeps every date 1970..2100 in each test zone: the start is on that
// day, the instant before it is on an earlier day, and each day is non-empty.
func TestStartOfDayUTCEveryDay(t *testing.T) {
	t.Parallel()
	for _, zone := range testZones {
		t.Run(zone, func(t *testing.T) {
			t.Parallel()
			loc := mustZone(t, zone)
			d := Date{1970, time.January, 1}
			start := StartOfDayUTC(d, loc)
			for ; d.Year <= 2100; d = d.AddDays(1) {
				next := StartOfDayUTC(d.AddDays(1), loc)
				if got := LocalDate(start, loc); got != d {
					t.Fatalf("LocalDate(StartOfDayUTC(%v)) = %v (start %v)", d, got, start)
				}
				if got := LocalDate(start.Add(-time.Nanosecond), loc); got != d.AddDays(-1) {
					t.Fatalf("day before %v: LocalDate(start-1ns) = %v", d, got)
				}
				if !start.Before(next) || next.Sub(start) > 25*time.Hour || next.Sub(start) < 23*time.Hour {
					t.Fatalf("day %v runs %v .. %v", d, start, next)
				}
				start = next
			}
		})
	}
}

// TestStartOfDayUTCMatchesBisection compares the zone-period walk with a brute-force search in every
// zone of the database, on random days and on days with offset changes, including leap-year ends
// past the zones' last explicit transitions (golang/go#81583).
func TestStartOfDayUTCMatchesBisection(t *testing.T) {
	t.Parallel()
	r := newRand(2)
	leapYearEnds := []string{"2040-12-31", "2041-01-01", "2096-12-31", "2097-01-01", "2040-12-30"}
	for _, zone := range zoneNames {
		loc := mustZone(t, zone)
		for i := range 40 + len(leapYearEnds) {
			d := NewDate(1900+r.IntN(201), time.Month(1+r.IntN(12)), 1+r.IntN(28))
			if i >= 40 {
				d = mustDate(t, leapYearEnds[i-40])
			}
			if i < 40 && r.IntN(2) == 0 { // favour days with an offset change
				tr := transitions(loc, d.utcMidnight(), d.utcMidnight().AddDate(1, 0, 0))
				if len(tr) > 0 {
					d = LocalDate(tr[0], loc).AddDays(r.IntN(3) - 1)
				}
			}
			want := bisectStart(d, loc)
			// Test the zone-period walk itself, not the bisection fallback behind it.
			if got, ok := startFromZonePeriods(d, loc); !ok || !got.Equal(want) {
				t.Fatalf("%s %v: StartOfDayUTC = %v (%v local), bisection = %v (%v local)",
					zone, d, got, got.In(loc), want, want.In(loc))
			}
		}
	}
}

// bisectStart finds the first whole second with local date >= d by bisection over ±40 hours of UTC
// midnight. It assumes local dates never go backwards within that window, true of all tz data in
// 1900..2100 at day granularity.
func bisectStart(d Date, loc *time.Location) time.Time {
	lo := d.utcMidnight().Add(-40 * time.Hour).Unix() // local date < d
	hi := d.utcMidnight().Add(40 * time.Hour).Unix()  // local date >= d
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if LocalDate(time.Unix(mid, 0), loc).Before(d) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return time.Unix(hi, 0).UTC()
}

// TestEveryInstantInItsDay: for random instants, mostly near DST changes, the day the instant falls
// on locally is exactly the day whose UTC range contains it.
func TestEveryInstantInItsDay(t *testing.T) {
	t.Parallel()
	for i, zone := range testZones {
		t.Run(zone, func(t *testing.T) {
			t.Parallel()
			loc := mustZone(t, zone)
			r := newRand(uint64(100 + i))
			for _, inst := range instantsNearTransitions(r, loc, 20_000) {
				d := LocalDate(inst, loc)
				day := Range{First: d, Last: d}.UTC(loc)
				if !day.Contains(inst) {
					t.Fatalf("%v (local %v) is not in its day's range %v", inst, inst.In(loc), day)
				}
				if (Range{First: d.AddDays(1), Last: d.AddDays(1)}).UTC(loc).Contains(inst) ||
					(Range{First: d.AddDays(-1), Last: d.AddDays(-1)}).UTC(loc).Contains(inst) {
					t.Fatalf("%v is also in a neighbouring day's range", inst)
				}
			}
		})
	}
}

func TestTodayAndLocalDate(t *testing.T) {
	t.Parallel()
	// The original's example: server now 2026-11-25 01:50 UTC is still 2026-11-24 in New York.
	now := utc(t, "2026-11-25T01:50:00Z")
	for _, tc := range []struct {
		name string
		loc  *time.Location
		want string
	}{
		{"new_york_is_still_the_day_before", mustZone(t, "America/New_York"), "2026-11-24"},
		{"auckland_is_already_the_day", mustZone(t, "Pacific/Auckland"), "2026-11-25"},
		{"utc_is_the_utc_day", time.UTC, "2026-11-25"},
		{"no_zone_is_the_utc_day", nil, "2026-11-25"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Today(now, tc.loc); got.String() != tc.want {
				t.Errorf("Today(%v, %v) = %v, want %s", now, tc.loc, got, tc.want)
			}
		})
	}
	// A legacy row stored at UTC midnight lands on the previous local day in the Americas (§1.4).
	if got := LocalDate(utc(t, "2026-11-20T00:00:00Z"), mustZone(t, "America/New_York")); got.String() != "2026-11-19" {
		t.Errorf("legacy row local date = %v", got)
	}
}

func ExampleStartOfDayUTC() {
	ny, _ := LoadZone("America/New_York")
	d, _ := ParseDate("2026-11-24")
	fmt.Println(StartOfDayUTC(d, ny))
	// Output: 2026-11-24 05:00:00 +0000 UTC
}
