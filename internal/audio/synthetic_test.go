package audio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
	"time"
)

// Headers that the fixture encoders do not write, built by hand.

func be32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }
func le32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }

func mp4Box(typ string, body ...[]byte) []byte {
	b := bytes.Join(body, nil)
	return append(append(be32(uint32(8+len(b))), typ...), b...)
}

func duration(t *testing.T, b []byte) (time.Duration, error) {
	t.Helper()
	f, err := Detect(header(b))
	if err != nil {
		t.Fatalf("Detect: %v", err)
	}
	return Duration(bytes.NewReader(b), int64(len(b)), f)
}

func TestSyntheticHeaders(t *testing.T) {
	t.Parallel()
	ftyp := mp4Box("ftyp", []byte("M4A \x00\x00\x00\x00M4A isom"))

	// MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, stereo: 417-byte frames.
	frame := func() []byte { f := make([]byte, 417); copy(f, "\xff\xfb\x90\x00"); return f }
	vbri := frame()
	copy(vbri[36:], "VBRI\x00\x01\x00\x00\x00\x50")
	copy(vbri[46:], be32(101*417))
	copy(vbri[50:], be32(100))
	vbriFile := vbri
	for range 100 {
		vbriFile = append(vbriFile, frame()...)
	}

	wavFmt := append([]byte("fmt "), le32(16)...)
	wavFmt = append(wavFmt, 1, 0, 1, 0) // PCM, mono
	wavFmt = append(wavFmt, le32(8000)...)
	wavFmt = append(wavFmt, le32(16000)...) // byte rate
	wavFmt = append(wavFmt, 2, 0, 16, 0)
	riff := func(chunks ...[]byte) []byte {
		body := append([]byte("WAVE"), bytes.Join(chunks, nil)...)
		return append(append([]byte("RIFF"), le32(uint32(len(body)))...), body...)
	}
	data := func(size uint32, n int) []byte {
		return append(append([]byte("data"), le32(size)...), make([]byte, n)...)
	}

	mvhd1 := make([]byte, 4+28)
	mvhd1[0] = 1
	copy(mvhd1[20:], be32(1000))
	binary.BigEndian.PutUint64(mvhd1[24:], 2500)
	mvhd0Empty := make([]byte, 4+16)
	copy(mvhd0Empty[12:], be32(1000))
	mehd := append(make([]byte, 4), be32(3000)...)
	largeMdat := append(append(be32(1), "mdat"...), binary.BigEndian.AppendUint64(nil, 16+4)...)
	largeMdat = append(largeMdat, 0, 0, 0, 0)

	tests := []struct {
		name string
		file []byte
		want time.Duration
	}{
		{"mp3 VBRI header", vbriFile, 100 * 1152 * time.Second / 44100},
		{"wav data before fmt, odd chunk padded", riff([]byte("junk\x03\x00\x00\x00abc\x00"), data(16000, 16000), wavFmt), time.Second},
		{"wav streamed data size", riff(wavFmt, data(0xFFFFFFFF, 8000)), 500 * time.Millisecond},
		{"mp4 mvhd version 1, 64-bit mdat", bytes.Join([][]byte{ftyp, mp4Box("moov", mp4Box("mvhd", mvhd1)), largeMdat}, nil), 2500 * time.Millisecond},
		{"fragmented mp4 with mehd", bytes.Join([][]byte{ftyp, mp4Box("moov", mp4Box("mvhd", mvhd0Empty), mp4Box("mvex", mp4Box("mehd", mehd)))}, nil), 3 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is measured", func(t *testing.T) {
			d, err := duration(t, tt.file)
			if err != nil || (d-tt.want).Abs() > time.Millisecond {
				t.Errorf("%v, %v; want %v", d, err, tt.want)
			}
		})
	}

	bad := map[string][]byte{
		"wav without fmt":       riff(data(100, 100)),
		"wav byte rate 0":       riff(append(append([]byte("fmt "), le32(16)...), make([]byte, 16)...), data(100, 100)),
		"wav data past the end": riff(wavFmt, data(16000, 100)),
		"mp4 without moov":      bytes.Join([][]byte{ftyp, mp4Box("mdat", make([]byte, 10))}, nil),
		"mp4 box past the end":  append(append(ftyp, be32(1000)...), "mdat"...),
		"mp4 box size 3":        append(append(ftyp, be32(3)...), "free"...),
		"mp4 huge duration":     bytes.Join([][]byte{ftyp, mp4Box("moov", mp4Box("mvhd", append(append(make([]byte, 12), be32(1)...), be32(0xFFFFFFF0)...)))}, nil),
		"mp3 VBRI short file":   vbri,
	}
	for name, b := range bad {
		t.Run(name+" is invalid", func(t *testing.T) {
			if d, err := duration(t, b); !errors.Is(err, ErrInvalid) {
				t.Errorf("%v, %v; want ErrInvalid", d, err)
			}
		})
	}
}

// FuzzDetectDuration feeds arbitrary bytes to Detect and to every parser:
// they must return an error or a positive, bounded duration, never panic.
func FuzzDetectDuration(f *testing.F) {
	for _, fx := range fixtures {
		f.Add(readFixture(f, fx.file))
	}
	f.Add([]byte("ID3\x04\x00\x00\x00\x00\x00\x00fLaC"))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := Detect(header(b))
		if (err == nil) == (got == Unknown) {
			t.Fatalf("Detect = %v, %v", got, err)
		}
		for _, fm := range []Format{MP3, M4A, AAC, WAV, OGG, FLAC} {
			d, err := Duration(bytes.NewReader(b), int64(len(b)), fm)
			if err == nil && (d <= 0 || d > MaxDuration) {
				t.Fatalf("%v: duration %v", fm, d)
			}
			if err != nil && !errors.Is(err, ErrInvalid) {
				t.Fatalf("%v: error %v does not wrap ErrInvalid", fm, err)
			}
		}
	})
}
