package password

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"

	"golang.org/x/crypto/scrypt"
)

// Werkzeug's scrypt always derives 64 bytes (hashlib.scrypt's default dklen).
const werkzeugScryptKeyLen = 64

// Bounds for Werkzeug parameters read from a stored hash. Werkzeug 3.x writes
// scrypt:32768:8:1 (32 MiB, work 2^18) and pbkdf2 with at most 1,000,000
// iterations; the limits leave headroom without letting one row DoS a login.
const (
	maxScryptN      = 1 << 20
	maxScryptR      = 32
	maxScryptP      = 16
	maxScryptMemory = 256 << 20 // bytes of the 128*N*r working buffer
	maxScryptWork   = 1 << 22   // N*r*p
	maxPBKDF2Iter   = 10_000_000
	maxSaltLen      = 1024
)

// isWerkzeug reports whether encoded names a Werkzeug method this package
// implements ("scrypt" or "pbkdf2", with or without parameters).
func isWerkzeug(encoded string) bool {
	method, _, _ := strings.Cut(encoded, "$")
	name, _, _ := strings.Cut(method, ":")
	return name == "scrypt" || name == "pbkdf2"
}

// verifyWerkzeug checks password against "method$salt$hexhash" exactly as
// werkzeug.security.check_password_hash does: the salt is used as its
// UTF-8 bytes and the lowercase hex digests are compared in constant time.
func verifyWerkzeug(encoded, password string) (bool, error) {
	method, salt, wantHex, err := splitWerkzeug(encoded)
	if err != nil {
		return false, err
	}
	var got []byte
	// Werkzeug also accepts a bare "scrypt" or "pbkdf2" with version-dependent
	// defaults, but never writes one, so those are rejected as malformed.
	switch name, args, _ := strings.Cut(method, ":"); name {
	case "scrypt":
		got, err = werkzeugScrypt(args, password, salt, len(wantHex))
	case "pbkdf2":
		got, err = werkzeugPBKDF2(args, password, salt, len(wantHex))
	default:
		err = ErrUnknownFormat
	}
	if err != nil {
		return false, err
	}
	gotHex := hex.EncodeToString(got)
	return subtle.ConstantTimeCompare([]byte(gotHex), []byte(wantHex)) == 1, nil
}

func splitWerkzeug(encoded string) (method, salt, hexHash string, err error) {
	parts := strings.SplitN(encoded, "$", 3)
	if len(parts) != 3 {
		return "", "", "", fmt.Errorf("%w: werkzeug: want method$salt$hash", ErrMalformedHash)
	}
	method, salt, hexHash = parts[0], parts[1], parts[2]
	if salt == "" || len(salt) > maxSaltLen {
		return "", "", "", fmt.Errorf("%w: werkzeug: salt length %d", ErrMalformedHash, len(salt))
	}
	if !isLowerHex(hexHash) {
		return "", "", "", fmt.Errorf("%w: werkzeug: hash is not lowercase hex", ErrMalformedHash)
	}
	return method, salt, hexHash, nil
}

// werkzeugScrypt parses "N:r:p" and derives the key.
func werkzeugScrypt(args, password, salt string, hexLen int) ([]byte, error) {
	nums, err := splitParams(args, 3)
	if err != nil {
		return nil, fmt.Errorf("%w: scrypt parameters %q", ErrMalformedHash, args)
	}
	n, r, p := nums[0], nums[1], nums[2]
	if n < 2 || n&(n-1) != 0 || r < 1 || p < 1 {
		return nil, fmt.Errorf("%w: scrypt N=%d r=%d p=%d", ErrMalformedHash, n, r, p)
	}
	// Checked one at a time so the products below cannot overflow.
	if n > maxScryptN || r > maxScryptR || p > maxScryptP ||
		128*n*r > maxScryptMemory || n*r*p > maxScryptWork {
		return nil, fmt.Errorf("%w: scrypt N=%d r=%d p=%d", ErrUnsafeParameters, n, r, p)
	}
	if hexLen != 2*werkzeugScryptKeyLen {
		return nil, fmt.Errorf("%w: scrypt hash has %d hex digits, want %d", ErrMalformedHash, hexLen, 2*werkzeugScryptKeyLen)
	}
	key, err := scrypt.Key([]byte(password), []byte(salt), int(n), int(r), int(p), werkzeugScryptKeyLen)
	if err != nil {
		return nil, fmt.Errorf("scrypt: %w", err)
	}
	return key, nil
}

// werkzeugPBKDF2 parses "hashname:iterations" and derives a key of the
// digest's natural length, as hashlib.pbkdf2_hmac does without dklen.
func werkzeugPBKDF2(args, password, salt string, hexLen int) ([]byte, error) {
	hashName, iterStr, ok := strings.Cut(args, ":")
	if !ok {
		return nil, fmt.Errorf("%w: pbkdf2 parameters %q", ErrMalformedHash, args)
	}
	var newHash func() hash.Hash
	switch hashName {
	case "sha256":
		newHash = sha256.New
	case "sha512":
		newHash = sha512.New
	default:
		return nil, fmt.Errorf("%w: pbkdf2 digest %q", ErrUnknownFormat, hashName)
	}
	iter, err := parseDecimal(iterStr)
	if err != nil || iter < 1 {
		return nil, fmt.Errorf("%w: pbkdf2 iterations %q", ErrMalformedHash, iterStr)
	}
	if iter > maxPBKDF2Iter {
		return nil, fmt.Errorf("%w: pbkdf2 iterations %d", ErrUnsafeParameters, iter)
	}
	size := newHash().Size()
	if hexLen != 2*size {
		return nil, fmt.Errorf("%w: pbkdf2 hash has %d hex digits, want %d", ErrMalformedHash, hexLen, 2*size)
	}
	key, err := pbkdf2.Key(newHash, password, []byte(salt), int(iter), size)
	if err != nil {
		return nil, fmt.Errorf("pbkdf2: %w", err)
	}
	return key, nil
}

// splitParams splits "a:b:c" into exactly n canonical decimals.
func splitParams(s string, n int) ([]uint64, error) {
	fields := strings.Split(s, ":")
	if len(fields) != n {
		return nil, fmt.Errorf("want %d parameters, got %d", n, len(fields))
	}
	out := make([]uint64, n)
	for i, f := range fields {
		v, err := parseDecimal(f)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func isLowerHex(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
