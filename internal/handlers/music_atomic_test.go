package handlers_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
	"github.com/skatetrax/skatetrax-api/internal/music"
)

// failDatabase makes PostgreSQL itself refuse inserts of tracks titled
// fail-insert… and deletes of tracks titled fail-delete…, with the code of
// a server that cannot take connections (answered 503).
func failDatabase(t testing.TB, s *musicServer) {
	t.Helper()
	mustExec(t, s.Server, `
		CREATE FUNCTION test_fail_music() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			IF TG_OP = 'INSERT' AND NEW.title LIKE 'fail-insert%' OR TG_OP = 'DELETE' AND OLD.title LIKE 'fail-delete%' THEN
				RAISE EXCEPTION 'injected database failure' USING ERRCODE = '57P03';
			END IF;
			IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
			RETURN NEW;
		END $$`)
	mustExec(t, s.Server, `CREATE TRIGGER test_fail_music BEFORE INSERT OR DELETE ON m_tracks FOR EACH ROW EXECUTE FUNCTION test_fail_music()`)
}

func (m *musicServer) sweep(t testing.TB, olderThan time.Duration) int {
	t.Helper()
	n, err := m.App.Music.Sweep(context.Background(), olderThan)
	if err != nil {
		t.Fatalf("sweep: %v", err)
	}
	return n
}

func always(string, int) bool { return true }

// An upload whose file cannot be stored, or whose row cannot be inserted,
// leaves neither file nor row, on both backends.
func TestUploadFailuresLeaveNothing(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, b backend) {
		s := newMusicServer(t, b)
		failDatabase(t, s)
		c, _ := s.Skater("jane", "UTC")
		big := wav(18 << 20) // past one 16 MiB part: S3 takes it in a multipart upload

		// Storage fails near the end of the file (the S3 multipart upload is aborted).
		s.faults.set(func(f *faultyStore) { f.failPut = always })
		for _, tc := range []struct {
			name string
			data []byte
		}{{"small_file", fixture(t, "tone.wav")}, {"multipart_sized_file", big}} {
			t.Run(tc.name+"_failing_in_storage_is_503_and_leaves_nothing", func(t *testing.T) {
				res := postParts(t, c, s.Server, audioPart(tc.data), metaPart(map[string]any{"title": "storage fails"})).Expect(503)
				if m := res.Map(); m["message"] != "File storage is unavailable. Try again shortly." || res.Header.Get("Retry-After") == "" {
					t.Errorf("storage failure: %v %v", res.Header, m)
				}
				s.consistent(t)
			})
		}
		s.faults.set(func(f *faultyStore) { f.failPut = nil })

		// The file is stored, then the database refuses the row: the file goes.
		for _, tc := range []struct {
			name string
			data []byte
		}{{"small_file", fixture(t, "tone.flac")}, {"multipart_sized_file", big}} {
			t.Run(tc.name+"_whose_row_is_refused_leaves_no_file", func(t *testing.T) {
				postParts(t, c, s.Server, audioPart(tc.data), metaPart(map[string]any{"title": "fail-insert"})).Expect(503)
				if keys := s.consistent(t); len(keys) != 0 {
					t.Fatalf("a refused row left files %v", keys)
				}
			})
		}
		if n := s.faults.puts; n != 4 {
			t.Fatalf("%d Puts reached storage, want 4 (the failures must be real ones)", n)
		}

		// The row is refused and deleting the file fails too: the key stays
		// listed, and the sweep deletes the file once storage is back.
		s.faults.set(func(f *faultyStore) { f.failDelete = always })
		postParts(t, c, s.Server, audioPart(fixture(t, "tone.ogg")), metaPart(map[string]any{"title": "fail-insert twice"})).Expect(503)
		if objects, rows := s.b.keys(t), s.rowKeys(t); len(objects) != 1 || len(rows) != 0 {
			t.Fatalf("objects %v rows %v, want the one file awaiting the sweep", objects, rows)
		}
		if n := s.count(t, `SELECT count(*) FROM m_storage_pending WHERE reason = 'upload'`); n != 1 {
			t.Fatalf("%d listed keys, want 1", n)
		}
		if n := s.sweep(t, music.SweepGrace); n != 0 {
			t.Fatalf("the sweep took a key younger than the grace period")
		}
		if n := s.sweep(t, 0); n != 0 || len(s.b.keys(t)) != 1 {
			t.Fatalf("the sweep settled %d keys while deletes still fail", n)
		}
		s.faults.set(func(f *faultyStore) { f.failDelete = nil })
		if n := s.sweep(t, 0); n != 1 {
			t.Fatalf("sweep settled %d keys, want 1", n)
		}
		s.consistent(t)

		// And the library still works.
		tr := uploadTrack(t, c, s.Server, "fine", fixture(t, "tone.wav"))
		getAudio(t, c, s.Server, *tr.Src).Expect(200)
		if keys := s.consistent(t); len(keys) != 1 {
			t.Fatalf("stored %v", keys)
		}
	})
}

