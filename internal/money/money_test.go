package money

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"testing"
)

func TestFromFloat(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   float64
		want string
	}{
		{0, "0.00"},
		{math.Copysign(0, -1), "0.00"},
		{40, "40.00"},
		{54.75, "54.75"},
		{250.5, "250.50"},
		{-3.05, "-3.05"},
		{0.125, "0.12"}, // half to even, down
		{0.135, "0.14"}, // half to even, up
		{0.145, "0.14"},
		{2.675, "2.68"}, // binary 2.67499999…, but we round the shortest decimal "2.675"
		{1.005, "1.00"},
		{1.015, "1.02"},
		{-0.125, "-0.12"},
		{-0.135, "-0.14"},
		{0.005, "0.00"},
		{0.0051, "0.01"},
		{0.015, "0.02"},
		{0.1 + 0.2, "0.30"}, // 0.30000000000000004
		{1e-300, "0.00"},
		{-1e-300, "0.00"},
		{4.416666666666667, "4.42"},
		{1500.25, "1500.25"},
		{1e15, "1000000000000000.00"},
		{9.2e16, "92000000000000000.00"}, // near the int64-cents limit
	} {
		t.Run(fmt.Sprintf("%v_is_%s", tc.in, tc.want), func(t *testing.T) {
			c, err := FromFloat(tc.in)
			if err != nil || c.String() != tc.want {
				t.Errorf("FromFloat(%v) = %s, %v; want %s", tc.in, c, err, tc.want)
			}
		})
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		t.Run(fmt.Sprintf("%v_is_not_finite", bad), func(t *testing.T) {
			if c, err := FromFloat(bad); !errors.Is(err, ErrNotFinite) {
				t.Errorf("FromFloat(%v) = %v, %v; want ErrNotFinite", bad, c, err)
			}
		})
	}
	for _, big := range []float64{1e17, -1e17, math.MaxFloat64, 92233720368547760} {
		t.Run(fmt.Sprintf("%v_is_out_of_range", big), func(t *testing.T) {
			if c, err := FromFloat(big); !errors.Is(err, ErrOutOfRange) {
				t.Errorf("FromFloat(%v) = %v, %v; want ErrOutOfRange", big, c, err)
			}
		})
	}
}

func TestString(t *testing.T) {
	t.Parallel()
	for c, want := range map[Cents]string{
		0: "0.00", 1: "0.01", -1: "-0.01", 10: "0.10", 305: "3.05", -305: "-3.05", 4000: "40.00",
		150025: "1500.25", math.MaxInt64: "92233720368547758.07", -math.MaxInt64: "-92233720368547758.07",
		math.MinInt64: "-92233720368547758.08",
	} {
		t.Run(fmt.Sprintf("%d_cents_print_%s", int64(c), want), func(t *testing.T) {
			if got := c.String(); got != want {
				t.Errorf("Cents(%d).String() = %q, want %q", int64(c), got, want)
			}
		})
	}
}

func TestMarshalJSONIsTheMoneyString(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(map[string]Cents{"total": 150025, "refund": -305})
	if err != nil || string(b) != `{"refund":"-3.05","total":"1500.25"}` {
		t.Errorf("Marshal = %s, %v", b, err)
	}
}

func TestFloat(t *testing.T) {
	t.Parallel()
	for c, want := range map[Cents]string{0: "0", 1200: "12", 1750: "17.5", 305: "3.05", -1: "-0.01", 10: "0.1"} {
		t.Run(fmt.Sprintf("%d_cents_are_%s", int64(c), want), func(t *testing.T) {
			if got := strconv.FormatFloat(c.Float(), 'g', -1, 64); got != want {
				t.Errorf("Cents(%d).Float() prints %s, want %s", int64(c), got, want)
			}
		})
	}
}

