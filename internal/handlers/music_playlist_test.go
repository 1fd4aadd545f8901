package handlers_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
)

// Playlists do not touch storage, so these run on the local backend only.
func localMusic(t testing.TB, env ...map[string]string) *musicServer {
	t.Helper()
	dir := t.TempDir()
	return newMusicServer(t, backend{name: "local", env: map[string]string{"STORAGE_DIR": dir}, keys: localKeys(dir)}, env...)
}

func TestCreateAndListPlaylists(t *testing.T) {
	t.Parallel()
	s := localMusic(t)
	c, _ := s.Skater("jane", "UTC")

	first := createPlaylist(t, c, "  Warm-up  ")
	if first.Name != "Warm-up" || first.PlaylistType != "practice" || first.Description != nil || first.ShareToken != nil || len(first.TrackIDs) != 0 {
		t.Errorf("defaults: %+v", first)
	}
	var second playlistJSON
	c.Post(playlistsPath, map[string]any{"name": "Programs", "playlist_type": "competition", "description": "Short and free"}).
		Expect(http.StatusCreated).JSON(&second)
	if second.PlaylistType != "competition" || second.Description == nil || *second.Description != "Short and free" {
		t.Errorf("created %+v", second)
	}
	var lists []playlistJSON
	c.Get(playlistsPath).Expect(200).JSON(&lists)
	if len(lists) != 2 || lists[0].ID != second.ID || lists[1].ID != first.ID {
		t.Fatalf("list (newest first): %+v", lists)
	}
	if lists[0].CreatedAt != second.CreatedAt || !strings.HasSuffix(second.CreatedAt, "Z") {
		t.Errorf("created_at %q / %q", lists[0].CreatedAt, second.CreatedAt)
	}

	newbie := s.Login(s.Register("newbie"))
	bad := []struct {
		name   string
		body   any
		status int
		field  string
	}{
		{"missing_name_is_400", map[string]any{"playlist_type": "practice"}, 400, "name"},
		{"blank_name_is_400", map[string]any{"name": "   "}, 400, "name"},
		{"overlong_name_is_400", map[string]any{"name": strings.Repeat("n", 201)}, 400, "name"},
		{"unknown_type_is_400", map[string]any{"name": "x", "playlist_type": "party"}, 400, "playlist_type"},
		{"overlong_description_is_400", map[string]any{"name": "x", "description": strings.Repeat("d", 2001)}, 400, "description"},
		{"empty_body_is_400", map[string]any{}, 400, "name"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			m := c.For(t).Post(playlistsPath, tc.body).Expect(tc.status).Map()
			details, _ := m["details"].([]any)
			if len(details) == 0 || details[0].(map[string]any)["field"] != tc.field {
				t.Errorf("details %v, want field %s", m["details"], tc.field)
			}
		})
	}
	if m := newbie.Post(playlistsPath, map[string]any{"name": "x"}).Expect(404).Map(); m["error"] != "Profile not found" {
		t.Errorf("not onboarded: %v", m)
	}
	s.Client().Post(playlistsPath, map[string]any{"name": "x"}).Expect(401)
	s.Client().Get(playlistsPath).Expect(401)
	c.Request(http.MethodPost, playlistsPath, "name=x").Expect(400)
	if n := s.count(t, `SELECT count(*) FROM m_playlists`); n != 2 {
		t.Fatalf("%d playlists stored, want 2", n)
	}
}

