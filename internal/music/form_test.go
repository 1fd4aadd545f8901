package music

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/textproto"
	"os"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

type formPart struct{ name, body string }

func form(t *testing.T, parts ...formPart) (*multipart.Reader, []byte) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="`+p.name+`"; filename="x"`)
		pw, _ := w.CreatePart(h)
		io.WriteString(pw, p.body)
	}
	w.Close()
	return multipart.NewReader(bytes.NewReader(buf.Bytes()), w.Boundary()), buf.Bytes()
}

func empty(t *testing.T, dir string) {
	t.Helper()
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Fatalf("%d files left in the spool folder", len(left))
	}
}

func TestReadForm(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	mr, _ := form(t, formPart{"metadata", `{"title":"x"}`}, formPart{"other", "skipped"}, formPart{"audio", "abc"})
	f, err := ReadForm(mr, dir)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(f.Audio.Name())
	if string(got) != "abc" || f.Audio.Size() != 3 || string(f.Metadata) != `{"title":"x"}` {
		t.Fatalf("read %q (%d) and %q", got, f.Audio.Size(), f.Metadata)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	empty(t, dir)
}

func TestReadFormRefusals(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	code := func(err error) apperr.Code {
		if e, ok := apperr.As(err); ok {
			return e.Code
		}
		return ""
	}
	mr, _ := form(t, formPart{"audio", "a"}, formPart{"audio", "b"})
	if _, err := ReadForm(mr, dir); code(err) != apperr.Invalid {
		t.Errorf("two audio parts: %v", err)
	}
	empty(t, dir)
	mr, _ = form(t, formPart{"metadata", strings.Repeat(" ", MaxMetadataBytes+1)})
	if _, err := ReadForm(mr, dir); code(err) != apperr.Invalid {
		t.Errorf("long metadata: %v", err)
	}
	_, body := form(t, formPart{"audio", strings.Repeat("x", 1000)})
	cut := body[:len(body)/2]
	w := multipart.NewReader(bytes.NewReader(cut), boundaryOf(body))
	if _, err := ReadForm(w, dir); code(err) != apperr.BadRequest || !strings.Contains(err.Error(), "ended before") {
		t.Errorf("cut body: %v", err)
	}
	empty(t, dir)
	// A reader that fails is a ReadError, for the caller to judge.
	broken := multipart.NewReader(io.MultiReader(bytes.NewReader(body[:200]), failing{}), boundaryOf(body))
	var re *ReadError
	if _, err := ReadForm(broken, dir); !errors.As(err, &re) || !errors.Is(err, errBroken) {
		t.Errorf("broken reader: %v", err)
	}
	empty(t, dir)
	// A spool folder that does not exist is this server's fault, not the client's.
	mr, _ = form(t, formPart{"audio", "a"})
	if _, err := ReadForm(mr, dir+"/missing"); err == nil || errors.As(err, &re) || code(err) != "" {
		t.Errorf("missing spool folder: %v", err)
	}
}

func TestSpoolLimit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f, err := Spool(strings.NewReader("12345"), dir, 5)
	if err != nil || f.Size() != 5 {
		t.Fatalf("exactly the limit: %v", err)
	}
	f.Close()
	// One byte more is refused, and reading stops there.
	r := &countingReader{r: strings.NewReader(strings.Repeat("x", 1<<20))}
	if _, err := Spool(r, dir, 5); func() bool { e, ok := apperr.As(err); return !ok || e.Code != apperr.TooLarge }() {
		t.Fatalf("over the limit: %v", err)
	}
	if r.n > 64<<10 {
		t.Errorf("read %d bytes to refuse a 5-byte limit", r.n)
	}
	empty(t, dir)
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

var errBroken = errors.New("connection reset")

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errBroken }

func boundaryOf(body []byte) string {
	line, _, _ := bytes.Cut(body, []byte("\r\n"))
	return strings.TrimPrefix(string(line), "--")
}
