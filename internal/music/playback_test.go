package music

import (
	"fmt"
	"testing"
)

func TestParseRange(t *testing.T) {
	t.Parallel()
	cases := []struct {
		h    string
		want ByteRange
		ok   bool
	}{
		{"bytes=0-", ByteRange{First: 0, Last: -1}, true},
		{"bytes=0-0", ByteRange{First: 0, Last: 0}, true},
		{"bytes=10-20", ByteRange{First: 10, Last: 20}, true},
		{" Bytes = 10 - 20 ", ByteRange{First: 10, Last: 20}, true},
		{"bytes=-500", ByteRange{IsSuffix: true, Suffix: 500}, true},
		{"bytes=-0", ByteRange{IsSuffix: true, Suffix: 0}, true},
		{"bytes=999999999999999999-", ByteRange{First: 999999999999999999, Last: -1}, true},
		{"", ByteRange{}, false},
		{"bytes", ByteRange{}, false},
		{"bytes=", ByteRange{}, false},
		{"bytes=-", ByteRange{}, false},
		{"bytes=20-10", ByteRange{}, false},
		{"bytes=0-1,3-4", ByteRange{}, false},
		{"items=0-1", ByteRange{}, false},
		{"bytes=a-b", ByteRange{}, false},
		{"bytes=+1-2", ByteRange{}, false},
		{"bytes=1-+2", ByteRange{}, false},
		{"bytes=-5-10", ByteRange{}, false},
		{"bytes=1.5-2", ByteRange{}, false},
		{"bytes=0x10-20", ByteRange{}, false},
		{"bytes=9999999999999999999-", ByteRange{}, false}, // overflows int64
		{"bytes=1--2", ByteRange{}, false},
	}
	for _, tc := range cases {
		verdict := "is_refused"
		if tc.ok {
			verdict = "is_accepted"
		}
		t.Run(fmt.Sprintf("%q_%s", tc.h, verdict), func(t *testing.T) {
			got, ok := ParseRange(tc.h)
			if ok != tc.ok || got != tc.want {
				t.Errorf("ParseRange(%q) = %+v, %v; want %+v, %v", tc.h, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func FuzzParseRange(f *testing.F) {
	for _, s := range []string{"bytes=0-", "bytes=-5", "bytes=1-2", "bytes=0-1,2-3", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		r, ok := ParseRange(h)
		if !ok {
			return
		}
		if r.IsSuffix {
			if r.Suffix < 0 {
				t.Fatalf("%q: negative suffix %d", h, r.Suffix)
			}
			return
		}
		if r.First < 0 || r.Last != -1 && r.Last < r.First {
			t.Fatalf("%q: bad range %+v", h, r)
		}
	})
}
