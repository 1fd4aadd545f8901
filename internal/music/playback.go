package music

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/storage"
)

// ByteRange is one HTTP byte range (RFC 9110 §14.1.2): First through Last
// (Last < 0: to the end), or, when IsSuffix, the last Suffix bytes.
type ByteRange struct {
	First, Last int64
	IsSuffix    bool
	Suffix      int64
}

// ParseRange reads a Range header that asks for exactly one byte range. ok
// is false for an absent or malformed header, another unit, or several
// ranges: the server then ignores the header and sends the whole file, as
// RFC 9110 allows. A suffix of zero bytes parses (and is unsatisfiable).
func ParseRange(h string) (r ByteRange, ok bool) {
	unit, spec, found := strings.Cut(strings.TrimSpace(h), "=")
	if !found || !strings.EqualFold(strings.TrimSpace(unit), "bytes") || strings.Contains(spec, ",") {
		return ByteRange{}, false
	}
	first, last, found := strings.Cut(strings.TrimSpace(spec), "-")
	if !found {
		return ByteRange{}, false
	}
	first, last = strings.TrimSpace(first), strings.TrimSpace(last)
	num := func(s string) (int64, bool) {
		if s == "" || len(s) > 18 || strings.TrimLeft(s, "0123456789") != "" {
			return 0, false
		}
		n, err := strconv.ParseInt(s, 10, 64)
		return n, err == nil
	}
	if first == "" {
		n, ok := num(last)
		if !ok {
			return ByteRange{}, false
		}
		return ByteRange{IsSuffix: true, Suffix: n}, true
	}
	a, ok := num(first)
	if !ok {
		return ByteRange{}, false
	}
	if last == "" {
		return ByteRange{First: a, Last: -1}, true
	}
	b, ok := num(last)
	if !ok || b < a {
		return ByteRange{}, false
	}
	return ByteRange{First: a, Last: b}, true
}

// Request is how a player asks for audio: the raw Range and If-Range headers.
type Request struct {
	Range   string
	IfRange string
}

// Audio is an open audio file, or part of it.
type Audio struct {
	Body        io.ReadCloser
	ContentType string
	// Size is the whole file's; Length the bytes Body holds.
	Size, Length int64
	// ETag is the file's validator, quoted, for the ETag header.
	ETag string
	// Partial is true for a range: First-Last of Size.
	Partial     bool
	First, Last int64
}

// RangeError is a range that starts at or past the end of the file (416).
type RangeError struct{ Size int64 }

func (e *RangeError) Error() string {
	return fmt.Sprintf("The range starts past the end of the file (%d bytes).", e.Size)
}

// AppError is the range refusal as the service's error.
func (e *RangeError) AppError() *apperr.Error {
	return &apperr.Error{Code: apperr.RangeNotSatisfiable, ErrorText: "Range not satisfiable", Message: e.Error()}
}

func errAudioNotFound() *apperr.Error { return same(apperr.NotFound, "Audio file not found") }

// OpenTrack opens one of the skater's tracks for playback.
func (s *Service) OpenTrack(ctx context.Context, skater, id uuid.UUID, req Request) (Audio, error) {
	key, err := s.q.TrackStorageKey(ctx, db.TrackStorageKeyParams{ID: id, Skater: skater})
	if errors.Is(err, pgx.ErrNoRows) {
		return Audio{}, errTrackNotFound()
	}
	if err != nil {
		return Audio{}, fmt.Errorf("look up track %s: %w", id, err)
	}
	if key == nil {
		return Audio{}, errAudioNotFound()
	}
	a, err := s.open(ctx, *key, req)
	if errors.Is(err, storage.ErrNotFound) || errors.Is(err, storage.ErrInvalidKey) {
		s.logger.WarnContext(ctx, "music: a track's file is missing", "track", id, "key", *key, "err", err)
		return Audio{}, errAudioNotFound()
	}
	return a, err
}

// open reads the object under key as req asks. Storage failures other than
// a missing object or a bad range become 503.
func (s *Service) open(ctx context.Context, key string, req Request) (Audio, error) {
	rng, ranged := ParseRange(req.Range)
	if !ranged {
		return s.get(ctx, key, nil)
	}
	var want storage.Range
	switch {
	case rng.IsSuffix:
		// The last n bytes: the offset needs the size first.
		info, err := s.store.Stat(ctx, key)
		if err != nil {
			return Audio{}, storageErr(key, err)
		}
		if rng.Suffix == 0 || info.Size == 0 {
			return Audio{}, &RangeError{Size: info.Size}
		}
		want = storage.Range{Offset: max(info.Size-rng.Suffix, 0), Length: -1}
	case rng.Last < 0:
		want = storage.Range{Offset: rng.First, Length: -1}
	default:
		want = storage.Range{Offset: rng.First, Length: rng.Last - rng.First + 1}
	}
	a, err := s.get(ctx, key, &want)
	if errors.Is(err, storage.ErrInvalidRange) {
		info, serr := s.store.Stat(ctx, key)
		if serr != nil {
			return Audio{}, storageErr(key, serr)
		}
		return Audio{}, &RangeError{Size: info.Size}
	}
	if err != nil {
		return Audio{}, err
	}
	if req.IfRange != "" && req.IfRange != a.ETag {
		// The file the client has a piece of is not this one: send it all.
		_ = a.Body.Close()
		return s.get(ctx, key, nil)
	}
	return a, nil
}

func (s *Service) get(ctx context.Context, key string, rng *storage.Range) (Audio, error) {
	body, info, err := s.store.Get(ctx, key, rng)
	if err != nil {
		return Audio{}, storageErr(key, err)
	}
	a := Audio{Body: body, ContentType: info.ContentType, Size: info.Size, Length: info.Size,
		ETag: `"` + info.ETag + `"`}
	if rng != nil {
		a.Partial = true
		a.First = rng.Offset
		a.Last = info.Size - 1
		if rng.Length > 0 && rng.Offset+rng.Length-1 < a.Last {
			a.Last = rng.Offset + rng.Length - 1
		}
		a.Length = a.Last - a.First + 1
	}
	return a, nil
}

// storageErr keeps the errors callers branch on and turns the others into
// 503 (storage unreachable).
func storageErr(key string, err error) error {
	if errors.Is(err, storage.ErrNotFound) || errors.Is(err, storage.ErrInvalidKey) || errors.Is(err, storage.ErrInvalidRange) {
		return fmt.Errorf("read %s: %w", key, err)
	}
	if errors.Is(err, context.Canceled) {
		return err
	}
	return errStorage(fmt.Errorf("read %s: %w", key, err))
}
