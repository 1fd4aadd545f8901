// Package password hashes and verifies user passwords.
//
// New hashes are argon2id in PHC string format. Verify also accepts the
// Werkzeug formats the Flask application wrote ("scrypt:N:r:p$salt$hex" and
// "pbkdf2:sha256|sha512:iterations$salt$hex"), so existing users can log in
// and be rehashed transparently.
package password

import (
	"errors"
	"strings"
)

// Errors returned by Verify for stored values it cannot check. They describe
// the stored hash, never the password, so they are safe to log.
var (
	// ErrUnknownFormat means the stored value is not a hash format this package knows.
	ErrUnknownFormat = errors.New("unknown password hash format")
	// ErrMalformedHash means the stored value has a known prefix but cannot be parsed.
	ErrMalformedHash = errors.New("malformed password hash")
	// ErrUnsafeParameters means the stored parameters exceed the limits that bound
	// verification cost, so the hash was not computed at all.
	ErrUnsafeParameters = errors.New("password hash parameters out of bounds")
)

// Hash returns an argon2id hash of password with the current parameters.
func Hash(password string) (string, error) {
	return hashArgon2id(password, currentParams)
}

// Verify reports whether password matches the stored hash encoded.
//
// needsRehash is true when the password matched but encoded uses a legacy
// format or parameters other than the current ones; callers should then store
// a fresh Hash. A wrong password yields ok=false with a nil error; err is
// non-nil only when encoded itself cannot be verified.
func Verify(encoded, password string) (ok, needsRehash bool, err error) {
	if strings.HasPrefix(encoded, "$argon2id$") {
		return verifyArgon2id(encoded, password)
	}
	if isWerkzeug(encoded) {
		// Werkzeug formats are legacy: any match should be upgraded.
		ok, err := verifyWerkzeug(encoded, password)
		return ok, ok, err
	}
	return false, false, ErrUnknownFormat
}

// dummyHash is an argon2id hash at the current parameters of a random
// password nobody knows. TestDummyHashUsesCurrentParams keeps it in sync.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$HpvMZiGm3QF28kxQtfpfYw$x/eUap6HqTA2ja+pClXfMjLhlG54wqmyBLYyNEbJEqw"

// VerifyDummy spends the same time as verifying a current hash, so that a
// login for an unknown user is not distinguishable by timing from a wrong
// password for a known one.
func VerifyDummy(password string) {
	_, _, _ = verifyArgon2id(dummyHash, password)
}
