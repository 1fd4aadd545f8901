package token

import (
	"encoding/base64"
	"encoding/hex"
	"regexp"
	"testing"
)

var urlSafe43 = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

func TestNew(t *testing.T) {
	t.Parallel()
	seen := make(map[string]bool)
	for range 100 {
		plain, digest, err := New()
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		if !urlSafe43.MatchString(plain) {
			t.Fatalf("plain = %q, want 43 URL-safe base64 characters", plain)
		}
		raw, err := base64.RawURLEncoding.Strict().DecodeString(plain)
		if err != nil || len(raw) != Size {
			t.Fatalf("plain decodes to %d bytes (%v), want %d", len(raw), err, Size)
		}
		if !Equal(digest, Digest(plain)) {
			t.Fatalf("digest of New does not match Digest(plain)")
		}
		if seen[plain] {
			t.Fatalf("New returned %q twice", plain)
		}
		seen[plain] = true
	}
}

// Expected values from Python: hashlib.sha256(s.encode()).hexdigest(), which
// is what PostgreSQL's sha256(convert_to(s, 'UTF8')) computes for migrated
// legacy tokens.
func TestDigest_knownAnswers(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, plain, want string }{
		{"legacy_uuid4_hex_token", "4646c38e9bb44c918a0dfdd2a0b13648",
			"c18eda7040fd2dcd9a6f9449ac383011dd3df2bd3c188a3ddf52cfd3e148db73"},
		{"empty_string_has_the_sha256_of_nothing", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"non_ascii_is_hashed_as_utf8", "tökén", "c61a705e32913a858921fec03c7dc0259250783f37e3d82341e7bda6fe7e7833"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := hex.EncodeToString(Digest(tc.plain)); got != tc.want {
				t.Errorf("Digest(%q) = %s, want %s", tc.plain, got, tc.want)
			}
		})
	}
}

func TestEqual(t *testing.T) {
	t.Parallel()
	a := Digest("token-a")
	b := Digest("token-b")
	cases := []struct {
		name string
		x, y []byte
		want bool
	}{
		{"same_digest_matches", a, Digest("token-a"), true},
		{"other_digest_does_not_match", a, b, false},
		{"prefix_does_not_match", a, a[:16], false},
		{"nil_does_not_match_nil", nil, nil, false},
		{"empty_does_not_match_empty", []byte{}, []byte{}, false},
		{"nil_does_not_match_digest", nil, a, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Equal(tc.x, tc.y); got != tc.want {
				t.Errorf("Equal = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestPlainFitsVarchar64(t *testing.T) {
	t.Parallel()
	plain, _, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if len(plain) > 64 {
		t.Fatalf("len(plain) = %d, does not fit varchar(64)", len(plain))
	}
}