func TestUpdateAndDeletePlaylist(t *testing.T) {
	t.Parallel()
	s := localMusic(t)
	c, _ := s.Skater("jane", "UTC")
	bob, _ := s.Skater("bob", "UTC")
	p := createPlaylist(t, c, "Old")
	path := playlistsPath + "/" + p.ID

	var got playlistJSON
	c.Request(http.MethodPut, path, map[string]any{"name": "New"}).Expect(200).JSON(&got)
	if got.Name != "New" || got.PlaylistType != "practice" || got.Description != nil {
		t.Errorf("rename: %+v", got)
	}
	c.Request(http.MethodPut, path, map[string]any{"description": "notes", "playlist_type": "general", "name": nil}).Expect(200).JSON(&got)
	if got.Name != "New" || got.PlaylistType != "general" || got.Description == nil || *got.Description != "notes" {
		t.Errorf("partial update: %+v", got)
	}
	c.Request(http.MethodPut, path, map[string]any{"description": ""}).Expect(200).JSON(&got)
	if got.Description == nil || *got.Description != "" {
		t.Errorf("clearing the description: %+v", got)
	}
	for _, tc := range []struct {
		name string
		body any
	}{
		{"empty_update_is_400", map[string]any{}},
		{"all_null_update_is_400", map[string]any{"name": nil, "description": nil, "playlist_type": nil}},
		{"update_of_unknown_keys_only_is_400", map[string]any{"other": 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if m := c.For(t).Request(http.MethodPut, path, tc.body).Expect(400).Map(); m["error"] != "Missing JSON payload" {
				t.Errorf("%v: %v", tc.body, m)
			}
		})
	}
	c.Request(http.MethodPut, path, map[string]any{"playlist_type": "party"}).Expect(400)
	c.Request(http.MethodPut, path, map[string]any{"name": ""}).Expect(400)
	c.Request(http.MethodPut, playlistsPath+"/nope", map[string]any{"name": "x"}).Expect(400)
	c.Request(http.MethodPut, playlistsPath+"/"+uuid.NewString(), map[string]any{"name": "x"}).Expect(404)

	// Bob can neither change nor delete it.
	if m := bob.Request(http.MethodPut, path, map[string]any{"name": "Bob's now"}).Expect(404).Map(); m["error"] != "Playlist not found" {
		t.Errorf("bob updates: %v", m)
	}
	bob.Request(http.MethodDelete, path, nil).Expect(404)
	s.Client().Request(http.MethodDelete, path, nil).Expect(401)

	// Deleting the playlist keeps its tracks.
	tr := uploadTrack(t, c, s.Server, "Kept", fixture(t, "tone.wav"))
	setTracks(t, c, p.ID, tr.ID)
	c.Request(http.MethodDelete, path, nil).Expect(200)
	c.Request(http.MethodDelete, path, nil).Expect(404)
	var tracks []trackJSON
	c.Get(tracksPath).Expect(200).JSON(&tracks)
	if len(tracks) != 1 || tracks[0].ID != tr.ID {
		t.Fatalf("tracks after deleting the playlist: %+v", tracks)
	}
	if n := s.count(t, `SELECT count(*) FROM m_playlist_tracks`); n != 0 {
		t.Errorf("%d playlist entries survive", n)
	}
	s.consistent(t)
}

