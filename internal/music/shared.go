package music

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/reqinfo"
	"github.com/skatetrax/skatetrax-api/internal/storage"
)

// PublicPlaylist is a shared playlist as anyone with the link sees it: only
// what a listener needs. It has no field for the owner's ids, storage keys,
// tokens or clearance details, so they cannot leak by accident.
type PublicPlaylist struct {
	Token       uuid.UUID // the token it was opened with, to build audio URLs
	Name        string
	Description *string
	Owner       string // the owner's first name, or "A Skater"
	Tracks      []PublicTrack
}

// PublicTrack is a track of a shared playlist.
type PublicTrack struct {
	ID              uuid.UUID
	Title           string
	Artist          *string
	DurationSeconds *int32
	HasFile         bool
}

// anonymousOwner is shown when the owner's profile has no first name.
const anonymousOwner = "A Skater"

func errTooManyLookups(retry time.Duration) *apperr.Error {
	return &apperr.Error{Code: apperr.RateLimited, ErrorText: "Too many requests",
		Message: "Too many requests. Try again later.", RetryAfter: max(int(retry/time.Second), 1)}
}

// lookupBucket counts a client's failed share-link lookups (the playlist
// and its audio URLs alike).
func lookupBucket(ctx context.Context) string { return "music-share:ip:" + reqinfo.From(ctx).IP }

// admit refuses a client that has missed too often in the current window.
func (s *Service) admit(ctx context.Context) error {
	bucket := lookupBucket(ctx)
	d, err := s.limiter.Check(ctx, bucket, s.lookups)
	if err != nil {
		return err
	}
	if !d.Allowed {
		s.logger.InfoContext(ctx, "shared playlist lookup refused: too many misses", "bucket", bucket)
		return errTooManyLookups(d.RetryAfter)
	}
	return nil
}

// miss counts a failed lookup and returns the one not-found answer.
func (s *Service) miss(ctx context.Context) error {
	if _, err := s.limiter.Hit(ctx, lookupBucket(ctx), s.lookups); err != nil {
		return err
	}
	return ErrNotShared()
}

// parseID accepts only the canonical 36-character UUID form; anything else
// is simply not found.
func parseID(s string) (uuid.UUID, bool) {
	if len(s) != 36 {
		return uuid.UUID{}, false
	}
	id, err := uuid.Parse(s)
	return id, err == nil && id != uuid.Nil
}

// SharedPlaylist returns the public view of the playlist shared under
// token. Failed lookups count against the client's address; once over the
// limit every lookup from it is refused until the window ends. Views that
// succeed are not counted.
func (s *Service) SharedPlaylist(ctx context.Context, token string) (PublicPlaylist, error) {
	if err := s.admit(ctx); err != nil {
		return PublicPlaylist{}, err
	}
	tok, err := uuid.Parse(token)
	if err != nil {
		// Not a UUID in any spelling: the original's 400, still counted as a miss.
		if err := s.miss(ctx); !isNotShared(err) {
			return PublicPlaylist{}, err
		}
		return PublicPlaylist{}, ErrInvalidShareLink()
	}
	p, err := s.q.SharedPlaylist(ctx, tok)
	if errors.Is(err, pgx.ErrNoRows) {
		return PublicPlaylist{}, s.miss(ctx)
	}
	if err != nil {
		return PublicPlaylist{}, fmt.Errorf("look up shared playlist: %w", err)
	}
	rows, err := s.q.SharedPlaylistTracks(ctx, p.ID)
	if err != nil {
		return PublicPlaylist{}, fmt.Errorf("list tracks of shared playlist %s: %w", p.ID, err)
	}
	out := PublicPlaylist{Token: tok, Name: p.Name, Description: p.Description, Owner: anonymousOwner,
		Tracks: make([]PublicTrack, 0, len(rows))}
	if p.OwnerFirstName != nil && *p.OwnerFirstName != "" {
		out.Owner = *p.OwnerFirstName
	}
	for _, r := range rows {
		out.Tracks = append(out.Tracks, PublicTrack{ID: r.ID, Title: r.Title, Artist: r.Artist,
			DurationSeconds: r.DurationSeconds, HasFile: r.HasFile})
	}
	return out, nil
}

// OpenSharedTrack opens a track of the playlist shared under token. An
// unknown token and a track outside the playlist get the same answer as the
// playlist lookup, counted the same way.
func (s *Service) OpenSharedTrack(ctx context.Context, token, track string, req Request) (Audio, error) {
	if err := s.admit(ctx); err != nil {
		return Audio{}, err
	}
	tok, ok1 := parseID(token)
	id, ok2 := parseID(track)
	if !ok1 || !ok2 {
		return Audio{}, s.miss(ctx)
	}
	key, err := s.q.SharedTrackStorageKey(ctx, db.SharedTrackStorageKeyParams{Token: tok, Track: id})
	if errors.Is(err, pgx.ErrNoRows) {
		return Audio{}, s.miss(ctx)
	}
	if err != nil {
		return Audio{}, fmt.Errorf("look up shared track: %w", err)
	}
	if key == nil {
		return Audio{}, ErrNotShared() // listed with a null src; not a guess
	}
	a, err := s.open(ctx, *key, req)
	if errors.Is(err, storage.ErrNotFound) || errors.Is(err, storage.ErrInvalidKey) {
		s.logger.WarnContext(ctx, "music: a shared track's file is missing", "track", id, "key", *key, "err", err)
		return Audio{}, ErrNotShared()
	}
	return a, err
}