// Deleting a track: the row goes first (with its playlist changes); a file
// that cannot be deleted is swept later; a database failure keeps both.
func TestDeleteTrackFailures(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, b backend) {
		s := newMusicServer(t, b)
		failDatabase(t, s)
		c, _ := s.Skater("jane", "UTC")
		keep := uploadTrack(t, c, s.Server, "fail-delete me", fixture(t, "tone.wav"))
		gone := uploadTrack(t, c, s.Server, "gone", fixture(t, "tone.flac"))
		p := createPlaylist(t, c, "Shared")
		setTracks(t, c, p.ID, keep.ID)
		tok := sharePlaylist(t, c, p.ID)

		// The database refuses: nothing changes, the playlist stays shared.
		c.Request(http.MethodDelete, tracksPath+"/"+keep.ID, nil).Expect(503)
		getAudio(t, c, s.Server, *keep.Src).Expect(200)
		s.Client().Get(sharedMusic + tok).Expect(200)
		if keys := s.consistent(t); len(keys) != 2 {
			t.Fatalf("stored %v", keys)
		}

		// Storage refuses the delete: the track is gone for every reader at
		// once, its file waits for the sweep.
		s.faults.set(func(f *faultyStore) { f.failDelete = always })
		c.Request(http.MethodDelete, tracksPath+"/"+gone.ID, nil).Expect(200)
		getAudio(t, c, s.Server, *gone.Src).Expect(404)
		var list []trackJSON
		c.Get(tracksPath).Expect(200).JSON(&list)
		if len(list) != 1 || list[0].ID != keep.ID {
			t.Fatalf("list after the delete: %+v", list)
		}
		if n := s.count(t, `SELECT count(*) FROM m_storage_pending WHERE reason = 'delete' AND storage_key = $1`, *gone.StorageKey); n != 1 {
			t.Fatalf("the file's key is not listed for the sweep")
		}
		s.faults.set(func(f *faultyStore) { f.failDelete = nil })
		s.sweep(t, 0)
		if keys := s.consistent(t); len(keys) != 1 || keys[0] != *keep.StorageKey {
			t.Fatalf("after the sweep: %v", keys)
		}
	})
}

// A key listed for a file that a track row does use (which the service never
// does; a hand-made row here) is unlisted without deleting the file.
func TestSweepNeverDeletesALiveFile(t *testing.T) {
	t.Parallel()
	s := localMusic(t)
	c, _ := s.Skater("jane", "UTC")
	tr := uploadTrack(t, c, s.Server, "live", fixture(t, "tone.wav"))
	mustExec(t, s.Server, `INSERT INTO m_storage_pending (storage_key, reason, created_at) VALUES ($1, 'upload', now() - interval '2 hours')`, *tr.StorageKey)
	if n := s.sweep(t, music.SweepGrace); n != 1 {
		t.Fatalf("sweep settled %d keys, want 1", n)
	}
	getAudio(t, c, s.Server, *tr.Src).Expect(200)
	s.consistent(t)
}

