package password

import (
	"errors"
	"strconv"
)

// parseDecimal accepts only canonical unsigned decimals ("0" or no leading
// zero, ASCII digits, no sign), which is what every hash encoder writes.
// Rejecting "+7", " 7" or "0x10" keeps one stored value from having several
// spellings.
func parseDecimal(s string) (uint64, error) {
	if s == "" || len(s) > 19 || (len(s) > 1 && s[0] == '0') {
		return 0, errors.New("not a canonical decimal")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, errors.New("not a canonical decimal")
		}
	}
	return strconv.ParseUint(s, 10, 64)
}
