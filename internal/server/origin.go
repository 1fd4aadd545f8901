package server

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

// crossSiteGuard refuses state-changing requests that a browser says come
// from another site, so a page elsewhere cannot use the visitor's session
// cookie. Same-origin requests, origins allowed by CORS_ORIGIN (or the dev
// default), and clients that send neither Origin nor Sec-Fetch-Site (curl,
// scripts) pass.
func crossSiteGuard(allowed []string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			switch r.Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions:
				return next(c)
			}
			origin := r.Header.Get("Origin")
			if origin == "null" && r.Header.Get("Sec-Fetch-Site") == "same-origin" {
				// A same-origin form on a page with Referrer-Policy: no-referrer
				// (the account reset page) sends Origin: null; the browser's own
				// Sec-Fetch-Site, which no page can forge, says where it came from.
				return next(c)
			}
			if origin != "" {
				if OriginAllowed(allowed, origin) || sameHost(origin, r.Host) {
					return next(c)
				}
				return errCrossSite()
			}
			if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" {
				return errCrossSite()
			}
			return next(c)
		}
	}
}

func sameHost(origin, host string) bool {
	u, err := url.Parse(origin)
	return err == nil && u.Host != "" && u.Host == host
}

func errCrossSite() *apperr.Error {
	return &apperr.Error{Code: apperr.Forbidden, ErrorText: "Forbidden",
		Message: "Cross-site request refused: this origin may not change data."}
}
