package training

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The session history is ordered date DESC, ice_time_id DESC, with undated sessions (which only
// the original could write) after all dated ones. A Cursor is the position after the last row of a
// page: the next page holds the rows that come after it in that order.
type Cursor struct {
	// Dated is true while the position is among dated sessions; Date and ID then name the last row.
	// When false, the position is among undated sessions, before ID.
	Dated bool
	Date  time.Time
	ID    int32
}

// Start is the position before the first row.
var Start = Cursor{Dated: true, Date: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), ID: math.MaxInt32}

// UndatedStart is the position after every dated row and before every undated one.
var UndatedStart = Cursor{ID: math.MaxInt32}

// ErrBadCursor reports text that is not a cursor Encode produced.
var ErrBadCursor = errors.New("not a cursor this API issued")

// Encode renders the cursor as opaque URL-safe text.
func (c Cursor) Encode() string {
	var raw string
	if c.Dated {
		raw = fmt.Sprintf("d:%d:%d", c.Date.UnixMicro(), c.ID)
	} else {
		raw = fmt.Sprintf("n:%d", c.ID)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// ParseCursor reads a cursor written by Encode.
func ParseCursor(s string) (Cursor, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Cursor{}, ErrBadCursor
	}
	parts := strings.Split(string(raw), ":")
	id := func(s string) (int32, bool) {
		n, err := strconv.ParseInt(s, 10, 32)
		return int32(n), err == nil && n > 0
	}
	switch {
	case len(parts) == 3 && parts[0] == "d":
		micros, err := strconv.ParseInt(parts[1], 10, 64)
		n, ok := id(parts[2])
		if err != nil || !ok {
			return Cursor{}, ErrBadCursor
		}
		return Cursor{Dated: true, Date: time.UnixMicro(micros).UTC(), ID: n}, nil
	case len(parts) == 2 && parts[0] == "n":
		n, ok := id(parts[1])
		if !ok {
			return Cursor{}, ErrBadCursor
		}
		return Cursor{ID: n}, nil
	}
	return Cursor{}, ErrBadCursor
}
