// Package music is the skater's music library: uploaded tracks whose files
// live in private object storage, playlists, their public share links, and
// playback with byte ranges.
//
// A track's file and its row are stored together or not at all. Every object
// that may exist without a row is first listed in m_storage_pending (in the
// same transaction that makes the row appear or disappear), so an object left
// behind by any failure or crash is found and deleted by Sweep.
package music

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/ratelimit"
	"github.com/skatetrax/skatetrax-api/internal/storage"
)

// Limits of an upload.
const (
	// MaxFileBytes is the largest audio file accepted (the original's 20 MiB).
	MaxFileBytes = 20 << 20
	// MaxMetadataBytes bounds the metadata part.
	MaxMetadataBytes = 64 << 10
	// MaxUploadBodyBytes bounds the whole multipart request: the file plus
	// metadata, part headers and boundaries.
	MaxUploadBodyBytes = MaxFileBytes + 1<<20
	// PerformanceCutCeiling is the longest playing time, in seconds, that the
	// upload suggests as a performance cut (duration_hint).
	PerformanceCutCeiling = 300
)

// Service runs the music library.
type Service struct {
	pool    *pgxpool.Pool
	q       *db.Queries
	store   storage.Store
	limiter *ratelimit.Limiter
	lookups ratelimit.Rule
	logger  *slog.Logger
	// spoolDir holds uploads while they are checked ("" = the system's).
	spoolDir string
	// leftovers removes the store's unfinished files (nil: none to remove).
	leftovers LeftoverRemover
}

// Options configure a Service.
type Options struct {
	// Lookups limits failed public share-link lookups per client address.
	Lookups ratelimit.Rule
	// SpoolDir is where uploads wait while they are checked; "" means the
	// system's temporary folder.
	SpoolDir string
	// Leftovers removes the store's unfinished temporary files (the local
	// folder's; nil for an object store).
	Leftovers LeftoverRemover
}

// New builds the service on a database pool and an object store.
func New(pool *pgxpool.Pool, store storage.Store, limiter *ratelimit.Limiter, logger *slog.Logger, o Options) *Service {
	return &Service{pool: pool, q: db.New(pool), store: store, limiter: limiter, lookups: o.Lookups,
		logger: logger, spoolDir: o.SpoolDir, leftovers: o.Leftovers}
}

// SpoolDir is the folder uploads are spooled to ("" = the system's).
func (s *Service) SpoolDir() string { return s.spoolDir }

// ErrProfileNotFound is the answer for a skater who has not onboarded.
func ErrProfileNotFound() *apperr.Error {
	return apperr.NoProfileError("Profile not found",
		"No skater profile yet: complete onboarding (POST /api/v4/auth/onboard) first.")
}

func errTrackNotFound() *apperr.Error { return same(apperr.NotFound, "Track not found") }

func errPlaylistNotFound() *apperr.Error { return same(apperr.NotFound, "Playlist not found") }

// ErrNotShared is the one answer for unknown, malformed and revoked share
// tokens and for tracks outside the shared playlist.
func ErrNotShared() *apperr.Error {
	return same(apperr.NotFound, "Playlist not found or no longer shared")
}

// ErrInvalidShareLink is the original's answer to a share token that is not
// a UUID at all (400); unknown and revoked tokens get ErrNotShared.
func ErrInvalidShareLink() *apperr.Error { return same(apperr.BadRequest, "Invalid share link") }

func isNotShared(err error) bool {
	e, ok := apperr.As(err)
	return ok && e.Code == apperr.NotFound
}

func errStorage(cause error) *apperr.Error {
	return &apperr.Error{Code: apperr.Unavailable, ErrorText: "Service unavailable",
		Message: "File storage is unavailable. Try again shortly.", RetryAfter: 5, Cause: cause}
}

// same builds an error with one text under both `error` and `message`.
func same(code apperr.Code, text string) *apperr.Error {
	return &apperr.Error{Code: code, ErrorText: text, Message: text}
}

// RequireProfile fails with ErrProfileNotFound until the skater onboarded.
func (s *Service) RequireProfile(ctx context.Context, skater uuid.UUID) error {
	ok, err := s.q.MusicProfileExists(ctx, skater)
	if err != nil {
		return fmt.Errorf("look up profile of %s: %w", skater, err)
	}
	if !ok {
		return ErrProfileNotFound()
	}
	return nil
}
