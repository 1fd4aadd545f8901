// Package token creates and compares the secret tokens mailed or handed to
// users (password reset, invites). Only the SHA-256 digest of a token is
// stored, so read access to the database does not reveal usable tokens.
package token

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
)

// Size is the number of random bytes in a new token (256 bits).
const Size = 32

// New returns a fresh token and its digest. plain goes to the user (43
// URL-safe base64 characters, no padding); only digest is stored.
func New() (plain string, digest []byte, err error) {
	b := make([]byte, Size)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("read random token: %w", err)
	}
	plain = base64.RawURLEncoding.EncodeToString(b)
	return plain, Digest(plain), nil
}

// Digest returns the SHA-256 of the token's UTF-8 bytes. It hashes the text
// a user presents, not decoded bytes, so it also matches legacy 32-hex tokens
// migrated with sha256(convert_to(token, 'UTF8')).
func Digest(plain string) []byte {
	sum := sha256.Sum256([]byte(plain))
	return sum[:]
}

// Equal compares two digests in constant time. Empty inputs never match, so
// a missing digest cannot authenticate anything.
func Equal(a, b []byte) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	return subtle.ConstantTimeCompare(a, b) == 1
}