func TestPlaybackStorageFailure(t *testing.T) {
	t.Parallel()
	s := localMusic(t)
	c, _ := s.Skater("jane", "UTC")
	tr := uploadTrack(t, c, s.Server, "T", fixture(t, "tone.wav"))
	s.faults.set(func(f *faultyStore) { f.failGet = true })
	res := getAudio(t, c, s.Server, *tr.Src).Expect(503)
	if res.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	// A file missing from storage (deleted behind the service's back) is a 404.
	s.faults.set(func(f *faultyStore) { f.failGet = false })
	if err := s.faults.Store.Delete(context.Background(), *tr.StorageKey); err != nil {
		t.Fatal(err)
	}
	if m := getAudio(t, c, s.Server, *tr.Src).Expect(404).Map(); m["error"] != "Audio file not found" {
		t.Errorf("missing file: %v", m)
	}
}

// Many uploads and deletes at once, with storage and database failures
// sprinkled in: afterwards (and after the sweep) storage holds exactly the
// files of the rows that exist.
func TestConcurrentUploadsLeaveNoOrphans(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, b backend) {
		s := newMusicServer(t, b)
		failDatabase(t, s)
		c, _ := s.Skater("jane", "UTC")
		bob, _ := s.Skater("bob", "UTC")
		var doomed []trackJSON
		for i := range 6 {
			doomed = append(doomed, uploadTrack(t, c, s.Server, fmt.Sprintf("doomed %d", i), fixture(t, "tone.ogg")))
		}
		s.faults.set(func(f *faultyStore) {
			f.failPut = func(_ string, n int) bool { return n%5 == 3 }
			f.failDelete = func(_ string, n int) bool { return n%3 == 0 }
		})
		files := []string{"tone.wav", "tone.flac", "tone-cbr-id3.mp3", "tone.m4a", "tone.opus"}
		const uploads = 30
		var created, refused atomic.Int64
		var wg sync.WaitGroup
		for i := range uploads {
			wg.Add(1)
			go func() {
				defer wg.Done()
				client, title := c, fmt.Sprintf("upload %d", i)
				if i%2 == 1 {
					client = bob
				}
				if i%4 == 1 {
					title = "fail-insert " + title
				}
				data := fixture(t, files[i%len(files)])
				if i%10 == 7 {
					data = wav(17 << 20) // multipart on S3
				}
				ct, body := multipartBody(t, audioPart(data), metaPart(map[string]any{"title": title}))
				req, _ := http.NewRequest(http.MethodPost, s.URL+tracksPath, bytes.NewReader(body))
				req.Header.Set("Content-Type", ct)
				switch res := client.Do(req); res.Status {
				case 201:
					created.Add(1)
				case 503:
					refused.Add(1)
				default:
					t.Errorf("upload %d: %d %s", i, res.Status, res.Body)
				}
			}()
		}
		for _, d := range doomed {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c.Request(http.MethodDelete, tracksPath+"/"+d.ID, nil).Expect(200)
			}()
		}
		wg.Wait()
		if created.Load() == 0 || refused.Load() == 0 {
			t.Fatalf("created %d, refused %d: the mix should have both", created.Load(), refused.Load())
		}
		if n := s.count(t, `SELECT count(*) FROM m_tracks`); n != int(created.Load()) {
			t.Fatalf("%d rows for %d created uploads", n, created.Load())
		}
		s.faults.set(func(f *faultyStore) { f.failPut, f.failDelete = nil, nil })
		s.sweep(t, 0)
		if keys := s.consistent(t); len(keys) != int(created.Load()) {
			t.Fatalf("%d files for %d tracks", len(keys), created.Load())
		}
	})
}

