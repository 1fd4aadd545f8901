package server

import (
	"crypto/rand"
	"encoding/hex"

	"github.com/labstack/echo/v4"
)

// requestID gives every request a fresh id in X-Request-Id. A caller's own
// value is not reused: logs must not carry attacker-chosen ids.
func requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		b := make([]byte, 12)
		_, _ = rand.Read(b)
		c.Response().Header().Set(echo.HeaderXRequestID, hex.EncodeToString(b))
		return next(c)
	}
}
