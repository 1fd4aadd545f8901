package server_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

// switchProxy forwards TCP to the database and can cut every connection,
// as if PostgreSQL went away, then let them through again.
type switchProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	up     bool
	conns  map[net.Conn]struct{}
}

func newSwitchProxy(t *testing.T, target string) *switchProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &switchProxy{ln: ln, target: target, up: true, conns: map[net.Conn]struct{}{}}
	t.Cleanup(func() { ln.Close(); p.setUp(false) })
	go p.serve()
	return p
}

func (p *switchProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if !p.up {
			p.mu.Unlock()
			c.Close()
			continue
		}
		p.conns[c] = struct{}{}
		p.mu.Unlock()
		go func() {
			d, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				return
			}
			p.mu.Lock()
			p.conns[d] = struct{}{}
			p.mu.Unlock()
			go func() { io.Copy(d, c); d.Close() }()
			io.Copy(c, d)
			c.Close()
		}()
	}
}

func (p *switchProxy) setUp(up bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.up = up
	if !up {
		for c := range p.conns {
			c.Close()
		}
		p.conns = map[net.Conn]struct{}{}
	}
}

func TestDatabaseOutageAnswers503AndRecovers(t *testing.T) {
	t.Parallel()
	_, dbURL := testdb.NewWithURL(t)
	u, _ := url.Parse(dbURL)
	proxy := newSwitchProxy(t, u.Host)
	u.Host = proxy.ln.Addr().String()
	cfg, err := pgxpool.ParseConfig(u.String())
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.ConnectTimeout = 2 * time.Second
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	s := apitest.New(t, apitest.Options{Pool: pool})
	c := s.Client()
	c.Get("/api/v4/public/clubs").Expect(http.StatusOK)

	proxy.setUp(false)
	if got := c.Get("/readyz").Expect(http.StatusServiceUnavailable).Map(); got["status"] != "unavailable" {
		t.Errorf("readyz during outage: %v", got)
	}
	c.Get("/api/v4/utils/health").Expect(http.StatusServiceUnavailable)
	res := c.Get("/api/v4/public/clubs").Expect(http.StatusServiceUnavailable)
	if res.Map()["code"] != "unavailable" || res.Header.Get("Retry-After") == "" {
		t.Errorf("outage answer: %s %v", res.Body, res.Header)
	}
	c.Get("/healthz").Expect(http.StatusOK) // the process itself is fine

	proxy.setUp(true)
	deadline := time.Now().Add(15 * time.Second)
	for c.Get("/readyz").Status != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("did not recover after the database came back")
		}
		time.Sleep(100 * time.Millisecond)
	}
	c.Get("/api/v4/public/clubs").Expect(http.StatusOK)
}
