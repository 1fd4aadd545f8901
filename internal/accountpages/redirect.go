package accountpages

import (
	"net/url"
	"strings"
)

// safeNext returns where to go after login: next when it is one of these
// pages on this site (a relative path under /account), else the account
// page. Anything that a browser could read as another host ("//evil",
// "/\evil", "https:…", control characters) falls back.
func safeNext(next string) string {
	const fallback = Prefix
	if next == "" || len(next) > 2048 || strings.ContainsAny(next, "\\\r\n\t") {
		return fallback
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f {
			return fallback
		}
	}
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return fallback
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || u.User != nil {
		return fallback
	}
	if u.Path != Prefix && !strings.HasPrefix(u.Path, Prefix+"/") {
		return fallback
	}
	if strings.Contains(u.Path, "/../") || strings.HasSuffix(u.Path, "/..") || strings.HasPrefix(u.Path, Prefix+"/login") {
		return fallback
	}
	return u.RequestURI()
}

// loginURL is the login page that returns to next.
func loginURL(next string) string {
	return Prefix + "/login?next=" + url.QueryEscape(next)
}
