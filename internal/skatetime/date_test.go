package skatetime

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	t.Parallel()
	valid := map[string]Date{
		"2026-11-24": {2026, time.November, 24},
		"2028-02-29": {2028, time.February, 29},
		"2000-02-29": {2000, time.February, 29},
		"0001-01-01": {1, time.January, 1},
		"9999-12-31": {9999, time.December, 31},
		"1970-01-01": {1970, time.January, 1},
	}
	for s, want := range valid {
		t.Run(s+"_parses_and_prints_back", func(t *testing.T) {
			got, err := ParseDate(s)
			if err != nil || got != want {
				t.Errorf("ParseDate(%q) = %v, %v; want %v", s, got, err, want)
			}
			if got.String() != s {
				t.Errorf("ParseDate(%q).String() = %q", s, got.String())
			}
		})
	}
	invalid := []string{
		"", "2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
		"0000-01-01", "2026-1-01", "2026-01-1", "26-01-01", "20260101", "2026/01/01", "2026-01-01T00:00:00",
		"2026-01-01 ", " 2026-01-01", "+2026-01-01", "-202-01-01", "2026-0a-01", "2026--1-01",
		"２０２６-01-01", "2026-01-01Z", "1e03-01-01",
	}
	for _, s := range invalid {
		t.Run(fmt.Sprintf("%q_is_invalid", s), func(t *testing.T) {
			if got, err := ParseDate(s); !errors.Is(err, ErrInvalidDate) {
				t.Errorf("ParseDate(%q) = %v, %v; want ErrInvalidDate", s, got, err)
			}
		})
	}
}

// TestParseFormatRoundTrip checks every day from 1890 to 2210 (century years included) against
// time.Time's own calendar.
func TestParseFormatRoundTrip(t *testing.T) {
	t.Parallel()
	tt := time.Date(1890, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2210, 12, 31, 0, 0, 0, 0, time.UTC)
	for d := DateOf(tt); !tt.After(end); tt, d = tt.AddDate(0, 0, 1), d.AddDays(1) {
		s := tt.Format(time.DateOnly)
		if d.String() != s {
			t.Fatalf("day walk drifted: %v vs %s", d, s)
		}
		p, err := ParseDate(s)
		if err != nil || p != d || !p.IsValid() {
			t.Fatalf("ParseDate(%q) = %v, %v", s, p, err)
		}
	}
}

func TestAddMonthsClampsToMonthEnd(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-01-31", 1, "2026-02-28"},
		{"2028-01-31", 1, "2028-02-29"},
		{"2028-02-29", -12, "2027-02-28"},
		{"2028-02-29", 12, "2029-02-28"},
		{"2028-02-29", 48, "2032-02-29"},
		{"2026-03-31", -1, "2026-02-28"},
		{"2026-05-31", -1, "2026-04-30"},
		{"2026-03-15", -3, "2025-12-15"},
		{"2026-01-15", -13, "2024-12-15"},
		{"2026-12-01", 1, "2027-01-01"},
		{"2026-11-24", 0, "2026-11-24"},
		{"2026-11-24", -120, "2016-11-24"},
	} {
		t.Run(fmt.Sprintf("%s_plus_%d_months_is_%s", tc.from, tc.n, tc.want), func(t *testing.T) {
			if got := mustDate(t, tc.from).AddMonths(tc.n); got.String() != tc.want {
				t.Errorf("%s.AddMonths(%d) = %s, want %s", tc.from, tc.n, got, tc.want)
			}
		})
	}
}

func TestDateArithmeticProperties(t *testing.T) {
	t.Parallel()
	r := newRand(1)
	for range 60_000 {
		tt := time.Date(1800+r.IntN(500), time.Month(1+r.IntN(12)), 1+r.IntN(31), 0, 0, 0, 0, time.UTC)
		d := DateOf(tt)
		n := r.IntN(4001) - 2000
		// AddDays agrees with time.AddDate and DaysSince inverts it.
		if got, want := d.AddDays(n), DateOf(tt.AddDate(0, 0, n)); got != want {
			t.Fatalf("%v.AddDays(%d) = %v, want %v", d, n, got, want)
		}
		if got := d.AddDays(n).DaysSince(d); got != n {
			t.Fatalf("%v.AddDays(%d).DaysSince = %d", d, n, got)
		}
		// AddMonths moves exactly n months and keeps the day unless the month is too short.
		m := r.IntN(481) - 240
		am := d.AddMonths(m)
		if !am.IsValid() || am.monthIndex()-d.monthIndex() != m || am.Day != min(d.Day, am.LastOfMonth().Day) {
			t.Fatalf("%v.AddMonths(%d) = %v", d, m, am)
		}
		// Compare agrees with time.Time ordering.
		o := DateOf(tt.AddDate(0, 0, r.IntN(60)-30))
		want := DateOf(tt).utcMidnight().Compare(o.utcMidnight())
		if d.Compare(o) != want || d.Before(o) != (want < 0) || d.After(o) != (want > 0) {
			t.Fatalf("%v.Compare(%v) = %d, want %d", d, o, d.Compare(o), want)
		}
		// Month ends.
		if f, l := d.FirstOfMonth(), d.LastOfMonth(); f.Day != 1 || l.AddDays(1).Day != 1 || l.Month != d.Month {
			t.Fatalf("month of %v: first %v last %v", d, f, l)
		}
	}
}

