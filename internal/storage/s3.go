package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Config locates a bucket on an S3-compatible service.
type S3Config struct {
	// Endpoint is the service's base URL, e.g.
	// "https://nyc3.digitaloceanspaces.com" or "http://127.0.0.1:8333".
	// Without a scheme, https is assumed.
	Endpoint  string
	Region    string
	Bucket    string
	AccessKey string
	SecretKey string
	// PathStyle addresses the bucket as <endpoint>/<bucket>/<key> instead of
	// <bucket>.<endpoint>/<key>; MinIO and SeaweedFS usually need it.
	PathStyle bool
}

// Presigned URLs may live at most this long (S3's SigV4 limit).
const maxPresignTTL = 7 * 24 * time.Hour

// uploadPartSize is the buffer per upload of unknown size. minio-go's default
// for size -1 is sized for 5 TiB objects (hundreds of MiB per part); music
// files are at most tens of MiB.
const uploadPartSize = 16 << 20

// maxSinglePut is the largest object sent in one PUT (S3 allows 5 GiB).
const maxSinglePut = 1 << 30

// S3 keeps objects in one bucket of an S3-compatible service. Objects are
// written without an ACL, so they stay private (the bucket's default);
// browsers reach them only through PresignGet URLs or the API.
type S3 struct {
	client *minio.Client
	core   minio.Core // Core.GetObject answers at once, with headers
	bucket string
	desc   string
}

var _ Store = (*S3)(nil)

// NewS3 returns a store for cfg. It does not contact the service; use
// CheckBucket for that.
func NewS3(cfg S3Config) (*S3, error) {
	if cfg.Bucket == "" || cfg.AccessKey == "" || cfg.SecretKey == "" {
		return nil, errors.New("s3 storage: bucket, access key and secret are required")
	}
	u, err := parseEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, fmt.Errorf("s3 storage: %w", err)
	}
	region := cfg.Region
	if region == "" {
		region = regionFromEndpoint(u.Hostname())
	}
	lookup := minio.BucketLookupDNS
	if cfg.PathStyle {
		lookup = minio.BucketLookupPath
	}
	client, err := minio.New(u.Host, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure:       u.Scheme == "https",
		Region:       region, // set, so minio-go never asks the service for it
		BucketLookup: lookup,
	})
	if err != nil {
		return nil, fmt.Errorf("s3 storage: %w", err)
	}
	return &S3{
		client: client,
		core:   minio.Core{Client: client},
		bucket: cfg.Bucket,
		desc:   fmt.Sprintf("s3 bucket %s at %s://%s", cfg.Bucket, u.Scheme, u.Host),
	}, nil
}

func parseEndpoint(endpoint string) (*url.URL, error) {
	if endpoint == "" {
		return nil, errors.New("empty endpoint")
	}
	if !strings.Contains(endpoint, "://") {
		endpoint = "https://" + endpoint
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, fmt.Errorf("endpoint %q: %w", endpoint, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("endpoint %q: want http(s)://host[:port]", endpoint)
	}
	if strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.User != nil {
		return nil, fmt.Errorf("endpoint %q: want only scheme, host and port", endpoint)
	}
	return u, nil
}

// regionFromEndpoint signs for "nyc3" on nyc3.digitaloceanspaces.com, as the
// original did, and for "us-east-1" elsewhere (what MinIO, SeaweedFS and
// most others expect when no region is configured).
func regionFromEndpoint(host string) string {
	if r, ok := strings.CutSuffix(host, ".digitaloceanspaces.com"); ok && r != "" && !strings.Contains(r, ".") {
		return r
	}
	return "us-east-1"
}

// CheckBucket reports whether the bucket is reachable with the configured
// credentials, for a start-up or readiness check.
func (s *S3) CheckBucket(ctx context.Context) error {
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("check bucket %s: %w", s.bucket, err)
	}
	if !ok {
		return fmt.Errorf("check bucket %s: bucket does not exist", s.bucket)
	}
	return nil
}

// Put streams r to the service: one PUT when size is known (up to
// maxSinglePut), otherwise a multipart upload of 16 MiB parts that minio-go
// aborts on failure, so no object appears.
func (s *S3) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	if size < -1 {
		return fmt.Errorf("put %s: negative size %d", key, size)
	}
	if contentType == "" {
		contentType = DefaultContentType
	}
	src := &exactReader{r: r, want: size}
	opts := minio.PutObjectOptions{ContentType: contentType, PartSize: uploadPartSize}
	// A known size goes in one streamed PUT: minio-go buffers each part of a
	// multipart upload in memory to checksum it, which for a 20 MiB track
	// would hold most of the file.
	opts.DisableMultipart = size >= 0 && size <= maxSinglePut
	_, err := s.client.PutObject(ctx, s.bucket, key, src, size, opts)
	if err != nil {
		return fmt.Errorf("put %s: %w", key, mapS3Error(err))
	}
	return nil
}

