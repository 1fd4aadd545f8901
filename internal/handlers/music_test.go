package handlers_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// Every supported format is recognised from its bytes, whatever the client
// says, stored under a server-made name with the canonical type, and played
// back byte for byte.
func TestUploadDetectsTypeFromBytes(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, b backend) {
		s := newMusicServer(t, b)
		c, acc := s.Skater("jane", "UTC")
		cases := []struct {
			file, claimedName, claimedType string
			ext, contentType               string
		}{
			{"tone-cbr-id3.mp3", "../../etc/passwd", "text/html", "mp3", "audio/mpeg"},
			{"tone-vbr-xing.mp3", "song.wav", "audio/wav", "mp3", "audio/mpeg"},
			{"tone.m4a", "song.MP3", "audio/mpeg", "m4a", "audio/mp4"},
			{"tone.aac", "", "application/octet-stream", "aac", "audio/aac"},
			{"tone.wav", "x.flac", "image/svg+xml", "wav", "audio/wav"},
			{"tone.ogg", "track.mp3", "", "ogg", "audio/ogg"},
			{"tone.opus", "track", "audio/mpeg", "ogg", "audio/ogg"},
			{"tone.flac", "a.b.c.EXE", "application/x-msdownload", "flac", "audio/flac"},
		}
		for _, tc := range cases {
			t.Run(tc.file+"_is_stored_as_"+tc.ext+"_whatever_the_client_claims", func(t *testing.T) {
				data := fixture(t, tc.file)
				var tr trackJSON
				postParts(t, c, s.Server, part{name: "audio", filename: tc.claimedName, ctype: tc.claimedType, body: data},
					metaPart(map[string]any{"title": tc.file})).Expect(http.StatusCreated).JSON(&tr)
				want := "music/" + acc.Skater + "/" + tr.ID + "." + tc.ext
				if tr.StorageKey == nil || *tr.StorageKey != want {
					t.Errorf("storage_key %v, want %s", tr.StorageKey, want)
				}
				if tr.Src == nil || *tr.Src != tracksPath+"/"+tr.ID+"/audio" {
					t.Fatalf("src %v", tr.Src)
				}
				if tr.DurationSeconds == nil || *tr.DurationSeconds != 1 || tr.DurationHint != "performance_cut" {
					t.Errorf("duration %v hint %q, want 1 s and performance_cut", tr.DurationSeconds, tr.DurationHint)
				}
				res := getAudio(t, c, s.Server, *tr.Src).Expect(http.StatusOK)
				if ct := res.Header.Get("Content-Type"); ct != tc.contentType {
					t.Errorf("served as %q, want %q", ct, tc.contentType)
				}
				if !bytes.Equal(res.Body, data) {
					t.Errorf("played %d bytes that differ from the %d uploaded", len(res.Body), len(data))
				}
			})
		}
		if got := len(s.consistent(t)); got != len(cases) {
			t.Fatalf("%d objects stored, want %d", got, len(cases))
		}
	})
}

