package skatetime

import (
	"archive/zip"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestLoadZone(t *testing.T) {
	t.Parallel()
	valid := []string{
		"America/New_York", "UTC", "Etc/UTC", "US/Eastern", "Etc/GMT+5", "Europe/London",
		"America/Argentina/Buenos_Aires", "America/Port-au-Prince", "Australia/Lord_Howe", "EST5EDT",
	}
	for _, name := range valid {
		t.Run("accepts_"+name, func(t *testing.T) {
			loc, err := LoadZone(name)
			if err != nil {
				t.Fatalf("LoadZone(%q): %v", name, err)
			}
			if loc.String() != name {
				t.Errorf("loc.String() = %q, want %q", loc.String(), name)
			}
		})
	}
	invalid := []string{
		"", "Local", "america/new_york", "AMERICA/NEW_YORK", "America/New_york", "utc",
		"../etc/passwd", "America/../UTC", "./UTC", "/usr/share/zoneinfo/UTC", "/etc/localtime",
		"posix/America/New_York", "right/UTC", "Factory", " UTC", "UTC ", "America/New_York\x00",
		"America/", "America//New_York", "America", "Mars/Olympus_Mons", "zone.tab", "zone1970.tab",
		"iso3166.tab", "tzdata.zi", "leapseconds", "posixrules", "+VERSION", "EST+5",
		strings.Repeat("A", 10000),
	}
	for _, name := range invalid {
		t.Run("rejects_"+truncate(name, 20), func(t *testing.T) {
			loc, err := LoadZone(name)
			if !errors.Is(err, ErrInvalidZone) {
				t.Fatalf("LoadZone(%q) = %v, %v; want ErrInvalidZone", truncate(name, 20), loc, err)
			}
			if loc != nil {
				t.Errorf("LoadZone(%q) returned a location with its error", name)
			}
		})
	}
}

func TestLoadZoneIsCachedAndConcurrencySafe(t *testing.T) {
	t.Parallel()
	done := make(chan *time.Location)
	for range 8 {
		go func() {
			loc, _ := LoadZone("Pacific/Auckland")
			done <- loc
		}()
	}
	first := <-done
	for range 7 {
		if loc := <-done; loc == nil || loc.String() != first.String() {
			t.Fatalf("concurrent loads disagree: %v vs %v", loc, first)
		}
	}
}

func TestZoneOrUTC(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ rule, zone, want string }{
		{"empty_name_is_utc", "", "UTC"},
		{"server_local_zone_is_utc", "Local", "UTC"},
		{"unknown_zone_is_utc", "not/a_zone", "UTC"},
		{"wrong_case_is_utc", "america/new_york", "UTC"},
		{"known_zone_is_kept", "America/New_York", "America/New_York"},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			if got := ZoneOrUTC(tc.zone).String(); got != tc.want {
				t.Errorf("ZoneOrUTC(%q) = %q, want %q", tc.zone, got, tc.want)
			}
		})
	}
}

func TestEveryZoneNameLoads(t *testing.T) {
	t.Parallel()
	if !slices.IsSorted(zoneNames) || len(slices.Compact(slices.Clone(zoneNames))) != len(zoneNames) {
		t.Fatal("zoneNames must be sorted and unique for the binary search")
	}
	if len(zoneNames) < 400 {
		t.Fatalf("only %d zone names; regenerate with go generate ./internal/skatetime", len(zoneNames))
	}
	for _, name := range zoneNames {
		if _, err := LoadZone(name); err != nil {
			t.Errorf("listed zone does not load: %v", err)
		}
	}
	names := ZoneNames()
	names[0] = "mutated"
	if zoneNames[0] == "mutated" {
		t.Error("ZoneNames returned the internal slice")
	}
}

// TestZoneNamesMatchToolchain fails when the Go toolchain's tz database gains or loses a zone, so
// zonenames.go is regenerated with the toolchain.
func TestZoneNamesMatchToolchain(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Skipf("go env GOROOT: %v", err)
	}
	path := filepath.Join(strings.TrimSpace(string(out)), "lib", "time", "zoneinfo.zip")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("no toolchain tz database: %v", err)
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var want []string
	for _, f := range zr.File {
		if f.Name != "Factory" && !f.FileInfo().IsDir() {
			want = append(want, f.Name)
		}
	}
	slices.Sort(want)
	if !slices.Equal(want, zoneNames) {
		t.Fatalf("zonenames.go is stale (%d names, toolchain has %d); run go generate ./internal/skatetime",
			len(zoneNames), len(want))
	}
}