func TestDateTime(t *testing.T) {
	t.Parallel()
	d := mustDate(t, "2026-11-24")
	if got := d.Time(); !got.Equal(utc(t, "2026-11-24T00:00:00Z")) || got.Location() != time.UTC || DateOf(got) != d {
		t.Errorf("Time() = %v", got)
	}
}

func TestNewDateNormalises(t *testing.T) {
	t.Parallel()
	if got := NewDate(2026, 2, 30); got.String() != "2026-03-02" {
		t.Errorf("NewDate(2026, 2, 30) = %v", got)
	}
	if got := NewDate(2026, 13, 1); got.String() != "2027-01-01" {
		t.Errorf("NewDate(2026, 13, 1) = %v", got)
	}
}

func TestDateJSON(t *testing.T) {
	t.Parallel()
	type payload struct {
		Date Date  `json:"date"`
		Opt  *Date `json:"opt,omitempty"`
	}
	b, err := json.Marshal(payload{Date: Date{2026, time.November, 24}})
	if err != nil || string(b) != `{"date":"2026-11-24"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var p payload
	if err := json.Unmarshal([]byte(`{"date":"2028-02-29","opt":"0001-01-01"}`), &p); err != nil {
		t.Fatal(err)
	}
	if p.Date != (Date{2028, time.February, 29}) || p.Opt == nil || *p.Opt != (Date{1, time.January, 1}) {
		t.Fatalf("Unmarshal = %+v", p)
	}
	for _, bad := range []string{
		`{"date":"2026-02-29"}`, `{"date":"2026-11-24T00:00:00"}`, `{"date":20261124}`,
		`{"date":"24/11/2026"}`, `{"date":""}`, `{"date":true}`,
	} {
		t.Run(bad+"_is_refused", func(t *testing.T) {
			var p payload
			if err := json.Unmarshal([]byte(bad), &p); err == nil {
				t.Errorf("Unmarshal(%s) = %+v, want an error", bad, p)
			}
		})
	}
	// Marshalling an invalid date fails rather than writing text ParseDate rejects.
	if b, err := json.Marshal(payload{}); err == nil {
		t.Errorf("Marshal(zero Date) = %s, want an error", b)
	}
	if !(Date{}).IsZero() || (Date{2026, 1, 1}).IsZero() {
		t.Error("IsZero")
	}
}

// TestGarbageDatesDoNotPanic: invalid dates and nil zones give some answer, never a panic.
func TestGarbageDatesDoNotPanic(t *testing.T) {
	t.Parallel()
	ny := mustZone(t, "America/New_York")
	for _, d := range []Date{{}, {2026, 0, 1}, {2026, 13, 1}, {2026, 2, 0}, {2026, 2, 40}, {-5, 1, 1}, {100000, 1, 1}} {
		t.Run(fmt.Sprintf("%d-%d-%d_does_not_panic", d.Year, d.Month, d.Day), func(t *testing.T) {
			for _, loc := range []*time.Location{nil, ny} {
				_ = StartOfDayUTC(d, loc)
				_ = Range{First: d, Last: d.AddDays(3)}.UTC(loc)
				_ = MonthBuckets(d, 2, 3, loc)
				_, _, _ = TimeframeRange(Rolling12m, d)
				_ = d.AddMonths(-13).String()
				_ = BaselineDivisor(d, d)
			}
		})
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-11-24", "2028-02-29", "2026-02-29", "0000-01-01", "9999-12-31", "2026-1-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		// Anything accepted is a real date that formats back to exactly the input.
		if !d.IsValid() || d.String() != s {
			t.Fatalf("ParseDate(%q) = %v", s, d)
		}
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			t.Fatalf("ParseDate accepted %q, time.Parse rejects it: %v", s, err)
		}
	})
}
