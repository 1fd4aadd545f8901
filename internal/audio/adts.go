package audio

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"
)

// adtsDuration counts the samples of every ADTS frame: raw AAC has no header
// with a total, and its frames vary in size. The file is read once, through
// a small buffer, skipping frame bodies. A trailing ID3v1 or APE tag ends
// the walk; a cut-off last frame is not counted.
func adtsDuration(s *source) (time.Duration, error) {
	start, err := s.audioStart()
	if err != nil {
		return 0, err
	}
	if _, err := s.r.Seek(start, io.SeekStart); err != nil {
		return 0, fmt.Errorf("seek to %d: %w", start, err)
	}
	br := bufio.NewReaderSize(io.LimitReader(s.r, s.size-start), 32<<10)
	var samples, rate uint64
	for off := start; ; {
		hdr, err := br.Peek(9)
		if len(hdr) < 7 {
			if err != nil && !errors.Is(err, io.EOF) {
				return 0, fmt.Errorf("read at %d: %w", off, err)
			}
			break // end of file, or a fragment too short to be a frame
		}
		h, ok := parseADTS(hdr)
		if !ok {
			if samples > 0 && (bytes.HasPrefix(hdr, []byte("TAG")) || bytes.HasPrefix(hdr, []byte("APETAGEX"))) {
				break
			}
			return 0, invalidf("no ADTS frame at offset %d", off)
		}
		if rate == 0 {
			rate = uint64(h.sampleRate)
		} else if rate != uint64(h.sampleRate) {
			return 0, invalidf("sample rate changes at offset %d", off)
		}
		n, err := br.Discard(h.length)
		if n < h.length {
			if err != nil && !errors.Is(err, io.EOF) {
				return 0, fmt.Errorf("read at %d: %w", off, err)
			}
			break // truncated last frame
		}
		samples += uint64(h.samples)
		off += int64(n)
	}
	if samples == 0 {
		return 0, invalidf("no complete ADTS frame")
	}
	return samplesToDuration(samples, rate)
}
