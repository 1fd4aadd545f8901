package server

import (
	"net/http"
	"regexp"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// devOrigins is the original's default (the frontend's dev server on port
// 3000), anchored at both ends: the original's prefix match also let
// http://localhost:3000.evil.example through.
var devOrigins = regexp.MustCompile(`^http://(localhost|127\.0\.0\.1|192\.168\.\d{1,3}\.\d{1,3}):3000$`)

// OriginAllowed reports whether a browser origin may call the API with
// credentials: the CORS_ORIGIN list when set, else the dev-server default.
func OriginAllowed(allowed []string, origin string) bool {
	if len(allowed) == 0 {
		return devOrigins.MatchString(origin)
	}
	for _, a := range allowed {
		if a == origin {
			return true
		}
	}
	return false
}

func corsMiddleware(allowed []string) echo.MiddlewareFunc {
	return middleware.CORSWithConfig(middleware.CORSConfig{
		AllowOriginFunc: func(origin string) (bool, error) { return OriginAllowed(allowed, origin), nil },
		AllowMethods: []string{http.MethodDelete, http.MethodGet, http.MethodHead, http.MethodOptions,
			http.MethodPatch, http.MethodPost, http.MethodPut},
		AllowCredentials: true,
		ExposeHeaders:    []string{"Retry-After", echo.HeaderXRequestID, "Content-Range", "Accept-Ranges"},
		MaxAge:           600,
	})
}
