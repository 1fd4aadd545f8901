package training

import (
	optional "github.com/skatetrax/skatetrax-api/internal/ptr" // training_test.go has its own ptr
	"github.com/skatetrax/skatetrax-api/internal/skatetime"
)

// Split is a period's time in minutes by kind. The database computes the sums with the same rule
// as Session (st_coached and st_is_group in migration 00005).
type Split struct {
	Total, Coached, Group int64
}

// Practice is the time neither coached nor in a group class.
func (s Split) Practice() int64 { return s.Total - s.Coached - s.Group }

// SessionSplit splits one session: a Group Class session is group time as a whole; any other
// session is coached for its coach minutes, capped to [0, ice], and practice for the rest. So the
// three kinds always add up to the session's minutes and nothing is counted twice. Missing minutes
// count as 0.
func SessionSplit(iceMinutes, coachMinutes *int32, group bool) Split {
	ice := int64(optional.Deref(iceMinutes))
	if group {
		return Split{Total: ice, Group: ice}
	}
	coached := min(max(int64(optional.Deref(coachMinutes)), 0), max(ice, 0))
	return Split{Total: ice, Coached: coached}
}

// Add returns the sum of two splits.
func (s Split) Add(o Split) Split {
	return Split{Total: s.Total + o.Total, Coached: s.Coached + o.Coached, Group: s.Group + o.Group}
}

// HM renders the three kinds as the API's {hours, minutes} objects.
func (s Split) HM() (practice, coached, group skatetime.HM) {
	return skatetime.MinutesToHM(float64(s.Practice())), skatetime.MinutesToHM(float64(s.Coached)),
		skatetime.MinutesToHM(float64(s.Group))
}

// AverageHM renders the three kinds averaged over n months, rounded half-to-even to a tenth of a
// minute (the dashboard's baseline).
func (s Split) AverageHM(n int) (practice, coached, group skatetime.HM) {
	return skatetime.AverageHM(s.Practice(), n), skatetime.AverageHM(s.Coached, n), skatetime.AverageHM(s.Group, n)
}
