package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const page = "<!DOCTYPE html><html><body><table class=\"sum\"></table></body></html>"

// server is an httptest server on 127.0.0.1 that counts the connections it
// accepts and the requests it serves, so tests can prove nothing was sent.
type server struct {
	*httptest.Server
	conns, requests atomic.Int64
	// host is "127.0.0.1:port".
	host string
}

func newServer(t *testing.T, h http.HandlerFunc) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		h(w, r)
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	s.host = strings.TrimPrefix(s.URL, "http://")
	return s
}

func (s *server) assertUntouched(t *testing.T) {
	t.Helper()
	if c, r := s.conns.Load(), s.requests.Load(); c != 0 || r != 0 {
		t.Errorf("server saw %d connections and %d requests, want none", c, r)
	}
}

func serveHTML(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}
}

// testFetcher may fetch from loopback servers named in hosts.
func testFetcher(hosts ...string) *Fetcher {
	return &Fetcher{AllowedHosts: hosts, AllowLoopback: true, Timeout: 5 * time.Second}
}

func TestFetch_allowedHost(t *testing.T) {
	t.Parallel()
	var ua atomic.Value
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.UserAgent())
		serveHTML(page)(w, r)
	})
	body, final, err := testFetcher("127.0.0.1").Fetch(context.Background(), s.URL+"/SEGM001.html")
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if string(body) != page {
		t.Errorf("body = %q", body)
	}
	if final.String() != s.URL+"/SEGM001.html" {
		t.Errorf("final URL = %s", final)
	}
	if ua.Load() != DefaultUserAgent {
		t.Errorf("User-Agent = %v", ua.Load())
	}
}

func TestFetch_refusedBeforeAnyConnection(t *testing.T) {
	t.Parallel()
	s := newServer(t, serveHTML(page))
	port := s.Listener.Addr().(*net.TCPAddr).Port
	tests := []struct {
		name    string
		fetcher *Fetcher
		url     string
	}{
		{"default_allow-list_is_the_USFS_site_only", &Fetcher{AllowLoopback: true}, s.URL},
		{"host_not_on_the_list", testFetcher("127.0.0.1"), fmt.Sprintf("http://localhost:%d/", port)},
		{"look-alike_host", testFetcher(DefaultHost), "https://ijs.usfigureskating.org.evil.test/SEGM001.html"},
		{"user_info_trick", testFetcher("127.0.0.1"), fmt.Sprintf("http://127.0.0.1:%d@evil.test/", port)},
		{"user_info_on_an_allowed_host", testFetcher("127.0.0.1"), fmt.Sprintf("http://user:pw@127.0.0.1:%d/", port)},
		{"ftp_scheme", testFetcher("127.0.0.1"), fmt.Sprintf("ftp://127.0.0.1:%d/", port)},
		{"file_scheme", testFetcher("127.0.0.1"), "file:///etc/passwd"},
		{"javascript_scheme", testFetcher("127.0.0.1"), "javascript:alert(1)"},
		{"no_host", testFetcher("127.0.0.1"), "http:///SEGM001.html"},
		{"relative_url", testFetcher("127.0.0.1"), "/SEGM001.html"},
		{"unparsable_url", testFetcher("127.0.0.1"), "http://127.0.0.1:%zz/"},
		{"bad_port", testFetcher("127.0.0.1"), "http://127.0.0.1:99999/"},
		{"loopback_without_AllowLoopback", &Fetcher{AllowedHosts: []string{"127.0.0.1"}}, s.URL},
		{"IPv4-mapped_loopback", &Fetcher{AllowedHosts: []string{"::ffff:127.0.0.1"}}, fmt.Sprintf("http://[::ffff:127.0.0.1]:%d/", port)},
		{"metadata_address_even_if_listed", testFetcher("169.254.169.254"), "http://169.254.169.254/latest/meta-data/"},
		{"private_address_even_if_listed", testFetcher("10.0.0.1"), "http://10.0.0.1/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := tt.fetcher.Fetch(context.Background(), tt.url)
			if !errors.Is(err, ErrHostNotAllowed) {
				t.Fatalf("err = %v, want ErrHostNotAllowed", err)
			}
			if errors.Is(err, ErrUpstream) {
				t.Errorf("err %v is also ErrUpstream", err)
			}
		})
	}
	s.assertUntouched(t)
}