func TestSetPlaylistTracks(t *testing.T) {
	t.Parallel()
	s := localMusic(t)
	c, _ := s.Skater("jane", "UTC")
	bob, _ := s.Skater("bob", "UTC")
	a := uploadTrack(t, c, s.Server, "A", fixture(t, "tone.wav"))
	b := uploadTrack(t, c, s.Server, "B", fixture(t, "tone.flac"))
	d := uploadTrack(t, c, s.Server, "D", fixture(t, "tone.ogg"))
	bobs := uploadTrack(t, bob, s.Server, "Bob's", fixture(t, "tone.ogg"))
	p := createPlaylist(t, c, "Order")
	path := playlistsPath + "/" + p.ID + "/tracks"

	if got := setTracks(t, c, p.ID, d.ID, a.ID, b.ID); strings.Join(got.TrackIDs, ",") != strings.Join([]string{d.ID, a.ID, b.ID}, ",") {
		t.Fatalf("order: %v", got.TrackIDs)
	}
	// Move, remove: the whole list each time, as the frontend sends it.
	got := setTracks(t, c, p.ID, a.ID, d.ID)
	if strings.Join(got.TrackIDs, ",") != a.ID+","+d.ID {
		t.Fatalf("after moving and removing: %v", got.TrackIDs)
	}
	var lists []playlistJSON
	c.Get(playlistsPath).Expect(200).JSON(&lists)
	if strings.Join(lists[0].TrackIDs, ",") != a.ID+","+d.ID {
		t.Fatalf("listed order: %v", lists[0].TrackIDs)
	}

	refusals := []struct {
		name   string
		body   any
		status int
		msg    string
	}{
		{"another_skaters_track_is_404", map[string]any{"track_ids": []string{a.ID, bobs.ID}}, 404, "One or more track IDs are invalid or not owned by you"},
		{"unknown_track_is_404", map[string]any{"track_ids": []string{uuid.NewString()}}, 404, "One or more track IDs are invalid or not owned by you"},
		{"duplicate_tracks_are_400", map[string]any{"track_ids": []string{a.ID, a.ID}}, 400, ""},
		{"malformed_track_id_is_400", map[string]any{"track_ids": []string{"x"}}, 400, ""},
		{"missing_key_is_400", map[string]any{}, 400, ""},
		{"track_ids_not_an_array_is_400", map[string]any{"track_ids": a.ID}, 400, ""},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			res := c.For(t).Request(http.MethodPut, path, tc.body)
			if res.Status != tc.status {
				t.Fatalf("status %d, want %d: %s", res.Status, tc.status, res.Body)
			}
			if tc.msg != "" && res.Map()["message"] != tc.msg {
				t.Errorf("body %s", res.Body)
			}
		})
	}
	many := make([]string, 501)
	for i := range many {
		many[i] = uuid.NewString()
	}
	c.Request(http.MethodPut, path, map[string]any{"track_ids": many}).Expect(400)
	// Nothing changed on the way.
	c.Get(playlistsPath).Expect(200).JSON(&lists)
	if strings.Join(lists[0].TrackIDs, ",") != a.ID+","+d.ID {
		t.Fatalf("a refused request changed the playlist: %v", lists[0].TrackIDs)
	}
	// Bob cannot fill jane's playlist, not even with his own tracks.
	if m := bob.Request(http.MethodPut, path, map[string]any{"track_ids": []string{bobs.ID}}).Expect(404).Map(); m["error"] != "Playlist not found" {
		t.Errorf("bob: %v", m)
	}
	s.Client().Request(http.MethodPut, path, map[string]any{"track_ids": []string{}}).Expect(401)

	// Emptying a shared playlist unshares it, as deleting its last track does.
	tok := sharePlaylist(t, c, p.ID)
	s.Client().Get(sharedMusic + tok).Expect(200)
	if got := setTracks(t, c, p.ID); len(got.TrackIDs) != 0 || got.ShareToken != nil {
		t.Fatalf("emptied: %+v", got)
	}
	s.Client().Get(sharedMusic + tok).Expect(404)
}

func TestSharePlaylist(t *testing.T) {
	t.Parallel()
	s := localMusic(t)
	c, _ := s.Skater("jane", "UTC")
	bob, _ := s.Skater("bob", "UTC")
	p := createPlaylist(t, c, "Shared")
	share := playlistsPath + "/" + p.ID + "/share"

	// Concurrent first shares agree on one token.
	tokens := make([]string, 8)
	var wg sync.WaitGroup
	for i := range tokens {
		wg.Add(1)
		go func() { defer wg.Done(); tokens[i] = sharePlaylist(t, c, p.ID) }()
	}
	wg.Wait()
	for _, tok := range tokens {
		if tok != tokens[0] {
			t.Fatalf("concurrent shares gave %v", tokens)
		}
	}
	id, err := uuid.Parse(tokens[0])
	if err != nil || id.Version() != 4 || id.String() != tokens[0] {
		t.Fatalf("token %q is not a canonical UUID v4", tokens[0])
	}
	var lists []playlistJSON
	c.Get(playlistsPath).Expect(200).JSON(&lists)
	if lists[0].ShareToken == nil || *lists[0].ShareToken != tokens[0] {
		t.Fatalf("listed token %v", lists[0].ShareToken)
	}
	if m := bob.Post(share, nil).Expect(404).Map(); m["error"] != "Playlist not found" {
		t.Errorf("bob shares: %v", m)
	}
	bob.Request(http.MethodDelete, share, nil).Expect(404)
	s.Client().Post(share, nil).Expect(401)
	c.Post(playlistsPath+"/"+uuid.NewString()+"/share", nil).Expect(404)

	c.Request(http.MethodDelete, share, nil).Expect(200)
	c.Request(http.MethodDelete, share, nil).Expect(200) // idempotent
	s.Client().Get(sharedMusic + tokens[0]).Expect(404)
	again := sharePlaylist(t, c, p.ID)
	if again == tokens[0] {
		t.Fatal("re-sharing revived the revoked token")
	}
	s.Client().Get(sharedMusic + again).Expect(200)
	s.Client().Get(sharedMusic + tokens[0]).Expect(404)
}
