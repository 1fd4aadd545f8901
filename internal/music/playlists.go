package music

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/database"
)

// Playlist is one of a skater's playlists.
type Playlist struct {
	ID          uuid.UUID
	Name        string
	Description *string
	Type        string
	ShareToken  *uuid.UUID // nil: not shared
	CreatedAt   time.Time
	TrackIDs    []uuid.UUID // in play order
}

// PlaylistInput creates a playlist.
type PlaylistInput struct {
	Name        string
	Description *string
	Type        string // "" means practice
}

// PlaylistChanges updates a playlist; nil fields stay as they are.
type PlaylistChanges struct {
	Name        *string
	Description *string
	Type        *string
}

// MaxPlaylistTracks bounds one playlist.
const MaxPlaylistTracks = 500

func errNoChanges() *apperr.Error { return same(apperr.BadRequest, "Missing JSON payload") }

func errTracksNotOwned() *apperr.Error {
	// The original's text, under the original's key (`error`).
	return same(apperr.NotFound, "One or more track IDs are invalid or not owned by you")
}

func errDuplicateTracks() *apperr.Error {
	return &apperr.Error{Code: apperr.Invalid, ErrorText: "Invalid input", Message: "track_ids: a track may appear only once",
		Details: []apperr.Field{{In: "body", Name: "track_ids", Message: "a track may appear only once"}}}
}

// ListPlaylists returns the skater's playlists, newest first.
func (s *Service) ListPlaylists(ctx context.Context, skater uuid.UUID) ([]Playlist, error) {
	rows, err := s.q.ListPlaylists(ctx, skater)
	if err != nil {
		return nil, fmt.Errorf("list playlists of %s: %w", skater, err)
	}
	out := make([]Playlist, 0, len(rows))
	for _, r := range rows {
		out = append(out, Playlist{ID: r.ID, Name: r.Name, Description: r.Description, Type: r.PlaylistType,
			ShareToken: r.ShareToken, CreatedAt: r.CreatedAt, TrackIDs: r.TrackIds})
	}
	return out, nil
}

func (s *Service) playlist(ctx context.Context, q *db.Queries, skater, id uuid.UUID) (Playlist, error) {
	r, err := q.GetPlaylist(ctx, db.GetPlaylistParams{ID: id, Skater: skater})
	if errors.Is(err, pgx.ErrNoRows) {
		return Playlist{}, errPlaylistNotFound()
	}
	if err != nil {
		return Playlist{}, fmt.Errorf("load playlist %s: %w", id, err)
	}
	return Playlist{ID: r.ID, Name: r.Name, Description: r.Description, Type: r.PlaylistType,
		ShareToken: r.ShareToken, CreatedAt: r.CreatedAt, TrackIDs: r.TrackIds}, nil
}

// CreatePlaylist creates an empty, unshared playlist.
func (s *Service) CreatePlaylist(ctx context.Context, skater uuid.UUID, in PlaylistInput) (Playlist, error) {
	if err := s.RequireProfile(ctx, skater); err != nil {
		return Playlist{}, err
	}
	typ := in.Type
	if typ == "" {
		typ = "practice"
	}
	id, err := s.q.CreatePlaylist(ctx, db.CreatePlaylistParams{ID: uuid.New(), Skater: skater,
		Name: strings.TrimSpace(in.Name), Description: in.Description, PlaylistType: typ})
	if err != nil {
		return Playlist{}, fmt.Errorf("create playlist: %w", err)
	}
	return s.playlist(ctx, s.q, skater, id)
}

// UpdatePlaylist changes the given fields of one of the skater's playlists.
func (s *Service) UpdatePlaylist(ctx context.Context, skater, id uuid.UUID, c PlaylistChanges) (Playlist, error) {
	if c.Name == nil && c.Description == nil && c.Type == nil {
		return Playlist{}, errNoChanges()
	}
	n, err := s.q.UpdatePlaylist(ctx, db.UpdatePlaylistParams{ID: id, Skater: skater,
		Name: trimmed(c.Name), Description: c.Description, PlaylistType: c.Type})
	if err != nil {
		return Playlist{}, fmt.Errorf("update playlist %s: %w", id, err)
	}
	if n == 0 {
		return Playlist{}, errPlaylistNotFound()
	}
	return s.playlist(ctx, s.q, skater, id)
}