func TestUploadStoresMetadata(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, b backend) {
		s := newMusicServer(t, b)
		c, _ := s.Skater("jane", "UTC")
		before := time.Now().UTC().Add(-time.Second)
		// Metadata first, audio second: the order of parts does not matter.
		var tr trackJSON
		postParts(t, c, s.Server, metaPart(map[string]any{
			"title": "  Free Skate  ", "artist": "Saint-Saëns", "is_performance_cut": true, "clearance_status": "cleared",
			"clearance_provider": "ClicknClear", "clearance_ref": "CNC-1", "apple_music_url": "",
			"spotify_url": "https://open.spotify.com/track/x", "youtube_url": nil, "unknown_key": 42,
		}), part{name: "notes", body: []byte("ignored")}, audioPart(wav(44+16000*301))).Expect(http.StatusCreated).JSON(&tr)
		if tr.Title != "Free Skate" || tr.Artist == nil || *tr.Artist != "Saint-Saëns" || !tr.IsPerformanceCut ||
			tr.ClearanceStatus != "cleared" || *tr.ClearanceProvider != "ClicknClear" || *tr.ClearanceRef != "CNC-1" ||
			tr.AppleMusicURL != nil || *tr.SpotifyURL != "https://open.spotify.com/track/x" || tr.YoutubeURL != nil {
			t.Errorf("stored metadata differs: %+v", tr)
		}
		// 301 s: longer than a performance cut.
		if *tr.DurationSeconds != 301 || tr.DurationHint != "practice" {
			t.Errorf("duration %d hint %q, want 301 and practice", *tr.DurationSeconds, tr.DurationHint)
		}
		created, err := time.Parse(time.RFC3339Nano, tr.CreatedAt)
		if err != nil || created.Before(before) || created.After(time.Now().Add(time.Second)) || !strings.HasSuffix(tr.CreatedAt, "Z") {
			t.Errorf("created_at %q is not the UTC upload time", tr.CreatedAt)
		}
		// Defaults: only a title.
		def := uploadTrack(t, c, s.Server, "Defaults", wav(44+16000*300))
		if def.IsPerformanceCut || def.ClearanceStatus != "not_required" || def.Artist != nil || def.DurationHint != "performance_cut" {
			t.Errorf("defaults differ: %+v", def)
		}
		// The list holds both, newest first, with what the upload answered.
		var list []map[string]any
		c.Get(tracksPath).Expect(http.StatusOK).JSON(&list)
		if len(list) != 2 || list[0]["id"] != def.ID || list[1]["id"] != tr.ID {
			t.Fatalf("list = %+v", list)
		}
		var uploaded map[string]any
		raw, _ := json.Marshal(tr)
		json.Unmarshal(raw, &uploaded)
		delete(uploaded, "duration_hint")
		if !diffMaps(t, "listed track", list[1], uploaded) {
			t.Error("the list differs from the upload's answer")
		}
		s.consistent(t)
	})
}

// The checks of an upload, in order, each leaving nothing behind.
func TestUploadRefusals(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, b backend) {
		s := newMusicServer(t, b)
		c, _ := s.Skater("jane", "UTC")
		anon := s.Client()
		newbie := s.Login(s.Register("newbie")) // never onboarded
		tone := fixture(t, "tone.wav")
		title := metaPart(map[string]any{"title": "T"})
		half := fixture(t, "tone.wav")[:len(tone)/2]
		cases := []struct {
			name   string
			parts  []part
			status int
			error  string
			field  string
		}{
			{"no_audio_part_is_400", []part{title}, 400, "No audio file provided", ""},
			{"empty_form_is_400", nil, 400, "No audio file provided", ""},
			{"two_audio_parts_are_400", []part{audioPart(tone), audioPart(tone), title}, 400, "Invalid input", "audio"},
			{"missing_metadata_is_400", []part{audioPart(tone)}, 400, "Invalid metadata", "metadata.title"},
			{"metadata_not_json_is_400", []part{audioPart(tone), {name: "metadata", body: []byte("{title")}}, 400, "Invalid metadata", "metadata"},
			{"metadata_array_is_400", []part{audioPart(tone), {name: "metadata", body: []byte(`["T"]`)}}, 400, "Invalid metadata", "metadata"},
			{"blank_title_is_400", []part{audioPart(tone), metaPart(map[string]any{"title": "   "})}, 400, "Invalid metadata", "metadata.title"},
			{"overlong_title_is_400", []part{audioPart(tone), metaPart(map[string]any{"title": strings.Repeat("x", 201)})}, 400, "Invalid metadata", "metadata.title"},
			{"unknown_clearance_is_400", []part{audioPart(tone), metaPart(map[string]any{"title": "T", "clearance_status": "maybe"})}, 400, "Invalid metadata", "metadata.clearance_status"},
			{"javascript_link_is_400", []part{audioPart(tone), metaPart(map[string]any{"title": "T", "youtube_url": "javascript:alert(1)"})}, 400, "Invalid metadata", "metadata.youtube_url"},
			{"wrongly_typed_field_is_400", []part{audioPart(tone), metaPart(map[string]any{"title": "T", "is_performance_cut": "yes"})}, 400, "Invalid metadata", "metadata.is_performance_cut"},
			{"metadata_over_64_KiB_is_400", []part{audioPart(tone), {name: "metadata", body: bytes.Repeat([]byte(" "), 64<<10+1)}}, 400, "Invalid metadata", "metadata"},
			{"text_labelled_mp3_is_400", []part{{name: "audio", filename: "song.mp3", ctype: "audio/mpeg", body: []byte(strings.Repeat("not audio at all ", 300))}, title}, 400, "Could not read audio file -- unsupported format", ""},
			{"html_labelled_mp3_is_400", []part{{name: "audio", filename: "song.mp3", ctype: "audio/mpeg", body: []byte("<html><script>alert(1)</script></html>")}, title}, 400, "Could not read audio file -- unsupported format", ""},
			{"empty_file_is_400", []part{audioPart(nil), title}, 400, "Could not read audio file -- unsupported format", ""},
			{"truncated_wav_is_400", []part{audioPart(half), title}, 400, "Could not read audio duration -- unsupported or corrupt file", ""},
			{"truncated_mp3_is_400", []part{audioPart(fixture(t, "tone-vbr-xing.mp3")[:1000]), title}, 400, "Could not read audio duration -- unsupported or corrupt file", ""},
			{"truncated_m4a_is_400", []part{audioPart(fixture(t, "tone.m4a")[:3000]), title}, 400, "Could not read audio duration -- unsupported or corrupt file", ""},
			{"one_byte_over_20_MiB_is_413", []part{audioPart(wav(maxFileBytes + 1)), title}, 413, "File too large (max 20MB)", ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				res := postParts(t, c, s.Server, tc.parts...)
				if res.Status != tc.status {
					t.Fatalf("status %d, want %d: %s", res.Status, tc.status, res.Body)
				}
				m := res.Map()
				if m["error"] != tc.error {
					t.Errorf("error = %v, want %q (%v)", m["error"], tc.error, m["message"])
				}
				if tc.field != "" {
					details, _ := m["details"].([]any)
					if len(details) == 0 || details[0].(map[string]any)["field"] != tc.field {
						t.Errorf("details = %v, want field %s", m["details"], tc.field)
					}
				}
				s.consistent(t)
			})
		}
		// Who may upload.
		m := postParts(t, anon, s.Server, audioPart(tone), title).Expect(401).Map()
		if m["error"] != "Authentication required" {
			t.Errorf("anonymous: %v", m)
		}
		if m := postParts(t, newbie, s.Server, audioPart(tone), title).Expect(404).Map(); m["error"] != "Profile not found" {
			t.Errorf("not onboarded: %v", m)
		}
		// Not multipart at all.
		if m := c.Post(tracksPath, map[string]any{"title": "T"}).Expect(415).Map(); m["code"] != "unsupported_media_type" {
			t.Errorf("JSON body: %v", m)
		}
		req, _ := http.NewRequest(http.MethodPost, s.URL+tracksPath, strings.NewReader("x"))
		req.Header.Set("Content-Type", "multipart/form-data")
		c.Do(req).Expect(400)
		// The boundary: exactly 20 MiB is accepted.
		tr := uploadTrack(t, c, s.Server, "Max", wav(maxFileBytes))
		if keys := s.consistent(t); len(keys) != 1 || !strings.Contains(keys[0], tr.ID) {
			t.Fatalf("stored %v", keys)
		}
	})
}

