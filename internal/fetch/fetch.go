// Package fetch downloads a results page for the importer without handing
// users a server-side request forgery: only http(s) URLs on an allow-list
// of hosts are fetched, every redirect is checked the same way, and the
// connection itself refuses private, loopback and other special addresses,
// checked at dial time so that a DNS answer cannot smuggle one in. Time and
// size are bounded.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults used for zero Fetcher fields.
const (
	// DefaultHost is the U.S. Figure Skating results site, the only host the
	// original importer allowed.
	DefaultHost = "ijs.usfigureskating.org"
	// DefaultTimeout bounds a whole fetch, redirects and body included (the
	// original's requests timeout was 15 s).
	DefaultTimeout               = 15 * time.Second
	DefaultDialTimeout           = 5 * time.Second
	DefaultTLSHandshakeTimeout   = 5 * time.Second
	DefaultResponseHeaderTimeout = 10 * time.Second
	// DefaultMaxBytes caps a page; real results pages are well under 1 MiB.
	DefaultMaxBytes     = 8 << 20
	DefaultMaxRedirects = 5
	DefaultUserAgent    = "Skatetrax/1.0 (results importer)"
)

// ErrHostNotAllowed means the URL may not be fetched: not http(s), has user
// info, its host (or a redirect's) is not on the allow-list, or it leads to
// a private, loopback or other special address. Nothing was sent to it. The
// handler answers 400.
var ErrHostNotAllowed = errors.New("url not allowed")

// ErrUpstream means the allowed site could not give us the page: DNS or
// connection failure, timeout, too many redirects, a non-2xx status, a body
// that is not HTML or is larger than MaxBytes. The handler answers 502. The
// error text carries details for the log; show users a generic message, or
// the fetcher becomes a port scanner again.
var ErrUpstream = errors.New("fetching the page failed")

// Fetcher fetches results pages. The zero value is ready to use with the
// defaults above; it holds no connections between calls.
type Fetcher struct {
	// AllowedHosts are the host names or IP literals that may be fetched,
	// compared without case and port; empty means DefaultHost only.
	AllowedHosts []string
	// Timeout bounds the whole fetch; DialTimeout, TLSHandshakeTimeout and
	// ResponseHeaderTimeout bound its phases.
	Timeout               time.Duration
	DialTimeout           time.Duration
	TLSHandshakeTimeout   time.Duration
	ResponseHeaderTimeout time.Duration
	// MaxBytes is the largest body accepted (after decompression).
	MaxBytes int64
	// MaxRedirects is how many redirects are followed.
	MaxRedirects int
	// UserAgent is sent with every request.
	UserAgent string
	// AllowLoopback lets tests fetch from httptest servers on 127.0.0.1 or
	// ::1. Never set it in production.
	AllowLoopback bool
	// Resolver looks up host names; nil means net.DefaultResolver. Tests
	// use it to simulate DNS answers.
	Resolver Resolver
}

// Fetch downloads rawURL and returns the body and the final URL after
// redirects. Errors match ErrHostNotAllowed or ErrUpstream (and, for a
// cancelled or expired ctx, the context's error as well).
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) ([]byte, *url.URL, error) {
	u, err := f.checkURL(rawURL)
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, orDuration(f.Timeout, DefaultTimeout))
	defer cancel()

	client, transport := f.client()
	defer transport.CloseIdleConnections()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrHostNotAllowed, err)
	}
	req.Header.Set("User-Agent", f.userAgent())
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")

	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, classify(ctx, err)
	}
	defer resp.Body.Close()

	body, err := f.readBody(resp)
	if err != nil {
		return nil, nil, classify(ctx, err)
	}
	return body, resp.Request.URL, nil
}

// readBody accepts only a 2xx HTML body of at most MaxBytes.
func (f *Fetcher) readBody(resp *http.Response) ([]byte, error) {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("%w: %s answered %s", ErrUpstream, resp.Request.URL.Host, resp.Status)
	}
	limit := f.maxBytes()
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: page is %d bytes, limit %d", ErrUpstream, resp.ContentLength, limit)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%w: read body: %w", ErrUpstream, err)
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w: page is larger than %d bytes", ErrUpstream, limit)
	}
	if !isHTML(resp.Header.Get("Content-Type"), body) {
		return nil, fmt.Errorf("%w: content type %q is not HTML", ErrUpstream, resp.Header.Get("Content-Type"))
	}
	return body, nil
}

// isHTML accepts text/html and XHTML. A missing or generic type is judged
// by sniffing the body, as browsers do.
func isHTML(contentType string, body []byte) bool {
	media, _, err := mime.ParseMediaType(contentType)
	if contentType == "" || err != nil {
		media = ""
	}
	switch media {
	case "text/html", "application/xhtml+xml":
		return true
	case "", "application/octet-stream", "text/plain":
		return strings.HasPrefix(http.DetectContentType(body), "text/html")
	}
	return false
}

// classify turns a client error into ErrHostNotAllowed (a refused URL,
// redirect or address) or ErrUpstream (everything else), keeping the
// context's error reachable when it caused the failure.
func classify(ctx context.Context, err error) error {
	var refused *refusedAddrError
	switch {
	case errors.Is(err, ErrHostNotAllowed), errors.Is(err, ErrUpstream):
		return err
	case errors.As(err, &refused):
		return fmt.Errorf("%w: %w", ErrHostNotAllowed, refused)
	case ctx.Err() != nil:
		return fmt.Errorf("%w: %w", ErrUpstream, ctx.Err())
	}
	var nerr net.Error
	if errors.As(err, &nerr) && nerr.Timeout() {
		return fmt.Errorf("%w: timeout: %w", ErrUpstream, err)
	}
	return fmt.Errorf("%w: %w", ErrUpstream, err)
}

// client builds a client whose every connection goes through dial and
// whose redirects are re-checked. Environment proxies are ignored: through
// a proxy the address check would only ever see the proxy.
func (f *Fetcher) client() (*http.Client, *http.Transport) {
	dialer := &net.Dialer{
		Timeout: orDuration(f.DialTimeout, DefaultDialTimeout),
		Control: f.control,
	}
	transport := &http.Transport{
		Proxy:                  nil,
		DialContext:            f.dialContext(dialer),
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    orDuration(f.TLSHandshakeTimeout, DefaultTLSHandshakeTimeout),
		ResponseHeaderTimeout:  orDuration(f.ResponseHeaderTimeout, DefaultResponseHeaderTimeout),
		MaxResponseHeaderBytes: 64 << 10,
		MaxIdleConns:           1,
		IdleConnTimeout:        time.Second,
	}
	client := &http.Client{
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if limit := f.maxRedirects(); len(via) > limit {
				return fmt.Errorf("%w: more than %d redirects", ErrUpstream, limit)
			}
			if _, err := f.checkURL(req.URL.String()); err != nil {
				return fmt.Errorf("redirect: %w", err)
			}
			return nil
		},
	}
	return client, transport
}

func (f *Fetcher) userAgent() string {
	if f.UserAgent == "" {
		return DefaultUserAgent
	}
	return f.UserAgent
}

func (f *Fetcher) maxBytes() int64 {
	if f.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return f.MaxBytes
}

func (f *Fetcher) maxRedirects() int {
	if f.MaxRedirects <= 0 {
		return DefaultMaxRedirects
	}
	return f.MaxRedirects
}

func orDuration(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
