package training

// Clock is the sharpening clock of the active blade, in minutes.
type Clock struct {
	// Interval is the skater's sharpening interval; 0 when none is set (IntervalSet false).
	Interval    int64
	IntervalSet bool
	// Active is the on-ice time on the blade since its last sharpening.
	Active int64
	// Remaining is what is left of the interval, never below 0; Overdue is by how much the
	// interval has been exceeded, never below 0. At most one of them is positive.
	Remaining, Overdue int64
}

// IsOverdue reports whether the blade has been on the ice longer than the interval.
func (c Clock) IsOverdue() bool { return c.Overdue > 0 }

// NewClock computes the clock from the interval in hours (nil when the skater set none) and the
// active minutes. Without an interval nothing is remaining or overdue: the clock is off rather
// than negative (the original showed a negative remainder).
func NewClock(intervalHours *int32, activeMinutes int64) Clock {
	c := Clock{Active: activeMinutes}
	if intervalHours == nil {
		return c
	}
	c.IntervalSet = true
	c.Interval = int64(*intervalHours) * 60
	c.Remaining = max(c.Interval-activeMinutes, 0)
	c.Overdue = max(activeMinutes-c.Interval, 0)
	return c
}
