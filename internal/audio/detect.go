package audio

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// HeaderLen is how many leading bytes Detect wants: enough to see past a
// small ID3 tag. Fewer are fine for short files.
const HeaderLen = 4096

// Detect names the format of a file from its first bytes (up to HeaderLen).
// It never looks at a file name or a client's Content-Type.
//
// An ID3v2 tag larger than header is taken to precede MP3 audio, which is
// what such tags almost always do; Duration then checks that MPEG frames
// really follow it.
func Detect(header []byte) (Format, error) {
	b := header
	if n, ok := id3Len(b); ok {
		if n >= int64(len(b)) {
			return MP3, nil
		}
		b = b[n:]
		// FLAC and ADTS AAC are sometimes written behind an ID3 tag too.
		switch f := detectBare(b); f {
		case FLAC, AAC, MP3:
			return f, nil
		}
		if isZero(b) {
			return MP3, nil // padding runs past the header
		}
		return Unknown, fmt.Errorf("%w: ID3 tag followed by unknown data", ErrUnknownFormat)
	}
	if f := detectBare(b); f != Unknown {
		return f, nil
	}
	return Unknown, ErrUnknownFormat
}

// detectBare recognises a format at the very start of b.
func detectBare(b []byte) Format {
	switch {
	case bytes.HasPrefix(b, []byte("fLaC")):
		return FLAC
	case len(b) >= 27 && bytes.HasPrefix(b, []byte("OggS")) && b[4] == 0:
		return OGG
	case len(b) >= 12 && bytes.HasPrefix(b, []byte("RIFF")) && string(b[8:12]) == "WAVE":
		return WAV
	case isISOAudio(b):
		return M4A
	}
	if _, ok := parseADTS(b); ok && nextFrameAgrees(b, adtsLen) {
		return AAC
	}
	if _, ok := parseMPEG(b); ok && nextFrameAgrees(b, mpegLen) {
		return MP3
	}
	return Unknown
}

// Brands of ISO base media files that carry audio a browser can play:
// iTunes audio and audiobooks, and the generic MP4 brands many encoders
// (ffmpeg, Android, Audacity) write for .m4a files. QuickTime ("qt  ") and
// 3GPP are left out.
var isoBrands = map[string]bool{
	"M4A ": true, "M4B ": true, "M4P ": true, "mp42": true, "mp41": true,
	"isom": true, "iso2": true, "iso4": true, "iso5": true, "iso6": true,
	"dash": true, "aax ": true,
}

// isISOAudio reports whether b opens with an ftyp box whose major brand or
// one of its compatible brands is in isoBrands.
func isISOAudio(b []byte) bool {
	if len(b) < 16 || string(b[4:8]) != "ftyp" {
		return false
	}
	size := int(binary.BigEndian.Uint32(b))
	if size < 16 || size > 4096 {
		return false
	}
	if size > len(b) {
		size = len(b)
	}
	if isoBrands[string(b[8:12])] {
		return true
	}
	for i := 16; i+4 <= size; i += 4 { // compatible brands follow the minor version
		if isoBrands[string(b[i:i+4])] {
			return true
		}
	}
	return false
}

// nextFrameAgrees guards against a chance sync word: when b holds the next
// frame's header too, it must have the same sample rate. lenOf returns the
// frame length and sample rate of the frame at the start of its argument.
func nextFrameAgrees(b []byte, lenOf func([]byte) (int, int, bool)) bool {
	n, rate, ok := lenOf(b)
	if !ok {
		return false
	}
	if n+4 > len(b) {
		return true // the header ends first: one frame is all we can see
	}
	_, rate2, ok := lenOf(b[n:])
	return ok && rate2 == rate
}

func mpegLen(b []byte) (int, int, bool) {
	h, ok := parseMPEG(b)
	return h.length, h.sampleRate, ok
}

func adtsLen(b []byte) (int, int, bool) {
	h, ok := parseADTS(b)
	return h.length, h.sampleRate, ok
}

func isZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// id3Len returns the total length of an ID3v2 tag at the start of b.
func id3Len(b []byte) (int64, bool) {
	if len(b) < 10 || string(b[:3]) != "ID3" || b[3] < 2 || b[3] > 4 || b[4] == 0xFF {
		return 0, false
	}
	var n int64
	for _, c := range b[6:10] {
		if c&0x80 != 0 {
			return 0, false // sizes are "syncsafe": 7 bits per byte
		}
		n = n<<7 | int64(c)
	}
	n += 10
	if b[5]&0x10 != 0 { // footer present
		n += 10
	}
	return n, true
}
