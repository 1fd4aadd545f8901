// Package faultproxy is a TCP proxy for fault tests: it forwards to a target
// (PostgreSQL, in practice) and can freeze (keep every connection open but
// forward nothing, as a network partition that drops packets does) or cut
// (close every connection, as a server that went away does).
package faultproxy

import (
	"net"
	"sync"
	"sync/atomic"
)

// Proxy forwards TCP connections to one target.
type Proxy struct {
	ln     net.Listener
	target string

	mu     sync.Mutex
	thawed *sync.Cond
	frozen bool
	conns  map[net.Conn]struct{}
	closed bool

	// held counts the bytes that arrived while frozen and wait to be
	// forwarded: a test sees that a request reached the partition.
	held atomic.Int64
}

// Start listens on a loopback port and forwards to target (host:port).
func Start(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{ln: ln, target: target, conns: map[net.Conn]struct{}{}}
	p.thawed = sync.NewCond(&p.mu)
	go p.serve()
	return p, nil
}

// Addr is the host:port clients connect to instead of the target.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Freeze stops forwarding in both directions without closing anything.
func (p *Proxy) Freeze() {
	p.mu.Lock()
	p.frozen = true
	p.mu.Unlock()
}

// Thaw forwards again, held bytes first.
func (p *Proxy) Thaw() {
	p.mu.Lock()
	p.frozen = false
	p.held.Store(0)
	p.mu.Unlock()
	p.thawed.Broadcast()
}

// Held reports how many bytes arrived while frozen.
func (p *Proxy) Held() int64 { return p.held.Load() }

// Cut closes every open connection (new ones are still accepted).
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]struct{}{}
}

// Close stops listening, closes every connection and releases frozen copies.
func (p *Proxy) Close() {
	p.ln.Close()
	p.mu.Lock()
	p.closed = true
	p.frozen = false
	p.mu.Unlock()
	p.thawed.Broadcast()
	p.Cut()
}

func (p *Proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.handle(c)
	}
}

func (p *Proxy) handle(c net.Conn) {
	d, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		c.Close()
		d.Close()
		return
	}
	p.conns[c], p.conns[d] = struct{}{}, struct{}{}
	p.mu.Unlock()
	go p.pipe(d, c)
	p.pipe(c, d)
}

// pipe copies src to dst, waiting while the proxy is frozen.
func (p *Proxy) pipe(dst, src net.Conn) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.mu.Lock()
			if p.frozen {
				p.held.Add(int64(n))
			}
			for p.frozen {
				p.thawed.Wait()
			}
			closed := p.closed
			p.mu.Unlock()
			if closed {
				return
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return // EOF or a closed connection: close both sides
		}
	}
}
