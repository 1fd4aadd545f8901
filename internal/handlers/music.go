package handlers

import (
	"context"

	"github.com/google/uuid"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/internal/music"
)

// MusicHandlers serve the music tag: tracks, playlists, sharing and playback.
type MusicHandlers struct{ music *music.Service }

// ListTracks returns the caller's tracks, newest first.
func (h *MusicHandlers) ListTracks(ctx context.Context, _ api.ListTracksRequestObject) (api.ListTracksResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	tracks, err := h.music.ListTracks(ctx, p.Skater)
	if err != nil {
		return nil, err
	}
	out := make(api.ListTracks200JSONResponse, 0, len(tracks))
	for _, t := range tracks {
		out = append(out, ownerTrack(t))
	}
	return out, nil
}

// DeleteTrack deletes one of the caller's tracks and its file.
func (h *MusicHandlers) DeleteTrack(ctx context.Context, req api.DeleteTrackRequestObject) (api.DeleteTrackResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := h.music.DeleteTrack(ctx, p.Skater, req.TrackId); err != nil {
		return nil, err
	}
	return api.DeleteTrack200JSONResponse{Status: api.StatusOkStatusOk}, nil
}

// ListPlaylists returns the caller's playlists, newest first.
func (h *MusicHandlers) ListPlaylists(ctx context.Context, _ api.ListPlaylistsRequestObject) (api.ListPlaylistsResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	lists, err := h.music.ListPlaylists(ctx, p.Skater)
	if err != nil {
		return nil, err
	}
	out := make(api.ListPlaylists200JSONResponse, 0, len(lists))
	for _, l := range lists {
		out = append(out, playlist(l))
	}
	return out, nil
}

// CreatePlaylist creates an empty playlist.
func (h *MusicHandlers) CreatePlaylist(ctx context.Context, req api.CreatePlaylistRequestObject) (api.CreatePlaylistResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	in := music.PlaylistInput{Name: req.Body.Name, Description: req.Body.Description}
	if req.Body.PlaylistType != nil {
		in.Type = string(*req.Body.PlaylistType)
	}
	l, err := h.music.CreatePlaylist(ctx, p.Skater, in)
	if err != nil {
		return nil, err
	}
	return api.CreatePlaylist201JSONResponse(playlist(l)), nil
}

// UpdatePlaylist changes a playlist's name, description or type.
func (h *MusicHandlers) UpdatePlaylist(ctx context.Context, req api.UpdatePlaylistRequestObject) (api.UpdatePlaylistResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	c := music.PlaylistChanges{Name: req.Body.Name, Description: req.Body.Description}
	if req.Body.PlaylistType != nil {
		t := string(*req.Body.PlaylistType)
		c.Type = &t
	}
	l, err := h.music.UpdatePlaylist(ctx, p.Skater, req.PlaylistId, c)
	if err != nil {
		return nil, err
	}
	return api.UpdatePlaylist200JSONResponse(playlist(l)), nil
}

// DeletePlaylist deletes a playlist; its tracks stay.
func (h *MusicHandlers) DeletePlaylist(ctx context.Context, req api.DeletePlaylistRequestObject) (api.DeletePlaylistResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := h.music.DeletePlaylist(ctx, p.Skater, req.PlaylistId); err != nil {
		return nil, err
	}
	return api.DeletePlaylist200JSONResponse{Status: api.StatusOkStatusOk}, nil
}

// SetPlaylistTracks replaces a playlist's ordered track list.
func (h *MusicHandlers) SetPlaylistTracks(ctx context.Context, req api.SetPlaylistTracksRequestObject) (api.SetPlaylistTracksResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	l, err := h.music.SetPlaylistTracks(ctx, p.Skater, req.PlaylistId, req.Body.TrackIds)
	if err != nil {
		return nil, err
	}
	return api.SetPlaylistTracks200JSONResponse(playlist(l)), nil
}

// SharePlaylist returns the playlist's share token, creating one if needed.
func (h *MusicHandlers) SharePlaylist(ctx context.Context, req api.SharePlaylistRequestObject) (api.SharePlaylistResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	token, err := h.music.SharePlaylist(ctx, p.Skater, req.PlaylistId)
	if err != nil {
		return nil, err
	}
	return api.SharePlaylist200JSONResponse{ShareToken: token}, nil
}

// RevokePlaylistShare stops sharing a playlist.
func (h *MusicHandlers) RevokePlaylistShare(ctx context.Context, req api.RevokePlaylistShareRequestObject) (api.RevokePlaylistShareResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := h.music.RevokePlaylistShare(ctx, p.Skater, req.PlaylistId); err != nil {
		return nil, err
	}
	return api.RevokePlaylistShare200JSONResponse{Status: api.StatusOkStatusOk}, nil
}

// GetSharedPlaylist returns the public view of a shared playlist. It never
// looks at the caller's session.
func (h *MusicHandlers) GetSharedPlaylist(ctx context.Context, req api.GetSharedPlaylistRequestObject) (api.GetSharedPlaylistResponseObject, error) {
	l, err := h.music.SharedPlaylist(ctx, req.ShareToken)
	if err != nil {
		return nil, err
	}
	out := api.GetSharedPlaylist200JSONResponse{Name: l.Name, Description: l.Description, Owner: l.Owner,
		Tracks: make([]api.PublicTrack, 0, len(l.Tracks))}
	for _, t := range l.Tracks {
		pt := api.PublicTrack{Id: t.ID, Title: t.Title, Artist: t.Artist, DurationSeconds: t.DurationSeconds}
		if t.HasFile {
			src := sharedTrackURL(l.Token, t.ID)
			pt.Src = &src
		}
		out.Tracks = append(out.Tracks, pt)
	}
	return out, nil
}

// trackURL is where the owner's player fetches a track: on the API's own
// origin, under /music/ (the frontend's service worker caches those).
func trackURL(id uuid.UUID) string { return "/api/v4/music/tracks/" + id.String() + "/audio" }

// sharedTrackURL is a listener's URL for a track of a shared playlist; it
// stops working when the playlist stops being shared.
func sharedTrackURL(token, id uuid.UUID) string {
	return "/api/v4/music/shared/" + token.String() + "/tracks/" + id.String() + "/audio"
}

func ownerTrack(t music.Track) api.Track {
	out := api.Track{
		Id: t.ID, Title: t.Title, Artist: t.Artist, DurationSeconds: t.DurationSeconds,
		IsPerformanceCut: t.IsPerformanceCut, CutDurationSeconds: t.CutDurationSeconds, StorageKey: t.StorageKey,
		ClearanceStatus: t.ClearanceStatus, ClearanceProvider: t.ClearanceProvider, ClearanceRef: t.ClearanceRef,
		AppleMusicUrl: t.AppleMusicURL, SpotifyUrl: t.SpotifyURL, YoutubeUrl: t.YoutubeURL, CreatedAt: t.CreatedAt.UTC(),
	}
	if t.StorageKey != nil {
		src := trackURL(t.ID)
		out.Src = &src
	}
	return out
}

func playlist(l music.Playlist) api.Playlist {
	ids := l.TrackIDs
	if ids == nil {
		ids = []uuid.UUID{}
	}
	return api.Playlist{Id: l.ID, Name: l.Name, Description: l.Description, PlaylistType: l.Type,
		ShareToken: l.ShareToken, CreatedAt: l.CreatedAt.UTC(), TrackIds: ids}
}
