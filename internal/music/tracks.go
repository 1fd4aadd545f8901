package music

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/audio"
	"github.com/skatetrax/skatetrax-api/internal/database"
)

// Track is a track of a skater's library.
type Track struct {
	ID                 uuid.UUID
	Title              string
	Artist             *string
	DurationSeconds    *int32
	IsPerformanceCut   bool
	CutDurationSeconds *int32
	StorageKey         *string // nil: the track has no file
	ClearanceStatus    string
	ClearanceProvider  *string
	ClearanceRef       *string
	AppleMusicURL      *string
	SpotifyURL         *string
	YoutubeURL         *string
	CreatedAt          time.Time
}

// TrackMeta is what the skater says about an upload (already checked
// against the contract's TrackMetadata schema).
type TrackMeta struct {
	Title             string
	Artist            *string
	IsPerformanceCut  bool
	ClearanceStatus   string // "" means not_required
	ClearanceProvider *string
	ClearanceRef      *string
	AppleMusicURL     *string
	SpotifyURL        *string
	YoutubeURL        *string
}

// Uploaded is a stored upload.
type Uploaded struct {
	Track Track
	// DurationHint is "performance_cut" up to PerformanceCutCeiling seconds,
	// else "practice". It is advice, not stored.
	DurationHint string
}

// cleanupTimeout bounds the removal of a file after a failed upload or a
// delete; it runs even when the client has gone away.
const cleanupTimeout = 30 * time.Second

// ListTracks returns the skater's tracks, newest first.
func (s *Service) ListTracks(ctx context.Context, skater uuid.UUID) ([]Track, error) {
	rows, err := s.q.ListTracks(ctx, skater)
	if err != nil {
		return nil, fmt.Errorf("list tracks of %s: %w", skater, err)
	}
	out := make([]Track, 0, len(rows))
	for _, r := range rows {
		out = append(out, toTrack(r))
	}
	return out, nil
}

func errUnsupported(cause error) *apperr.Error {
	e := same(apperr.BadRequest, "Could not read audio file -- unsupported format")
	e.Cause = cause
	return e
}

func errNoDuration(cause error) *apperr.Error {
	e := same(apperr.BadRequest, "Could not read audio duration -- unsupported or corrupt file")
	e.Cause = cause
	return e
}

// Upload checks a spooled file and stores it with its row, together or not
// at all:
//
//  1. the format and duration are read from the bytes (400 otherwise);
//  2. the object's key is listed in m_storage_pending;
//  3. the object is written (atomically: all of it or nothing);
//  4. one transaction inserts the row and removes the key from the list.
//
// When 3 or 4 fails, the object is deleted and the key unlisted; if even
// that delete fails, the key stays listed and Sweep deletes the object
// later. A crash anywhere leaves at most a listed key.
func (s *Service) Upload(ctx context.Context, skater uuid.UUID, file *File, meta TrackMeta) (Uploaded, error) {
	format, dur, err := audio.Probe(file.f, file.size)
	switch {
	case errors.Is(err, audio.ErrUnknownFormat):
		return Uploaded{}, errUnsupported(err)
	case errors.Is(err, audio.ErrInvalid):
		return Uploaded{}, errNoDuration(err)
	case err != nil:
		return Uploaded{}, fmt.Errorf("probe upload: %w", err)
	}
	secs := int32(dur / time.Second) // truncated, as the original's int(length)
	id := uuid.New()
	key := objectKey(skater, id, format)

	if err := s.q.AddPendingObject(ctx, db.AddPendingObjectParams{StorageKey: key, Reason: "upload"}); err != nil {
		return Uploaded{}, fmt.Errorf("list pending upload %s: %w", key, err)
	}
	if _, err := file.f.Seek(0, io.SeekStart); err != nil {
		s.discard(ctx, key)
		return Uploaded{}, fmt.Errorf("rewind upload: %w", err)
	}
	if err := s.store.Put(ctx, key, file.f, file.size, format.ContentType()); err != nil {
		s.discard(ctx, key)
		if ctx.Err() != nil {
			return Uploaded{}, fmt.Errorf("store %s: %w", key, err) // the client went away
		}
		return Uploaded{}, errStorage(fmt.Errorf("store %s: %w", key, err))
	}

	status := meta.ClearanceStatus
	if status == "" {
		status = "not_required"
	}
	var row db.InsertTrackRow
	err = database.InTx(ctx, s.pool, func(q *db.Queries) error {
		var err error
		row, err = q.InsertTrack(ctx, db.InsertTrackParams{
			ID: id, Skater: skater, Title: strings.TrimSpace(meta.Title), Artist: trimmed(meta.Artist),
			DurationSeconds: &secs, IsPerformanceCut: &meta.IsPerformanceCut, StorageKey: &key,
			ClearanceStatus: status, ClearanceProvider: trimmed(meta.ClearanceProvider), ClearanceRef: trimmed(meta.ClearanceRef),
			AppleMusicUrl: url(meta.AppleMusicURL), SpotifyUrl: url(meta.SpotifyURL), YoutubeUrl: url(meta.YoutubeURL),
		})
		if err != nil {
			return err
		}
		return q.RemovePendingObject(ctx, key)
	})
	if err != nil {
		s.discard(ctx, key)
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "23503" && pgErr.ConstraintName != "" {
			// The profile went away between the check and the insert.
			return Uploaded{}, ErrProfileNotFound()
		}
		return Uploaded{}, fmt.Errorf("insert track %s: %w", id, err)
	}
	hint := "practice"
	if secs <= PerformanceCutCeiling {
		hint = "performance_cut"
	}
	return Uploaded{Track: toTrack(db.ListTracksRow(row)), DurationHint: hint}, nil
}

