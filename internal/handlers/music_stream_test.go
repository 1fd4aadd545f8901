package handlers_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"testing"
)

// Byte ranges, for the owner's URL and a shared playlist's, on both
// backends: the player seeks with them.
func TestPlaybackRanges(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, b backend) {
		s := newMusicServer(t, b)
		c, _ := s.Skater("jane", "UTC")
		data := wav(3<<20 + 123) // 3 MiB: larger than one read buffer, patterned bytes
		size := len(data)
		tr := uploadTrack(t, c, s.Server, "Long", data)
		p := createPlaylist(t, c, "Shared")
		setTracks(t, c, p.ID, tr.ID)
		tok := sharePlaylist(t, c, p.ID)

		whole := getAudio(t, c, s.Server, *tr.Src).Expect(200)
		etag := whole.Header.Get("ETag")
		if whole.Header.Get("Accept-Ranges") != "bytes" || etag == "" || whole.Header.Get("X-Content-Type-Options") != "nosniff" ||
			whole.Header.Get("Cache-Control") != "private, max-age=3600" || whole.Header.Get("Content-Type") != "audio/wav" {
			t.Fatalf("headers of a whole file: %v", whole.Header)
		}
		cases := []struct {
			name, rng, ifRange string
			status             int
			first, last        int // the bytes expected (for 200 and 206)
		}{
			{"no range", "", "", 200, 0, size - 1},
			{"from the start", "bytes=0-", "", 206, 0, size - 1},
			{"first byte", "bytes=0-0", "", 206, 0, 0},
			{"middle", "bytes=1000000-1999999", "", 206, 1000000, 1999999},
			{"open end", "bytes=2500000-", "", 206, 2500000, size - 1},
			{"last byte", fmt.Sprintf("bytes=%d-", size-1), "", 206, size - 1, size - 1},
			{"past the end is cut", fmt.Sprintf("bytes=%d-%d", size-10, size+5000), "", 206, size - 10, size - 1},
			{"suffix", "bytes=-500", "", 206, size - 500, size - 1},
			{"suffix longer than the file", fmt.Sprintf("bytes=-%d", size+10), "", 206, 0, size - 1},
			{"spaces", "bytes = 10 - 19", "", 206, 10, 19},
			{"unit in capitals", "BYTES=10-19", "", 206, 10, 19},
			{"matching If-Range", "bytes=10-19", etag, 206, 10, 19},
			{"stale If-Range", "bytes=10-19", `"stale"`, 200, 0, size - 1},
			{"weak If-Range", "bytes=10-19", "W/" + etag, 200, 0, size - 1},
			{"several ranges are ignored", "bytes=0-9,20-29", "", 200, 0, size - 1},
			{"other unit ignored", "items=0-9", "", 200, 0, size - 1},
			{"malformed ignored", "bytes=abc", "", 200, 0, size - 1},
			{"backwards ignored", "bytes=20-10", "", 200, 0, size - 1},
			{"negative ignored", "bytes=-5-10", "", 200, 0, size - 1},
			{"start at the end", fmt.Sprintf("bytes=%d-", size), "", 416, 0, 0},
			{"start past the end", fmt.Sprintf("bytes=%d-%d", size+100, size+200), "", 416, 0, 0},
			{"empty suffix", "bytes=-0", "", 416, 0, 0},
		}
		for _, route := range []struct{ name, url string }{
			{"own_track", *tr.Src},
			{"shared_track", sharedMusic + tok + "/tracks/" + tr.ID + "/audio"},
		} {
			t.Run(route.name, func(t *testing.T) {
				for _, tc := range cases {
					t.Run(tc.name, func(t *testing.T) {
						var hdr []string
						if tc.rng != "" {
							hdr = append(hdr, "Range", tc.rng)
						}
						if tc.ifRange != "" {
							hdr = append(hdr, "If-Range", tc.ifRange)
						}
						res := getAudio(t, c, s.Server, route.url, hdr...)
						if res.Status != tc.status {
							t.Fatalf("status %d, want %d: %.200s", res.Status, tc.status, res.Body)
						}
						switch tc.status {
						case 416:
							if got := res.Header.Get("Content-Range"); got != "bytes */"+strconv.Itoa(size) {
								t.Errorf("Content-Range %q", got)
							}
							if m := res.Map(); m["code"] != "range_not_satisfiable" {
								t.Errorf("body %v", m)
							}
						case 206:
							if want := fmt.Sprintf("bytes %d-%d/%d", tc.first, tc.last, size); res.Header.Get("Content-Range") != want {
								t.Errorf("Content-Range %q, want %q", res.Header.Get("Content-Range"), want)
							}
							fallthrough
						default:
							if !bytes.Equal(res.Body, data[tc.first:tc.last+1]) {
								t.Errorf("%d bytes that are not bytes %d-%d of the file", len(res.Body), tc.first, tc.last)
							}
							if res.Header.Get("ETag") != etag {
								t.Errorf("ETag %q, want %q", res.Header.Get("ETag"), etag)
							}
						}
					})
				}
			})
		}
	})
}

// A player that stops reading after the first bytes (a seek) must not
// break anything: the server notices and releases the object.
func TestPlaybackAbandonedRead(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, b backend) {
		s := newMusicServer(t, b)
		c, _ := s.Skater("jane", "UTC")
		tr := uploadTrack(t, c, s.Server, "Long", wav(8<<20))
		for range 5 {
			req, _ := http.NewRequest(http.MethodGet, s.URL+*tr.Src, nil)
			req.Header.Set("Cookie", "session="+c.Cookie("session"))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.ReadFull(resp.Body, make([]byte, 4096)); err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
		getAudio(t, c, s.Server, *tr.Src, "Range", "bytes=0-99").Expect(206)
		c.Request(http.MethodDelete, tracksPath+"/"+tr.ID, nil).Expect(200)
		s.consistent(t)
	})
}
