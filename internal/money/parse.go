package money

import (
	"fmt"
	"math"
)

// MaxAmount is the largest amount ParseAmount accepts: $1,000,000.00. Skating costs are boots and
// ice hours; anything above this is a typo or an attack on the sums.
const MaxAmount Cents = 1_000_000_00

// maxAmountText bounds ParseAmount's input length; a valid amount is far shorter.
const maxAmountText = 64

// ParseAmount parses an amount from a request: the text of a JSON number (json.Number.String()) in
// dollars, rounded half-to-even to cents, between 0 and MaxAmount inclusive. "12", "12.5", "1.2e1"
// and "0.30000000000000004" (0.30) are fine; "-1", "NaN", "Infinity", "1e7", "+1", ".5", "012",
// " 1" and "" are not.
func ParseAmount(s string) (Cents, error) {
	if len(s) > maxAmountText {
		return 0, fmt.Errorf("%w: %d characters", ErrSyntax, len(s))
	}
	c, err := ParseDecimal(s)
	if err != nil {
		return 0, err
	}
	return c, checkAmount(c)
}

// AmountFromFloat is ParseAmount for a request field already decoded as a float64: FromFloat, then
// the same 0..MaxAmount bounds.
func AmountFromFloat(f float64) (Cents, error) {
	c, err := FromFloat(f)
	if err != nil {
		return 0, err
	}
	return c, checkAmount(c)
}

func checkAmount(c Cents) error {
	if c < 0 || c > MaxAmount {
		return fmt.Errorf("%w: %s is not between 0.00 and %s", ErrOutOfRange, c, MaxAmount)
	}
	return nil
}

// ParseDecimal parses a decimal number in JSON number syntax (-?int(.frac)?([eE][+-]?exp)?) in
// dollars and rounds it half-to-even to cents. It accepts any sign and magnitude that fits the
// package's range; it is also suitable for PostgreSQL numeric text.
func ParseDecimal(s string) (Cents, error) {
	neg, mant, exp, ok := scanNumber(s)
	if !ok {
		return 0, fmt.Errorf("%w: %q", ErrSyntax, clip(s))
	}
	c, ok := toCents(mant, exp)
	if !ok {
		return 0, fmt.Errorf("%w: %q", ErrOutOfRange, clip(s))
	}
	if neg {
		c = -c
	}
	return c, nil
}

// expCap saturates exponents: beyond it any non-zero mantissa overflows or rounds to zero.
const expCap = 1_000_000

// scanNumber splits JSON number text into its sign, its significant digits (no leading zeros;
// empty for zero) and a power of ten: the value is ±mant × 10^exp.
func scanNumber(s string) (neg bool, mant string, exp int, ok bool) {
	i := 0
	if i < len(s) && s[i] == '-' {
		neg = true
		i++
	}
	intStart := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	intPart := s[intStart:i]
	if intPart == "" || (len(intPart) > 1 && intPart[0] == '0') {
		return false, "", 0, false
	}
	var fracPart string
	if i < len(s) && s[i] == '.' {
		i++
		fracStart := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		fracPart = s[fracStart:i]
		if fracPart == "" {
			return false, "", 0, false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		expNeg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			expNeg = s[i] == '-'
			i++
		}
		expStart := i
		for i < len(s) && isDigit(s[i]) {
			if exp < expCap {
				exp = exp*10 + int(s[i]-'0')
			}
			i++
		}
		if i == expStart {
			return false, "", 0, false
		}
		exp = min(exp, expCap)
		if expNeg {
			exp = -exp
		}
	}
	if i != len(s) {
		return false, "", 0, false
	}
	// The integer part may be "0", so strip leading zeros across the joined digits.
	mant = intPart + fracPart
	for len(mant) > 0 && mant[0] == '0' {
		mant = mant[1:]
	}
	return neg, mant, exp - len(fracPart), true
}

// toCents rounds mant × 10^exp dollars half-to-even to whole cents, reporting false on overflow.
func toCents(mant string, exp int) (Cents, bool) {
	if mant == "" {
		return 0, true
	}
	e := exp + 2           // now in cents: mant × 10^e
	whole := len(mant) + e // digits left of the cents point
	if whole > 19 {        // ≥ 10^19 cents > MaxInt64
		return 0, false
	}
	var n uint64
	for i := 0; i < whole; i++ {
		d := uint64(0)
		if i < len(mant) {
			d = uint64(mant[i] - '0')
		}
		n = n*10 + d // whole ≤ 19 digits fits in uint64
	}
	if e < 0 && whole >= 0 {
		// Round on the dropped digits mant[whole:]. (whole < 0 means at least one zero was dropped
		// first, so the value is below half a cent and rounds to 0.)
		dropped := mant[whole:]
		first := dropped[0]
		rest := false
		for j := 1; j < len(dropped); j++ {
			if dropped[j] != '0' {
				rest = true
				break
			}
		}
		if first > '5' || (first == '5' && (rest || n%2 == 1)) {
			n++
		}
	} else if whole < 0 {
		n = 0
	}
	if n > math.MaxInt64 {
		return 0, false
	}
	return Cents(n), true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func clip(s string) string {
	if len(s) > 32 {
		return s[:32] + "…"
	}
	return s
}
