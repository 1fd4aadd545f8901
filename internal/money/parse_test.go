package money

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"0": "0.00", "-0": "0.00", "12": "12.00", "12.5": "12.50", "17.50": "17.50", "1.2e1": "12.00",
		"1E2": "100.00", "1e+2": "100.00", "125e-2": "1.25", "0.125": "0.12", "0.135": "0.14",
		"2.675": "2.68", "0.30000000000000004": "0.30", "11.666666666666666": "11.67",
		"1e-999999999999": "0.00", "0.0000000000000000000000000001": "0.00", "1000000": "1000000.00",
		"1000000.00": "1000000.00", "1000000.004": "1000000.00", "0.005": "0.00", "0.00500001": "0.01",
		"0e999999999999": "0.00",
	} {
		t.Run(fmt.Sprintf("%q_is_%s", in, want), func(t *testing.T) {
			c, err := ParseAmount(in)
			if err != nil || c.String() != want {
				t.Errorf("ParseAmount(%q) = %s, %v; want %s", in, c, err, want)
			}
		})
	}
	for in, wantErr := range map[string]error{
		"": ErrSyntax, "-": ErrSyntax, "+1": ErrSyntax, ".5": ErrSyntax, "5.": ErrSyntax, "012": ErrSyntax,
		"00": ErrSyntax, " 1": ErrSyntax, "1 ": ErrSyntax, "1,5": ErrSyntax, "NaN": ErrSyntax, "nan": ErrSyntax,
		"Infinity": ErrSyntax, "-Infinity": ErrSyntax, "inf": ErrSyntax, "1e": ErrSyntax, "1e+": ErrSyntax,
		"0x10": ErrSyntax, "1_000": ErrSyntax, `"12"`: ErrSyntax, "１２": ErrSyntax, "1.2.3": ErrSyntax,
		"--1": ErrSyntax, strings.Repeat("1", 65): ErrSyntax,
		"-1": ErrOutOfRange, "-0.01": ErrOutOfRange, "1000000.01": ErrOutOfRange, "1e7": ErrOutOfRange,
		"1e999999999999": ErrOutOfRange, "99999999999999999999": ErrOutOfRange,
	} {
		t.Run(fmt.Sprintf("%q_is_refused_with_%s", in, errName(wantErr)), func(t *testing.T) {
			if c, err := ParseAmount(in); !errors.Is(err, wantErr) {
				t.Errorf("ParseAmount(%q) = %v, %v; want %v", in, c, err, wantErr)
			}
		})
	}
	// Bounds apply after rounding: half a cent over the maximum ties down to the (even) maximum.
	if c, err := ParseAmount("1000000.005"); err != nil || c != MaxAmount {
		t.Errorf("ParseAmount(1000000.005) = %v, %v; want the maximum", c, err)
	}
	if c, err := ParseAmount("1000000.015"); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("ParseAmount(1000000.015) = %v, %v; want ErrOutOfRange", c, err)
	}
}

func TestAmountFromFloat(t *testing.T) {
	t.Parallel()
	for f, want := range map[float64]string{0: "0.00", 12: "12.00", 17.5: "17.50", 2.675: "2.68", 1e6: "1000000.00"} {
		t.Run(fmt.Sprintf("%v_is_%s", f, want), func(t *testing.T) {
			if c, err := AmountFromFloat(f); err != nil || c.String() != want {
				t.Errorf("AmountFromFloat(%v) = %s, %v; want %s", f, c, err, want)
			}
		})
	}
	for f, wantErr := range map[float64]error{
		-0.01: ErrOutOfRange, 1000000.01: ErrOutOfRange, 1e300: ErrOutOfRange,
		math.NaN(): ErrNotFinite, math.Inf(1): ErrNotFinite,
	} {
		t.Run(fmt.Sprintf("%v_is_refused_with_%s", f, errName(wantErr)), func(t *testing.T) {
			if c, err := AmountFromFloat(f); !errors.Is(err, wantErr) {
				t.Errorf("AmountFromFloat(%v) = %v, %v; want %v", f, c, err, wantErr)
			}
		})
	}
}

