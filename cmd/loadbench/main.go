// Command loadbench measures the API under load (make bench): it starts a
// throwaway PostgreSQL, migrates it, serves the real application on
// 127.0.0.1, seeds a skater, and drives each endpoint with vegeta as fast as
// a fixed number of workers allows. It prints requests/s and p50/p99 latency
// per endpoint and the ratio of each p50 to a trivial endpoint's (/healthz).
//
// Flags: -duration per endpoint (default 3s), -workers (default 16),
// -only (substring filter on endpoint names).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/skatetrax/skatetrax-api/internal/app"
	"github.com/skatetrax/skatetrax-api/internal/config"
	"github.com/skatetrax/skatetrax-api/internal/database"
	"github.com/skatetrax/skatetrax-api/internal/migrate"
	"github.com/skatetrax/skatetrax-api/internal/pgcluster"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadbench:", err)
		os.Exit(1)
	}
}

// endpoint is one thing to measure.
type endpoint struct {
	name, method, path, body string
	auth                     bool // send the skater's session cookie
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loadbench", flag.ContinueOnError)
	duration := fs.Duration("duration", 3*time.Second, "load duration per endpoint")
	workers := fs.Uint64("workers", 16, "concurrent workers")
	only := fs.String("only", "", "measure only endpoints whose name contains this")
	if err := fs.Parse(args); err != nil {
		return err
	}

	dir, err := os.MkdirTemp("", "pgtest-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cluster, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Throwaway: true})
	if err != nil {
		return err
	}
	defer cluster.Stop()
	if err := cluster.EnsureDatabase(ctx, "bench"); err != nil {
		return err
	}
	env := map[string]string{
		"DATABASE_URL": cluster.URL("bench"), "FLASK_SECRET_KEY": strings.Repeat("b", 40),
		// The benchmark hammers credential endpoints from one address.
		"RATE_LIMIT_LOGIN_IP": "1000000", "RATE_LIMIT_LOGIN_ACCOUNT": "1000000",
	}
	cfg, _, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		return err
	}
	pool, err := database.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	sqlDB := stdlib.OpenDBFromPool(pool)
	if err := migrate.Up(ctx, sqlDB); err != nil {
		return err
	}
	sqlDB.Close()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.Build(ctx, cfg, logger, pool, "bench")
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: a.Handler, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()

	cookie, err := seedSkater(ctx, a, base)
	if err != nil {
		return err
	}
	login := `{"aLogin":"bencher","aPasswordHash":"bench password 1"}`
	endpoints := []endpoint{
		{name: "static /healthz", method: "GET", path: "/healthz"},
		{name: "GET /api/v4/utils/health", method: "GET", path: "/api/v4/utils/health"},
		{name: "GET /api/v4/utils/version", method: "GET", path: "/api/v4/utils/version"},
		{name: "GET /api/v4/public/rinks", method: "GET", path: "/api/v4/public/rinks"},
		{name: "GET /api/v4/public/rinks?state=NC", method: "GET", path: "/api/v4/public/rinks?state=NC"},
		{name: "GET /api/v4/public/clubs", method: "GET", path: "/api/v4/public/clubs"},
		{name: "GET /api/v4/auth/session", method: "GET", path: "/api/v4/auth/session", auth: true},
		{name: "POST /api/v4/auth/login (argon2id)", method: "POST", path: "/api/v4/auth/login", body: login},
	}

	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "endpoint\treq/s\tp50\tp99\tsuccess\tp50 / static\t\n")
	var static time.Duration
	for _, ep := range endpoints {
		if *only != "" && !strings.Contains(ep.name, *only) && ep.name != "static /healthz" {
			continue
		}
		m := attack(base, ep, cookie, *duration, *workers)
		if static == 0 {
			static = m.Latencies.P50
		}
		ratio := float64(m.Latencies.P50) / float64(static)
		fmt.Fprintf(tw, "%s\t%.0f\t%s\t%s\t%.1f%%\t%.1fx\t\n", ep.name, m.Throughput,
			m.Latencies.P50.Round(time.Microsecond), m.Latencies.P99.Round(time.Microsecond), m.Success*100, ratio)
		if m.Success < 1 {
			fmt.Fprintf(tw, "  status codes: %v\t\t\t\t\t\t\n", m.StatusCodes)
		}
	}
	return tw.Flush()
}

func attack(base string, ep endpoint, cookie string, d time.Duration, workers uint64) vegeta.Metrics {
	h := http.Header{}
	if ep.body != "" {
		h.Set("Content-Type", "application/json")
	}
	if ep.auth {
		h.Set("Cookie", "session="+cookie)
	}
	target := vegeta.Target{Method: ep.method, URL: base + ep.path, Body: []byte(ep.body), Header: h}
	atk := vegeta.NewAttacker(vegeta.Workers(workers), vegeta.MaxWorkers(workers), vegeta.KeepAlive(true))
	var m vegeta.Metrics
	for res := range atk.Attack(vegeta.NewStaticTargeter(target), vegeta.Rate{Freq: 0}, d, ep.name) {
		m.Add(res)
	}
	m.Close()
	return m
}
