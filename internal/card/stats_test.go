package card

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/skatetime"
)

// ratRound is an independent half-to-even rounding of num/den via big.Rat.
func ratRound(num, den int64) int64 {
	r := new(big.Rat).SetFrac64(num, den)
	fl := new(big.Int).Div(r.Num(), r.Denom()) // Euclidean: floor for den > 0
	frac := new(big.Rat).Sub(r, new(big.Rat).SetInt(fl))
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

func TestRoundHalfEven(t *testing.T) {
	cases := []struct{ num, den, want int64 }{
		{1, 2, 0}, {3, 2, 2}, {5, 2, 2}, {-1, 2, 0}, {-3, 2, -2}, {125, 10, 12}, {135, 10, 14},
		{7, 3, 2}, {8, 3, 3}, {-7, 3, -2}, {-8, 3, -3}, {0, 5, 0}, {100, 8, 12}, {100 * 3, 8, 38},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%d_over_%d_rounds_to_%d", c.num, c.den, c.want), func(t *testing.T) {
			if got := roundHalfEven(c.num, c.den); got != c.want {
				t.Errorf("roundHalfEven(%d, %d) = %d, want %d", c.num, c.den, got, c.want)
			}
		})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		num, den := rng.Int64N(2_000_001)-1_000_000, rng.Int64N(5000)+1
		if got, want := roundHalfEven(num, den), ratRound(num, den); got != want {
			t.Fatalf("roundHalfEven(%d, %d) = %d, want %d", num, den, got, want)
		}
	}
}

func TestMix(t *testing.T) {
	cases := []struct {
		name string
		in   Totals
		want Mix
	}{
		{"no sessions is no mix", Totals{}, Mix{}},
		{"sessions without minutes are no mix", Totals{Sessions: 3}, Mix{}},
		{"all solo is 100 percent solo", Totals{Sessions: 1, Ice: 60}, Mix{SoloPct: 100}},
		{"ties go to even", Totals{Sessions: 2, Ice: 8, Coached: 1, Group: 3}, Mix{CoachedPct: 12, GroupPct: 38, SoloPct: 50}},
		{"coach time inside a group class counts twice", Totals{Sessions: 1, Ice: 60, Coached: 60, Group: 60}, Mix{CoachedPct: 100, GroupPct: 100}},
		{"solo never negative", Totals{Sessions: 1, Ice: 30, Coached: 45}, Mix{CoachedPct: 150}},
		{"negative ice is no ice", Totals{Sessions: 1, Ice: -5, Coached: 5}, Mix{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.in.Mix(); got != c.want {
				t.Errorf("Mix() = %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestAvgSessionMin(t *testing.T) {
	cases := []struct {
		name string
		in   Totals
		want int
	}{
		{"no sessions average zero", Totals{}, 0},
		{"half minute ties to even down", Totals{Sessions: 4, Ice: 250}, 62},
		{"half minute ties to even up", Totals{Sessions: 4, Ice: 254}, 64},
		{"half minute below ties to even", Totals{Sessions: 4, Ice: 246}, 62},
		{"sessions without minutes average zero", Totals{Sessions: 3}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.in.AvgSessionMin(); got != c.want {
				t.Errorf("%+v: AvgSessionMin() = %d, want %d", c.in, got, c.want)
			}
		})
	}
}

func TestPerWeek(t *testing.T) {
	d := func(s string) skatetime.Date {
		v, err := skatetime.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		name     string
		sessions int64
		from, to string
		want     float64
	}{
		{"no sessions are none a week", 0, "2026-01-01", "2026-03-01", 0},
		{"first week counts as one week", 3, "2026-03-01", "2026-03-04", 3},
		{"first session in the future", 2, "2026-04-01", "2026-03-04", 2},
		{"exactly one week", 5, "2026-03-01", "2026-03-08", 5},
		{"two weeks halve the count", 5, "2026-03-01", "2026-03-15", 2.5},
		{"repeating decimal rounds to a tenth", 10, "2026-01-01", "2026-01-22", 3.3},
		{"tie to even, down", 1, "2026-01-01", "2026-01-29", 0.2},   // 0.25 -> 0.2
		{"tie to even, up", 3, "2026-01-01", "2026-01-29", 0.8},     // 0.75 -> 0.8
		{"across a leap day", 58, "2024-02-01", "2024-03-02", 13.5}, // 30 days: 58*7/30 = 13.53
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := PerWeek(c.sessions, d(c.from), d(c.to)); got != c.want {
				t.Errorf("PerWeek(%d, %s, %s) = %v, want %v", c.sessions, c.from, c.to, got, c.want)
			}
		})
	}
}

func TestJoinAndPresent(t *testing.T) {
	s := func(v string) *string { return &v }
	cases := []struct {
		name  string
		parts []*string
		want  any
	}{
		{"present_parts_are_joined", []*string{s("Raleigh"), s("NC")}, "Raleigh, NC"},
		{"missing_parts_are_skipped_and_trimmed", []*string{nil, s(" NC ")}, "NC"},
		{"dash_placeholders_are_absent", []*string{s("-"), s("-")}, nil},
		{"empty_parts_are_absent", []*string{s(""), nil}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := join(", ", c.parts...)
			switch want := c.want.(type) {
			case nil:
				if got != nil {
					t.Errorf("join = %q, want nil", *got)
				}
			case string:
				if got == nil || *got != want {
					t.Errorf("join = %v, want %q", got, want)
				}
			}
		})
	}
	if MonthYear(skatetime.Date{Year: 2026, Month: 3, Day: 15}) != "March 2026" {
		t.Error("MonthYear")
	}
}
