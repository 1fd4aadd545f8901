package accounts

import (
	"strconv"
	"strings"
)

func itoa(n int32) string { return strconv.FormatInt(int64(n), 10) }

func lower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
