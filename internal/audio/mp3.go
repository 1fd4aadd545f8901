package audio

import (
	"encoding/binary"
	"time"
)

// mp3SyncWindow is how far past the ID3 tag the first frame may start;
// some encoders leave padding or junk there.
const mp3SyncWindow = 64 << 10

// mp3Duration uses the frame count of a Xing/Info or VBRI header in the
// first frame when there is one (VBR files and LAME's CBR files), and
// otherwise assumes constant bit rate: audio bytes * 8 / first frame's
// bit rate, as mutagen does.
func mp3Duration(s *source) (time.Duration, error) {
	start, err := s.audioStart()
	if err != nil {
		return 0, err
	}
	win, err := s.readUpTo(start, mp3SyncWindow)
	if err != nil {
		return 0, err
	}
	at, h, ok := findMPEGFrame(win)
	if !ok {
		return 0, invalidf("no MPEG audio frame in the first %d bytes after the tag", len(win))
	}
	frameStart := start + int64(at)
	if frameStart+int64(h.length) > s.size {
		return 0, invalidf("truncated: first frame of %d bytes at %d runs past the end", h.length, frameStart)
	}
	frame := win[at:]
	if len(frame) > h.length {
		frame = frame[:h.length]
	}

	if frames, streamBytes, ok := vbrHeader(frame, h); ok {
		if streamBytes > 0 && s.size-frameStart < int64(streamBytes)*9/10 {
			return 0, invalidf("truncated: header promises %d bytes of audio, file has %d", streamBytes, s.size-frameStart)
		}
		return samplesToDuration(uint64(frames)*uint64(h.samples), uint64(h.sampleRate))
	}

	end := s.size
	var tag [3]byte
	if end-frameStart > 128 {
		if err := s.readAt(end-128, tag[:]); err != nil {
			return 0, err
		}
		if string(tag[:]) == "TAG" { // ID3v1 tag at the end
			end -= 128
		}
	}
	return samplesToDuration(uint64(end-frameStart)*8, uint64(h.bitrate))
}

// findMPEGFrame returns the first frame header in b that is followed by a
// matching one (or by the end of b), skipping chance sync bytes.
func findMPEGFrame(b []byte) (int, mpegHeader, bool) {
	for i := 0; i+4 <= len(b); i++ {
		if b[i] != 0xFF {
			continue
		}
		if h, ok := parseMPEG(b[i:]); ok && nextFrameAgrees(b[i:], mpegLen) {
			return i, h, true
		}
	}
	return 0, mpegHeader{}, false
}

// vbrHeader reads the frame count (and stream size, 0 if absent) from a
// Xing/Info header after the side information, or a VBRI header 32 bytes
// after the frame header.
func vbrHeader(frame []byte, h mpegHeader) (frames, streamBytes uint32, ok bool) {
	if x := 4 + h.sideInfoLen(); len(frame) >= x+8 {
		if tag := string(frame[x : x+4]); tag == "Xing" || tag == "Info" {
			flags := binary.BigEndian.Uint32(frame[x+4:])
			p := x + 8
			if flags&1 == 0 || len(frame) < p+4 {
				return 0, 0, false // no frame count: fall back to CBR
			}
			frames = binary.BigEndian.Uint32(frame[p:])
			p += 4
			if flags&2 != 0 && len(frame) >= p+4 {
				streamBytes = binary.BigEndian.Uint32(frame[p:])
			}
			return frames, streamBytes, frames > 0
		}
	}
	if v := 4 + 32; len(frame) >= v+18 && string(frame[v:v+4]) == "VBRI" {
		streamBytes = binary.BigEndian.Uint32(frame[v+10:])
		frames = binary.BigEndian.Uint32(frame[v+14:])
		return frames, streamBytes, frames > 0
	}
	return 0, 0, false
}