// Get asks for the object, or the range of it, in one request.
func (s *S3) Get(ctx context.Context, key string, rng *Range) (io.ReadCloser, ObjectInfo, error) {
	if err := ValidateKey(key); err != nil {
		return nil, ObjectInfo{}, err
	}
	var opts minio.GetObjectOptions
	if rng != nil {
		if rng.Offset < 0 || rng.Length == 0 {
			return nil, ObjectInfo{}, fmt.Errorf("get %s: %w", key, ErrInvalidRange)
		}
		// Set the header directly: SetRange(0, 0) would mean the first byte.
		if rng.Length < 0 {
			opts.Set("Range", fmt.Sprintf("bytes=%d-", rng.Offset))
		} else {
			opts.Set("Range", fmt.Sprintf("bytes=%d-%d", rng.Offset, rng.Offset+rng.Length-1))
		}
	}
	body, oi, hdr, err := s.core.GetObject(ctx, s.bucket, key, opts)
	if err != nil {
		return nil, ObjectInfo{}, fmt.Errorf("get %s: %w", key, mapS3Error(err))
	}
	info := toObjectInfo(key, oi)
	if rng != nil {
		total, err := totalFromContentRange(hdr.Get("Content-Range"))
		if err != nil {
			_ = body.Close()
			return nil, ObjectInfo{}, fmt.Errorf("get %s: %w", key, err)
		}
		info.Size = total
	}
	return body, info, nil
}

// totalFromContentRange reads the object size from "bytes 0-99/1234".
func totalFromContentRange(v string) (int64, error) {
	_, total, ok := strings.Cut(v, "/")
	if !ok || !strings.HasPrefix(v, "bytes ") {
		return 0, fmt.Errorf("bad Content-Range %q in a range response", v)
	}
	n, err := strconv.ParseInt(total, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bad Content-Range %q in a range response", v)
	}
	return n, nil
}

// Stat sends a HEAD request.
func (s *S3) Stat(ctx context.Context, key string) (ObjectInfo, error) {
	if err := ValidateKey(key); err != nil {
		return ObjectInfo{}, err
	}
	oi, err := s.client.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{})
	if err != nil {
		return ObjectInfo{}, fmt.Errorf("stat %s: %w", key, mapS3Error(err))
	}
	return toObjectInfo(key, oi), nil
}

// Delete removes the object. S3 answers success for a missing key too. Unlike
// the original, errors are returned, so callers notice objects they leak.
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	if err := s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}); err != nil {
		if errors.Is(mapS3Error(err), ErrNotFound) {
			return nil
		}
		return fmt.Errorf("delete %s: %w", key, mapS3Error(err))
	}
	return nil
}

// PresignGet signs a GET URL for ttl (1 s to 7 days) without a request.
func (s *S3) PresignGet(ctx context.Context, key string, ttl time.Duration) (string, bool, error) {
	if err := ValidateKey(key); err != nil {
		return "", false, err
	}
	if ttl < time.Second || ttl > maxPresignTTL {
		return "", false, fmt.Errorf("presign %s: ttl %s not in 1s..%s", key, ttl, maxPresignTTL)
	}
	u, err := s.client.PresignedGetObject(ctx, s.bucket, key, ttl, nil)
	if err != nil {
		return "", false, fmt.Errorf("presign %s: %w", key, err)
	}
	return u.String(), true, nil
}

// String describes the store for start-up logs, without credentials.
func (s *S3) String() string { return s.desc }

func toObjectInfo(key string, oi minio.ObjectInfo) ObjectInfo {
	return ObjectInfo{
		Key:         key,
		Size:        oi.Size,
		ContentType: oi.ContentType,
		ModTime:     oi.LastModified,
		ETag:        strings.Trim(oi.ETag, `"`),
	}
}

// mapS3Error turns S3 error responses that callers branch on into this
// package's errors, keeping the service's message.
func mapS3Error(err error) error {
	resp := minio.ToErrorResponse(err)
	switch {
	case resp.Code == minio.NoSuchKey || (resp.StatusCode == http.StatusNotFound && resp.Code != minio.NoSuchBucket):
		return fmt.Errorf("%w (%s)", ErrNotFound, resp.Code)
	case resp.Code == minio.InvalidRange || resp.StatusCode == http.StatusRequestedRangeNotSatisfiable:
		return fmt.Errorf("%w (%s)", ErrInvalidRange, resp.Code)
	}
	return err
}