func TestParseDecimalRange(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"92233720368547758.07":  "92233720368547758.07",
		"-92233720368547758.07": "-92233720368547758.07",
		"92233720368547758.069": "92233720368547758.07",
		"-5.555":                "-5.56",
		"-5.545":                "-5.54",
		"150.000":               "150.00", // PostgreSQL numeric text
	} {
		t.Run(fmt.Sprintf("%q_is_%s", in, want), func(t *testing.T) {
			c, err := ParseDecimal(in)
			if err != nil || c.String() != want {
				t.Errorf("ParseDecimal(%q) = %s, %v; want %s", in, c, err, want)
			}
		})
	}
	for _, in := range []string{"92233720368547758.08", "-92233720368547758.08", "92233720368547758.075", "1e17", "1e19"} {
		t.Run(fmt.Sprintf("%q_is_out_of_range", in), func(t *testing.T) {
			if c, err := ParseDecimal(in); !errors.Is(err, ErrOutOfRange) {
				t.Errorf("ParseDecimal(%q) = %v, %v; want ErrOutOfRange", in, c, err)
			}
		})
	}
}

// TestParseDecimalMatchesBigRat: random JSON number texts (with exponents, long fractions, ties)
// round exactly as big.Rat does.
func TestParseDecimalMatchesBigRat(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(9, 17))
	for range 60_000 {
		text := randomNumberText(r)
		got, err := ParseDecimal(text)
		x, ok := new(big.Rat).SetString(text)
		if !ok {
			t.Fatalf("big.Rat rejects %q", text)
		}
		want := roundRatCents(x)
		if !want.IsInt64() || want.Int64() == -1<<63 {
			if !errors.Is(err, ErrOutOfRange) {
				t.Fatalf("ParseDecimal(%q) = %v, %v; want ErrOutOfRange", text, got, err)
			}
			continue
		}
		if err != nil || int64(got) != want.Int64() {
			t.Fatalf("ParseDecimal(%q) = %d, %v; big.Rat says %s", text, got, err, want)
		}
		// Whatever json.Number accepts, we accept, and the other way round.
		var n json.Number
		if json.Unmarshal([]byte(text), &n) != nil {
			t.Fatalf("encoding/json rejects %q, which ParseDecimal accepted", text)
		}
	}
}

func randomNumberText(r *rand.Rand) string {
	var b strings.Builder
	if r.IntN(2) == 0 {
		b.WriteByte('-')
	}
	intDigits := r.IntN(12)
	if intDigits == 0 {
		b.WriteByte('0')
	} else {
		b.WriteByte(byte('1' + r.IntN(9)))
		for range intDigits - 1 {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
	}
	if r.IntN(3) > 0 {
		b.WriteByte('.')
		frac := 1 + r.IntN(8)
		for i := range frac {
			d := byte('0' + r.IntN(10))
			if i == 2 && r.IntN(3) == 0 {
				d = '5' // plenty of exact ties
			}
			b.WriteByte(d)
		}
	}
	if r.IntN(4) == 0 {
		b.WriteByte("eE"[r.IntN(2)])
		if k := r.IntN(3); k > 0 {
			b.WriteByte("+-"[k-1])
		}
		b.WriteString(strconv.Itoa(r.IntN(25)))
	}
	return b.String()
}

func roundRatCents(x *big.Rat) *big.Int {
	x = new(big.Rat).Mul(x, big.NewRat(100, 1))
	fl := new(big.Int).Div(x.Num(), x.Denom())
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

// TestParseRejectsWhatJSONRejects: strings that are not JSON numbers are syntax errors.
func TestParseRejectsWhatJSONRejects(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(10, 19))
	const alphabet = "0123456789-+.eE x"
	for range 60_000 {
		b := make([]byte, 1+r.IntN(8))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		s := string(b)
		var n json.Number
		jsonOK := json.Unmarshal(b, &n) == nil && n.String() == s
		_, err := ParseDecimal(s)
		if parsed := !errors.Is(err, ErrSyntax); parsed != jsonOK {
			t.Fatalf("%q: ParseDecimal syntax ok = %v, encoding/json ok = %v (err %v)", s, parsed, jsonOK, err)
		}
	}
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"0", "-0", "12.5", "2.675", "1e-3", "1E+2", "92233720368547758.07", "0.125", "012", "NaN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseDecimal(s)
		if err != nil {
			return
		}
		x, ok := new(big.Rat).SetString(s)
		if !ok {
			t.Fatalf("ParseDecimal accepted %q, big.Rat rejects it", s)
		}
		if want := roundRatCents(x); !want.IsInt64() || want.Int64() != int64(c) {
			t.Fatalf("ParseDecimal(%q) = %d, big.Rat says %s", s, c, want)
		}
	})
}

// errName names an error for a subtest name.
func errName(err error) string {
	switch {
	case errors.Is(err, ErrSyntax):
		return "syntax_error"
	case errors.Is(err, ErrOutOfRange):
		return "out_of_range"
	case errors.Is(err, ErrNotFinite):
		return "not_finite"
	}
	return err.Error()
}
