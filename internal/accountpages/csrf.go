package accountpages

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/skatetrax/skatetrax-api/internal/auth/session"
)

// The CSRF defence of the pages is a signed double-submit token: a random
// seed in a SameSite=Strict cookie, and in every form the HMAC of that seed
// and of the current session. A page elsewhere can neither read the cookie
// nor compute the HMAC, and a token stops working when the session changes
// (login, logout), so it cannot be planted before a login either.
const (
	csrfCookie = "account_csrf"
	csrfField  = "csrf_token"
	seedKey    = "accountpages.csrf-seed"
)

type csrf struct {
	key    []byte
	secure bool
}

func newCSRF(secret []byte, secure bool) csrf {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("skatetrax account pages csrf"))
	return csrf{key: m.Sum(nil), secure: secure}
}

// seed returns the request's seed, setting a new cookie once per response
// when the request had none (or a malformed one).
func (x csrf) seed(c echo.Context) []byte {
	if s, ok := c.Get(seedKey).([]byte); ok {
		return s
	}
	if ck, err := c.Cookie(csrfCookie); err == nil {
		if s, err := base64.RawURLEncoding.DecodeString(ck.Value); err == nil && len(s) == 32 {
			c.Set(seedKey, s)
			return s
		}
	}
	s := make([]byte, 32)
	if _, err := rand.Read(s); err != nil {
		return nil // no token can be made: every form submission is refused
	}
	c.SetCookie(&http.Cookie{Name: csrfCookie, Value: base64.RawURLEncoding.EncodeToString(s), Path: Prefix,
		HttpOnly: true, Secure: x.secure, SameSite: http.SameSiteStrictMode})
	c.Set(seedKey, s)
	return s
}

func (x csrf) mac(seed []byte, c echo.Context) []byte {
	m := hmac.New(sha256.New, x.key)
	m.Write(seed)
	if h, ok := session.From(c.Request().Context()); ok {
		m.Write(h.Digest())
	}
	return m.Sum(nil)
}

// token is the value of the forms' csrf_token field for this request.
func (x csrf) token(c echo.Context) string {
	seed := x.seed(c)
	if seed == nil {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString(x.mac(seed, c))
}

// valid reports whether the submitted form carries this browser's token
// (compared in constant time).
func (x csrf) valid(c echo.Context) bool {
	ck, err := c.Cookie(csrfCookie)
	if err != nil {
		return false
	}
	seed, err := base64.RawURLEncoding.DecodeString(ck.Value)
	if err != nil || len(seed) != 32 {
		return false
	}
	got, err := base64.RawURLEncoding.DecodeString(c.FormValue(csrfField))
	if err != nil {
		return false
	}
	return hmac.Equal(got, x.mac(seed, c))
}
