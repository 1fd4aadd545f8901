package skatetime

import "math"

// HM is a duration in minutes split into whole hours and remaining minutes, the API's
// {"hours":..,"minutes":..} object (docs/original.md, "Hours and minutes"). Minutes is in [0, 60) even for negative
// durations: -135 minutes is {-3, 45}.
type HM struct {
	Hours   int     `json:"hours"`
	Minutes float64 `json:"minutes"`
}

// maxHours keeps the float-to-int conversion defined; no real total comes near it.
const maxHours = 1 << 53

// MinutesToHM splits minutes like Python's divmod(minutes, 60): hours is the floor of minutes/60
// and minutes the non-negative remainder. NaN and ±Inf give the zero HM (the API never emits NaN).
// Two deliberate differences from Python: a tiny negative input whose remainder rounds up to 60
// gives {h+1, 0} rather than {h, 60.0}, and -0 comes out as 0.
func MinutesToHM(minutes float64) HM {
	if math.IsNaN(minutes) || math.IsInf(minutes, 0) {
		return HM{}
	}
	// Python's float divmod: the remainder from fmod (exact), then floor-adjusted.
	mod := math.Mod(minutes, 60)
	div := (minutes - mod) / 60
	if mod != 0 {
		if mod < 0 {
			mod += 60
			div--
		}
	} else {
		mod = 0 // drop a negative zero
	}
	hours := math.Floor(div)
	if div-hours > 0.5 {
		hours++
	}
	if mod >= 60 {
		mod, hours = 0, hours+1
	}
	hours = min(max(hours, -maxHours), maxHours)
	return HM{Hours: int(hours), Minutes: mod}
}

// TotalMinutes returns the duration in minutes: Hours*60 + Minutes.
func (h HM) TotalMinutes() float64 { return float64(h.Hours)*60 + h.Minutes }

// TotalHours returns the duration in hours, Hours + Minutes/60, as the skater card's percentages use.
func (h HM) TotalHours() float64 { return float64(h.Hours) + h.Minutes/60 }
