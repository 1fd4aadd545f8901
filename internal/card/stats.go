package card

import (
	"strconv"
	"strings"

	"github.com/skatetrax/skatetrax-api/internal/skatetime"
)

// Totals are the sums over a set of sessions, in minutes.
type Totals struct {
	Sessions int64 // sessions, including those whose minutes are missing
	Ice      int64 // ice minutes
	Coached  int64 // coached minutes
	Group    int64 // ice minutes of group classes
}

// Mix returns the coached, group and solo shares of the ice minutes in
// percent, each rounded half to even: solo = max(ice − coached − group, 0).
// Coach minutes inside a group class count twice, so the three need not add
// up to 100. Without ice minutes every share is 0 (never NaN).
func (t Totals) Mix() Mix {
	if t.Ice <= 0 {
		return Mix{}
	}
	solo := max(t.Ice-t.Coached-t.Group, 0)
	return Mix{
		CoachedPct: int(roundHalfEven(t.Coached*100, t.Ice)),
		GroupPct:   int(roundHalfEven(t.Group*100, t.Ice)),
		SoloPct:    int(roundHalfEven(solo*100, t.Ice)),
	}
}

// AvgSessionMin returns the ice minutes per session, rounded half to even;
// 0 without sessions.
func (t Totals) AvgSessionMin() int {
	if t.Sessions <= 0 {
		return 0
	}
	return int(roundHalfEven(t.Ice, t.Sessions))
}

// PerWeek returns sessions per week between from and today, rounded half to
// even to one decimal: sessions / max(days/7, 1), where days is today − from
// (the original's lifetime formula). A from after today counts as one week.
func PerWeek(sessions int64, from, today skatetime.Date) float64 {
	if sessions <= 0 {
		return 0
	}
	days := int64(today.DaysSince(from))
	if days < 7 {
		return float64(sessions)
	}
	// sessions / (days/7) in tenths, exactly: sessions*70 / days.
	return float64(roundHalfEven(sessions*70, days)) / 10
}

// roundHalfEven returns num/den rounded to the nearest integer, ties to
// even, exactly (den > 0; num may be negative).
func roundHalfEven(num, den int64) int64 {
	q := num / den
	r := num % den
	if r < 0 { // floor division
		q--
		r += den
	}
	switch twice := 2 * r; {
	case twice > den:
		q++
	case twice == den && q%2 != 0:
		q++
	}
	return q
}

// MonthYear formats a date the way the card names an event's month: "March 2026".
func MonthYear(d skatetime.Date) string {
	return d.Month.String() + " " + strconv.Itoa(d.Year)
}

// present returns the trimmed text, or "" when it is missing or a "-"
// placeholder (the seed data's "Off Ice" rink and "no coach" coach use "-").
func present(s *string) string {
	if s == nil {
		return ""
	}
	t := strings.TrimSpace(*s)
	if t == "-" {
		return ""
	}
	return t
}

// join joins the present parts with sep; nil when none is present.
func join(sep string, parts ...*string) *string {
	var kept []string
	for _, p := range parts {
		if t := present(p); t != "" {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	out := strings.Join(kept, sep)
	return &out
}
