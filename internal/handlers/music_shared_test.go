package handlers_test

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
)

func TestSharedPlaylistForListeners(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, b backend) {
		s := newMusicServer(t, b)
		c, _ := s.Skater("jane", "UTC")
		flac, ogg := fixture(t, "tone.flac"), fixture(t, "tone.ogg")
		one := uploadTrack(t, c, s.Server, "One", flac)
		two := uploadTrack(t, c, s.Server, "Two", ogg)
		other := uploadTrack(t, c, s.Server, "Not in the playlist", flac)
		var p playlistJSON
		c.Post(playlistsPath, map[string]any{"name": "Programs", "description": "For the judges", "playlist_type": "competition"}).Expect(201).JSON(&p)
		setTracks(t, c, p.ID, two.ID, one.ID)
		tok := sharePlaylist(t, c, p.ID)

		listener := s.Client()
		listener.Header.Set("Cookie", "session=forged-or-stale") // never a 401 for a public link
		var pub struct {
			Name        string  `json:"name"`
			Description *string `json:"description"`
			Owner       string  `json:"owner"`
			Tracks      []struct {
				ID              string  `json:"id"`
				Title           string  `json:"title"`
				Artist          *string `json:"artist"`
				DurationSeconds *int    `json:"duration_seconds"`
				Src             *string `json:"src"`
			} `json:"tracks"`
		}
		listener.Get(sharedMusic + tok).Expect(200).JSON(&pub)
		if pub.Name != "Programs" || pub.Description == nil || *pub.Description != "For the judges" || pub.Owner != "Test" || len(pub.Tracks) != 2 {
			t.Fatalf("public playlist: %+v", pub)
		}
		for i, want := range []struct {
			name string
			tr   trackJSON
			data []byte
		}{{"first_track_in_playlist_order_plays_for_anyone", two, ogg}, {"second_track_in_playlist_order_plays_for_anyone", one, flac}} {
			t.Run(want.name, func(t *testing.T) {
				got := pub.Tracks[i]
				if got.ID != want.tr.ID || got.Title != want.tr.Title || *got.DurationSeconds != 1 || got.Src == nil ||
					*got.Src != sharedMusic+tok+"/tracks/"+want.tr.ID+"/audio" {
					t.Fatalf("track %d: %+v", i, got)
				}
				// The src plays for anyone: no cookie, a forged one, or the owner's.
				if res := getAudio(t, s.Client(), s.Server, *got.Src).Expect(200); !bytes.Equal(res.Body, want.data) {
					t.Errorf("track %d plays other bytes", i)
				}
				getAudio(t, listener, s.Server, *got.Src, "Range", "bytes=0-9").Expect(206)
				getAudio(t, c, s.Server, *got.Src).Expect(200)
			})
		}
		// A track of the owner's that is not in the playlist is out of reach.
		notShared := s.Client().Get(sharedMusic + tok + "/tracks/" + other.ID + "/audio").Expect(404).Body
		if !bytes.Equal(notShared, s.Client().Get(sharedMusic+uuid.NewString()).Expect(404).Body) {
			t.Errorf("a track outside the playlist answers differently: %s", notShared)
		}
		// Revoking stops the page and the audio at once.
		c.Request(http.MethodDelete, playlistsPath+"/"+p.ID+"/share", nil).Expect(200)
		s.Client().Get(sharedMusic + tok).Expect(404)
		getAudio(t, s.Client(), s.Server, *pub.Tracks[0].Src).Expect(404)
		// The owner's own URL keeps working.
		getAudio(t, c, s.Server, *one.Src).Expect(200)
	})
}

func TestSharedPlaylistOwnerName(t *testing.T) {
	t.Parallel()
	s := localMusic(t)
	c, acc := s.Skater("jane", "UTC")
	p := createPlaylist(t, c, "Empty")
	tok := sharePlaylist(t, c, p.ID)
	m := s.Client().Get(sharedMusic + tok).Expect(200).Map()
	if m["owner"] != "Test" || len(m["tracks"].([]any)) != 0 {
		t.Errorf("shared empty playlist: %v", m)
	}
	for _, tc := range []struct {
		name  string
		first any
	}{{"null_first_name_shows_a_skater", nil}, {"empty_first_name_shows_a_skater", ""}} {
		t.Run(tc.name, func(t *testing.T) {
			mustExec(t, s.Server, `UPDATE "uSkaterConfig" SET "uSkaterFname" = $1 WHERE "uSkaterUUID" = $2`, tc.first, acc.Skater)
			if m := s.Client().For(t).Get(sharedMusic + tok).Expect(200).Map(); m["owner"] != "A Skater" {
				t.Errorf("owner without a first name (%v): %v", tc.first, m["owner"])
			}
		})
	}
}

