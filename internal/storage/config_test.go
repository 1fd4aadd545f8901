package storage_test

import (
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/storage"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestConfigFromEnv(t *testing.T) {
	t.Parallel()
	full := map[string]string{
		"DO_SPACES_BUCKET": "tracks", "DO_SPACES_KEY": "AK", "DO_SPACES_SECRET": "SK",
	}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range full {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}

	tests := []struct {
		name    string
		env     map[string]string
		want    storage.Config
		wantErr string
	}{
		{name: "nothing_set_is_local_default", env: nil, want: storage.Config{Dir: "data/storage"}},
		{name: "storage_dir", env: map[string]string{"STORAGE_DIR": " /srv/st "}, want: storage.Config{Dir: "/srv/st"}},
		{name: "cdn_alone_is_ignored", env: map[string]string{"DO_SPACES_CDN_ENDPOINT": "https://cdn"}, want: storage.Config{Dir: "data/storage"}},
		{name: "spaces_with_default_endpoint", env: full, want: storage.Config{Dir: "data/storage", S3: &storage.S3Config{
			Endpoint: "https://nyc3.digitaloceanspaces.com", Bucket: "tracks", AccessKey: "AK", SecretKey: "SK",
		}}},
		{name: "minio_path_style", env: with(map[string]string{
			"DO_SPACES_ENDPOINT": "http://127.0.0.1:9000", "DO_SPACES_PATH_STYLE": "true", "DO_SPACES_REGION": "eu-1",
		}), want: storage.Config{Dir: "data/storage", S3: &storage.S3Config{
			Endpoint: "http://127.0.0.1:9000", Region: "eu-1", Bucket: "tracks", AccessKey: "AK", SecretKey: "SK", PathStyle: true,
		}}},
		{name: "bucket_only_is_an_error", env: map[string]string{"DO_SPACES_BUCKET": "b"}, wantErr: "DO_SPACES_KEY, DO_SPACES_SECRET must be set"},
		{name: "endpoint_only_is_an_error", env: map[string]string{"DO_SPACES_ENDPOINT": "http://x"}, wantErr: "DO_SPACES_BUCKET, DO_SPACES_KEY, DO_SPACES_SECRET"},
		{name: "missing_secret", env: with(map[string]string{"DO_SPACES_SECRET": " "}), wantErr: "DO_SPACES_SECRET must be set"},
		{name: "bad_endpoint", env: with(map[string]string{"DO_SPACES_ENDPOINT": "ftp://x"}), wantErr: "DO_SPACES_ENDPOINT"},
		{name: "endpoint_with_path", env: with(map[string]string{"DO_SPACES_ENDPOINT": "https://x/bucket"}), wantErr: "only scheme, host and port"},
		{name: "bad_path_style", env: with(map[string]string{"DO_SPACES_PATH_STYLE": "maybe"}), wantErr: "DO_SPACES_PATH_STYLE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := storage.ConfigFromEnv(env(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to mention %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Dir != tt.want.Dir || (got.S3 == nil) != (tt.want.S3 == nil) || (got.S3 != nil && *got.S3 != *tt.want.S3) {
				t.Errorf("got %+v (S3 %+v), want %+v (S3 %+v)", got, got.S3, tt.want, tt.want.S3)
			}
		})
	}
}

func TestOpen(t *testing.T) {
	t.Parallel()
	st, err := storage.Open(storage.Config{Dir: t.TempDir()})
	if _, ok := st.(*storage.Local); err != nil || !ok {
		t.Errorf("Open local = %T, %v", st, err)
	}
	st, err = storage.Open(storage.Config{S3: &storage.S3Config{Endpoint: "nyc3.digitaloceanspaces.com", Bucket: "b", AccessKey: "a", SecretKey: "s"}})
	if _, ok := st.(*storage.S3); err != nil || !ok {
		t.Fatalf("Open s3 = %T, %v", st, err)
	}
	if s := st.(*storage.S3).String(); s != "s3 bucket b at https://nyc3.digitaloceanspaces.com" || strings.Contains(s, "s3cret") {
		t.Errorf("String() = %q", s)
	}
	if _, err := storage.Open(storage.Config{}); err == nil {
		t.Error("empty Config accepted")
	}
	if _, err := storage.Open(storage.Config{S3: &storage.S3Config{Endpoint: "http://x"}}); err == nil {
		t.Error("S3 without credentials accepted")
	}
}
