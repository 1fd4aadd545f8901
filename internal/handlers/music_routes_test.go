package handlers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// The refusals every music route shares: no login (401, never for the two
// public routes), a malformed id (400), a body that is not JSON (415), a
// write from another site (403).
func TestMusicRouteRefusals(t *testing.T) {
	t.Parallel()
	s := localMusic(t)
	c, _ := s.Skater("jane", "UTC")
	tr := uploadTrack(t, c, s.Server, "T", fixture(t, "tone.wav"))
	p := createPlaylist(t, c, "P")
	anon := s.Client()
	id := uuid.NewString()
	authed := []struct{ method, path string }{
		{http.MethodGet, tracksPath},
		{http.MethodPost, tracksPath},
		{http.MethodDelete, tracksPath + "/" + tr.ID},
		{http.MethodGet, tracksPath + "/" + tr.ID + "/audio"},
		{http.MethodGet, playlistsPath},
		{http.MethodPost, playlistsPath},
		{http.MethodPut, playlistsPath + "/" + p.ID},
		{http.MethodDelete, playlistsPath + "/" + p.ID},
		{http.MethodPut, playlistsPath + "/" + p.ID + "/tracks"},
		{http.MethodPost, playlistsPath + "/" + p.ID + "/share"},
		{http.MethodDelete, playlistsPath + "/" + p.ID + "/share"},
	}
	// route names a request by its method and path pattern (ids as {id}),
	// so subtest names stay the same from run to run.
	route := func(method, path string) string {
		path = strings.NewReplacer(tr.ID, "{id}", p.ID, "{id}", "/api/v4/", "").Replace(path)
		return method + "_" + strings.ReplaceAll(path, "/", "_")
	}
	for _, r := range authed {
		t.Run(route(r.method, r.path)+"_is_401_without_login", func(t *testing.T) {
			if m := anon.For(t).Request(r.method, r.path, nil).Map(); m["error"] != "Authentication required" {
				t.Errorf("anonymous %s %s: %v", r.method, r.path, m)
			}
		})
	}
	for _, path := range []string{tracksPath + "/x", tracksPath + "/x/audio", playlistsPath + "/x", playlistsPath + "/x/tracks", playlistsPath + "/x/share"} {
		for _, method := range []string{http.MethodGet, http.MethodPut, http.MethodDelete, http.MethodPost} {
			t.Run(route(method, path)+"_with_a_malformed_id_is_400_or_405", func(t *testing.T) {
				res := c.For(t).Request(method, path, map[string]any{"name": "x", "track_ids": []string{}})
				if res.Status != 400 && res.Status != 405 {
					t.Errorf("%s %s: %d %s", method, path, res.Status, res.Body)
				}
			})
		}
	}
	for _, r := range []struct{ method, path string }{
		{http.MethodPost, playlistsPath}, {http.MethodPut, playlistsPath + "/" + p.ID}, {http.MethodPut, playlistsPath + "/" + p.ID + "/tracks"},
	} {
		t.Run(route(r.method, r.path)+"_with_a_form_body_is_415", func(t *testing.T) {
			req, err := http.NewRequest(r.method, s.URL+r.path, strings.NewReader("name=x"))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if res := c.For(t).Do(req); res.Status != 415 {
				t.Errorf("%s %s as a form: %d %s", r.method, r.path, res.Status, res.Body)
			}
		})
	}
	// A page on another site cannot use the session to change the library.
	evil := s.Login(s.Register("victim-browser"))
	evil.Header.Set("Origin", "https://evil.example")
	ct, body := multipartBody(t, audioPart(fixture(t, "tone.wav")), metaPart(map[string]any{"title": "planted"}))
	req, _ := http.NewRequest(http.MethodPost, s.URL+tracksPath, strings.NewReader(string(body)))
	req.Header.Set("Content-Type", ct)
	if res := evil.Do(req); res.Status != 403 {
		t.Errorf("cross-site upload: %d %s", res.Status, res.Body)
	}
	c.Header.Set("Origin", "https://evil.example")
	c.Request(http.MethodDelete, tracksPath+"/"+tr.ID, nil).Expect(403)
	c.Request(http.MethodPost, playlistsPath+"/"+p.ID+"/share", nil).Expect(403)
	c.Header.Del("Origin")
	// Unknown ids of the right shape are 404 everywhere.
	c.Request(http.MethodPut, playlistsPath+"/"+id, map[string]any{"name": "x"}).Expect(404)
	c.Request(http.MethodDelete, playlistsPath+"/"+id, nil).Expect(404)
	c.Request(http.MethodPut, playlistsPath+"/"+id+"/tracks", map[string]any{"track_ids": []string{}}).Expect(404)
	c.Request(http.MethodPost, playlistsPath+"/"+id+"/share", nil).Expect(404)
	c.Request(http.MethodDelete, playlistsPath+"/"+id+"/share", nil).Expect(404)
	if keys := s.consistent(t); len(keys) != 1 {
		t.Fatalf("refused requests changed storage: %v", keys)
	}
}

// The shared audio route answers 503 too when storage fails, and the page
// keeps working (it does not touch storage).
func TestSharedPlaybackStorageFailure(t *testing.T) {
	t.Parallel()
	s := localMusic(t)
	c, _ := s.Skater("jane", "UTC")
	tr := uploadTrack(t, c, s.Server, "T", fixture(t, "tone.wav"))
	p := createPlaylist(t, c, "P")
	setTracks(t, c, p.ID, tr.ID)
	tok := sharePlaylist(t, c, p.ID)
	s.faults.set(func(f *faultyStore) { f.failGet = true })
	getAudio(t, s.Client(), s.Server, sharedMusic+tok+"/tracks/"+tr.ID+"/audio").Expect(503)
	s.Client().Get(sharedMusic + tok).Expect(200)
}
