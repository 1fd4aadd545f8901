package audio

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fixtures are 1.5 s tones made by testdata/generate.sh; want is what
// ffprobe reports, give or take the encoder padding each method counts.
var fixtures = []struct {
	file string
	fmt  Format
	want time.Duration
}{
	{"tone.wav", WAV, 1500 * time.Millisecond},
	{"tone.flac", FLAC, 1500 * time.Millisecond},
	{"tone.ogg", OGG, 1500 * time.Millisecond},
	{"tone.opus", OGG, 1500 * time.Millisecond},
	{"tone-flac.oga", OGG, 1500 * time.Millisecond},
	{"tone-cbr-id3.mp3", MP3, 1567 * time.Millisecond},
	{"tone-vbr-xing.mp3", MP3, 1567 * time.Millisecond},
	{"tone-cbr-noxing.mp3", MP3, 1541 * time.Millisecond},
	{"tone-stereo-vbr.mp3", MP3, 1541 * time.Millisecond},
	{"tone.m4a", M4A, 1500 * time.Millisecond},
	{"tone-faststart.m4a", M4A, 1500 * time.Millisecond},
	{"tone.aac", AAC, 1578 * time.Millisecond},
}

const tolerance = 60 * time.Millisecond

func readFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func header(b []byte) []byte { return b[:min(len(b), HeaderLen)] }

func TestDetectAndDuration(t *testing.T) {
	t.Parallel()
	for _, fx := range fixtures {
		t.Run(fx.file, func(t *testing.T) {
			t.Parallel()
			b := readFixture(t, fx.file)
			f, err := Detect(header(b))
			if err != nil || f != fx.fmt {
				t.Fatalf("Detect = %v, %v; want %v", f, err, fx.fmt)
			}
			d, err := Duration(bytes.NewReader(b), int64(len(b)), f)
			if err != nil {
				t.Fatalf("Duration: %v", err)
			}
			if diff := (d - fx.want).Abs(); diff > tolerance {
				t.Errorf("Duration = %v, want %v ± %v", d, fx.want, tolerance)
			}
			if secs := int(d.Seconds()); secs != 1 { // duration_seconds truncates
				t.Errorf("whole seconds = %d, want 1", secs)
			}
		})
	}
}

func TestFormatNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		f             Format
		name, ct, ext string
	}{
		{MP3, "mp3", "audio/mpeg", "mp3"},
		{M4A, "m4a", "audio/mp4", "m4a"},
		{AAC, "aac", "audio/aac", "aac"},
		{WAV, "wav", "audio/wav", "wav"},
		{OGG, "ogg", "audio/ogg", "ogg"},
		{FLAC, "flac", "audio/flac", "flac"},
		{Unknown, "unknown", "application/octet-stream", "bin"},
		{Format(99), "unknown", "application/octet-stream", "bin"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("format_%d_is_%s_%s", int(tt.f), tt.name, tt.ext), func(t *testing.T) {
			if tt.f.String() != tt.name || tt.f.ContentType() != tt.ct || tt.f.Ext() != tt.ext {
				t.Errorf("%d: got %q %q %q", int(tt.f), tt.f.String(), tt.f.ContentType(), tt.f.Ext())
			}
		})
	}
}