// rawUpload sends a multipart upload over a bare connection: the declared
// Content-Length, but only the first sent bytes of body. Without readAnswer
// it then drops the connection (a client that vanishes); with it, it closes
// its sending side and reads the answer (which net/http may give only
// before it reads the body: a half-closed connection cancels the request).
func rawUpload(t *testing.T, s *musicServer, cookie string, body []byte, ctype string, sent int, readAnswer bool) *http.Response {
	t.Helper()
	u, _ := url.Parse(s.URL)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nCookie: session=%s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n",
		tracksPath, u.Host, cookie, ctype, len(body))
	conn.Write(body[:sent])
	if !readAnswer {
		return nil
	}
	conn.(*net.TCPConn).CloseWrite()
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	req, _ := http.NewRequest(http.MethodPost, s.URL+tracksPath, nil)
	resp, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		t.Fatalf("read answer: %v", err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	if problem := apitest.LoadContract(t).Check(req, resp.StatusCode, resp.Header, raw); problem != "" {
		t.Errorf("answer breaks the contract: %s", problem)
	}
	return resp
}

// eventually retries check until it passes or 10 s are over (the server
// notices a vanished client only when its read fails).
func eventually(t *testing.T, check func() string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		problem := check()
		if problem == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(problem)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A body that stops early (the connection ends, or the multipart body lacks
// its closing boundary) stores nothing and leaves no spooled file.
func TestTruncatedUploadBodies(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, b backend) {
		s := newMusicServer(t, b)
		c, _ := s.Skater("jane", "UTC")
		cookie := c.Cookie("session")
		ct, body := multipartBody(t, metaPart(map[string]any{"title": "cut"}), audioPart(wav(2<<20)))

		// Complete HTTP bodies whose multipart ends early: inside the part
		// headers, inside the file, without or inside the closing boundary.
		// A cut inside the first part's headers looks like an empty form to
		// Go's multipart reader (a bare EOF): no audio then, also a 400.
		closing := bytes.LastIndex(body, []byte("\r\n--"))
		for _, cut := range []struct {
			name string
			n    int
			want string
		}{{"cut_in_the_part_headers", 20, ""}, {"cut_after_the_part_headers", 100, ""}, {"cut_in_the_file", len(body) / 2, "Upload incomplete"},
			{"cut_before_the_closing_boundary", closing, "Upload incomplete"}, {"cut_in_the_closing_boundary", closing + 10, "Upload incomplete"},
			{"cut_at_the_last_bytes", len(body) - 8, "Upload incomplete"}} {
			t.Run(cut.name+"_is_400_and_stores_nothing", func(t *testing.T) {
				req, err := http.NewRequest(http.MethodPost, s.URL+tracksPath, bytes.NewReader(body[:cut.n]))
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Content-Type", ct)
				res := c.For(t).Do(req)
				got, _ := res.Map()["error"].(string)
				if res.Status != 400 || cut.want != "" && got != cut.want || cut.want == "" && got != "Upload incomplete" && got != "No audio file provided" {
					t.Errorf("body cut at %d of %d: %d %s", cut.n, len(body), res.Status, res.Body)
				}
				s.consistent(t)
			})
		}
		// The client vanishes half-way.
		rawUpload(t, s, cookie, body, ct, len(body)/2, false)
		eventually(t, func() string {
			if n := s.count(t, `SELECT count(*) FROM m_tracks`); n != 0 {
				return fmt.Sprintf("%d rows", n)
			}
			if len(s.b.keys(t)) != 0 {
				return "objects stored"
			}
			return ""
		})
		eventually(t, func() string {
			if left, _ := osReadDir(s.spool); left != 0 {
				return fmt.Sprintf("%d spooled files left", left)
			}
			return ""
		})
		s.consistent(t)
	})
}

