package storage

import "fmt"

// MaxKeyLen is the longest key accepted, well under S3's 1024-byte limit and
// typical file-system path limits.
const MaxKeyLen = 512

// ValidateKey accepts only keys the server could have generated, such as
// "music/<skater uuid>/<track uuid>.mp3": one or more segments separated by
// single slashes, each starting with a lowercase letter or digit and
// containing only a-z, 0-9, '.', '_' and '-'. That rules out "..", absolute
// paths, backslashes, empty segments and hidden files, so a key can never
// leave the storage folder, and no key can clash with the dot-prefixed
// temporary files the local backend writes.
func ValidateKey(key string) error {
	if key == "" || len(key) > MaxKeyLen {
		return fmt.Errorf("%w: length %d not in 1..%d", ErrInvalidKey, len(key), MaxKeyLen)
	}
	segStart := true
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c == '/':
			if segStart {
				return fmt.Errorf("%w: %q has an empty segment", ErrInvalidKey, key)
			}
			segStart = true
			continue
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '.' || c == '_' || c == '-':
			if segStart {
				return fmt.Errorf("%w: segment in %q starts with %q", ErrInvalidKey, key, c)
			}
		default:
			return fmt.Errorf("%w: %q has byte %q at %d", ErrInvalidKey, key, c, i)
		}
		segStart = false
	}
	if segStart {
		return fmt.Errorf("%w: %q ends with a slash", ErrInvalidKey, key)
	}
	return nil
}