func TestAddAndSum(t *testing.T) {
	t.Parallel()
	if s, err := Sum(); s != 0 || err != nil {
		t.Errorf("Sum() = %v, %v", s, err)
	}
	if s, err := Sum(12000, 5475, 14500, 84050, 6300, 15000, 2500, 10200); s.String() != "1500.25" || err != nil {
		t.Errorf("spend total = %v, %v; want 1500.25", s, err)
	}
	for _, tc := range [][2]Cents{
		{math.MaxInt64, 1}, {-math.MaxInt64, -1}, {math.MaxInt64, math.MaxInt64}, {-math.MaxInt64, -math.MaxInt64},
	} {
		t.Run(fmt.Sprintf("%d_plus_%d_overflows", tc[0], tc[1]), func(t *testing.T) {
			if s, err := Add(tc[0], tc[1]); !errors.Is(err, ErrOutOfRange) {
				t.Errorf("Add(%d, %d) = %d, %v; want ErrOutOfRange", tc[0], tc[1], s, err)
			}
		})
	}
	if s, err := Add(math.MaxInt64, -math.MaxInt64); s != 0 || err != nil {
		t.Errorf("Add(max, -max) = %v, %v", s, err)
	}
	if _, err := Sum(math.MaxInt64, 1, -5); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("Sum overflowing midway: %v", err)
	}
}

// ratCents is the reference conversion: the exact value of f's shortest decimal as a big.Rat,
// times 100, rounded half to even.
func ratCents(t *testing.T, f float64) *big.Int {
	t.Helper()
	x, ok := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', -1, 64))
	if !ok {
		t.Fatalf("big.Rat cannot parse %v", f)
	}
	x.Mul(x, big.NewRat(100, 1))
	fl := new(big.Int).Div(x.Num(), x.Denom()) // floor (Euclidean, positive denominator)
	frac := new(big.Rat).Sub(x, new(big.Rat).SetInt(fl))
	switch frac.Cmp(big.NewRat(1, 2)) {
	case 1:
		fl.Add(fl, big.NewInt(1))
	case 0:
		if fl.Bit(0) == 1 {
			fl.Add(fl, big.NewInt(1))
		}
	}
	return fl
}

// randomAmount draws amounts shaped like real costs: cents, half cents, binary noise, wide scales.
func randomAmount(r *rand.Rand) float64 {
	switch r.IntN(5) {
	case 0: // whole cents
		return float64(r.Int64N(2_000_000)-1_000_000) / 100
	case 1: // exact half cents: every rounding tie
		return float64(r.Int64N(2_000_000)-1_000_000)/100 + 0.005
	case 2: // three decimals, e.g. 2.675
		return float64(r.Int64N(2_000_000)-1_000_000) / 1000
	case 3: // arbitrary binary fractions
		return (r.Float64() - 0.5) * 1e6
	default: // any scale within range
		return (r.Float64() - 0.5) * math.Pow(10, float64(r.IntN(33)-16))
	}
}

// TestFromFloatMatchesBigRat: every conversion and every running sum equals exact rational arithmetic.
func TestFromFloatMatchesBigRat(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 11))
	for range 600 {
		var total Cents
		want := new(big.Int)
		for range 1 + r.IntN(200) {
			f := randomAmount(r)
			c, err := FromFloat(f)
			if err != nil {
				t.Fatalf("FromFloat(%v): %v", f, err)
			}
			ref := ratCents(t, f)
			if !ref.IsInt64() || ref.Int64() != int64(c) {
				t.Fatalf("FromFloat(%v) = %d cents, big.Rat says %s", f, c, ref)
			}
			if total, err = Add(total, c); err != nil {
				t.Fatal(err)
			}
			want.Add(want, ref)
		}
		if want.Int64() != int64(total) {
			t.Fatalf("sum = %d, big.Rat sum = %s", total, want)
		}
		// String is the exact decimal of the cents.
		s, ok := new(big.Rat).SetString(total.String())
		if !ok || s.Cmp(new(big.Rat).SetFrac(want, big.NewInt(100))) != 0 {
			t.Fatalf("String() = %s for %s cents", total, want)
		}
	}
}

// TestFloatRoundTrips: Float gives the double nearest the amount, so converting it back is lossless.
func TestFloatRoundTrips(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(8, 13))
	for range 200_000 {
		c := Cents(r.Int64N(1<<53) - 1<<52)
		if r.IntN(2) == 0 {
			c = Cents(r.Int64N(2_000_000) - 1_000_000)
		}
		back, err := FromFloat(c.Float())
		if err != nil || back != c {
			t.Fatalf("FromFloat(Cents(%d).Float() = %v) = %d, %v", c, c.Float(), back, err)
		}
		p, err := ParseDecimal(c.String())
		if err != nil || p != c {
			t.Fatalf("ParseDecimal(%q) = %d, %v", c.String(), p, err)
		}
	}
}