// A list shows only the caller's tracks; another skater's track is 404 for
// every route that takes its id.
func TestTracksBelongToTheirOwner(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, b backend) {
		s := newMusicServer(t, b)
		jane, _ := s.Skater("jane", "UTC")
		bob, _ := s.Skater("bob", "UTC")
		tr := uploadTrack(t, jane, s.Server, "Jane's", fixture(t, "tone.flac"))

		var list []trackJSON
		bob.Get(tracksPath).Expect(200).JSON(&list)
		if len(list) != 0 {
			t.Fatalf("bob lists %v", list)
		}
		if m := bob.Request(http.MethodDelete, tracksPath+"/"+tr.ID, nil).Expect(404).Map(); m["error"] != "Track not found" {
			t.Errorf("bob deletes: %v", m)
		}
		if m := getAudio(t, bob, s.Server, *tr.Src).Expect(404).Map(); m["error"] != "Track not found" {
			t.Errorf("bob plays: %v", m)
		}
		getAudio(t, s.Client(), s.Server, *tr.Src).Expect(401)
		s.Client().Get(tracksPath).Expect(401)
		s.Client().Request(http.MethodDelete, tracksPath+"/"+tr.ID, nil).Expect(401)
		// Malformed and unknown ids.
		jane.Request(http.MethodDelete, tracksPath+"/not-a-uuid", nil).Expect(400)
		getAudio(t, jane, s.Server, tracksPath+"/not-a-uuid/audio").Expect(400)
		jane.Request(http.MethodDelete, tracksPath+"/"+uuid.NewString(), nil).Expect(404)
		getAudio(t, jane, s.Server, tracksPath+"/"+uuid.NewString()+"/audio").Expect(404)

		jane.Get(tracksPath).Expect(200).JSON(&list)
		if len(list) != 1 || list[0].ID != tr.ID {
			t.Fatalf("jane lists %v", list)
		}
		getAudio(t, jane, s.Server, *tr.Src).Expect(200)
		if keys := s.consistent(t); len(keys) != 1 {
			t.Fatalf("bob's calls changed storage: %v", keys)
		}
	})
}