func TestFetch_hostComparisonIgnoresCaseAndTrailingDot(t *testing.T) {
	t.Parallel()
	s := newServer(t, serveHTML(page))
	port := s.Listener.Addr().(*net.TCPAddr).Port
	f := testFetcher("Results.TEST.")
	f.Resolver = fakeDNS{"results.test": {"127.0.0.1"}}
	if _, _, err := f.Fetch(context.Background(), fmt.Sprintf("HTTP://RESULTS.test.:%d/", port)); err != nil {
		t.Fatalf("Fetch: %v", err)
	}
}

// fakeDNS answers lookups from a table and never touches the network.
type fakeDNS map[string][]string

func (d fakeDNS) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	names, ok := d[strings.ToLower(strings.TrimSuffix(host, "."))]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	out := make([]netip.Addr, len(names))
	for i, n := range names {
		out[i] = netip.MustParseAddr(n)
	}
	return out, nil
}

func TestFetch_redirects(t *testing.T) {
	t.Parallel()
	target := newServer(t, serveHTML(page))
	targetPort := target.Listener.Addr().(*net.TCPAddr).Port
	redirectTo := func(loc string) *server {
		return newServer(t, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, loc, http.StatusFound)
		})
	}

	t.Run("to_an_allowed_host_is_followed", func(t *testing.T) {
		t.Parallel()
		s := redirectTo(target.URL + "/SEGM002.html")
		_, final, err := testFetcher("127.0.0.1").Fetch(context.Background(), s.URL)
		if err != nil {
			t.Fatalf("Fetch: %v", err)
		}
		if final.String() != target.URL+"/SEGM002.html" {
			t.Errorf("final URL = %s", final)
		}
	})

	refused := []struct {
		name, location string
		fetcher        *Fetcher
	}{
		{"to_a_host_not_on_the_list", fmt.Sprintf("http://localhost:%d/", targetPort), testFetcher("127.0.0.1")},
		{"to_another_scheme", fmt.Sprintf("ftp://127.0.0.1:%d/", targetPort), testFetcher("127.0.0.1")},
		{"to_the_metadata_address", "http://169.254.169.254/latest/meta-data/", testFetcher("127.0.0.1", "169.254.169.254")},
		{"to_a_private_address", "http://10.0.0.1/", testFetcher("127.0.0.1", "10.0.0.1")},
		{"to_a_listed_name_that_resolves_to_the_metadata_address", "http://rebind.test/", withDNS(testFetcher("127.0.0.1", "rebind.test"), fakeDNS{"rebind.test": {"169.254.169.254"}})},
		{"to_a_listed_name_with_one_private_address_among_others", "http://mixed.test/", withDNS(testFetcher("127.0.0.1", "mixed.test"), fakeDNS{"mixed.test": {"127.0.0.1", "10.0.0.1"}})},
		{"to_a_6to4_address_embedding_a_private_one", "http://[2002:a00:1::1]/", testFetcher("127.0.0.1", "2002:a00:1::1")},
	}
	for _, tt := range refused {
		t.Run(tt.name+"_is_refused", func(t *testing.T) {
			t.Parallel()
			s := redirectTo(tt.location)
			_, _, err := tt.fetcher.Fetch(context.Background(), s.URL)
			if !errors.Is(err, ErrHostNotAllowed) {
				t.Fatalf("err = %v, want ErrHostNotAllowed", err)
			}
		})
	}

	t.Run("chain_of_five_is_followed", func(t *testing.T) {
		t.Parallel()
		s := chain(t, 5, target.URL)
		if _, _, err := testFetcher("127.0.0.1").Fetch(context.Background(), s.URL+"/0"); err != nil {
			t.Fatalf("Fetch: %v", err)
		}
	})
	t.Run("chain_of_six_is_upstream_error", func(t *testing.T) {
		t.Parallel()
		s := chain(t, 6, target.URL)
		_, _, err := testFetcher("127.0.0.1").Fetch(context.Background(), s.URL+"/0")
		if !errors.Is(err, ErrUpstream) {
			t.Fatalf("err = %v, want ErrUpstream", err)
		}
	})
	// Every refused redirect above was stopped before the target saw it.
	t.Cleanup(func() {
		if n := target.requests.Load(); n != 2 {
			t.Errorf("target served %d requests, want 2 (the followed redirects)", n)
		}
	})
}

