package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"syscall"
	"time"
)

// Local keeps objects as files under one folder: key "music/a/b.mp3" is the
// file <dir>/music/a/b.mp3, and its content type is kept beside it in the
// hidden file ".b.mp3.meta". All file access goes through os.Root, so even a
// symlink planted in the folder cannot lead outside it.
type Local struct {
	dir string
}

var _ Store = (*Local)(nil)

// NewLocal returns a store under dir, creating the folder if needed.
func NewLocal(dir string) (*Local, error) {
	if dir == "" {
		return nil, errors.New("local storage: empty folder name")
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("local storage: create %s: %w", dir, err)
	}
	// Fail at start-up, not on the first upload, if the folder is unusable.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("local storage: open %s: %w", dir, err)
	}
	return &Local{dir: dir}, root.Close()
}

// Dir returns the folder the store writes to.
func (l *Local) Dir() string { return l.dir }

// open opens the folder for one operation. Opening it each time (one cheap
// syscall) keeps Local free of a descriptor that would need closing, and
// follows the folder if an operator replaces it while the server runs.
func (l *Local) open(key string) (*os.Root, error) {
	if err := ValidateKey(key); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(l.dir)
	if err != nil {
		return nil, fmt.Errorf("local storage: open %s: %w", l.dir, err)
	}
	return root, nil
}

// metaName is the hidden file holding key's content type. Keys never start a
// segment with '.', so it cannot clash with an object.
func metaName(key string) string {
	dir, file := path.Split(key)
	return dir + "." + file + ".meta"
}

// Put writes to a hidden temporary file in the object's folder, syncs it and
// renames it into place, so readers see the old object or the new one and a
// failed upload leaves nothing behind.
func (l *Local) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) (err error) {
	root, err := l.open(key)
	if err != nil {
		return err
	}
	defer root.Close()
	if contentType == "" {
		contentType = DefaultContentType
	}
	dir := path.Dir(key)
	if err := root.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("put %s: create folder: %w", key, err)
	}

	tmp, f, err := createTemp(root, dir)
	if err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	metaTmp := ""
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = root.Remove(tmp)
			if metaTmp != "" {
				_ = root.Remove(metaTmp)
			}
		}
	}()

	src := &exactReader{r: ctxReader{ctx: ctx, r: r}, want: size}
	if _, err = io.Copy(f, src); err != nil {
		return fmt.Errorf("put %s: write: %w", key, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("put %s: sync: %w", key, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("put %s: close: %w", key, err)
	}

	metaTmp, mf, err := createTemp(root, dir)
	if err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	_, err = mf.WriteString(contentType)
	if cerr := mf.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("put %s: write metadata: %w", key, err)
	}
	if err = ctx.Err(); err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	// The metadata goes first: a crash between the two renames can leave an
	// old file with a new content type, never a new file without one.
	if err = root.Rename(metaTmp, metaName(key)); err != nil {
		return fmt.Errorf("put %s: rename metadata: %w", key, err)
	}
	metaTmp = ""
	if err = root.Rename(tmp, key); err != nil {
		return fmt.Errorf("put %s: rename: %w", key, err)
	}
	syncDir(root, dir)
	return nil
}

// createTemp creates a new hidden file in dir with a random name.
func createTemp(root *os.Root, dir string) (string, *os.File, error) {
	var b [12]byte
	for range 5 {
		_, _ = rand.Read(b[:])
		name := path.Join(dir, ".tmp-"+hex.EncodeToString(b[:]))
		f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", nil, fmt.Errorf("create temporary file: %w", err)
		}
		return name, f, nil
	}
	return "", nil, errors.New("create temporary file: name collisions")
}

