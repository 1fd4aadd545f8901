package audio

import (
	"errors"
	"fmt"
	"io"
	"time"
)

// Probe detects the format of a file of size bytes and reads its duration:
// what an upload handler needs before storing the file under the canonical
// extension and content type. The error wraps ErrUnknownFormat when the
// content is not a supported format, else ErrInvalid when its duration
// cannot be read (the original API's two 400 messages).
func Probe(r io.ReadSeeker, size int64) (Format, time.Duration, error) {
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return Unknown, 0, fmt.Errorf("%w: seek: %w", ErrInvalid, err)
	}
	head := make([]byte, min(size, HeaderLen))
	if _, err := io.ReadFull(r, head); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return Unknown, 0, fmt.Errorf("%w: file shorter than its size", ErrUnknownFormat)
		}
		return Unknown, 0, fmt.Errorf("read header: %w", err)
	}
	f, err := Detect(head)
	if err != nil {
		return Unknown, 0, err
	}
	d, err := Duration(r, size, f)
	if err != nil {
		return f, 0, err
	}
	return f, d, nil
}
