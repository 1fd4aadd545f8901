package audio

import (
	"encoding/binary"
	"time"
)

// maxChunks bounds every walk over chunks or boxes: real files have a few
// dozen, and a crafted file must not make us seek millions of times.
const maxChunks = 1024

// wavDuration divides the data chunk's size by the fmt chunk's byte rate,
// which also holds for compressed WAV (the byte rate is then an average).
func wavDuration(s *source) (time.Duration, error) {
	var hdr [12]byte
	if err := s.readAt(0, hdr[:]); err != nil {
		return 0, err
	}
	if string(hdr[:4]) != "RIFF" || string(hdr[8:]) != "WAVE" {
		return 0, invalidf("not a RIFF/WAVE file")
	}
	var (
		byteRate uint32
		dataSize int64 = -1
		ch       [8]byte
	)
	off := int64(12)
	for i := 0; i < maxChunks && off+8 <= s.size && (byteRate == 0 || dataSize < 0); i++ {
		if err := s.readAt(off, ch[:]); err != nil {
			return 0, err
		}
		n := int64(binary.LittleEndian.Uint32(ch[4:]))
		body := off + 8
		switch string(ch[:4]) {
		case "fmt ":
			var f [16]byte
			if n < int64(len(f)) {
				return 0, invalidf("fmt chunk of %d bytes", n)
			}
			if err := s.readAt(body, f[:]); err != nil {
				return 0, err
			}
			byteRate = binary.LittleEndian.Uint32(f[8:12])
			if byteRate == 0 {
				return 0, invalidf("byte rate 0")
			}
		case "data":
			switch rest := s.size - body; {
			case n == 0xFFFFFFFF: // written while streaming: runs to the end
				n = rest
			case n > rest:
				return 0, invalidf("truncated: data chunk of %d bytes, %d in the file", n, rest)
			}
			dataSize = n
		}
		off = body + n + n&1 // chunks are padded to even sizes
	}
	if byteRate == 0 {
		return 0, invalidf("no fmt chunk")
	}
	if dataSize < 0 {
		return 0, invalidf("no data chunk")
	}
	return samplesToDuration(uint64(dataSize), uint64(byteRate))
}