// syncDir makes a rename durable. A failure only weakens crash safety, so it
// is not reported.
func syncDir(root *os.Root, dir string) {
	if d, err := root.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// Get opens the file and, for a range, reads it through an io.SectionReader.
func (l *Local) Get(ctx context.Context, key string, rng *Range) (io.ReadCloser, ObjectInfo, error) {
	if err := ctx.Err(); err != nil {
		return nil, ObjectInfo{}, err
	}
	root, err := l.open(key)
	if err != nil {
		return nil, ObjectInfo{}, err
	}
	defer root.Close()
	f, err := root.Open(key)
	if err != nil {
		return nil, ObjectInfo{}, fmt.Errorf("get %s: %w", key, mapNotFound(err))
	}
	info, err := l.info(root, key, f)
	if err != nil {
		_ = f.Close()
		return nil, ObjectInfo{}, fmt.Errorf("get %s: %w", key, err)
	}
	off, n, err := rng.resolve(info.Size)
	if err != nil {
		_ = f.Close()
		return nil, ObjectInfo{}, fmt.Errorf("get %s: %w", key, err)
	}
	return sectionReadCloser{io.NewSectionReader(f, off, n), f}, info, nil
}

type sectionReadCloser struct {
	*io.SectionReader
	io.Closer
}

// Stat reads the file's size and time and the content type beside it.
func (l *Local) Stat(ctx context.Context, key string) (ObjectInfo, error) {
	if err := ctx.Err(); err != nil {
		return ObjectInfo{}, err
	}
	root, err := l.open(key)
	if err != nil {
		return ObjectInfo{}, err
	}
	defer root.Close()
	f, err := root.Open(key)
	if err != nil {
		return ObjectInfo{}, fmt.Errorf("stat %s: %w", key, mapNotFound(err))
	}
	defer f.Close()
	info, err := l.info(root, key, f)
	if err != nil {
		return ObjectInfo{}, fmt.Errorf("stat %s: %w", key, err)
	}
	return info, nil
}

func (l *Local) info(root *os.Root, key string, f *os.File) (ObjectInfo, error) {
	fi, err := f.Stat()
	if err != nil {
		return ObjectInfo{}, err
	}
	if !fi.Mode().IsRegular() {
		// A folder that is a prefix of other keys is not an object.
		return ObjectInfo{}, ErrNotFound
	}
	ct := DefaultContentType
	if b, err := root.ReadFile(metaName(key)); err == nil && len(b) > 0 && len(b) < 256 {
		ct = string(b)
	}
	return ObjectInfo{
		Key:         key,
		Size:        fi.Size(),
		ContentType: ct,
		ModTime:     fi.ModTime(),
		// Like nginx: every Put writes a new file, so time and size change.
		ETag: fmt.Sprintf("%x-%x", fi.ModTime().UnixNano(), fi.Size()),
	}, nil
}

// Delete removes the file and its metadata; a missing file is not an error.
func (l *Local) Delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	root, err := l.open(key)
	if err != nil {
		return err
	}
	defer root.Close()
	fi, err := root.Lstat(key)
	switch {
	case err != nil && isNotFound(err):
		// Nothing stored; the metadata may still be left by a crash.
	case err != nil:
		return fmt.Errorf("delete %s: %w", key, err)
	case fi.IsDir():
		return nil // a prefix of other keys, not an object
	default:
		if err := root.Remove(key); err != nil && !isNotFound(err) {
			return fmt.Errorf("delete %s: %w", key, err)
		}
	}
	if err := root.Remove(metaName(key)); err != nil && !isNotFound(err) {
		return fmt.Errorf("delete %s metadata: %w", key, err)
	}
	return nil
}

// PresignGet reports ok=false: a local file has no URL of its own, so the
// API must stream it with Get.
func (l *Local) PresignGet(_ context.Context, key string, _ time.Duration) (string, bool, error) {
	if err := ValidateKey(key); err != nil {
		return "", false, err
	}
	return "", false, nil
}

func isNotFound(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

func mapNotFound(err error) error {
	if isNotFound(err) {
		return ErrNotFound
	}
	return err
}

// ctxReader stops a long copy when the request is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// String describes the store for start-up logs.
func (l *Local) String() string {
	return "local folder " + strings.TrimSuffix(l.dir, "/")
}