// Deleting a track deletes its file and row, takes it out of playlists and
// unshares the shared playlists it leaves empty (only those).
func TestDeleteTrack(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, b backend) {
		s := newMusicServer(t, b)
		c, _ := s.Skater("jane", "UTC")
		one := uploadTrack(t, c, s.Server, "One", fixture(t, "tone.ogg"))
		two := uploadTrack(t, c, s.Server, "Two", fixture(t, "tone.m4a"))
		onlyOne := createPlaylist(t, c, "Only one")
		both := createPlaylist(t, c, "Both")
		private := createPlaylist(t, c, "Private, only one")
		setTracks(t, c, onlyOne.ID, one.ID)
		setTracks(t, c, both.ID, two.ID, one.ID)
		setTracks(t, c, private.ID, one.ID)
		tokOnly, tokBoth := sharePlaylist(t, c, onlyOne.ID), sharePlaylist(t, c, both.ID)

		c.Request(http.MethodDelete, tracksPath+"/"+one.ID, nil).Expect(200)
		if m := c.Request(http.MethodDelete, tracksPath+"/"+one.ID, nil).Expect(404).Map(); m["error"] != "Track not found" {
			t.Errorf("second delete: %v", m)
		}
		getAudio(t, c, s.Server, *one.Src).Expect(404)
		var lists []playlistJSON
		c.Get(playlistsPath).Expect(200).JSON(&lists)
		byName := map[string]playlistJSON{}
		for _, l := range lists {
			byName[l.Name] = l
		}
		if l := byName["Only one"]; len(l.TrackIDs) != 0 || l.ShareToken != nil {
			t.Errorf("emptied shared playlist: %+v, want no tracks and unshared", l)
		}
		if l := byName["Both"]; len(l.TrackIDs) != 1 || l.TrackIDs[0] != two.ID || l.ShareToken == nil || *l.ShareToken != tokBoth {
			t.Errorf("playlist with another track: %+v, want [%s] and still shared", l, two.ID)
		}
		if l := byName["Private, only one"]; len(l.TrackIDs) != 0 || l.ShareToken != nil {
			t.Errorf("private playlist: %+v", l)
		}
		s.Client().Get(sharedMusic + tokOnly).Expect(404)
		s.Client().Get(sharedMusic + tokBoth).Expect(200)
		if keys := s.consistent(t); len(keys) != 1 || !strings.Contains(keys[0], two.ID) {
			t.Fatalf("storage after delete: %v", keys)
		}
		// A track without a file (seeded by an admin in the original) deletes too.
		id := uuid.New()
		mustExec(t, s.Server, `INSERT INTO m_tracks (id, "uSkaterUUID", title, clearance_status, created_at)
			SELECT $1, "uSkaterUUID", 'No file', 'not_required', now() FROM m_tracks WHERE id = $2`, id, two.ID)
		var list []trackJSON
		c.Get(tracksPath).Expect(200).JSON(&list)
		if len(list) != 2 || list[0].Src != nil && list[0].ID == id.String() {
			t.Errorf("a track without a file must have a null src: %+v", list)
		}
		if m := getAudio(t, c, s.Server, tracksPath+"/"+id.String()+"/audio").Expect(404).Map(); m["error"] != "Audio file not found" {
			t.Errorf("playing a track without a file: %v", m)
		}
		c.Request(http.MethodDelete, tracksPath+"/"+id.String(), nil).Expect(200)
		s.consistent(t)
	})
}

var keyPattern = regexp.MustCompile(`^music/[0-9a-f-]{36}/[0-9a-f-]{36}\.(mp3|m4a|aac|wav|ogg|flac)$`)

func TestStorageKeysAreServerMade(t *testing.T) {
	t.Parallel()
	s := localMusic(t)
	c, _ := s.Skater("jane", "UTC")
	tr := uploadTrack(t, c, s.Server, "T", fixture(t, "tone.wav"))
	if !keyPattern.MatchString(*tr.StorageKey) {
		t.Fatalf("key %q", *tr.StorageKey)
	}
}
