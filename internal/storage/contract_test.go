package storage_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skatetrax/skatetrax-api/internal/storage"
)

// testContract runs the behaviour every Store must share against a fresh,
// empty store from open. presigns says whether PresignGet should work.
func testContract(t *testing.T, open func(t *testing.T) storage.Store, presigns bool) {
	ctx := context.Background()
	payload := func(n int) []byte {
		b := make([]byte, n)
		_, _ = rand.Read(b)
		return b
	}
	mustPut := func(t *testing.T, st storage.Store, key string, b []byte, ct string) {
		t.Helper()
		if err := st.Put(ctx, key, bytes.NewReader(b), int64(len(b)), ct); err != nil {
			t.Fatalf("Put(%s): %v", key, err)
		}
	}
	readAll := func(t *testing.T, st storage.Store, key string, rng *storage.Range) ([]byte, storage.ObjectInfo) {
		t.Helper()
		rc, info, err := st.Get(ctx, key, rng)
		if err != nil {
			t.Fatalf("Get(%s, %+v): %v", key, rng, err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatalf("read %s: %v", key, err)
		}
		return b, info
	}
	assertGone := func(t *testing.T, st storage.Store, key string) {
		t.Helper()
		if _, err := st.Stat(ctx, key); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("Stat(%s) = %v, want ErrNotFound", key, err)
		}
		if _, _, err := st.Get(ctx, key, nil); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("Get(%s) = %v, want ErrNotFound", key, err)
		}
	}

	t.Run("put_get_stat_delete", func(t *testing.T) {
		st := open(t)
		key := "music/2b7c7c4e-0d5e-4f3a-9d57-3f1f8c1e2a10/9a1d.mp3"
		data := payload(100_000)
		before := time.Now().Add(-2 * time.Second)
		mustPut(t, st, key, data, "audio/mpeg")

		got, info := readAll(t, st, key, nil)
		if !bytes.Equal(got, data) {
			t.Fatalf("Get returned %d bytes, want the %d put", len(got), len(data))
		}
		if info.Size != int64(len(data)) || info.ContentType != "audio/mpeg" || info.Key != key || info.ETag == "" {
			t.Errorf("Get info = %+v", info)
		}
		if info.ModTime.Before(before) || info.ModTime.After(time.Now().Add(2*time.Second)) {
			t.Errorf("ModTime %v is not about now", info.ModTime)
		}
		stat, err := st.Stat(ctx, key)
		if err != nil || stat.Size != info.Size || stat.ContentType != info.ContentType || stat.ETag != info.ETag {
			t.Errorf("Stat = %+v, %v; Get said %+v", stat, err, info)
		}

		if err := st.Delete(ctx, key); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		assertGone(t, st, key)
		if err := st.Delete(ctx, key); err != nil {
			t.Errorf("second Delete = %v, want nil", err)
		}
	})

	t.Run("missing_key_is_not_found", func(t *testing.T) {
		st := open(t)
		assertGone(t, st, "music/none/missing.mp3")
		if _, _, err := st.Get(ctx, "music/none/missing.mp3", &storage.Range{Offset: 5, Length: 5}); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("ranged Get = %v, want ErrNotFound", err)
		}
		// A prefix of stored keys is not an object either.
		mustPut(t, st, "music/dir/a.mp3", []byte("x"), "audio/mpeg")
		assertGone(t, st, "music/dir")
		if err := st.Delete(ctx, "music/dir"); err != nil {
			t.Errorf("Delete of a prefix = %v", err)
		}
		if _, err := st.Stat(ctx, "music/dir/a.mp3"); err != nil {
			t.Errorf("Delete of a prefix removed its object: %v", err)
		}
	})

	t.Run("ranges", func(t *testing.T) {
		st := open(t)
		key := "music/r/range.ogg"
		data := payload(10_000)
		mustPut(t, st, key, data, "audio/ogg")
		tests := []struct {
			rng     storage.Range
			from, n int
		}{
			{storage.Range{Offset: 0, Length: 1}, 0, 1},
			{storage.Range{Offset: 100, Length: 200}, 100, 200},
			{storage.Range{Offset: 9_000, Length: -1}, 9_000, 1_000},
			{storage.Range{Offset: 0, Length: -1}, 0, 10_000},
			{storage.Range{Offset: 9_999, Length: 50}, 9_999, 1}, // cut at the end
			{storage.Range{Offset: 5_000, Length: 5_000}, 5_000, 5_000},
		}
		for _, tt := range tests {
			t.Run(fmt.Sprintf("range_%d_%d_reads_%d_bytes_from_%d", tt.rng.Offset, tt.rng.Length, tt.n, tt.from), func(t *testing.T) {
				rng := tt.rng
				got, info := readAll(t, st, key, &rng)
				if !bytes.Equal(got, data[tt.from:tt.from+tt.n]) {
					t.Errorf("%+v: got %d bytes, want data[%d:%d]", tt.rng, len(got), tt.from, tt.from+tt.n)
				}
				if info.Size != int64(len(data)) || info.ContentType != "audio/ogg" {
					t.Errorf("%+v: info %+v, want the whole object's size and type", tt.rng, info)
				}
			})
		}
		for _, rng := range []storage.Range{{Offset: 10_000, Length: 1}, {Offset: 20_000, Length: -1}, {Offset: -1, Length: 5}, {Offset: 0, Length: 0}} {
			t.Run(fmt.Sprintf("range_%d_%d_is_invalid", rng.Offset, rng.Length), func(t *testing.T) {
				if rc, _, err := st.Get(ctx, key, &rng); !errors.Is(err, storage.ErrInvalidRange) {
					if rc != nil {
						rc.Close()
					}
					t.Errorf("Get %+v = %v, want ErrInvalidRange", rng, err)
				}
			})
		}
	})

	t.Run("overwrite_replaces_content_and_type", func(t *testing.T) {
		st := open(t)
		key := "music/o/over.bin"
		mustPut(t, st, key, payload(5_000), "audio/mpeg")
		first, _ := st.Stat(ctx, key)
		second := payload(1_234)
		mustPut(t, st, key, second, "audio/flac")
		got, info := readAll(t, st, key, nil)
		if !bytes.Equal(got, second) || info.Size != 1_234 || info.ContentType != "audio/flac" {
			t.Errorf("after overwrite: %d bytes, %+v", len(got), info)
		}
		if info.ETag == first.ETag {
			t.Errorf("ETag %q did not change with the content", info.ETag)
		}
	})

	t.Run("empty_object_and_default_type", func(t *testing.T) {
		st := open(t)
		mustPut(t, st, "e/empty", nil, "")
		got, info := readAll(t, st, "e/empty", nil)
		if len(got) != 0 || info.Size != 0 || info.ContentType != storage.DefaultContentType {
			t.Errorf("empty object: %d bytes, %+v", len(got), info)
		}
		if _, _, err := st.Get(ctx, "e/empty", &storage.Range{Offset: 0, Length: -1}); !errors.Is(err, storage.ErrInvalidRange) {
			t.Errorf("range on an empty object = %v, want ErrInvalidRange", err)
		}
	})

	t.Run("unknown_size_streams", func(t *testing.T) {
		st := open(t)
		data := payload(300_000)
		// A pipe hides the length, as a multipart upload part does.
		pr, pw := io.Pipe()
		go func() {
			for b := data; len(b) > 0; b = b[min(len(b), 7_000):] {
				_, _ = pw.Write(b[:min(len(b), 7_000)])
			}
			pw.Close()
		}()
		if err := st.Put(ctx, "u/stream.wav", pr, -1, "audio/wav"); err != nil {
			t.Fatalf("Put size -1: %v", err)
		}
		got, info := readAll(t, st, "u/stream.wav", nil)
		if !bytes.Equal(got, data) || info.Size != int64(len(data)) {
			t.Errorf("got %d bytes, %+v", len(got), info)
		}
	})

	t.Run("failed_put_leaves_nothing", func(t *testing.T) {
		st := open(t)
		boom := errors.New("client went away")
		for _, tc := range []struct {
			name string
			size int64
		}{{"unknown_size", -1}, {"declared_size", 200_000}} {
			t.Run(tc.name+"_put_failing_midway_leaves_nothing", func(t *testing.T) {
				key := fmt.Sprintf("f/fail-%d.mp3", tc.size)
				r := io.MultiReader(bytes.NewReader(payload(100_000)), errReader{boom})
				if err := st.Put(ctx, key, r, tc.size, "audio/mpeg"); !errors.Is(err, boom) {
					t.Errorf("size %d: Put = %v, want the reader's error", tc.size, err)
				}
				assertGone(t, st, key)
			})
		}
		// A short body is an error too, and the previous object survives.
		key := "f/short.mp3"
		old := payload(10)
		mustPut(t, st, key, old, "audio/mpeg")
		if err := st.Put(ctx, key, bytes.NewReader(payload(50)), 100, "audio/mpeg"); !errors.Is(err, storage.ErrSizeMismatch) {
			t.Errorf("short body: Put = %v, want ErrSizeMismatch", err)
		}
		if got, _ := readAll(t, st, key, nil); !bytes.Equal(got, old) {
			t.Errorf("failed overwrite changed the object")
		}
		// Only the declared size is read.
		if err := st.Put(ctx, key, bytes.NewReader([]byte("0123456789")), 4, "text/plain"); err != nil {
			t.Fatalf("Put with extra bytes: %v", err)
		}
		if got, _ := readAll(t, st, key, nil); string(got) != "0123" {
			t.Errorf("got %q, want the 4 declared bytes", got)
		}
	})

	t.Run("cancelled_put_leaves_nothing", func(t *testing.T) {
		st := open(t)
		cctx, cancel := context.WithCancel(ctx)
		r := &cancelAfter{r: bytes.NewReader(payload(200_000)), after: 50_000, cancel: cancel}
		if err := st.Put(cctx, "c/cancel.mp3", r, -1, "audio/mpeg"); err == nil {
			t.Fatal("Put after cancel succeeded")
		}
		assertGone(t, st, "c/cancel.mp3")
	})

	t.Run("invalid_keys_are_refused", func(t *testing.T) {
		st := open(t)
		for _, key := range []string{"", "../escape", "/abs", "a//b", "a/../b", "A/B", "a\\b", ".hidden", "a/.tmp-x", "a/"} {
			t.Run(fmt.Sprintf("%q_is_refused_by_every_call", key), func(t *testing.T) {
				if err := st.Put(ctx, key, strings.NewReader("x"), 1, ""); !errors.Is(err, storage.ErrInvalidKey) {
					t.Errorf("Put(%q) = %v", key, err)
				}
				if _, _, err := st.Get(ctx, key, nil); !errors.Is(err, storage.ErrInvalidKey) {
					t.Errorf("Get(%q) = %v", key, err)
				}
				if _, err := st.Stat(ctx, key); !errors.Is(err, storage.ErrInvalidKey) {
					t.Errorf("Stat(%q) = %v", key, err)
				}
				if err := st.Delete(ctx, key); !errors.Is(err, storage.ErrInvalidKey) {
					t.Errorf("Delete(%q) = %v", key, err)
				}
				if _, _, err := st.PresignGet(ctx, key, time.Minute); !errors.Is(err, storage.ErrInvalidKey) {
					t.Errorf("PresignGet(%q) = %v", key, err)
				}
			})
		}
	})

	t.Run("concurrent_puts_of_one_key", func(t *testing.T) {
		st := open(t)
		key := "p/same.mp3"
		bodies := [][]byte{payload(40_000), payload(40_000), payload(40_000), payload(40_000)}
		var wg sync.WaitGroup
		for _, b := range bodies {
			wg.Go(func() { mustPut(t, st, key, b, "audio/mpeg") })
		}
		wg.Wait()
		got, _ := readAll(t, st, key, nil)
		for _, b := range bodies {
			if bytes.Equal(got, b) {
				return
			}
		}
		t.Error("object is a mix of concurrent uploads")
	})

	t.Run("presign", func(t *testing.T) {
		st := open(t)
		key := "music/s/signed.mp3"
		data := payload(20_000)
		mustPut(t, st, key, data, "audio/mpeg")
		u, ok, err := st.PresignGet(ctx, key, time.Minute)
		if err != nil || ok != presigns {
			t.Fatalf("PresignGet = %q, %v, %v; want ok=%v", u, ok, err, presigns)
		}
		if !presigns {
			if u != "" {
				t.Errorf("PresignGet without support returned %q", u)
			}
			return
		}
		resp, err := http.Get(u)
		if err != nil {
			t.Fatalf("GET presigned URL: %v", err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !bytes.Equal(got, data) {
			t.Fatalf("presigned GET: %s, %d bytes", resp.Status, len(got))
		}
		if ct := resp.Header.Get("Content-Type"); ct != "audio/mpeg" {
			t.Errorf("presigned GET Content-Type = %q", ct)
		}
		// Browsers seek with Range on the same URL.
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		req.Header.Set("Range", "bytes=100-199")
		resp, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("ranged presigned GET: %v", err)
		}
		got, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(got, data[100:200]) {
			t.Errorf("ranged presigned GET: %s, %d bytes", resp.Status, len(got))
		}
		// A tampered signature and an unsigned URL are refused: objects are private.
		for name, bad := range map[string]string{
			"tampered_signature_is_403": strings.Replace(u, "X-Amz-Signature=", "X-Amz-Signature=0", 1),
			"unsigned_url_is_403":       u[:strings.Index(u, "?")],
		} {
			t.Run(name, func(t *testing.T) {
				resp, err := http.Get(bad)
				if err != nil {
					t.Fatalf("GET: %v", err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusForbidden {
					t.Errorf("URL: %s, want 403", resp.Status)
				}
			})
		}
		for _, ttl := range []time.Duration{0, -time.Second, 8 * 24 * time.Hour} {
			t.Run(fmt.Sprintf("ttl_%v_is_refused", ttl), func(t *testing.T) {
				if _, _, err := st.PresignGet(ctx, key, ttl); err == nil {
					t.Errorf("PresignGet ttl %v accepted", ttl)
				}
			})
		}
	})
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// cancelAfter cancels the context once it has returned after bytes.
type cancelAfter struct {
	r      io.Reader
	after  int
	n      int
	cancel context.CancelFunc
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	if c.n >= c.after {
		// The context is done once cancel returns; every later ctx check
		// (the local copy, the S3 request) sees it.
		c.cancel()
	}
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}