// discard deletes an object whose row will not exist and unlists its key.
// When the delete fails the key stays listed for Sweep.
func (s *Service) discard(ctx context.Context, key string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	if err := s.store.Delete(ctx, key); err != nil {
		s.logger.WarnContext(ctx, "music: delete of a discarded upload failed; the sweep will retry", "key", key, "err", err)
		return
	}
	if err := s.q.RemovePendingObject(ctx, key); err != nil {
		s.logger.WarnContext(ctx, "music: unlist a discarded upload", "key", key, "err", err)
	}
}

// DeleteTrack deletes one of the skater's tracks and its file. One
// transaction deletes the row (the playlist entries cascade), unshares the
// shared playlists left without a track, and lists the file's key; the file
// is deleted afterwards. If that fails the track is still gone and Sweep
// deletes the file later: never a row without a file, never a lost file.
func (s *Service) DeleteTrack(ctx context.Context, skater, id uuid.UUID) error {
	var key *string
	err := database.InTx(ctx, s.pool, func(q *db.Queries) error {
		playlists, err := q.PlaylistsWithTrack(ctx, id)
		if err != nil {
			return err
		}
		key, err = q.DeleteTrack(ctx, db.DeleteTrackParams{ID: id, Skater: skater})
		if errors.Is(err, pgx.ErrNoRows) {
			return errTrackNotFound()
		}
		if err != nil {
			return err
		}
		if len(playlists) > 0 {
			if err := q.UnshareEmptyPlaylists(ctx, playlists); err != nil {
				return err
			}
		}
		if key == nil {
			return nil
		}
		return q.AddPendingObject(ctx, db.AddPendingObjectParams{StorageKey: *key, Reason: "delete"})
	})
	if err != nil {
		if _, ok := apperr.As(err); ok {
			return err
		}
		return fmt.Errorf("delete track %s: %w", id, err)
	}
	if key != nil {
		s.discard(ctx, *key)
	}
	return nil
}

func toTrack(r db.ListTracksRow) Track {
	return Track{
		ID: r.ID, Title: r.Title, Artist: r.Artist, DurationSeconds: r.DurationSeconds,
		IsPerformanceCut: r.IsPerformanceCut, CutDurationSeconds: r.CutDurationSeconds, StorageKey: r.StorageKey,
		ClearanceStatus: r.ClearanceStatus, ClearanceProvider: r.ClearanceProvider, ClearanceRef: r.ClearanceRef,
		AppleMusicURL: r.AppleMusicUrl, SpotifyURL: r.SpotifyUrl, YoutubeURL: r.YoutubeUrl, CreatedAt: r.CreatedAt,
	}
}

func trimmed(p *string) *string {
	if p == nil {
		return nil
	}
	v := strings.TrimSpace(*p)
	return &v
}

// url stores an empty link as none.
func url(p *string) *string {
	if p == nil || strings.TrimSpace(*p) == "" {
		return nil
	}
	return trimmed(p)
}