// The public playlist shows a listener what they need and nothing that
// identifies the owner's records or opens anything else.
func TestSharedPlaylistCarriesNoPrivateData(t *testing.T) {
	t.Parallel()
	s := localMusic(t)
	c, acc := s.Skater("jane", "UTC")
	cardTok := share(t, c) // the skater card's own token
	var tr trackJSON
	postParts(t, c, s.Server, audioPart(fixture(t, "tone.wav")), metaPart(map[string]any{
		"title": "Short", "artist": "Composer", "clearance_status": "cleared", "clearance_provider": "ClicknClear",
		"clearance_ref": "SECRET-LICENCE-42", "spotify_url": "https://open.spotify.com/track/private-link",
		"apple_music_url": "https://music.apple.com/private", "youtube_url": "https://youtu.be/private",
		"is_performance_cut": true,
	})).Expect(201).JSON(&tr)
	private := uploadTrack(t, c, s.Server, "Unlisted", fixture(t, "tone.flac"))
	p := createPlaylist(t, c, "Open")
	setTracks(t, c, p.ID, tr.ID)
	tok := sharePlaylist(t, c, p.ID)
	otherList := createPlaylist(t, c, "Other shared")
	setTracks(t, c, otherList.ID, private.ID)
	otherTok := sharePlaylist(t, c, otherList.ID)
	bob, _ := s.Skater("bob", "UTC")
	bobList := createPlaylist(t, bob, "Bob's")
	bobTok := sharePlaylist(t, bob, bobList.ID)

	// The owner's view does carry these, so the checks below can fail.
	owner := string(c.Get(tracksPath).Expect(200).Body)
	for _, must := range []string{*tr.StorageKey, "SECRET-LICENCE-42", acc.Skater} {
		if !strings.Contains(owner, must) {
			t.Fatalf("fixture problem: the owner's list lacks %q", must)
		}
	}
	secrets := []string{acc.Skater, strings.ReplaceAll(acc.Skater, "-", ""), *tr.StorageKey, *private.StorageKey, "music/" + acc.Skater,
		cardTok, otherTok, bobTok, p.ID, otherList.ID, bobList.ID, private.ID, "SECRET-LICENCE-42", "ClicknClear",
		"private-link", "music.apple.com", "youtu.be", acc.Email, acc.Login, "competition", "practice", "cleared"}

	res := s.Client().Get(sharedMusic + tok).Expect(200)
	allowed := []string{"name", "description", "owner", "tracks", "id", "title", "artist", "duration_seconds", "src"}
	var pub any
	res.JSON(&pub)
	walk(pub, "$", func(path, key string, value any) {
		if key != "" {
			if !slices.Contains(allowed, key) {
				t.Errorf("public playlist has key %s.%s", path, key)
			}
			return
		}
		v, ok := value.(string)
		if !ok {
			return
		}
		for _, secret := range secrets {
			if strings.Contains(strings.ToLower(v), strings.ToLower(secret)) {
				t.Errorf("public playlist %s = %q reveals %q", path, v, secret)
			}
		}
		// The playlist's own token may appear only inside its audio URLs.
		if strings.Contains(v, tok) && !strings.HasPrefix(v, sharedMusic+tok+"/tracks/") {
			t.Errorf("public playlist %s carries the share token outside an audio URL", path)
		}
		if id, err := uuid.Parse(v); err == nil && id.String() != tr.ID {
			t.Errorf("public playlist %s carries the id %s", path, v)
		}
	})
	raw := strings.ToLower(string(res.Body))
	for _, secret := range []string{strings.ToLower(acc.Skater), cardTok, otherTok, bobTok, "storage_key", "share_token", "clearance"} {
		if strings.Contains(raw, secret) {
			t.Errorf("public playlist bytes contain %q", secret)
		}
	}
	// The audio answer names no key or owner either.
	audio := getAudio(t, s.Client(), s.Server, sharedMusic+tok+"/tracks/"+tr.ID+"/audio").Expect(200)
	for k, vs := range audio.Header {
		for _, v := range vs {
			if strings.Contains(v, acc.Skater) || strings.Contains(v, "music/") {
				t.Errorf("audio header %s: %q reveals storage", k, v)
			}
		}
	}
}

