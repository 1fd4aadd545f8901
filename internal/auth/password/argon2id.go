package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// argon2Params are the tunable argon2id parameters of one hash.
type argon2Params struct {
	memory  uint32 // KiB
	time    uint32
	threads uint8
	saltLen int
	keyLen  int
}

// currentParams follow the OWASP Password Storage Cheat Sheet (m=19 MiB, t=2, p=1).
var currentParams = argon2Params{memory: 19456, time: 2, threads: 1, saltLen: 16, keyLen: 32}

// Upper bounds for parameters read from a stored hash. A hostile or corrupt
// row must not be able to make one login allocate gigabytes or run for minutes.
const (
	maxArgon2Memory  = 256 * 1024 // KiB, i.e. 256 MiB
	maxArgon2Time    = 16
	maxArgon2Threads = 16
	minArgon2Salt    = 8
	maxArgon2Salt    = 64
	minArgon2Key     = 16
	maxArgon2Key     = 128
)

func hashArgon2id(password string, p argon2Params) (string, error) {
	salt := make([]byte, p.saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("generate salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.time, p.memory, p.threads, uint32(p.keyLen))
	return encodeArgon2id(p, salt, key), nil
}

func encodeArgon2id(p argon2Params, salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.memory, p.time, p.threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

func verifyArgon2id(encoded, password string) (ok, needsRehash bool, err error) {
	p, salt, want, err := decodeArgon2id(encoded)
	if err != nil {
		return false, false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.time, p.memory, p.threads, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return false, false, nil
	}
	return true, p != currentParams, nil
}

// decodeArgon2id parses "$argon2id$v=19$m=M,t=T,p=P$salt$key" strictly and
// checks every parameter against the bounds above.
func decodeArgon2id(encoded string) (argon2Params, []byte, []byte, error) {
	var p argon2Params
	parts := strings.Split(encoded, "$")
	// "", "argon2id", "v=19", "m=..,t=..,p=..", salt, key
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, fmt.Errorf("%w: argon2id: want 5 '$'-separated fields", ErrMalformedHash)
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, fmt.Errorf("%w: argon2id: unsupported version %q", ErrMalformedHash, parts[2])
	}
	if err := parseArgon2Params(parts[3], &p); err != nil {
		return p, nil, nil, err
	}
	b64 := base64.RawStdEncoding.Strict()
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return p, nil, nil, fmt.Errorf("%w: argon2id salt: %v", ErrMalformedHash, err)
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil {
		return p, nil, nil, fmt.Errorf("%w: argon2id key: %v", ErrMalformedHash, err)
	}
	if len(salt) < minArgon2Salt || len(salt) > maxArgon2Salt {
		return p, nil, nil, fmt.Errorf("%w: argon2id salt length %d", ErrUnsafeParameters, len(salt))
	}
	if len(key) < minArgon2Key || len(key) > maxArgon2Key {
		return p, nil, nil, fmt.Errorf("%w: argon2id key length %d", ErrUnsafeParameters, len(key))
	}
	p.saltLen, p.keyLen = len(salt), len(key)
	return p, salt, key, nil
}

// parseArgon2Params parses "m=M,t=T,p=P" in exactly that order, as every
// PHC encoder writes it.
func parseArgon2Params(s string, p *argon2Params) error {
	fields := strings.Split(s, ",")
	if len(fields) != 3 {
		return fmt.Errorf("%w: argon2id parameters %q", ErrMalformedHash, s)
	}
	var vals [3]uint64
	for i, name := range []string{"m=", "t=", "p="} {
		digits, found := strings.CutPrefix(fields[i], name)
		v, err := parseDecimal(digits)
		if !found || err != nil {
			return fmt.Errorf("%w: argon2id parameters %q", ErrMalformedHash, s)
		}
		vals[i] = v
	}
	m, t, threads := vals[0], vals[1], vals[2]
	// argon2 requires t >= 1, p >= 1 and m >= 8*p; x/crypto panics on t or p of 0.
	if t < 1 || t > maxArgon2Time || threads < 1 || threads > maxArgon2Threads ||
		m < 8*threads || m > maxArgon2Memory {
		return fmt.Errorf("%w: argon2id m=%d,t=%d,p=%d", ErrUnsafeParameters, m, t, threads)
	}
	p.memory, p.time, p.threads = uint32(m), uint32(t), uint8(threads)
	return nil
}
