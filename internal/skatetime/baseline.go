package skatetime

import "math"

// BaselineMonths is the length of the dashboard's baseline window in months (docs/original.md, "Dashboard baseline").
const BaselineMonths = 3

// BaselineRange returns the dashboard's baseline window: the three full calendar months before
// today's month (today 2026-11-24 gives 2026-08-01 to 2026-10-31).
func BaselineRange(today Date) Range {
	last := today.FirstOfMonth().AddDays(-1)
	return Range{First: last.FirstOfMonth().AddMonths(-(BaselineMonths - 1)), Last: last}
}

// BaselineDivisor returns the number of months to average the baseline window over: the window's
// months from the month of firstSession (the skater's earliest session, as a local date) onwards,
// between 1 and BaselineMonths. A skater whose first session was last month divides by 1, not 3; the
// month of the first session counts as a whole month even if it started on the 28th. A zero
// firstSession (no sessions) or one in the current month or later gives 1: the sums are then zero
// anyway, and the divisor is never zero.
//
// The original always divided by 3 (docs/original.md, "Dashboard baseline").
func BaselineDivisor(today, firstSession Date) int {
	if firstSession.IsZero() {
		return 1
	}
	n := today.monthIndex() - firstSession.monthIndex()
	return min(max(n, 1), BaselineMonths)
}

// AverageTenths returns total/n rounded half-to-even to one decimal, e.g. the dashboard's
// baseline_monthly_avg = AverageTenths(sessionCount, divisor). n <= 0 gives 0.
func AverageTenths(total int64, n int) float64 {
	return float64(divRoundHalfEven(total, n)) / 10
}

// AverageHM returns totalMinutes/n as an HM whose minutes are rounded half-to-even to one decimal,
// like the dashboard's baseline_ratio. It rounds before splitting, so 119.96 minutes gives
// {2, 0} rather than the original's {1, 60.0}. n <= 0 gives the zero HM.
func AverageHM(totalMinutes int64, n int) HM {
	tenths := divRoundHalfEven(totalMinutes, n)
	h := floorDiv64(tenths, 600)
	return HM{Hours: int(h), Minutes: float64(tenths-h*600) / 10}
}

// divRoundHalfEven returns round(total*10/n) with ties to even, in integers so that results like
// 21.7 are exact. Totals too large for the integer path (beyond any real minute count) use floats.
func divRoundHalfEven(total int64, n int) int64 {
	if n <= 0 {
		return 0
	}
	if total > math.MaxInt64/10 || total < math.MinInt64/10 {
		return int64(math.RoundToEven(float64(total) / float64(n) * 10))
	}
	num, den := total*10, int64(n)
	q, r := num/den, num%den
	if r < 0 { // make r the non-negative remainder of a floor division
		q, r = q-1, r+den
	}
	switch {
	case r > den-r, r == den-r && q%2 != 0:
		q++
	}
	return q
}

func floorDiv64(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
