package audio

import (
	"errors"
	"fmt"
	"io"
	"time"
)

// MaxDuration bounds what Duration believes: longer claims come from corrupt
// or hostile headers (and could overflow time.Duration arithmetic).
const MaxDuration = 100 * time.Hour

// Duration reads the playing time of a file of format f (from Detect) and
// size bytes; r must hold exactly size bytes. It seeks to the few headers it needs instead of reading the
// whole file; only raw ADTS AAC, which has no such header, is read through
// once in small buffered steps. Every failure wraps ErrInvalid, and corrupt
// input gives an error, never a panic.
//
// Where the headers state the stream's byte size (WAV data chunk, MP3
// Xing/VBRI, MP4 boxes), a file shorter than stated is reported as
// truncated. Where they do not (FLAC), a truncated file gets the duration its
// header promises.
func Duration(r io.ReadSeeker, size int64, f Format) (time.Duration, error) {
	if size <= 0 {
		return 0, invalidf("empty file")
	}
	// size is the caller's word; a reader that holds something else would
	// make the size checks below meaningless.
	if end, err := r.Seek(0, io.SeekEnd); err != nil {
		return 0, fmt.Errorf("%w: seek: %w", ErrInvalid, err)
	} else if end != size {
		return 0, invalidf("reader holds %d bytes, not %d", end, size)
	}
	s := &source{r: r, size: size}
	var (
		d   time.Duration
		err error
	)
	switch f {
	case WAV:
		d, err = wavDuration(s)
	case FLAC:
		d, err = flacDuration(s)
	case OGG:
		d, err = oggDuration(s)
	case MP3:
		d, err = mp3Duration(s)
	case M4A:
		d, err = mp4Duration(s)
	case AAC:
		d, err = adtsDuration(s)
	default:
		return 0, fmt.Errorf("%w: format %v", ErrInvalid, f)
	}
	if err != nil {
		if !errors.Is(err, ErrInvalid) {
			err = fmt.Errorf("%w: %w", ErrInvalid, err)
		}
		return 0, fmt.Errorf("%v duration: %w", f, err)
	}
	if d <= 0 {
		return 0, fmt.Errorf("%v duration: %w", f, invalidf("zero length"))
	}
	return d, nil
}

// source reads checked byte ranges of a file of known size.
type source struct {
	r    io.ReadSeeker
	size int64
}

// readAt fills p from offset off, or fails if the file ends first.
func (s *source) readAt(off int64, p []byte) error {
	if off < 0 || off > s.size || int64(len(p)) > s.size-off {
		return invalidf("truncated: need %d bytes at offset %d of %d", len(p), off, s.size)
	}
	if _, err := s.r.Seek(off, io.SeekStart); err != nil {
		return fmt.Errorf("seek to %d: %w", off, err)
	}
	if _, err := io.ReadFull(s.r, p); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return invalidf("truncated: file ends before offset %d", off+int64(len(p)))
		}
		return fmt.Errorf("read at %d: %w", off, err)
	}
	return nil
}

// readUpTo returns up to n bytes from off, fewer where the file ends.
func (s *source) readUpTo(off int64, n int) ([]byte, error) {
	if off < 0 || off >= s.size {
		return nil, invalidf("truncated: nothing at offset %d of %d", off, s.size)
	}
	if rest := s.size - off; int64(n) > rest {
		n = int(rest)
	}
	b := make([]byte, n)
	return b, s.readAt(off, b)
}

// audioStart returns the offset after an ID3v2 tag at the start, or 0.
func (s *source) audioStart() (int64, error) {
	var h [10]byte
	if s.size < int64(len(h)) {
		return 0, nil
	}
	if err := s.readAt(0, h[:]); err != nil {
		return 0, err
	}
	if n, ok := id3Len(h[:]); ok {
		if n >= s.size {
			return 0, invalidf("ID3 tag of %d bytes in a %d-byte file", n, s.size)
		}
		return n, nil
	}
	return 0, nil
}

// samplesToDuration converts a sample count at rate Hz without overflow.
func samplesToDuration(samples, rate uint64) (time.Duration, error) {
	if rate == 0 {
		return 0, invalidf("sample rate 0")
	}
	secs := samples / rate
	if secs > uint64(MaxDuration/time.Second) {
		return 0, invalidf("implausible length of %d s", secs)
	}
	frac := samples % rate * uint64(time.Second) / rate // < 2^32 * 1e9: fits
	return time.Duration(secs)*time.Second + time.Duration(frac), nil
}
