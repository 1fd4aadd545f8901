package training

import (
	"errors"
	"math"
)

// MaxHoursOn bounds the hours a blade can have been used between two sharpenings (about 14 months
// of skating around the clock): anything above is a typo.
const MaxHoursOn = 10000

// ErrHoursOutOfRange reports hours that are negative, not finite or above MaxHoursOn.
var ErrHoursOutOfRange = errors.New("hours must be a number from 0 to 10000")

// MinutesFromHours converts hours as clients send them (possibly fractional, e.g. 2.25) to the
// whole minutes the database keeps, rounding half-to-even to the minute.
func MinutesFromHours(hours float64) (int32, error) {
	if math.IsNaN(hours) || math.IsInf(hours, 0) || hours < 0 || hours > MaxHoursOn {
		return 0, ErrHoursOutOfRange
	}
	return int32(math.RoundToEven(hours * 60)), nil
}

// Hours converts minutes to hours for fields named hours: minutes / 60, not rounded.
func Hours(minutes int64) float64 { return float64(minutes) / 60 }
