package apitest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"testing"

	"github.com/skatetrax/skatetrax-api/gen/client"
	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// The Go client oapi-codegen generates from the contract (gen/client, the
// second config oapi-codegen.client.yaml) works against the real server as
// a Go team would use it: login with a typed error, the equipment read, the
// multipart upload with its JSON metadata part, the audio download, and the
// original's 400 for a share link that is no UUID.
func TestGeneratedGoClient(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	_, acc := s.Skater("jane", "UTC")
	browser := s.Client()
	api, err := client.NewClientWithResponses(s.URL, client.WithHTTPClient(browser.HTTPClient()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	str := func(v string) *string { return &v }

	t.Run("wrong_password_is_a_typed_401", func(t *testing.T) {
		res, err := api.LoginWithResponse(ctx, client.LoginJSONRequestBody{ALogin: str(acc.Login), APasswordHash: str("not the password")})
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode() != http.StatusUnauthorized || res.JSON401 == nil || res.JSON401.Message == nil || *res.JSON401.Message != "Invalid credentials" {
			t.Fatalf("login: %d %s", res.StatusCode(), res.Body)
		}
	})
	t.Run("login_then_equipment_hours_are_minutes", func(t *testing.T) {
		res, err := api.LoginWithResponse(ctx, client.LoginJSONRequestBody{ALogin: str(acc.Login), APasswordHash: str(acc.Password)})
		if err != nil || res.JSON200 == nil || res.JSON200.Message != "Login successful" {
			t.Fatalf("login: %v %s", err, res.Body)
		}
		eq, err := api.ListEquipmentWithResponse(ctx)
		if err != nil || eq.JSON200 == nil {
			t.Fatalf("equipment: %v %s", err, eq.Body)
		}
		for _, c := range eq.JSON200.Configs {
			if c.Hours != c.Minutes {
				t.Errorf("config hours %d, minutes %d: hours must carry minutes", c.Hours, c.Minutes)
			}
		}
	})
	t.Run("upload_and_download_a_track", func(t *testing.T) {
		audio, err := os.ReadFile(filepath.Join("..", "audio", "testdata", "tone.wav"))
		if err != nil {
			t.Fatal(err)
		}
		var body bytes.Buffer
		w := multipart.NewWriter(&body)
		part, _ := w.CreateFormFile("audio", "tone.wav")
		part.Write(audio)
		meta, _ := json.Marshal(client.TrackMetadata{Title: "Tone"})
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="metadata"`)
		h.Set("Content-Type", "application/json") // the spec's encoding entry
		mp, _ := w.CreatePart(h)
		mp.Write(meta)
		w.Close()
		up, err := api.UploadTrackWithBodyWithResponse(ctx, nil, w.FormDataContentType(), &body)
		if err != nil || up.JSON201 == nil || up.JSON201.Title != "Tone" {
			t.Fatalf("upload: %v %d %s", err, up.StatusCode(), up.Body)
		}
		got, err := api.StreamTrackWithResponse(ctx, up.JSON201.Id, nil)
		if err != nil || got.StatusCode() != http.StatusOK || !bytes.Equal(got.Body, audio) {
			t.Fatalf("download: %v %d, %d bytes (want %d)", err, got.StatusCode(), len(got.Body), len(audio))
		}
	})
	t.Run("share_link_that_is_no_uuid_is_a_typed_400", func(t *testing.T) {
		res, err := api.GetSharedPlaylistWithResponse(ctx, "not-a-uuid")
		if err != nil {
			t.Fatal(err)
		}
		if res.JSON400 == nil || res.JSON400.Error == nil || *res.JSON400.Error != "Invalid share link" {
			t.Fatalf("shared playlist: %d %s", res.StatusCode(), res.Body)
		}
	})
}
