// Package money handles USD amounts exactly, as a whole number of cents.
//
// The database keeps costs as double precision (docs/original.md, "Money storage"). Sums are taken here in integer cents, and
// every conversion from a float rounds the float's shortest decimal form half-to-even to whole cents,
// so 0.125 is 0.12, 0.135 is 0.14 and 2.675 is 2.68. That last one differs from Python's
// "%0.2f" % 2.675 ("2.67"), which rounds the binary value 2.67499999…: we take the amount the user
// typed, which is what the shortest form is. NaN and ±Inf are errors, never amounts.
package money

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Cents is an amount of US dollars in cents. Every Cents value produced by this package lies in
// [-math.MaxInt64, math.MaxInt64], so negation never overflows.
type Cents int64

var (
	// ErrNotFinite reports a NaN or infinite float.
	ErrNotFinite = errors.New("amount is not a finite number")
	// ErrOutOfRange reports an amount outside the range the caller allows (or outside int64 cents).
	ErrOutOfRange = errors.New("amount out of range")
	// ErrSyntax reports text that is not a JSON number.
	ErrSyntax = errors.New("amount is not a number")
)

// FromFloat converts a float amount in dollars to cents: the shortest decimal that round-trips to
// f (strconv 'e' -1, i.e. what JSON, Python repr and PostgreSQL print), rounded half-to-even to cents.
// NaN and ±Inf give ErrNotFinite; amounts beyond int64 cents give ErrOutOfRange.
func FromFloat(f float64) (Cents, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%w: %v", ErrNotFinite, f)
	}
	c, err := ParseDecimal(strconv.FormatFloat(f, 'e', -1, 64))
	if err != nil {
		return 0, fmt.Errorf("convert %v: %w", f, err)
	}
	return c, nil
}

// String formats c with exactly two decimals and no grouping: "40.00", "-3.05", "0.00".
func (c Cents) String() string {
	u := uint64(c)
	if c < 0 {
		u = -u
	}
	frac := u % 100
	s := strconv.FormatUint(u/100, 10) + "." + string(rune('0'+frac/10)) + string(rune('0'+frac%10))
	if c < 0 {
		return "-" + s
	}
	return s
}

// MarshalJSON writes c as its String form, "40.00", so a Cents never reaches JSON as a bare count
// of cents. Fields the frontend reads as numbers should carry c.Float() instead.
func (c Cents) MarshalJSON() ([]byte, error) {
	return []byte(`"` + c.String() + `"`), nil
}

// Float returns c in dollars as the nearest float64 (exact to the cent below 2^53 cents), for JSON
// fields the frontend reads as numbers. It prints as 12, 17.5 or 3.05, never with binary noise.
func (c Cents) Float() float64 {
	return float64(c) / 100
}

// Add returns a+b, or ErrOutOfRange if the sum leaves the package's range.
func Add(a, b Cents) (Cents, error) {
	s := a + b
	// Signed overflow wraps: the sum has the wrong sign exactly when both operands share a sign the
	// result lacks. MinInt64 is excluded to keep the range symmetric.
	if (a > 0 && b > 0 && s < 0) || (a < 0 && b < 0 && s >= 0) || s == math.MinInt64 {
		return 0, fmt.Errorf("%w: %s + %s", ErrOutOfRange, a, b)
	}
	return s, nil
}

// Sum adds the amounts exactly, or returns ErrOutOfRange on overflow. Sum() is 0.
func Sum(amounts ...Cents) (Cents, error) {
	var total Cents
	for _, a := range amounts {
		var err error
		if total, err = Add(total, a); err != nil {
			return 0, err
		}
	}
	return total, nil
}

// Exact renders a stored cost exactly to the cent, or nil when there is none:
// NULL, NaN and ±Infinity (which the original stored) are not amounts, and
// JSON has no NaN.
func Exact(f *float64) *float64 {
	if f == nil {
		return nil
	}
	c, err := FromFloat(*f)
	if err != nil {
		return nil
	}
	v := c.Float()
	return &v
}
