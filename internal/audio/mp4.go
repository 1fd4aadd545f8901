package audio

import (
	"encoding/binary"
	"time"
)

// box is an ISO BMFF box (MP4 "atom"): its type and where its body lies.
type box struct {
	typ       string
	body, end int64
}

// mp4Duration walks the top-level boxes (checking that none runs past the
// end of the file, which catches truncated uploads), then reads the movie
// duration and time scale from moov/mvhd. Fragmented files that leave mvhd
// empty are read from moov/mvex/mehd when present.
func mp4Duration(s *source) (time.Duration, error) {
	top, err := boxes(s, 0, s.size)
	if err != nil {
		return 0, err
	}
	moov, ok := find(top, "moov")
	if !ok {
		return 0, invalidf("no moov box")
	}
	inMoov, err := boxes(s, moov.body, moov.end)
	if err != nil {
		return 0, err
	}
	mvhd, ok := find(inMoov, "mvhd")
	if !ok {
		return 0, invalidf("no mvhd box")
	}
	scale, dur, err := readMvhd(s, mvhd)
	if err != nil {
		return 0, err
	}
	if dur == 0 || dur == ^uint64(0) || dur == 0xFFFFFFFF {
		if dur, err = fragmentDuration(s, inMoov); err != nil {
			return 0, err
		}
	}
	return samplesToDuration(dur, scale)
}

// boxes lists the boxes that fill [start, end).
func boxes(s *source, start, end int64) ([]box, error) {
	var (
		out []box
		h   [16]byte
	)
	for off := start; off < end; {
		if len(out) == maxChunks {
			return nil, invalidf("more than %d boxes", maxChunks)
		}
		if end-off < 8 {
			return nil, invalidf("truncated box header at %d", off)
		}
		if err := s.readAt(off, h[:8]); err != nil {
			return nil, err
		}
		size := int64(binary.BigEndian.Uint32(h[:4]))
		hdr := int64(8)
		switch size {
		case 0: // runs to the end of the enclosing box
			size = end - off
		case 1: // 64-bit size follows the type
			if end-off < 16 {
				return nil, invalidf("truncated box header at %d", off)
			}
			if err := s.readAt(off+8, h[8:16]); err != nil {
				return nil, err
			}
			u := binary.BigEndian.Uint64(h[8:16])
			if u > uint64(end-off) {
				return nil, invalidf("truncated: %q box of %d bytes at %d, %d left", h[4:8], u, off, end-off)
			}
			size, hdr = int64(u), 16
		}
		if size < hdr {
			return nil, invalidf("%q box at %d has size %d", h[4:8], off, size)
		}
		if size > end-off {
			return nil, invalidf("truncated: %q box of %d bytes at %d, %d left", h[4:8], size, off, end-off)
		}
		out = append(out, box{typ: string(h[4:8]), body: off + hdr, end: off + size})
		off += size
	}
	return out, nil
}

func find(bs []box, typ string) (box, bool) {
	for _, b := range bs {
		if b.typ == typ {
			return b, true
		}
	}
	return box{}, false
}

// readMvhd returns the time scale (units per second) and duration.
func readMvhd(s *source, b box) (scale, dur uint64, err error) {
	var v [4 + 28]byte // version/flags, then up to 8+8+4+8 bytes
	n := int64(len(v))
	if b.end-b.body < n {
		n = b.end - b.body
	}
	if n < 4 {
		return 0, 0, invalidf("short mvhd")
	}
	if err := s.readAt(b.body, v[:n]); err != nil {
		return 0, 0, err
	}
	switch {
	case v[0] == 0 && n >= 4+16:
		return uint64(binary.BigEndian.Uint32(v[12:16])), uint64(binary.BigEndian.Uint32(v[16:20])), nil
	case v[0] == 1 && n >= 4+28:
		return uint64(binary.BigEndian.Uint32(v[20:24])), binary.BigEndian.Uint64(v[24:32]), nil
	}
	return 0, 0, invalidf("mvhd version %d of %d bytes", v[0], b.end-b.body)
}

// fragmentDuration reads moov/mvex/mehd, the total length of a fragmented
// file in the movie time scale.
func fragmentDuration(s *source, inMoov []box) (uint64, error) {
	mvex, ok := find(inMoov, "mvex")
	if !ok {
		return 0, invalidf("mvhd has no duration and there is no mvex box")
	}
	inMvex, err := boxes(s, mvex.body, mvex.end)
	if err != nil {
		return 0, err
	}
	mehd, ok := find(inMvex, "mehd")
	if !ok {
		return 0, invalidf("fragmented file without mehd: duration unknown")
	}
	var v [12]byte
	n := min(int64(len(v)), mehd.end-mehd.body)
	if n < 8 {
		return 0, invalidf("short mehd")
	}
	if err := s.readAt(mehd.body, v[:n]); err != nil {
		return 0, err
	}
	if v[0] == 1 && n >= 12 {
		return binary.BigEndian.Uint64(v[4:12]), nil
	}
	return uint64(binary.BigEndian.Uint32(v[4:8])), nil
}
