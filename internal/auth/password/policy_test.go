package password

import (
	"errors"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, password string
		want           error
	}{
		{"empty_is_too_short", "", ErrTooShort},
		{"seven_chars_is_too_short", "1234567", ErrTooShort},
		{"eight_chars_is_ok", "12345678", nil},
		{"eight_multibyte_runes_is_ok", "ääääääää", nil},
		{"seven_runes_of_many_bytes_is_too_short", "⛸⛸⛸⛸⛸⛸⛸", ErrTooShort},
		{"256_bytes_is_ok", strings.Repeat("a", MaxBytes), nil},
		{"257_bytes_is_too_long", strings.Repeat("a", MaxBytes+1), ErrTooLong},
		{"65_four_byte_runes_is_too_long", strings.Repeat("😀", 65), ErrTooLong},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if err := Check(tc.password); err != tc.want {
				t.Errorf("Check(%d bytes) = %v, want %v", len(tc.password), err, tc.want)
			}
		})
	}
}

func TestPolicyError_messagesAreUserFacing(t *testing.T) {
	t.Parallel()
	if got := Check("short").Error(); got != "Password must be at least 8 characters." {
		t.Errorf("too short message = %q", got)
	}
	if got := Check(strings.Repeat("x", 300)).Error(); got != "Password must be at most 256 bytes." {
		t.Errorf("too long message = %q", got)
	}
	var pe PolicyError
	if err := Check("short"); !errors.As(err, &pe) || pe != ErrTooShort {
		t.Errorf("errors.As(Check(short)) = %v, want ErrTooShort", pe)
	}
}
