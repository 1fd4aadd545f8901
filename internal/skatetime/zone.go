package skatetime

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	// Embed the tz database so zones load the same on a bare container as on a dev machine.
	_ "time/tzdata"
)

//go:generate go run gen_zonenames.go

// ErrInvalidZone reports a zone name that is not an exact IANA name from the embedded tz database.
var ErrInvalidZone = errors.New("invalid time zone")

// zoneCache maps an accepted name to its loaded *time.Location. It is bounded by len(zoneNames).
var zoneCache sync.Map

// LoadZone loads an IANA zone by its exact, case-sensitive name, e.g. "America/New_York".
//
// It is stricter than time.LoadLocation: "", "Local", paths ("../x", "/etc/localtime", "posix/..."),
// the "Factory" placeholder, and wrong case ("america/new_york", which a case-insensitive file system
// would happily open) are all rejected with an error wrapping ErrInvalidZone. The accepted names are
// those of the Go toolchain's tz database (zonenames.go), including backward links such as "US/Eastern".
func LoadZone(name string) (*time.Location, error) {
	if _, ok := slices.BinarySearch(zoneNames, name); !ok {
		return nil, fmt.Errorf("%w: %q", ErrInvalidZone, truncate(name, 64))
	}
	if loc, ok := zoneCache.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %v", ErrInvalidZone, name, err)
	}
	zoneCache.Store(name, loc)
	return loc, nil
}

// ZoneOrUTC loads a stored skater zone for reading: empty (NULL) or invalid names give UTC.
// Zones are validated on write, so the fallback only covers legacy rows and never turns into a 500.
func ZoneOrUTC(name string) *time.Location {
	if name == "" {
		return time.UTC
	}
	loc, err := LoadZone(name)
	if err != nil {
		return time.UTC
	}
	return loc
}

// ZoneNames returns a copy of the sorted list of names LoadZone accepts, for pickers and validation.
func ZoneNames() []string {
	return slices.Clone(zoneNames)
}

// orUTC makes a nil location mean UTC, because (time.Time).In(nil) panics.
func orUTC(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
