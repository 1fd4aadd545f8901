package skatetime

import (
	"fmt"
	"math"
	"math/big"
	"testing"
)

func TestBaselineRange(t *testing.T) {
	t.Parallel()
	for today, want := range map[string][2]string{
		"2026-11-24": {"2026-08-01", "2026-10-31"},
		"2026-11-01": {"2026-08-01", "2026-10-31"},
		"2026-01-15": {"2025-10-01", "2025-12-31"},
		"2026-03-31": {"2025-12-01", "2026-02-28"},
		"2028-04-02": {"2028-01-01", "2028-03-31"},
	} {
		t.Run("on_"+today+"_the_baseline_is_"+want[0]+"_to_"+want[1], func(t *testing.T) {
			r := BaselineRange(mustDate(t, today))
			if r.First.String() != want[0] || r.Last.String() != want[1] {
				t.Errorf("BaselineRange(%s) = %v, want %v", today, r, want)
			}
		})
	}
}

func TestBaselineDivisor(t *testing.T) {
	t.Parallel()
	today := mustDate(t, "2026-11-24")
	for _, tc := range []struct {
		name  string
		first string
		want  int
	}{
		{"no_sessions_divide_by_one", "", 1},
		{"only_future_sessions_divide_by_one", "2027-01-01", 1},
		{"start_today_divides_by_one", "2026-11-24", 1}, // the window is empty
		{"start_this_month_divides_by_one", "2026-11-01", 1},
		{"start_at_end_of_last_month_divides_by_one", "2026-10-31", 1},
		{"start_last_month_divides_by_one", "2026-10-01", 1},
		{"start_two_months_ago_divides_by_two", "2026-09-30", 2},
		{"start_at_the_window_divides_by_three", "2026-08-01", 3},
		{"start_before_the_window_divides_by_three", "2026-07-31", 3},
		{"start_years_ago_divides_by_three", "2019-01-01", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var first Date
			if tc.first != "" {
				first = mustDate(t, tc.first)
			}
			if got := BaselineDivisor(today, first); got != tc.want {
				t.Errorf("BaselineDivisor(%v, %q) = %d, want %d", today, tc.first, got, tc.want)
			}
		})
	}
	// Across a year boundary.
	if got := BaselineDivisor(mustDate(t, "2026-01-10"), mustDate(t, "2025-11-20")); got != 2 {
		t.Errorf("Jan 2026 with first session Nov 2025: %d, want 2", got)
	}
}

// TestBaselineSpecExample is the original's example dashboard: window Aug..Oct 2026 holds sessions of
// 120, 60 and 75 minutes with 45 and 20 coached, and three sessions.
func TestBaselineSpecExample(t *testing.T) {
	t.Parallel()
	if got := AverageTenths(3, 3); got != 1.0 {
		t.Errorf("baseline_monthly_avg = %v, want 1.0", got)
	}
	if got := AverageHM(65, 3); got != (HM{0, 21.7}) {
		t.Errorf("coached = %+v, want {0 21.7}", got)
	}
	if got := AverageHM(255-65, 3); got != (HM{1, 3.3}) {
		t.Errorf("practice = %+v, want {1 3.3}", got)
	}
	if got := AverageHM(0, 3); got != (HM{}) {
		t.Errorf("group = %+v, want zero", got)
	}
}

func TestAverageRounding(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		total int64
		n     int
		want  float64
	}{
		{4, 3, 1.3}, {5, 3, 1.7}, {1, 2, 0.5}, {0, 3, 0},
		{1, 20, 0}, {3, 20, 0.2}, {5, 20, 0.2}, {-1, 20, 0}, {-3, 20, -0.2}, {-4, 3, -1.3},
		{7, 0, 0}, {7, -1, 0},
	} {
		t.Run(fmt.Sprintf("%d_over_%d_is_%v", tc.total, tc.n, tc.want), func(t *testing.T) {
			if got := AverageTenths(tc.total, tc.n); got != tc.want {
				t.Errorf("AverageTenths(%d, %d) = %v, want %v", tc.total, tc.n, got, tc.want)
			}
		})
	}
	// Rounding before splitting: 2399/40 = 59.975 minutes is one hour, not {0, 60.0}.
	if got := AverageHM(2399, 40); got != (HM{1, 0}) {
		t.Errorf("AverageHM(2399, 40) = %+v, want {1 0}", got)
	}
	if got := AverageHM(179, 3); got != (HM{0, 59.7}) {
		t.Errorf("AverageHM(179, 3) = %+v, want {0 59.7}", got)
	}
	if got := AverageHM(-135, 1); got != (HM{-3, 45}) {
		t.Errorf("AverageHM(-135, 1) = %+v, want {-3 45}", got)
	}
}

// TestAverageMatchesBigRat compares the integer rounding with exact rational arithmetic.
func TestAverageMatchesBigRat(t *testing.T) {
	t.Parallel()
	r := newRand(5)
	for range 30_000 {
		total := r.Int64N(2_000_000) - 1_000_000
		if r.IntN(10) == 0 {
			total = r.Int64() / 16 // large, still on the integer path
		}
		n := 1 + r.IntN(40)
		want := ratRoundTenths(total, n)
		tenths := divRoundHalfEven(total, n)
		if tenths != want {
			t.Fatalf("divRoundHalfEven(%d, %d) = %d, want %d", total, n, tenths, want)
		}
		hm := AverageHM(total, n)
		if hm.Minutes < 0 || hm.Minutes >= 60 || math.Abs(hm.TotalMinutes()*10-float64(tenths)) > 1e-6*math.Max(1, math.Abs(float64(tenths))) {
			t.Fatalf("AverageHM(%d, %d) = %+v, want %d tenths", total, n, hm, tenths)
		}
	}
}

// ratRoundTenths rounds total*10/n half-to-even with math/big.
func ratRoundTenths(total int64, n int) int64 {
	x := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(total), big.NewInt(10)), big.NewInt(int64(n)))
	fl := new(big.Int).Div(x.Num(), x.Denom()) // Euclidean division: floor for a positive denominator
	frac := new(big.Rat).Sub(x, new(big.Rat).SetInt(fl))
	switch frac.Cmp(big.NewRat(1, 2)) {
	case 1:
		fl.Add(fl, big.NewInt(1))
	case 0:
		if fl.Bit(0) == 1 {
			fl.Add(fl, big.NewInt(1))
		}
	}
	return fl.Int64()
}
