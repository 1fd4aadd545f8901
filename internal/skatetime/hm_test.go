package skatetime

import (
	"encoding/json"
	"fmt"
	"math"
	"testing"
)

func TestMinutesToHM(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   float64
		want HM
	}{
		{0, HM{0, 0}},
		{25, HM{0, 25}},
		{60, HM{1, 0}},
		{265, HM{4, 25}},
		{630, HM{10, 30}},  // the original's example total_time
		{1260, HM{21, 0}},  // maintenance clock 21 h
		{-135, HM{-3, 45}}, // docs/original.md, "Hours and minutes"
		{-60, HM{-1, 0}},
		{-10, HM{-1, 50}}, // docs/original.md, "Hours and minutes"
		{63.3, HM{1, 3.299999999999997}},
		{25.5, HM{0, 25.5}},
		{math.Copysign(0, -1), HM{0, 0}},
		{-1e-300, HM{0, 0}}, // Python says (-1, 60.0); we carry the 60
		{math.NaN(), HM{}},
		{math.Inf(1), HM{}},
		{math.Inf(-1), HM{}},
		{1e300, HM{maxHours, 0}},
	} {
		t.Run(fmt.Sprintf("%v_minutes_are_%vh_%vm", tc.in, tc.want.Hours, tc.want.Minutes), func(t *testing.T) {
			got := MinutesToHM(tc.in)
			if got != tc.want || math.Signbit(got.Minutes) {
				t.Errorf("MinutesToHM(%v) = %+v, want %+v", tc.in, got, tc.want)
			}
		})
	}
}

func TestHMJSON(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(MinutesToHM(-135))
	if err != nil || string(b) != `{"hours":-3,"minutes":45}` {
		t.Errorf("Marshal = %s, %v", b, err)
	}
	b, _ = json.Marshal(MinutesToHM(math.Copysign(0, -1)))
	if string(b) != `{"hours":0,"minutes":0}` {
		t.Errorf("negative zero leaks: %s", b)
	}
}

// TestMinutesToHMProperties: integer minutes split exactly like floor division; any finite input
// gives minutes in [0, 60) that add back up to the input.
func TestMinutesToHMProperties(t *testing.T) {
	t.Parallel()
	r := newRand(6)
	for range 60_000 {
		m := r.Int64N(2_000_000_000) - 1_000_000_000
		hm := MinutesToHM(float64(m))
		wantH := m / 60
		if m%60 != 0 && m < 0 {
			wantH--
		}
		if int64(hm.Hours) != wantH || hm.Minutes != float64(m-wantH*60) {
			t.Fatalf("MinutesToHM(%d) = %+v, want {%d %d}", m, hm, wantH, m-wantH*60)
		}
		f := (r.Float64() - 0.5) * math.Pow(10, float64(r.IntN(12)))
		hf := MinutesToHM(f)
		if hf.Minutes < 0 || hf.Minutes >= 60 || math.Abs(hf.TotalMinutes()-f) > 1e-9*math.Max(1, math.Abs(f)) {
			t.Fatalf("MinutesToHM(%v) = %+v (total %v)", f, hf, hf.TotalMinutes())
		}
		if math.Abs(hf.TotalHours()*60-hf.TotalMinutes()) > 1e-9*math.Max(1, math.Abs(f)) {
			t.Fatalf("TotalHours(%+v) = %v", hf, hf.TotalHours())
		}
	}
}
