package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
)

// Resolver looks up a host's addresses; *net.Resolver satisfies it.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// refusedAddrError is a connection the address policy stopped before it was
// made.
type refusedAddrError struct {
	Addr netip.Addr
}

func (e *refusedAddrError) Error() string {
	return fmt.Sprintf("address %s is private, loopback or reserved", e.Addr)
}

// checkURL parses rawURL and refuses anything but an http(s) URL without
// user info whose host is on the allow-list. An IP-literal host must also
// pass the address policy, so such URLs fail here rather than at dial time.
func (f *Fetcher) checkURL(rawURL string) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrHostNotAllowed, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%w: scheme %q is not http or https", ErrHostNotAllowed, u.Scheme)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%w: URL carries user info", ErrHostNotAllowed)
	}
	host := normalizeHost(u.Hostname())
	if host == "" {
		return nil, fmt.Errorf("%w: URL has no host", ErrHostNotAllowed)
	}
	if !f.hostAllowed(host) {
		return nil, fmt.Errorf("%w: host %q is not on the allow-list", ErrHostNotAllowed, host)
	}
	if port := u.Port(); port != "" {
		if n, err := strconv.ParseUint(port, 10, 16); err != nil || n == 0 {
			return nil, fmt.Errorf("%w: bad port %q", ErrHostNotAllowed, port)
		}
	}
	if a, err := netip.ParseAddr(host); err == nil {
		if err := f.permit(a); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrHostNotAllowed, err)
		}
	}
	return u, nil
}

// hostAllowed compares host with the allow-list, ignoring case and a
// trailing dot. The port is not part of the comparison.
func (f *Fetcher) hostAllowed(host string) bool {
	allowed := f.AllowedHosts
	if len(allowed) == 0 {
		allowed = []string{DefaultHost}
	}
	for _, a := range allowed {
		if normalizeHost(a) == host {
			return true
		}
	}
	return false
}

func normalizeHost(h string) string {
	h = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(h)), ".")
	if a, err := netip.ParseAddr(strings.Trim(h, "[]")); err == nil {
		return a.String()
	}
	return h
}

// dialContext resolves the host itself, refuses the connection if any of
// its addresses is forbidden (a public name has no business resolving to a
// private address), then dials the addresses in turn. The dialer's Control
// checks the address once more on the socket actually being connected.
func (f *Fetcher) dialContext(d *net.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, portText, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		port, err := strconv.ParseUint(portText, 10, 16)
		if err != nil {
			return nil, fmt.Errorf("bad port %q: %w", portText, err)
		}
		addrs, err := f.resolve(ctx, host)
		if err != nil {
			return nil, err
		}
		for _, a := range addrs {
			if err := f.permit(a); err != nil {
				return nil, err
			}
		}
		var errs []error
		for _, a := range addrs {
			conn, err := d.DialContext(ctx, network, netip.AddrPortFrom(a, uint16(port)).String())
			if err == nil {
				return conn, nil
			}
			errs = append(errs, err)
		}
		return nil, errors.Join(errs...)
	}
}

func (f *Fetcher) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{a}, nil
	}
	var r Resolver = net.DefaultResolver
	if f.Resolver != nil {
		r = f.Resolver
	}
	addrs, err := r.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", host, err)
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("resolve %s: no addresses", host)
	}
	return addrs, nil
}

// control runs on every socket after it is created and before it connects.
func (f *Fetcher) control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("unexpected dial address %q: %w", address, err)
	}
	return f.permit(ap.Addr())
}

// permit applies the address policy.
func (f *Fetcher) permit(a netip.Addr) error {
	a = a.Unmap()
	if f.AllowLoopback && a.IsLoopback() {
		return nil
	}
	if !a.IsValid() || a.IsUnspecified() || a.IsLoopback() || a.IsPrivate() ||
		a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() || a.IsInterfaceLocalMulticast() ||
		a.IsMulticast() || !a.IsGlobalUnicast() || special(a) {
		return &refusedAddrError{Addr: a}
	}
	return nil
}

// special reports the reserved ranges netip has no predicate for: shared,
// benchmark, documentation and reserved IPv4 space, and the IPv6 prefixes
// that embed IPv4 addresses (so that 2002:7f00:1:: or 64:ff9b::a00:1 cannot
// reach a private host) or are otherwise not for the public Internet.
func special(a netip.Addr) bool {
	for _, p := range []string{
		"0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24",
		"198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4",
		"::/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32",
		"2002::/16", "3fff::/20", "5f00::/16", "fec0::/10",
	} {
		if netip.MustParsePrefix(p).Contains(a) {
			return true
		}
	}
	return false
}