func TestDetectRejects(t *testing.T) {
	t.Parallel()
	id3 := []byte("ID3\x04\x00\x00\x00\x00\x00\x05")
	tests := map[string][]byte{
		"empty":                 nil,
		"html":                  []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"),
		"svg":                   []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`),
		"png":                   []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
		"jpeg":                  []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
		"pdf":                   []byte("%PDF-1.7\n"),
		"zip":                   []byte("PK\x03\x04\x14\x00"),
		"avi in riff":           []byte("RIFF\x00\x00\x00\x00AVI LIST"),
		"quicktime":             []byte("\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  "),
		"3gp":                   []byte("\x00\x00\x00\x14ftyp3gp4\x00\x00\x00\x003gp4"),
		"mpeg layer 2":          []byte("\xff\xfd\x90\x00"),
		"mpeg bad bitrate":      []byte("\xff\xfb\xf0\x00"),
		"mpeg bad sample rate":  []byte("\xff\xfb\x9c\x00"),
		"id3 then html":         append(id3, []byte("<html>")...),
		"oggs with bad version": []byte("OggS\x01" + string(make([]byte, 30))),
	}
	for name, b := range tests {
		t.Run(name+"_is_not_audio", func(t *testing.T) {
			f, err := Detect(b)
			if !errors.Is(err, ErrUnknownFormat) || f != Unknown {
				t.Errorf("Detect = %v, %v; want ErrUnknownFormat", f, err)
			}
		})
	}
}

func TestDetectID3(t *testing.T) {
	t.Parallel()
	// A tag larger than the header (cover art) is taken as MP3.
	big := []byte("ID3\x03\x00\x00\x00\x01\x00\x00") // 16 KiB tag
	if f, err := Detect(big); f != MP3 || err != nil {
		t.Errorf("large tag: %v, %v", f, err)
	}
	// FLAC and ADTS behind a small tag keep their format.
	tag := []byte("ID3\x04\x00\x00\x00\x00\x00\x00")
	for _, fx := range []struct {
		file string
		want Format
	}{{"tone.flac", FLAC}, {"tone.aac", AAC}, {"tone-cbr-noxing.mp3", MP3}} {
		t.Run("small_tag_keeps_"+fx.want.String()+"_of_"+fx.file, func(t *testing.T) {
			b := append(append([]byte{}, tag...), readFixture(t, fx.file)...)
			f, err := Detect(header(b))
			if f != fx.want || err != nil {
				t.Errorf("tag + %s: %v, %v", fx.file, f, err)
			}
			d, err := Duration(bytes.NewReader(b), int64(len(b)), f)
			if err != nil || d < time.Second {
				t.Errorf("tag + %s: Duration = %v, %v", fx.file, d, err)
			}
		})
	}
}

// Every fixture read as every other format must fail cleanly.
func TestDurationWrongFormat(t *testing.T) {
	t.Parallel()
	all := []Format{MP3, M4A, AAC, WAV, OGG, FLAC, Unknown}
	for _, fx := range fixtures {
		b := readFixture(t, fx.file)
		for _, f := range all {
			if f == fx.fmt {
				continue
			}
			t.Run(fx.file+"_read_as_"+f.String()+"_is_invalid", func(t *testing.T) {
				if d, err := Duration(bytes.NewReader(b), int64(len(b)), f); !errors.Is(err, ErrInvalid) {
					t.Errorf("%s read as %v: %v, %v; want ErrInvalid", fx.file, f, d, err)
				}
			})
		}
	}
}

// Truncated uploads: formats whose headers state the stream size must
// fail; the others may report what is left, but never more than the whole.
func TestDurationTruncated(t *testing.T) {
	t.Parallel()
	mustFail := map[string]bool{
		"tone.wav": true, "tone-vbr-xing.mp3": true, "tone-stereo-vbr.mp3": true,
		"tone-cbr-id3.mp3": true, "tone.m4a": true, "tone-faststart.m4a": true,
	}
	for _, fx := range fixtures {
		t.Run(fx.file+"_cut_short_is_invalid_or_shorter", func(t *testing.T) {
			b := readFixture(t, fx.file)
			for _, n := range []int{0, 1, 4, 11, 40, 200, len(b) / 2} {
				cut := b[:n]
				d, err := Duration(bytes.NewReader(cut), int64(len(cut)), fx.fmt)
				switch {
				case err != nil && !errors.Is(err, ErrInvalid):
					t.Errorf("%s cut at %d: error %v does not wrap ErrInvalid", fx.file, n, err)
				case err == nil && (n < 200 || mustFail[fx.file]):
					t.Errorf("%s cut at %d: Duration = %v, want an error", fx.file, n, d)
				case err == nil && d > fx.want+tolerance:
					t.Errorf("%s cut at %d: Duration = %v, more than the whole file", fx.file, n, d)
				}
			}
		})
	}
}

// The declared size may disagree with what the reader holds.
func TestDurationSizeLies(t *testing.T) {
	t.Parallel()
	for _, fx := range fixtures {
		t.Run(fx.file+"_with_a_wrong_size_is_invalid", func(t *testing.T) {
			b := readFixture(t, fx.file)
			if _, err := Duration(bytes.NewReader(b[:len(b)/2]), int64(len(b)), fx.fmt); !errors.Is(err, ErrInvalid) {
				t.Errorf("%s: no error when the reader is shorter than size", fx.file)
			}
			if _, err := Duration(bytes.NewReader(b), 0, fx.fmt); !errors.Is(err, ErrInvalid) {
				t.Errorf("%s: size 0: %v", fx.file, err)
			}
		})
	}
}

func TestFragmentedMP4WithoutMehd(t *testing.T) {
	t.Parallel()
	b := readFixture(t, "tone-frag.m4a")
	if f, err := Detect(header(b)); f != M4A || err != nil {
		t.Fatalf("Detect = %v, %v", f, err)
	}
	if _, err := Duration(bytes.NewReader(b), int64(len(b)), M4A); !errors.Is(err, ErrInvalid) {
		t.Errorf("Duration error = %v, want ErrInvalid (no duration in moov)", err)
	}
}

func TestSamplesToDuration(t *testing.T) {
	t.Parallel()
	if d, err := samplesToDuration(48000*90+24000, 48000); err != nil || d != 90*time.Second+500*time.Millisecond {
		t.Errorf("90.5 s: %v, %v", d, err)
	}
	if _, err := samplesToDuration(1<<63, 1); !errors.Is(err, ErrInvalid) {
		t.Errorf("huge: %v", err)
	}
	if _, err := samplesToDuration(1, 0); !errors.Is(err, ErrInvalid) {
		t.Errorf("rate 0: %v", err)
	}
	if d, err := samplesToDuration(^uint64(0)>>28, 1<<32-1); err != nil || d <= 0 {
		t.Errorf("max rate: %v, %v", d, err)
	}
}

func TestProbe(t *testing.T) {
	t.Parallel()
	b := readFixture(t, "tone.opus")
	f, d, err := Probe(bytes.NewReader(b), int64(len(b)))
	if err != nil || f != OGG || (d-1500*time.Millisecond).Abs() > tolerance {
		t.Errorf("Probe(opus) = %v, %v, %v", f, d, err)
	}
	html := []byte("<html><body>not audio</body></html>")
	if _, _, err := Probe(bytes.NewReader(html), int64(len(html))); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("Probe(html) = %v, want ErrUnknownFormat", err)
	}
	wav := readFixture(t, "tone.wav")[:1000] // header intact, data cut
	if f, _, err := Probe(bytes.NewReader(wav), int64(len(wav))); f != WAV || !errors.Is(err, ErrInvalid) {
		t.Errorf("Probe(cut wav) = %v, %v, want WAV and ErrInvalid", f, err)
	}
	if _, _, err := Probe(bytes.NewReader(nil), 0); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("Probe(empty) = %v", err)
	}
}