// chain serves /0 → /1 → … → /n-1 → final: n redirects.
func chain(t *testing.T, n int, final string) *server {
	t.Helper()
	return newServer(t, func(w http.ResponseWriter, r *http.Request) {
		var i int
		fmt.Sscanf(r.URL.Path, "/%d", &i)
		if i+1 < n {
			http.Redirect(w, r, fmt.Sprintf("/%d", i+1), http.StatusFound)
			return
		}
		http.Redirect(w, r, final, http.StatusFound)
	})
}

func withDNS(f *Fetcher, d fakeDNS) *Fetcher {
	f.Resolver = d
	return f
}

func TestFetch_upstreamErrors(t *testing.T) {
	t.Parallel()
	const limit = 1000
	big := strings.Repeat("x", limit+1)
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"not_found", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "gone", http.StatusNotFound) }},
		{"server_error", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "boom", http.StatusInternalServerError) }},
		{"not_modified", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNotModified) }},
		{"too_large_with_length", serveHTML("<html>" + big)},
		{"too_large_chunked", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			for range limit/100 + 1 {
				fmt.Fprint(w, strings.Repeat("y", 100))
				w.(http.Flusher).Flush()
			}
		}},
		{"json", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"a":1}`)
		}},
		{"pdf", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/pdf")
			fmt.Fprint(w, "%PDF-1.4")
		}},
		{"untyped_non_html", func(w http.ResponseWriter, _ *http.Request) {
			w.Header()["Content-Type"] = nil
			fmt.Fprint(w, "\x00\x01binary")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, tt.handler)
			f := testFetcher("127.0.0.1")
			f.MaxBytes = limit
			_, _, err := f.Fetch(context.Background(), s.URL)
			if !errors.Is(err, ErrUpstream) || errors.Is(err, ErrHostNotAllowed) {
				t.Fatalf("err = %v, want ErrUpstream only", err)
			}
		})
	}
}

func TestFetch_acceptedBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, contentType, body string
	}{
		{"exactly_the_limit", "text/html", "<html>" + strings.Repeat("z", 994)},
		{"latin1_html", "text/html; charset=iso-8859-1", page},
		{"xhtml", "application/xhtml+xml", page},
		{"untyped_html_is_sniffed", "", page},
		{"text_plain_html_is_sniffed", "text/plain", page},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
				w.Header()["Content-Type"] = nil
				if tt.contentType != "" {
					w.Header().Set("Content-Type", tt.contentType)
				}
				fmt.Fprint(w, tt.body)
			})
			f := testFetcher("127.0.0.1")
			f.MaxBytes = 1000
			body, _, err := f.Fetch(context.Background(), s.URL)
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			if string(body) != tt.body {
				t.Errorf("body = %q", body)
			}
		})
	}
}

func TestFetch_timeouts(t *testing.T) {
	t.Parallel()
	stall := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}
	slowBody := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html>")
		w.(http.Flusher).Flush()
		stall(w, r)
	}
	tests := []struct {
		name    string
		handler http.HandlerFunc
		tune    func(*Fetcher)
	}{
		{"overall_timeout_waiting_for_headers", stall, func(f *Fetcher) { f.Timeout = 200 * time.Millisecond }},
		{"response_header_timeout", stall, func(f *Fetcher) { f.ResponseHeaderTimeout = 200 * time.Millisecond }},
		{"overall_timeout_while_reading_the_body", slowBody, func(f *Fetcher) { f.Timeout = 200 * time.Millisecond }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, tt.handler)
			f := testFetcher("127.0.0.1")
			tt.tune(f)
			// The server stalls for longer than the tuned timeout and the
			// caller sets no deadline: only that timeout can end the fetch.
			_, _, err := f.Fetch(context.Background(), s.URL)
			if !errors.Is(err, ErrUpstream) {
				t.Fatalf("err = %v, want ErrUpstream", err)
			}
			var nerr net.Error
			if !errors.Is(err, context.DeadlineExceeded) && !(errors.As(err, &nerr) && nerr.Timeout()) {
				t.Errorf("err = %v, want a timeout", err)
			}
		})
	}
}

func TestFetch_callerCancellation(t *testing.T) {
	t.Parallel()
	s := newServer(t, serveHTML(page))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := testFetcher("127.0.0.1").Fetch(ctx, s.URL)
	if !errors.Is(err, ErrUpstream) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want ErrUpstream and context.Canceled", err)
	}
}

func TestFetch_connectionRefused(t *testing.T) {
	t.Parallel()
	s := newServer(t, serveHTML(page))
	addr := s.URL
	s.Close()
	_, _, err := testFetcher("127.0.0.1").Fetch(context.Background(), addr)
	if !errors.Is(err, ErrUpstream) {
		t.Fatalf("err = %v, want ErrUpstream", err)
	}
}

func TestFetch_unknownNameIsUpstreamError(t *testing.T) {
	t.Parallel()
	f := withDNS(testFetcher("missing.test"), fakeDNS{})
	_, _, err := f.Fetch(context.Background(), "http://missing.test/")
	if !errors.Is(err, ErrUpstream) {
		t.Fatalf("err = %v, want ErrUpstream", err)
	}
}

// TestControl checks the dial-time guard directly: it is what stops a
// connection when DNS changes its answer between our lookup and the dial.
func TestControl(t *testing.T) {
	t.Parallel()
	strict, loose := &Fetcher{}, &Fetcher{AllowLoopback: true}
	tests := []struct {
		addr          string
		strict, loose bool // allowed?
	}{
		{"93.184.215.14:443", true, true},
		{"[2606:4700::6810:84e5]:443", true, true},
		{"127.0.0.1:80", false, true},
		{"127.8.9.10:80", false, true},
		{"[::1]:80", false, true},
		{"[::ffff:127.0.0.1]:80", false, true},
		{"10.0.0.1:80", false, false},
		{"172.16.5.4:80", false, false},
		{"192.168.1.1:80", false, false},
		{"169.254.169.254:80", false, false},
		{"100.64.0.1:80", false, false},
		{"0.0.0.0:80", false, false},
		{"255.255.255.255:80", false, false},
		{"224.0.0.1:80", false, false},
		{"198.18.0.1:80", false, false},
		{"192.0.2.1:80", false, false},
		{"[::]:80", false, false},
		{"[fe80::1]:80", false, false},
		{"[fd00::1]:80", false, false},
		{"[ff02::1]:80", false, false},
		{"[::ffff:10.0.0.1]:80", false, false},
		{"[::ffff:169.254.169.254]:80", false, false},
		{"[64:ff9b::a00:1]:80", false, false},
		{"[2002:7f00:1::]:80", false, false},
		{"[2001:db8::1]:80", false, false},
		{"[2001::1]:80", false, false},
		{"[::7f00:1]:80", false, false},
		{"not-an-address:80", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			t.Parallel()
			if err := strict.control("tcp", tt.addr, nil); (err == nil) != tt.strict {
				t.Errorf("strict: err = %v, want allowed=%v", err, tt.strict)
			}
			if err := loose.control("tcp", tt.addr, nil); (err == nil) != tt.loose {
				t.Errorf("AllowLoopback: err = %v, want allowed=%v", err, tt.loose)
			}
		})
	}
}

// TestDial_controlStopsAForbiddenAddress dials a forbidden address through
// a real dialer: the Control hook refuses the socket before connect(2), so
// no packet leaves the machine.
func TestDial_controlStopsAForbiddenAddress(t *testing.T) {
	t.Parallel()
	f := &Fetcher{AllowLoopback: true}
	d := &net.Dialer{Timeout: time.Second, Control: f.control}
	_, err := d.DialContext(context.Background(), "tcp", "10.0.0.1:80")
	var refused *refusedAddrError
	if !errors.As(err, &refused) {
		t.Fatalf("err = %v, want a refused address", err)
	}
}

func TestCheckURL_keepsTheURL(t *testing.T) {
	t.Parallel()
	u, err := (&Fetcher{}).checkURL("https://ijs.usfigureskating.org/leaderboard/results/2025/30911/SEGM001.html?x=1")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := url.Parse("https://ijs.usfigureskating.org/leaderboard/results/2025/30911/SEGM001.html?x=1")
	if *u != *want {
		t.Errorf("u = %v", u)
	}
}