// Unknown, malformed and revoked tokens, and tracks outside the playlist,
// all get one identical 404, for the page and for the audio.
func TestSharedPlaylistMissesLookAlike(t *testing.T) {
	t.Parallel()
	s := localMusic(t)
	c, _ := s.Skater("jane", "UTC")
	tr := uploadTrack(t, c, s.Server, "T", fixture(t, "tone.wav"))
	p := createPlaylist(t, c, "Revoked")
	setTracks(t, c, p.ID, tr.ID)
	revoked := sharePlaylist(t, c, p.ID)
	c.Request(http.MethodDelete, playlistsPath+"/"+p.ID+"/share", nil).Expect(200)
	live := createPlaylist(t, c, "Live")
	liveTok := sharePlaylist(t, c, live.ID) // shared, but tr is not in it

	anon := s.Client()
	want := anon.Get(sharedMusic + uuid.NewString()).Expect(404).Body
	if m := anon.Get(sharedMusic + uuid.NewString()).Map(); m["error"] != "Playlist not found or no longer shared" || m["code"] != "not_found" {
		t.Fatalf("unknown token: %v", m)
	}
	// A playlist token that is no UUID at all is the original's 400.
	for _, bad := range []string{"not-a-uuid", "%27%20OR%201%3D1", "x"} {
		if m := anon.Get(sharedMusic + bad).Expect(400).Map(); m["error"] != "Invalid share link" || m["code"] != "bad_request" {
			t.Errorf("%s: %v, want 400 Invalid share link", bad, m)
		}
	}
	paths := []struct{ name, path string }{
		{"revoked_token", sharedMusic + revoked},
		{"upper_case_revoked_token", sharedMusic + strings.ToUpper(revoked)},
		{"token_without_hyphens", sharedMusic + strings.ReplaceAll(uuid.NewString(), "-", "")},
		{"token_in_braces", sharedMusic + "%7B" + uuid.NewString() + "%7D"},
		{"nil_token", sharedMusic + "00000000-0000-0000-0000-000000000000"},
		{"audio_through_revoked_token", sharedMusic + revoked + "/tracks/" + tr.ID + "/audio"},
		{"audio_of_a_track_not_in_the_playlist", sharedMusic + liveTok + "/tracks/" + tr.ID + "/audio"},
		{"audio_through_unknown_token", sharedMusic + uuid.NewString() + "/tracks/" + tr.ID + "/audio"},
		{"audio_of_malformed_track_id", sharedMusic + liveTok + "/tracks/x/audio"},
		{"audio_through_malformed_token", sharedMusic + "x/tracks/" + tr.ID + "/audio"},
	}
	for _, tc := range paths {
		t.Run(tc.name+"_is_the_unknown_token_404", func(t *testing.T) {
			res := anon.For(t).Get(tc.path)
			if res.Status != 404 || !bytes.Equal(res.Body, want) {
				t.Errorf("%s: %d %s, want the same 404 as an unknown token", tc.path, res.Status, res.Body)
			}
		})
	}
}

// Failed lookups are limited per client; successful views are not counted.
func TestSharedPlaylistRateLimit(t *testing.T) {
	t.Parallel()
	s := localMusic(t, map[string]string{"RATE_LIMIT_TOKEN_IP": "3"})
	c, _ := s.Skater("jane", "UTC")
	tr := uploadTrack(t, c, s.Server, "T", fixture(t, "tone.wav"))
	p := createPlaylist(t, c, "Popular")
	setTracks(t, c, p.ID, tr.ID)
	tok := sharePlaylist(t, c, p.ID)
	anon := s.Client()
	audioURL := sharedMusic + tok + "/tracks/" + tr.ID + "/audio"

	for range 10 {
		anon.Get(sharedMusic + tok).Expect(200)
		getAudio(t, anon, s.Server, audioURL).Expect(200)
	}
	anon.Get(sharedMusic + uuid.NewString()).Expect(404)
	getAudio(t, anon, s.Server, sharedMusic+uuid.NewString()+"/tracks/"+tr.ID+"/audio").Expect(404)
	anon.Get(sharedMusic + "guess").Expect(400)
	// Three misses: now even the right token is refused, page and audio.
	for _, tc := range []struct{ name, path string }{
		{"right_page_is_429", sharedMusic + tok},
		{"right_audio_is_429", audioURL},
		{"unknown_token_is_429", sharedMusic + uuid.NewString()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := anon.For(t).Get(tc.path).Expect(429)
			if res.Header.Get("Retry-After") == "" || res.Map()["code"] != "rate_limited" {
				t.Errorf("%s: %v %s", tc.path, res.Header, res.Body)
			}
		})
	}
	// The card's public lookups count separately.
	anon.Get("/api/v4/members/shared_card/" + uuid.NewString()).Expect(404)
	// The owner's routes are not affected.
	c.Get(playlistsPath).Expect(200)
	getAudio(t, c, s.Server, *tr.Src).Expect(200)
}
