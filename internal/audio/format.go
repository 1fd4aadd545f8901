// Package audio recognises uploaded audio files by their content and reads
// their playing time from the container headers, without decoding audio and
// without reading whole files into memory.
//
// Nothing here trusts a client's file name or Content-Type: Detect looks at
// magic bytes only, and Duration parses untrusted bytes defensively (bounded
// loops, checked lengths, errors instead of panics).
package audio

import (
	"errors"
	"fmt"
)

// Format is an audio container this package recognises.
type Format int

// Recognised formats. The zero value is Unknown.
const (
	Unknown Format = iota
	MP3            // MPEG-1/2/2.5 Layer III, optionally behind an ID3v2 tag
	M4A            // ISO base media file (MP4/M4A), usually AAC or ALAC
	AAC            // raw AAC in ADTS frames
	WAV            // RIFF/WAVE
	OGG            // Ogg with Vorbis, Opus or FLAC
	FLAC           // native FLAC
)

var formatInfo = [...]struct{ name, contentType, ext string }{
	Unknown: {"unknown", "application/octet-stream", "bin"},
	MP3:     {"mp3", "audio/mpeg", "mp3"},
	M4A:     {"m4a", "audio/mp4", "m4a"},
	AAC:     {"aac", "audio/aac", "aac"},
	WAV:     {"wav", "audio/wav", "wav"},
	OGG:     {"ogg", "audio/ogg", "ogg"},
	FLAC:    {"flac", "audio/flac", "flac"},
}

func (f Format) info() (name, contentType, ext string) {
	if f < 0 || int(f) >= len(formatInfo) {
		f = Unknown
	}
	i := formatInfo[f]
	return i.name, i.contentType, i.ext
}

// String returns a short lower-case name such as "mp3".
func (f Format) String() string { n, _, _ := f.info(); return n }

// ContentType returns the canonical MIME type to store and serve the file with.
func (f Format) ContentType() string { _, ct, _ := f.info(); return ct }

// Ext returns the canonical file extension, without a dot.
func (f Format) Ext() string { _, _, e := f.info(); return e }

// Errors callers branch on; both are wrapped with detail.
var (
	// ErrUnknownFormat means Detect recognised none of the supported formats.
	ErrUnknownFormat = errors.New("audio: unsupported or unrecognised format")
	// ErrInvalid means Duration could not find a plausible playing time:
	// the file is truncated, corrupt, or lacks the header that holds it.
	ErrInvalid = errors.New("audio: cannot read duration")
)

func invalidf(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, a...))
}
