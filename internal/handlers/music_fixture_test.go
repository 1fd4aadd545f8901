package handlers_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/minio/minio-go/v7"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
	"github.com/skatetrax/skatetrax-api/internal/storage"
	"github.com/skatetrax/skatetrax-api/internal/storage/s3test"
)

const (
	tracksPath    = "/api/v4/music/tracks"
	playlistsPath = "/api/v4/music/playlists"
	sharedMusic   = "/api/v4/music/shared/"
	maxFileBytes  = 20 << 20
)

// backend is one storage backend the music tests run against.
type backend struct {
	name string
	env  map[string]string
	// keys lists every object in the store, straight from the backend.
	keys func(t testing.TB) []string
}

// forEachBackend runs fn as a parallel subtest against the local folder and
// against a real S3-compatible server (s3test: skipped without its binary,
// except under CI).
func forEachBackend(t *testing.T, fn func(t *testing.T, b backend)) {
	for _, name := range []string{"local", "s3"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			forEachBackendNamed(t, name, func(b backend) { fn(t, b) })
		})
	}
}

// forEachBackendNamed sets up the named backend for t (the S3 server lives
// as long as t) and hands it to fn.
func forEachBackendNamed(t testing.TB, name string, fn func(b backend)) {
	t.Helper()
	if name == "local" {
		dir := t.TempDir()
		fn(backend{name: "local", env: map[string]string{"STORAGE_DIR": dir}, keys: localKeys(dir)})
		return
	}
	srv := s3test.Start(t)
	bucket := srv.NewBucket(t)
	fn(backend{name: "s3", env: map[string]string{
		"DO_SPACES_ENDPOINT": srv.Endpoint, "DO_SPACES_BUCKET": bucket, "DO_SPACES_KEY": srv.AccessKey,
		"DO_SPACES_SECRET": srv.SecretKey, "DO_SPACES_REGION": srv.Region, "DO_SPACES_PATH_STYLE": "true",
	}, keys: func(t testing.TB) []string {
		t.Helper()
		var keys []string
		for obj := range srv.Client().ListObjects(context.Background(), bucket, minio.ListObjectsOptions{Recursive: true}) {
			if obj.Err != nil {
				t.Fatal(obj.Err)
			}
			keys = append(keys, obj.Key)
		}
		// An aborted multipart upload must not leave parts behind either.
		for u := range srv.Client().ListIncompleteUploads(context.Background(), bucket, "", true) {
			if u.Err != nil {
				t.Fatal(u.Err)
			}
			t.Errorf("incomplete multipart upload of %s left behind", u.Key)
		}
		slices.Sort(keys)
		return keys
	}})
}

// localKeys lists the objects in a local store's folder (and fails on the
// temporary files of an interrupted Put).
func localKeys(dir string) func(t testing.TB) []string {
	return func(t testing.TB) []string {
		t.Helper()
		var keys []string
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if strings.HasPrefix(d.Name(), ".tmp-") {
				t.Errorf("leftover temporary file %s", p)
			}
			if strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			rel, _ := filepath.Rel(dir, p)
			keys = append(keys, filepath.ToSlash(rel))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(keys)
		return keys
	}
}

// musicServer is the application on one backend, with the upload spool in
// a folder of its own and an optional fault-injecting store.
type musicServer struct {
	*apitest.Server
	b      backend
	spool  string
	faults *faultyStore
}

func newMusicServer(t testing.TB, b backend, env ...map[string]string) *musicServer {
	t.Helper()
	all := map[string]string{}
	for k, v := range b.env {
		all[k] = v
	}
	for _, e := range env {
		for k, v := range e {
			all[k] = v
		}
	}
	m := &musicServer{b: b, spool: t.TempDir(), faults: &faultyStore{}}
	m.Server = apitest.New(t, apitest.Options{Env: all, SpoolDir: m.spool,
		WrapStorage: func(st storage.Store) storage.Store { m.faults.Store = st; return m.faults }})
	return m
}

