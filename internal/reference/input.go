package reference

import (
	"math"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/money"
	"github.com/skatetrax/skatetrax-api/internal/skatetime"
)

// Field limits (characters).
const (
	maxName  = 120
	maxText  = 200
	maxPhone = 32
	maxEmail = 254
	maxURL   = 500
	// maxAmount bounds rates and fees (USD).
	maxAmount = 100000
)

// checker collects the first problem of an input, field by field.
type checker struct{ err *apperr.Error }

func (c *checker) fail(field, msg string) {
	if c.err == nil {
		c.err = apperr.InvalidField("body", field, msg)
	}
}

// text trims a required or optional text field; "" becomes nil for optional ones.
func (c *checker) text(field string, v *string, max int, required bool) *string {
	if v == nil {
		if required {
			c.fail(field, "is required")
		}
		return nil
	}
	t := strings.TrimSpace(*v)
	switch {
	case t == "" && required:
		c.fail(field, "must not be empty")
		return nil
	case t == "":
		return nil
	case !utf8.ValidString(t):
		c.fail(field, "must be valid UTF-8")
	case utf8.RuneCountInString(t) > max:
		c.fail(field, "must be at most "+itoa(max)+" characters")
	case strings.IndexFunc(t, unicode.IsControl) >= 0:
		c.fail(field, "must not contain control characters")
	}
	return &t
}

func (c *checker) amount(field string, v *float64) *float64 {
	if v == nil {
		return nil
	}
	if math.IsNaN(*v) || math.IsInf(*v, 0) || *v < 0 || *v > maxAmount {
		c.fail(field, "must be a number from 0 to "+itoa(maxAmount))
		return nil
	}
	cents, err := money.FromFloat(*v)
	if err != nil {
		c.fail(field, "must be an amount in USD")
		return nil
	}
	f := cents.Float()
	return &f
}

func (c *checker) federationID(field string, v *int32) *int32 {
	if v != nil && *v < 0 {
		c.fail(field, "must not be negative")
	}
	return v
}

func (c *checker) email(field string, v *string) *string {
	t := c.text(field, v, maxEmail, false)
	if t != nil {
		if a, err := mail.ParseAddress(*t); err != nil || a.Address != *t {
			c.fail(field, "must be an email address")
		}
	}
	return t
}

func (c *checker) url(field string, v *string) *string {
	t := c.text(field, v, maxURL, false)
	if t != nil && !strings.HasPrefix(*t, "https://") && !strings.HasPrefix(*t, "http://") {
		c.fail(field, "must start with http:// or https://")
	}
	return t
}

func (c *checker) zone(field string, v *string) *string {
	t := c.text(field, v, 64, false)
	if t != nil {
		if _, err := skatetime.LoadZone(*t); err != nil {
			c.fail(field, "must be an IANA time zone name such as America/New_York")
		}
	}
	return t
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