// DeletePlaylist deletes one of the skater's playlists; its tracks stay.
func (s *Service) DeletePlaylist(ctx context.Context, skater, id uuid.UUID) error {
	n, err := s.q.DeletePlaylist(ctx, db.DeletePlaylistParams{ID: id, Skater: skater})
	if err != nil {
		return fmt.Errorf("delete playlist %s: %w", id, err)
	}
	if n == 0 {
		return errPlaylistNotFound()
	}
	return nil
}

// SetPlaylistTracks replaces the playlist's tracks with ids, in order, in
// one transaction. Every id must be one of the skater's tracks (locked until
// the commit, so none can be deleted half-way). An empty list unshares the
// playlist, as deleting its last track does.
func (s *Service) SetPlaylistTracks(ctx context.Context, skater, id uuid.UUID, ids []uuid.UUID) (Playlist, error) {
	if len(ids) > MaxPlaylistTracks {
		return Playlist{}, apperr.InvalidField("body", "track_ids", fmt.Sprintf("at most %d tracks", MaxPlaylistTracks))
	}
	seen := make(map[uuid.UUID]bool, len(ids))
	for _, t := range ids {
		if seen[t] {
			return Playlist{}, errDuplicateTracks()
		}
		seen[t] = true
	}
	var out Playlist
	err := database.InTx(ctx, s.pool, func(q *db.Queries) error {
		if _, err := q.LockPlaylist(ctx, db.LockPlaylistParams{ID: id, Skater: skater}); errors.Is(err, pgx.ErrNoRows) {
			return errPlaylistNotFound()
		} else if err != nil {
			return err
		}
		owned, err := q.LockOwnedTracks(ctx, db.LockOwnedTracksParams{Ids: ids, Skater: skater})
		if err != nil {
			return err
		}
		if len(owned) != len(ids) {
			return errTracksNotOwned()
		}
		if err := q.ClearPlaylistTracks(ctx, id); err != nil {
			return err
		}
		if len(ids) > 0 {
			if err := q.InsertPlaylistTracks(ctx, db.InsertPlaylistTracksParams{Playlist: id, Ids: ids}); err != nil {
				return err
			}
		} else if err := q.UnshareEmptyPlaylists(ctx, []uuid.UUID{id}); err != nil {
			return err
		}
		out, err = s.playlist(ctx, q, skater, id)
		return err
	})
	if err != nil {
		if _, ok := apperr.As(err); ok {
			return Playlist{}, err
		}
		return Playlist{}, fmt.Errorf("set tracks of playlist %s: %w", id, err)
	}
	return out, nil
}

// SharePlaylist returns the playlist's share token, creating a random UUID
// v4 only when it has none.
func (s *Service) SharePlaylist(ctx context.Context, skater, id uuid.UUID) (uuid.UUID, error) {
	token, err := s.q.SharePlaylist(ctx, db.SharePlaylistParams{NewToken: uuid.New(), ID: id, Skater: skater})
	if errors.Is(err, pgx.ErrNoRows) {
		return uuid.UUID{}, errPlaylistNotFound()
	}
	if err != nil {
		return uuid.UUID{}, fmt.Errorf("share playlist %s: %w", id, err)
	}
	return token, nil
}

// RevokePlaylistShare deletes the playlist's share token.
func (s *Service) RevokePlaylistShare(ctx context.Context, skater, id uuid.UUID) error {
	n, err := s.q.RevokePlaylistShare(ctx, db.RevokePlaylistShareParams{ID: id, Skater: skater})
	if err != nil {
		return fmt.Errorf("revoke share of playlist %s: %w", id, err)
	}
	if n == 0 {
		return errPlaylistNotFound()
	}
	return nil
}
