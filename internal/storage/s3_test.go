package storage_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/skatetrax/skatetrax-api/internal/storage"
	"github.com/skatetrax/skatetrax-api/internal/storage/s3test"
)

// TestS3Contract runs the shared contract against a real S3-compatible
// server on loopback, one fresh bucket per subtest.
func TestS3Contract(t *testing.T) {
	t.Parallel()
	srv := s3test.Start(t)
	open := func(t *testing.T) storage.Store {
		st, err := storage.NewS3(storage.S3Config{
			Endpoint:  srv.Endpoint,
			Region:    srv.Region,
			Bucket:    srv.NewBucket(t),
			AccessKey: srv.AccessKey,
			SecretKey: srv.SecretKey,
			PathStyle: true,
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CheckBucket(context.Background()); err != nil {
			t.Fatal(err)
		}
		return st
	}
	testContract(t, open, true)
}

func TestS3CheckBucketErrors(t *testing.T) {
	t.Parallel()
	srv := s3test.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cfg := storage.S3Config{Endpoint: srv.Endpoint, Bucket: "no-such-bucket", AccessKey: srv.AccessKey, SecretKey: srv.SecretKey, PathStyle: true}
	st, err := storage.NewS3(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CheckBucket(ctx); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing bucket: %v", err)
	}
	cfg.Bucket = srv.NewBucket(t)
	cfg.SecretKey = "wrong"
	st, err = storage.NewS3(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CheckBucket(ctx); err == nil {
		t.Error("wrong secret accepted")
	}
	if err := st.Put(ctx, "a/b", strings.NewReader("x"), 1, ""); err == nil {
		t.Error("Put with a wrong secret succeeded")
	}
}

// Uploads of unknown size past one 16 MiB part go multipart; a failure in a
// later part must abort the upload, leaving neither an object nor parts.
func TestS3MultipartUpload(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("moves 40 MiB")
	}
	srv := s3test.Start(t)
	bucket := srv.NewBucket(t)
	st, err := storage.NewS3(storage.S3Config{Endpoint: srv.Endpoint, Region: srv.Region, Bucket: bucket,
		AccessKey: srv.AccessKey, SecretKey: srv.SecretKey, PathStyle: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	const size = 20<<20 + 123
	data := bytes.Repeat([]byte("skatetrax"), size/9+1)[:size]

	if err := st.Put(ctx, "big/ok.wav", io.MultiReader(bytes.NewReader(data)), -1, "audio/wav"); err != nil {
		t.Fatalf("Put: %v", err)
	}
	rc, info, err := st.Get(ctx, "big/ok.wav", &storage.Range{Offset: size - 10, Length: -1})
	if err != nil {
		t.Fatal(err)
	}
	tail, _ := io.ReadAll(rc)
	rc.Close()
	if info.Size != size || !bytes.Equal(tail, data[size-10:]) {
		t.Errorf("after multipart Put: size %d, tail %q", info.Size, tail)
	}

	boom := errors.New("connection reset")
	r := io.MultiReader(bytes.NewReader(data[:18<<20]), errReader{boom})
	if err := st.Put(ctx, "big/fail.wav", r, -1, "audio/wav"); !errors.Is(err, boom) {
		t.Fatalf("Put = %v, want the reader's error", err)
	}
	if _, err := st.Stat(ctx, "big/fail.wav"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Stat after failed multipart Put = %v", err)
	}
	for u := range srv.Client().ListIncompleteUploads(ctx, bucket, "big/", true) {
		t.Errorf("upload left behind: %+v", u)
	}
}
