package skatetime

import "time"

// StoredUTC renders a stored instant in UTC: timestamp columns without a
// zone hold UTC wall-clock values.
func StoredUTC(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	return &u
}