// consistent checks the invariant of the library: the objects in storage
// are exactly the files the track rows name, no key awaits clean-up, and
// no upload is left in the spool folder.
func (m *musicServer) consistent(t testing.TB) []string {
	t.Helper()
	rows := m.rowKeys(t)
	objects := m.b.keys(t)
	if !slices.Equal(rows, objects) {
		t.Errorf("%s: track rows name %v, storage holds %v", m.b.name, rows, objects)
	}
	if n := m.count(t, `SELECT count(*) FROM m_storage_pending`); n != 0 {
		t.Errorf("%d keys await clean-up", n)
	}
	if left, _ := os.ReadDir(m.spool); len(left) != 0 {
		t.Errorf("spool folder holds %d files", len(left))
	}
	return objects
}

func (m *musicServer) rowKeys(t testing.TB) []string {
	t.Helper()
	rows, err := m.Pool.Query(context.Background(), `SELECT storage_key FROM m_tracks WHERE storage_key IS NOT NULL ORDER BY storage_key`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (m *musicServer) count(t testing.TB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := m.Pool.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// faultyStore wraps the real store and fails on demand: a Put that fails
// just before the end of the file (so the real backend's abort path runs,
// after a first multipart part for large files on S3), a Delete or Get that
// fails before touching the backend. The functions get the key and the
// 0-based number of the call.
type faultyStore struct {
	storage.Store
	mu         sync.Mutex
	failPut    func(key string, n int) bool
	failDelete func(key string, n int) bool
	failGet    bool
	puts       int
	deletes    int
}

var errInjected = errors.New("injected storage failure")

func (f *faultyStore) set(fn func(*faultyStore)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

func (f *faultyStore) Put(ctx context.Context, key string, r io.Reader, size int64, ct string) error {
	f.mu.Lock()
	fail := f.failPut != nil && f.failPut(key, f.puts)
	f.puts++
	f.mu.Unlock()
	if fail {
		r = io.MultiReader(io.LimitReader(r, max(size-1024, 0)), iotestErrReader{})
	}
	return f.Store.Put(ctx, key, r, size, ct)
}

func (f *faultyStore) Delete(ctx context.Context, key string) error {
	f.mu.Lock()
	fail := f.failDelete != nil && f.failDelete(key, f.deletes)
	f.deletes++
	f.mu.Unlock()
	if fail {
		return errInjected
	}
	return f.Store.Delete(ctx, key)
}

func (f *faultyStore) Get(ctx context.Context, key string, rng *storage.Range) (io.ReadCloser, storage.ObjectInfo, error) {
	f.mu.Lock()
	fail := f.failGet
	f.mu.Unlock()
	if fail {
		return nil, storage.ObjectInfo{}, errInjected
	}
	return f.Store.Get(ctx, key, rng)
}

type iotestErrReader struct{}

func (iotestErrReader) Read([]byte) (int, error) { return 0, errInjected }

// fixture reads one of the audio package's test files.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "audio", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wav builds a PCM WAV file (8 kHz, mono, 16 bit: 16,000 bytes a second)
// of exactly size bytes, filled with a deterministic pattern so that any
// byte range can be checked.
func wav(size int) []byte {
	const header = 44
	data := size - header
	b := make([]byte, 0, size)
	b = append(b, "RIFF"...)
	b = binary.LittleEndian.AppendUint32(b, uint32(size-8))
	b = append(b, "WAVEfmt "...)
	b = binary.LittleEndian.AppendUint32(b, 16)
	b = binary.LittleEndian.AppendUint16(b, 1) // PCM
	b = binary.LittleEndian.AppendUint16(b, 1) // mono
	b = binary.LittleEndian.AppendUint32(b, 8000)
	b = binary.LittleEndian.AppendUint32(b, 16000)
	b = binary.LittleEndian.AppendUint16(b, 2)
	b = binary.LittleEndian.AppendUint16(b, 16)
	b = append(b, "data"...)
	b = binary.LittleEndian.AppendUint32(b, uint32(data))
	rng := rand.New(rand.NewPCG(uint64(size), 7))
	for len(b) < size {
		b = append(b, byte(rng.Uint32()))
	}
	return b
}

// part is one part of a multipart body.
type part struct {
	name, filename, ctype string
	body                  []byte
}

func multipartBody(t testing.TB, parts ...part) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		disp := `form-data; name="` + p.name + `"`
		if p.filename != "" {
			disp += `; filename="` + p.filename + `"`
		}
		h.Set("Content-Disposition", disp)
		if p.ctype != "" {
			h.Set("Content-Type", p.ctype)
		}
		pw, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		pw.Write(p.body)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.FormDataContentType(), buf.Bytes()
}

func metaPart(meta any) part {
	raw, _ := json.Marshal(meta)
	return part{name: "metadata", body: raw}
}

func audioPart(b []byte) part {
	return part{name: "audio", filename: "track.mp3", ctype: "audio/mpeg", body: b}
}

// postParts sends a multipart upload as the browser's FormData would.
func postParts(t testing.TB, c *apitest.Client, s *apitest.Server, parts ...part) *apitest.Response {
	t.Helper()
	ct, body := multipartBody(t, parts...)
	req, err := http.NewRequest(http.MethodPost, s.URL+tracksPath, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ct)
	return c.For(t).Do(req)
}

// trackJSON is a track as the API sends it.
type trackJSON struct {
	ID                string  `json:"id"`
	Title             string  `json:"title"`
	Artist            *string `json:"artist"`
	DurationSeconds   *int    `json:"duration_seconds"`
	IsPerformanceCut  bool    `json:"is_performance_cut"`
	CutDuration       *int    `json:"cut_duration_seconds"`
	StorageKey        *string `json:"storage_key"`
	Src               *string `json:"src"`
	ClearanceStatus   string  `json:"clearance_status"`
	ClearanceProvider *string `json:"clearance_provider"`
	ClearanceRef      *string `json:"clearance_ref"`
	AppleMusicURL     *string `json:"apple_music_url"`
	SpotifyURL        *string `json:"spotify_url"`
	YoutubeURL        *string `json:"youtube_url"`
	CreatedAt         string  `json:"created_at"`
	DurationHint      string  `json:"duration_hint"`
}

// uploadTrack uploads b with a title and returns the created track.
func uploadTrack(t testing.TB, c *apitest.Client, s *apitest.Server, title string, b []byte) trackJSON {
	t.Helper()
	var tr trackJSON
	postParts(t, c, s, audioPart(b), metaPart(map[string]any{"title": title})).Expect(http.StatusCreated).JSON(&tr)
	return tr
}

// getAudio fetches an audio URL with optional request headers (name,
// value pairs), through the contract check.
func getAudio(t testing.TB, c *apitest.Client, s *apitest.Server, path string, headers ...string) *apitest.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return c.For(t).Do(req)
}

type playlistJSON struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Description  *string  `json:"description"`
	PlaylistType string   `json:"playlist_type"`
	ShareToken   *string  `json:"share_token"`
	CreatedAt    string   `json:"created_at"`
	TrackIDs     []string `json:"track_ids"`
}

func createPlaylist(t testing.TB, c *apitest.Client, name string) playlistJSON {
	t.Helper()
	var p playlistJSON
	c.Post(playlistsPath, map[string]any{"name": name}).Expect(http.StatusCreated).JSON(&p)
	return p
}

func setTracks(t testing.TB, c *apitest.Client, playlist string, ids ...string) playlistJSON {
	t.Helper()
	if ids == nil {
		ids = []string{}
	}
	var p playlistJSON
	c.Request(http.MethodPut, playlistsPath+"/"+playlist+"/tracks", map[string]any{"track_ids": ids}).Expect(http.StatusOK).JSON(&p)
	return p
}

func sharePlaylist(t testing.TB, c *apitest.Client, playlist string) string {
	t.Helper()
	var body struct {
		ShareToken string `json:"share_token"`
	}
	c.Post(playlistsPath+"/"+playlist+"/share", nil).Expect(http.StatusOK).JSON(&body)
	return body.ShareToken
}
