package storage

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Environment variables read by ConfigFromEnv. The DO_SPACES_* names are the
// original service's; DO_SPACES_REGION, DO_SPACES_PATH_STYLE and STORAGE_DIR
// are new.
const (
	EnvEndpoint  = "DO_SPACES_ENDPOINT"
	EnvBucket    = "DO_SPACES_BUCKET"
	EnvKey       = "DO_SPACES_KEY"
	EnvSecret    = "DO_SPACES_SECRET"
	EnvRegion    = "DO_SPACES_REGION"
	EnvPathStyle = "DO_SPACES_PATH_STYLE"
	EnvDir       = "STORAGE_DIR"
	// EnvCDN (DO_SPACES_CDN_ENDPOINT) is not read: objects are private now,
	// so a public CDN base cannot serve them.
	EnvCDN = "DO_SPACES_CDN_ENDPOINT"
)

// Defaults used when a variable is unset.
const (
	DefaultEndpoint = "https://nyc3.digitaloceanspaces.com" // as in the original
	DefaultDir      = "data/storage"
)

// Config chooses a backend: S3 when S3 is non-nil, else the local folder Dir.
type Config struct {
	Dir string
	S3  *S3Config
}

// ConfigFromEnv reads the configuration from getenv (os.Getenv in
// production). With none of DO_SPACES_BUCKET, _KEY, _SECRET and _ENDPOINT set
// it picks the local folder STORAGE_DIR (default data/storage). Setting any of
// them selects S3 and then bucket, key and secret are all required: a
// half-configured bucket is an error, not a silent fall-back to local disk.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	get := func(name string) string { return strings.TrimSpace(getenv(name)) }
	cfg := Config{Dir: get(EnvDir)}
	if cfg.Dir == "" {
		cfg.Dir = DefaultDir
	}
	s3 := S3Config{
		Endpoint:  get(EnvEndpoint),
		Bucket:    get(EnvBucket),
		AccessKey: get(EnvKey),
		SecretKey: get(EnvSecret),
		Region:    get(EnvRegion),
	}
	if s3.Endpoint == "" && s3.Bucket == "" && s3.AccessKey == "" && s3.SecretKey == "" {
		return cfg, nil
	}
	var missing []string
	for _, v := range []struct{ name, val string }{
		{EnvBucket, s3.Bucket}, {EnvKey, s3.AccessKey}, {EnvSecret, s3.SecretKey},
	} {
		if v.val == "" {
			missing = append(missing, v.name)
		}
	}
	if len(missing) > 0 {
		return Config{}, fmt.Errorf("storage: S3 is partly configured: %s must be set too (or unset every DO_SPACES_* variable to store files under %s)",
			strings.Join(missing, ", "), cfg.Dir)
	}
	if s3.Endpoint == "" {
		s3.Endpoint = DefaultEndpoint
	}
	if _, err := parseEndpoint(s3.Endpoint); err != nil {
		return Config{}, fmt.Errorf("storage: %s: %w", EnvEndpoint, err)
	}
	if v := get(EnvPathStyle); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return Config{}, fmt.Errorf("storage: %s=%q is not true or false", EnvPathStyle, v)
		}
		s3.PathStyle = b
	}
	cfg.S3 = &s3
	return cfg, nil
}

// Open returns the store cfg describes.
func Open(cfg Config) (Store, error) {
	if cfg.S3 != nil {
		return NewS3(*cfg.S3)
	}
	if cfg.Dir == "" {
		return nil, errors.New("storage: no folder and no S3 bucket configured")
	}
	return NewLocal(cfg.Dir)
}
