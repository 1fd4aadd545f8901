package handlers_test

import (
	"testing"
	"time"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// pinnedServer is a test server whose clock stands still at now.
func pinnedServer(t *testing.T, now time.Time) *apitest.Server {
	t.Helper()
	return apitest.New(t, apitest.Options{Now: func() time.Time { return now }})
}

// sessionDays returns the local_date of every row of a dashboard's or history's session table.
func sessionDays(body map[string]any) []string {
	var out []string
	for _, r := range arr(body["session_table"]) {
		out = append(out, asString(obj(r)["local_date"]))
	}
	return out
}

func sameDays(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

// TestDashboardMonthFollowsTheSkatersCalendar pins the clock to one instant that is still
// January 31 in New York but already February 1 in UTC: "this month" is the skater's month.
func TestDashboardMonthFollowsTheSkatersCalendar(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, time.February, 1, 4, 30, 0, 0, time.UTC) // 23:30 on Jan 31 in New York
	s := pinnedServer(t, now)
	cases := []struct {
		name, tz string
		want     []string // this month's sessions, newest first
	}{
		{"new_york_is_still_in_january", "America/New_York", []string{"2026-01-31", "2026-01-01"}},
		{"utc_is_already_in_february", "UTC", []string{"2026-02-01"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			k := newKit(t, s, "month_"+tc.name[:3], tc.tz)
			for _, d := range []string{"2025-12-31", "2026-01-01", "2026-01-31", "2026-02-01"} {
				k.add(d, 30, nil)
			}
			dash := k.c.Get(pathDash).Expect(200).Map()
			if got := sessionDays(dash); !sameDays(got, tc.want) {
				t.Errorf("this month's sessions = %v, want %v", got, tc.want)
			}
			months := arr(obj(k.c.Get(pathIceTime + "?window=2").Expect(200).Map()["fsc_graph"])["months"])
			if len(months) != 2 {
				t.Fatalf("months = %v", months)
			}
		})
	}
}

// TestLeapDay pins the clock to February 29, 2028: the day is a valid session day, the month
// runs to the 29th, and February 29 of a common year is refused.
func TestLeapDay(t *testing.T) {
	t.Parallel()
	now := time.Date(2028, time.February, 29, 12, 0, 0, 0, time.UTC)
	s := pinnedServer(t, now)
	k := newKit(t, s, "leap", "UTC")

	t.Run("leap_day_is_a_session_day", func(t *testing.T) {
		k := k.For(t)
		got := k.c.Post(pathSubmit, sessionBody("2028-02-29", 45, nil)).Expect(201).Map()
		if got["local_date"] != "2028-02-29" || got["timestamp"] != "2028-02-29T00:00:00Z" {
			t.Errorf("created = %v", got)
		}
	})
	t.Run("february_29_of_a_common_year_is_400", func(t *testing.T) {
		k := k.For(t)
		r := k.c.Post(pathSubmit, sessionBody("2027-02-29", 45, nil))
		expectStatus(t, r, 400, "2027-02-29")
		if f := errorField(r); f != "date" {
			t.Errorf("field = %q, want date", f)
		}
	})
	t.Run("this_month_runs_to_the_29th", func(t *testing.T) {
		k := k.For(t)
		k.add("2028-02-01", 30, nil)
		k.add("2028-01-31", 30, nil)
		dash := k.c.Get(pathDash).Expect(200).Map()
		if got, want := sessionDays(dash), []string{"2028-02-29", "2028-02-01"}; !sameDays(got, want) {
			t.Errorf("this month's sessions = %v, want %v", got, want)
		}
		// 45 + 30 minutes this month, all practice.
		if got := hmMinutes(obj(obj(dash["charts"])["monthly_ratio"])["practice"]); got != 75 {
			t.Errorf("monthly practice = %v minutes, want 75", got)
		}
	})
	t.Run("new_gear_is_bought_today", func(t *testing.T) {
		k := k.For(t)
		b := k.c.Post(pathEquip+"/boots", map[string]any{"bootsName": "Leap"}).Expect(201).Map()
		if b["purchased_on"] != "2028-02-29" {
			t.Errorf("purchased_on = %v, want the pinned day", b["purchased_on"])
		}
	})
}

// TestDSTDays logs sessions on the days New York changes its clocks, with the server's clock
// pinned inside each of those days: every day starts at its own offset, and "today" is that day.
func TestDSTDays(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		now       time.Time
		day       string
		wantStart string // 00:00 that day in New York, in UTC
		before    string // the day before, at the other offset
		wantPrev  string
	}{
		{"spring_forward", time.Date(2026, time.March, 8, 12, 0, 0, 0, time.UTC), "2026-03-08", "2026-03-08T05:00:00Z", "2026-03-07", "2026-03-07T05:00:00Z"},
		{"spring_forward_next_day", time.Date(2026, time.March, 9, 12, 0, 0, 0, time.UTC), "2026-03-09", "2026-03-09T04:00:00Z", "2026-03-08", "2026-03-08T05:00:00Z"},
		{"fall_back", time.Date(2026, time.November, 1, 12, 0, 0, 0, time.UTC), "2026-11-01", "2026-11-01T04:00:00Z", "2026-10-31", "2026-10-31T04:00:00Z"},
		{"fall_back_next_day", time.Date(2026, time.November, 2, 12, 0, 0, 0, time.UTC), "2026-11-02", "2026-11-02T05:00:00Z", "2026-11-01", "2026-11-01T04:00:00Z"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := pinnedServer(t, tc.now)
			k := newKit(t, s, "dst", "America/New_York")
			for _, x := range []struct{ day, want string }{{tc.day, tc.wantStart}, {tc.before, tc.wantPrev}} {
				got := k.c.Post(pathSubmit, sessionBody(x.day, 30, nil)).Expect(201).Map()
				if got["timestamp"] != x.want || got["local_date"] != x.day {
					t.Errorf("%s: created %v, want timestamp %s", x.day, got, x.want)
				}
			}
			// Today is the pinned day: new gear is bought on it, and this month's table starts with it.
			b := k.c.Post(pathEquip+"/boots", map[string]any{"bootsName": "DST"}).Expect(201).Map()
			if b["purchased_on"] != tc.day {
				t.Errorf("purchased_on = %v, want %s", b["purchased_on"], tc.day)
			}
			days := sessionDays(k.c.Get(pathDash).Expect(200).Map())
			if len(days) == 0 || days[0] != tc.day {
				t.Errorf("this month's sessions = %v, want %s first", days, tc.day)
			}
		})
	}
}
