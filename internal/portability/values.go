package portability

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/skatetrax/skatetrax-api/internal/skatetime"
)

// kind is how one fixture or CSV value is read.
type kind int

const (
	kUUID    kind = iota // a UUID or null
	kID                  // a UUID, never null (a row's own id)
	kText                // text or null
	kInt                 // a whole number or null
	kMinutes             // a whole number >= 0 or null
	kMoney               // a finite number >= 0 or null
	kNum                 // a finite number or null
	kTime                // a timestamp, stored as naive UTC
	kPhone               // digits written as a number or as text: always text
	kZip                 // a ZIP code: text; a number warns when zeros may be lost
	kZone                // an IANA zone name
	kFlag                // 0/1 (true/false accepted)
	kPref                // a contact preference
)

// placeholder reports the original samples' fill-me-in values.
func placeholder(s string) bool {
	return strings.HasPrefix(s, "REPLACE_WITH_") || s == "CHANGE_ME"
}

var timeRe = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)(Z|[+-]\d{2}:\d{2})?)?$`)

// parseWhen reads the date forms the importer accepts — YYYY-MM-DD, and
// YYYY-MM-DD[ T]HH:MM[:SS[.ffffff]] with an optional Z or ±HH:MM — in Go,
// the same on every installation (the original's parse depended on the
// pandas version and PostgreSQL's DateStyle). A time with an offset is
// converted to UTC; one without is taken as the UTC it was exported as.
// dateOnly reports a bare day.
func parseWhen(s string) (t time.Time, dateOnly bool, err error) {
	m := timeRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return time.Time{}, false, fmt.Errorf("%q is not a date (YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS] with an optional Z or ±HH:MM)", s)
	}
	if m[2] == "" {
		d, err := time.Parse("2006-01-02", m[1])
		if err != nil {
			return time.Time{}, false, fmt.Errorf("%q is not a calendar date", s)
		}
		return d, true, nil
	}
	clock := m[2]
	if len(clock) == 5 {
		clock += ":00"
	}
	layout := "2006-01-02T15:04:05.999999"
	value := m[1] + "T" + clock
	if m[3] != "" {
		layout += "Z07:00"
		value += m[3]
	}
	t, err = time.Parse(layout, value)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("%q is not a valid date and time", s)
	}
	return t.UTC(), false, nil
}

// naive renders an instant the way timestamp (without zone) columns hold it.
func naive(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.999999") }

// convert reads one value. It returns the value to store (nil for null), a
// warning, and an error for a value that cannot be stored as is.
func convert(k kind, v any) (out any, warn string, err error) {
	if s, ok := v.(string); ok && placeholder(strings.TrimSpace(s)) {
		return nil, "", fmt.Errorf("still holds the placeholder %s: replace it with the real value", strings.TrimSpace(s))
	}
	if v == nil {
		if k == kID {
			return nil, "", fmt.Errorf("is required (a null id would become a random UUID nothing can refer to)")
		}
		return nil, "", nil
	}
	switch k {
	case kUUID, kID:
		s, ok := v.(string)
		if !ok {
			return nil, "", fmt.Errorf("must be a UUID in quotes")
		}
		id, err := uuid.Parse(strings.TrimSpace(s))
		if err != nil {
			return nil, "", fmt.Errorf("%q is not a UUID", s)
		}
		return id.String(), "", nil
	case kText:
		switch x := v.(type) {
		case string:
			return x, "", nil
		case int, int64, float64, bool:
			return fmt.Sprint(x), "", nil
		}
		return nil, "", fmt.Errorf("must be text")
	case kPhone, kZip:
		switch x := v.(type) {
		case string:
			return strings.TrimSpace(x), "", nil
		case int:
			w := ""
			if k == kZip && x < 10000 {
				w = fmt.Sprintf("ZIP %d was written as a number: a leading zero may have been lost (quote ZIP codes)", x)
			}
			return strconv.Itoa(x), w, nil
		}
		return nil, "", fmt.Errorf("must be digits or text")
	case kInt, kMinutes, kFlag:
		var n int64
		switch x := v.(type) {
		case int:
			n = int64(x)
		case float64:
			if x != math.Trunc(x) || math.IsInf(x, 0) || math.IsNaN(x) {
				return nil, "", fmt.Errorf("%v is not a whole number", x)
			}
			n = int64(x)
		case bool:
			if k != kFlag {
				return nil, "", fmt.Errorf("must be a number, not %v", x)
			}
			if x {
				n = 1
			}
		case string:
			s := strings.TrimSpace(x)
			switch strings.ToLower(s) {
			case "true":
				s = "1"
			case "false":
				s = "0"
			}
			p, err := strconv.ParseInt(s, 10, 32)
			if err != nil {
				return nil, "", fmt.Errorf("%q is not a whole number", x)
			}
			n = p
		default:
			return nil, "", fmt.Errorf("must be a whole number")
		}
		if n > math.MaxInt32 || n < math.MinInt32 {
			return nil, "", fmt.Errorf("%d is out of range", n)
		}
		if k == kMinutes && n < 0 {
			return nil, "", fmt.Errorf("must not be negative")
		}
		if k == kFlag && n != 0 && n != 1 {
			return nil, "", fmt.Errorf("must be 0 or 1")
		}
		return n, "", nil
	case kMoney, kNum:
		var f float64
		switch x := v.(type) {
		case int:
			f = float64(x)
		case float64:
			f = x
		case string:
			p, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
			if err != nil {
				return nil, "", fmt.Errorf("%q is not a number", x)
			}
			f = p
		default:
			return nil, "", fmt.Errorf("must be a number")
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, "", fmt.Errorf("must be a finite number")
		}
		if k == kMoney && f < 0 {
			return nil, "", fmt.Errorf("must not be negative")
		}
		return f, "", nil
	case kTime:
		switch x := v.(type) {
		case time.Time:
			return naive(x), "", nil
		case string:
			t, _, err := parseWhen(x)
			if err != nil {
				return nil, "", err
			}
			return naive(t), "", nil
		}
		return nil, "", fmt.Errorf("must be a date")
	case kZone:
		s, ok := v.(string)
		if !ok {
			return nil, "", fmt.Errorf("must be an IANA zone name")
		}
		if _, err := skatetime.LoadZone(s); err != nil {
			return nil, "", fmt.Errorf("%q is not an IANA time zone name", s)
		}
		return s, "", nil
	case kPref:
		s, _ := v.(string)
		switch s {
		case "email", "phone", "social", "text":
			return s, "", nil
		}
		return nil, "", fmt.Errorf("must be one of email, phone, social, text")
	}
	return nil, "", fmt.Errorf("unknown kind")
}
