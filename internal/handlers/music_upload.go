package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	apispec "github.com/skatetrax/skatetrax-api/api"
	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/music"
	"github.com/skatetrax/skatetrax-api/internal/schemafield"
)

// UploadTrack stores an uploaded audio file and its track row. The body is
// streamed (the validator leaves multipart bodies of x-streamed-body
// operations alone): music.ReadForm spools the file under the size limit.
func (h *MusicHandlers) UploadTrack(ctx context.Context, req api.UploadTrackRequestObject) (api.UploadTrackResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	// Refuse before reading 20 MiB that could not be kept.
	if err := h.music.RequireProfile(ctx, p.Skater); err != nil {
		return nil, err
	}
	form, err := music.ReadForm(req.Body, h.music.SpoolDir())
	if err != nil {
		return nil, uploadReadError(err)
	}
	defer form.Close()
	if form.Audio == nil {
		return nil, music.ErrNoAudio()
	}
	meta, err := trackMetadata(form.Metadata)
	if err != nil {
		return nil, err
	}
	up, err := h.music.Upload(ctx, p.Skater, form.Audio, meta)
	if err != nil {
		return nil, err
	}
	t := ownerTrack(up.Track)
	return api.UploadTrack201JSONResponse{
		Id: t.Id, Title: t.Title, Artist: t.Artist, DurationSeconds: t.DurationSeconds,
		IsPerformanceCut: t.IsPerformanceCut, CutDurationSeconds: t.CutDurationSeconds, StorageKey: t.StorageKey, Src: t.Src,
		ClearanceStatus: t.ClearanceStatus, ClearanceProvider: t.ClearanceProvider, ClearanceRef: t.ClearanceRef,
		AppleMusicUrl: t.AppleMusicUrl, SpotifyUrl: t.SpotifyUrl, YoutubeUrl: t.YoutubeUrl, CreatedAt: t.CreatedAt,
		DurationHint: api.UploadedTrackDurationHint(up.DurationHint),
	}, nil
}

// uploadReadError answers a body that could not be read: over the route's
// body limit (413, like an oversized file), or not readable multipart (400).
func uploadReadError(err error) error {
	if _, ok := apperr.As(err); ok {
		return err // already the client's answer
	}
	var re *music.ReadError
	if !errors.As(err, &re) {
		return err
	}
	var he *echo.HTTPError
	if errors.As(err, &he) && he.Code == http.StatusRequestEntityTooLarge {
		e := music.ErrFileTooLarge()
		e.Cause = err
		return e
	}
	return &apperr.Error{Code: apperr.BadRequest, ErrorText: "Bad request",
		Message: "The upload could not be read as multipart/form-data.", Cause: err}
}

// trackMetadataBody is the metadata part, decoded after it passed the
// contract's TrackMetadata schema.
type trackMetadataBody struct {
	Title             string  `json:"title"`
	Artist            *string `json:"artist"`
	IsPerformanceCut  *bool   `json:"is_performance_cut"`
	ClearanceStatus   *string `json:"clearance_status"`
	ClearanceProvider *string `json:"clearance_provider"`
	ClearanceRef      *string `json:"clearance_ref"`
	AppleMusicURL     *string `json:"apple_music_url"`
	SpotifyURL        *string `json:"spotify_url"`
	YoutubeURL        *string `json:"youtube_url"`
}

// metadataSchema is TrackMetadata from the embedded contract: the metadata
// part is a JSON document inside a multipart body, which the request
// validator does not look into, so the handler checks it against the same
// schema.
var metadataSchema = sync.OnceValues(func() (*openapi3.Schema, error) {
	// The document as written: the generated copy lacks unused schemas.
	spec, err := openapi3.NewLoader().LoadFromData(apispec.YAML)
	if err != nil {
		return nil, fmt.Errorf("load the contract: %w", err)
	}
	ref := spec.Components.Schemas["TrackMetadata"]
	if ref == nil || ref.Value == nil {
		return nil, errors.New("embedded spec has no TrackMetadata schema")
	}
	return ref.Value, nil
})

func errMetadata(fields []apperr.Field) *apperr.Error {
	msg := "The metadata does not match the API contract."
	if len(fields) == 1 {
		msg = fields[0].Name + ": " + fields[0].Message
	}
	return &apperr.Error{Code: apperr.Invalid, ErrorText: "Invalid metadata", Message: msg, Details: fields}
}

// trackMetadata checks the metadata part (absent means `{}`, which lacks the
// required title) and decodes it.
func trackMetadata(raw []byte) (music.TrackMeta, error) {
	if raw == nil {
		raw = []byte("{}")
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return music.TrackMeta{}, errMetadata([]apperr.Field{{In: "body", Name: "metadata", Message: "not valid JSON"}})
	}
	if _, ok := v.(map[string]any); !ok {
		return music.TrackMeta{}, errMetadata([]apperr.Field{{In: "body", Name: "metadata", Message: "must be a JSON object"}})
	}
	schema, err := metadataSchema()
	if err != nil {
		return music.TrackMeta{}, err
	}
	if err := schema.VisitJSON(v, openapi3.MultiErrors()); err != nil {
		var fields []apperr.Field
		schemaFields(err, &fields)
		sort.SliceStable(fields, func(i, j int) bool { return fields[i].Name < fields[j].Name })
		return music.TrackMeta{}, errMetadata(fields)
	}
	var b trackMetadataBody
	if err := json.NewDecoder(bytes.NewReader(raw)).Decode(&b); err != nil {
		return music.TrackMeta{}, errMetadata([]apperr.Field{{In: "body", Name: "metadata", Message: "not valid JSON"}})
	}
	meta := music.TrackMeta{Title: b.Title, Artist: b.Artist, ClearanceProvider: b.ClearanceProvider,
		ClearanceRef: b.ClearanceRef, AppleMusicURL: b.AppleMusicURL, SpotifyURL: b.SpotifyURL, YoutubeURL: b.YoutubeURL}
	if b.IsPerformanceCut != nil {
		meta.IsPerformanceCut = *b.IsPerformanceCut
	}
	if b.ClearanceStatus != nil {
		meta.ClearanceStatus = *b.ClearanceStatus
	}
	return meta, nil
}

// schemaFields lists every schema violation in err as a metadata field.
func schemaFields(err error, fields *[]apperr.Field) {
	var multi openapi3.MultiError
	if errors.As(err, &multi) {
		for _, e := range multi {
			schemaFields(e, fields)
		}
		return
	}
	f, ok := schemafield.Of(err, "body", "metadata")
	if !ok {
		f = apperr.Field{In: "body", Name: "metadata", Message: "not acceptable"}
	}
	*fields = append(*fields, f)
}