func readAll(resp *http.Response) string {
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// An oversized file is refused while it streams in: the server stops
// reading soon after 20 MiB, it does not wait for the whole body, and a
// declared length over the request limit is refused before any body is read.
func TestOversizedUploadIsRefusedWhileStreaming(t *testing.T) {
	t.Parallel()
	s := localMusic(t)
	c, _ := s.Skater("jane", "UTC")

	// Chunked (no length): the file part simply keeps coming.
	pr, pw := io.Pipe()
	mw := newStreamingForm(pw)
	var sent atomic.Int64
	go func() {
		w := mw.audio()
		chunk := wav(1 << 20)
		for i := 0; i < 200; i++ { // up to 200 MiB
			n, err := w.Write(chunk)
			sent.Add(int64(n))
			if err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		pw.Close()
	}()
	req, _ := http.NewRequest(http.MethodPost, s.URL+tracksPath, pr)
	req.Header.Set("Content-Type", mw.contentType())
	start := time.Now()
	res := c.Do(req)
	pr.Close()
	if res.Status != 413 || res.Map()["error"] != "File too large (max 20MB)" {
		t.Fatalf("chunked oversized upload: %d %s", res.Status, res.Body)
	}
	if n := sent.Load(); n > 30<<20 {
		t.Errorf("the client sent %d MiB before the refusal", n>>20)
	}
	t.Logf("refused after the client sent %d MiB, in %v", sent.Load()>>20, time.Since(start).Round(time.Millisecond))

	// A declared length over the request limit: refused at once.
	ct, body := multipartBody(t, audioPart(wav(music.MaxUploadBodyBytes)), metaPart(map[string]any{"title": "big"}))
	resp := rawUpload(t, s, c.Cookie("session"), body, ct, 0, true)
	if resp.StatusCode != 413 {
		t.Fatalf("declared oversized body: %d %s", resp.StatusCode, readAll(resp))
	}
	s.consistent(t)
	// Other routes keep the 1 MiB default limit.
	big := `{"name":"` + strings.Repeat("x", 2<<20) + `"}`
	c.Post(playlistsPath, big).Expect(413)
	_ = uuid.Nil
}

// streamingForm writes a multipart body whose audio part never ends by
// itself.
type streamingForm struct {
	w        io.Writer
	boundary string
}

func newStreamingForm(w io.Writer) *streamingForm {
	return &streamingForm{w: w, boundary: "streamingboundary" + strings.ReplaceAll(uuid.NewString(), "-", "")}
}

func (f *streamingForm) contentType() string { return "multipart/form-data; boundary=" + f.boundary }

func (f *streamingForm) audio() io.Writer {
	fmt.Fprintf(f.w, "--%s\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n{\"title\":\"endless\"}\r\n", f.boundary)
	fmt.Fprintf(f.w, "--%s\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\n", f.boundary)
	return f.w
}

func osReadDir(dir string) (int, error) {
	entries, err := os.ReadDir(dir)
	return len(entries), err
}

// An upload is streamed: storing a 20 MiB file allocates a small fraction
// of it (the validator, the multipart reader and both backends copy in
// small buffers). Not parallel, so that no other test allocates meanwhile.
func TestUploadIsNotHeldInMemory(t *testing.T) {
	for _, b := range []string{"local", "s3"} {
		t.Run(b, func(t *testing.T) {
			var be backend
			forEachBackendNamed(t, b, func(got backend) { be = got })
			s := newMusicServer(t, be)
			c, _ := s.Skater("jane", "UTC")
			ct, body := multipartBody(t, metaPart(map[string]any{"title": "big"}), audioPart(wav(maxFileBytes)))
			req, _ := http.NewRequest(http.MethodPost, s.URL+tracksPath, bytes.NewReader(body))
			req.Header.Set("Content-Type", ct)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			res := c.Do(req)
			runtime.ReadMemStats(&after)
			res.Expect(201)
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%s: a %d MiB upload allocated %.1f MiB in the whole process", b, maxFileBytes>>20, float64(alloc)/(1<<20))
			if alloc > 8<<20 {
				t.Errorf("a 20 MiB upload allocated %d MiB: it is being held in memory", alloc>>20)
			}
		})
	}
}
