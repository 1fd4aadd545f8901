package server

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

// crossSiteGuard refuses state-changing requests that a browser says come
// from another site, so a page elsewhere cannot use the visitor's session
// cookie. Same-origin requests, origins allowed by CORS_ORIGIN (or the dev
// default), and clients that send neither Origin nor Sec-Fetch-Site (curl,
// scripts) pass.
//
// Under the prefixes in tokenForms (pages whose forms carry their own CSRF
// token) an Origin of "null" also passes: a same-origin form on a page sent
// with Referrer-Policy: no-referrer has exactly that Origin, and the form's
// token, not the Origin, is what protects those posts.
func crossSiteGuard(allowed, tokenForms []string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			switch r.Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions:
				return next(c)
			}
			origin := r.Header.Get("Origin")
			if origin == "null" && r.Header.Get("Sec-Fetch-Site") != "cross-site" && underAny(r.URL.Path, tokenForms) {
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

func underAny(path string, prefixes []string) bool {
	for _, p := range prefixes {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}
