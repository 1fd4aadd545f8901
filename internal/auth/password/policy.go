package password

import "unicode/utf8"

// Limits of the password policy for new passwords.
const (
	// MinLength is the minimum number of characters (Unicode code points).
	MinLength = 8
	// MaxBytes is the maximum length in UTF-8 bytes; it bounds hashing cost.
	MaxBytes = 256
)

// PolicyError is a violation of the password policy. Its message is meant
// for end users.
type PolicyError int

// Policy violations returned by Check.
const (
	ErrTooShort PolicyError = iota + 1
	ErrTooLong
)

func (e PolicyError) Error() string {
	switch e {
	case ErrTooShort:
		return "Password must be at least 8 characters."
	case ErrTooLong:
		return "Password must be at most 256 bytes."
	default:
		return "Password does not meet the policy."
	}
}

// Check reports whether password may be set as a new password. It does not
// apply to login: passwords set before the policy existed must keep working.
func Check(password string) error {
	if len(password) > MaxBytes {
		return ErrTooLong
	}
	if utf8.RuneCountInString(password) < MinLength {
		return ErrTooShort
	}
	return nil
}
