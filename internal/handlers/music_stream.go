package handlers

import (
	"context"
	"errors"
	"fmt"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/internal/music"
	"github.com/skatetrax/skatetrax-api/internal/ptr"
	"github.com/skatetrax/skatetrax-api/internal/server"
)

// Headers of every audio answer.
const (
	audioCacheControl = "private, max-age=3600"
	acceptRanges      = "bytes"
	noSniff           = "nosniff"
)

// StreamTrack plays one of the caller's tracks, whole or one byte range.
func (h *MusicHandlers) StreamTrack(ctx context.Context, req api.StreamTrackRequestObject) (api.StreamTrackResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	a, err := h.music.OpenTrack(ctx, p.Skater, req.TrackId, music.Request{Range: ptr.Deref(req.Params.Range), IfRange: ptr.Deref(req.Params.IfRange)})
	var re *music.RangeError
	if errors.As(err, &re) {
		return api.StreamTrack416JSONResponse{Body: rangeErrorBody(re),
			Headers: api.StreamTrack416ResponseHeaders{ContentRange: unsatisfiedRange(re)}}, nil
	}
	if err != nil {
		return nil, err
	}
	if a.Partial {
		return api.StreamTrack206AudioResponse{Body: a.Body, ContentType: a.ContentType, ContentLength: a.Length,
			Headers: api.StreamTrack206ResponseHeaders{AcceptRanges: acceptRanges, CacheControl: audioCacheControl,
				ContentRange: contentRange(a), ETag: a.ETag, XContentTypeOptions: noSniff}}, nil
	}
	return api.StreamTrack200AudioResponse{Body: a.Body, ContentType: a.ContentType, ContentLength: a.Length,
		Headers: api.StreamTrack200ResponseHeaders{AcceptRanges: acceptRanges, CacheControl: audioCacheControl,
			ETag: a.ETag, XContentTypeOptions: noSniff}}, nil
}

// StreamSharedTrack plays a track of a shared playlist, for anyone holding
// the link. It never looks at the caller's session.
func (h *MusicHandlers) StreamSharedTrack(ctx context.Context, req api.StreamSharedTrackRequestObject) (api.StreamSharedTrackResponseObject, error) {
	a, err := h.music.OpenSharedTrack(ctx, req.ShareToken, req.TrackId, music.Request{Range: ptr.Deref(req.Params.Range), IfRange: ptr.Deref(req.Params.IfRange)})
	var re *music.RangeError
	if errors.As(err, &re) {
		return api.StreamSharedTrack416JSONResponse{Body: rangeErrorBody(re),
			Headers: api.StreamSharedTrack416ResponseHeaders{ContentRange: unsatisfiedRange(re)}}, nil
	}
	if err != nil {
		return nil, err
	}
	if a.Partial {
		return api.StreamSharedTrack206AudioResponse{Body: a.Body, ContentType: a.ContentType, ContentLength: a.Length,
			Headers: api.StreamSharedTrack206ResponseHeaders{AcceptRanges: acceptRanges, CacheControl: audioCacheControl,
				ContentRange: contentRange(a), ETag: a.ETag, XContentTypeOptions: noSniff}}, nil
	}
	return api.StreamSharedTrack200AudioResponse{Body: a.Body, ContentType: a.ContentType, ContentLength: a.Length,
		Headers: api.StreamSharedTrack200ResponseHeaders{AcceptRanges: acceptRanges, CacheControl: audioCacheControl,
			ETag: a.ETag, XContentTypeOptions: noSniff}}, nil
}

func contentRange(a music.Audio) string {
	return fmt.Sprintf("bytes %d-%d/%d", a.First, a.Last, a.Size)
}

func unsatisfiedRange(re *music.RangeError) string { return fmt.Sprintf("bytes */%d", re.Size) }

// rangeErrorBody renders the refusal the way every error is rendered (the
// generated 416 response carries its body and Content-Range together).
func rangeErrorBody(re *music.RangeError) api.Error { return server.Body(re.AppError(), "") }
