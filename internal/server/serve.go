package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Readiness tells /readyz that the process is going away, so a load balancer
// stops sending before the listener closes.
type Readiness struct{ draining atomic.Bool }

// Draining reports whether shutdown has begun.
func (r *Readiness) Draining() bool { return r != nil && r.draining.Load() }

// ServeOptions are how Serve listens and stops.
type ServeOptions struct {
	Addr    string
	Handler http.Handler
	// Readiness is set to draining at the first signal.
	Readiness *Readiness
	// DrainDelay is how long /readyz answers 503 while the listener stays
	// open (SHUTDOWN_DELAY): long enough for a load balancer's probe to
	// notice and stop sending.
	DrainDelay time.Duration
	// DrainTimeout bounds the wait for in-flight requests after the
	// listener closed (SHUTDOWN_TIMEOUT). Past it the requests still running
	// are cancelled and get a moment to clean up (spooled uploads, temp files).
	DrainTimeout time.Duration
	// Listening, when set, receives the bound address (tests listen on port 0).
	Listening func(addr string)
}

// cleanupGrace is how long cancelled requests get to run their clean-up
// after the drain timeout.
const cleanupGrace = 5 * time.Second

// Serve runs the handler until ctx ends, then: /readyz answers 503 for
// DrainDelay, the listener closes, in-flight requests drain for up to
// DrainTimeout, and the ones still running are cancelled and waited for.
func Serve(ctx context.Context, logger *slog.Logger, o ServeOptions) error {
	// Request contexts derive from base: cancelling it ends the requests
	// that outlive the drain, so their deferred clean-up runs before exit.
	base, cancelRequests := context.WithCancel(context.Background())
	defer cancelRequests()
	var inFlight sync.WaitGroup
	srv := &http.Server{
		Addr: o.Addr,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			inFlight.Add(1)
			defer inFlight.Done()
			o.Handler.ServeHTTP(w, r)
		}),
		BaseContext:       func(net.Listener) context.Context { return base },
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // uploads of up to 20 MiB on slow links
		WriteTimeout:      5 * time.Minute, // audio playback streams
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", o.Addr, err)
	}
	logger.Info("listening", "addr", ln.Addr().String())
	if o.Listening != nil {
		o.Listening(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}

	if o.Readiness != nil {
		o.Readiness.draining.Store(true)
	}
	if o.DrainDelay > 0 {
		logger.Info("shutting down: readiness answers 503, still serving", "delay", o.DrainDelay.String())
		t := time.NewTimer(o.DrainDelay)
		select {
		case <-t.C:
		case err := <-errc:
			t.Stop()
			return fmt.Errorf("serve: %w", err)
		}
	}
	logger.Info("shutting down: listener closed, draining", "drain_timeout", o.DrainTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), o.DrainTimeout)
	defer cancel()
	shutdownErr := srv.Shutdown(sctx)
	if shutdownErr != nil {
		logger.Warn("drain timed out: cancelling the requests still running", "err", shutdownErr)
		cancelRequests()
		_ = srv.Close()
		done := make(chan struct{})
		go func() { inFlight.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(cleanupGrace):
			logger.Warn("requests still running after cancellation; exiting anyway")
		}
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	if shutdownErr != nil {
		return fmt.Errorf("graceful shutdown: %w", shutdownErr)
	}
	return nil
}
