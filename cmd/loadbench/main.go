// Command loadbench measures the API under load (make bench): it starts a
// throwaway PostgreSQL, migrates it, runs the real application as a separate
// process on 127.0.0.1 (this binary with the argument serve-child, so that
// the server's memory is measured alone), seeds a skater, and drives each
// endpoint with vegeta as fast as a fixed number of workers allows.
//
// It prints per endpoint requests/s, p50/p99 latency, the ratio of its
// requests/s to the bare reference handler (plain Echo answering the same
// JSON without a database, served by the same process), and the ratio of
// its p50 to /healthz's; then logins/s against the pure argon2id hash rate
// measured in the same run; then the server's resident memory: the peak per
// phase, VmHWM, and how long it took to fall back under 64 MB.
//
// Flags: -duration per endpoint (default 3s), -workers (default 16),
// -only (substring filter on endpoint names). LOADBENCH_CPUPROFILE=file
// writes a CPU profile of the server process.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/skatetrax/skatetrax-api/internal/app"
	"github.com/skatetrax/skatetrax-api/internal/auth/password"
	"github.com/skatetrax/skatetrax-api/internal/config"
	"github.com/skatetrax/skatetrax-api/internal/database"
	"github.com/skatetrax/skatetrax-api/internal/migrate"
	"github.com/skatetrax/skatetrax-api/internal/pgcluster"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	if len(os.Args) > 1 && os.Args[1] == childArg {
		err = serveChild(ctx)
	} else {
		err = run(ctx, os.Args[1:], os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadbench:", err)
		os.Exit(1)
	}
}

// endpoint is one thing to measure.
type endpoint struct {
	name, method, path, body string
	auth                     bool   // send the skater's session cookie
	bare                     bool   // served by the bare reference handlers
	reference                string // name of the bare endpoint its req/s is compared with
}

// Targets of issue 13: the request path's share of the bare handler, the
// login rate's share of the pure hash rate, and the server process's memory.
const (
	sessionShareMin = 0.35 // GET /auth/session vs the bare session JSON
	healthShareMin  = 0.40 // GET /utils/health with a cookie vs the bare health JSON
	loginShareMin   = 0.70 // logins/s vs hashes/s: login stays bound by the hash
	rssCeilingMB    = 96
	rssSettledMB    = 64
	settleWithin    = 30 * time.Second
)

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loadbench", flag.ContinueOnError)
	duration := fs.Duration("duration", 3*time.Second, "load duration per endpoint")
	workers := fs.Uint64("workers", 16, "concurrent workers")
	only := fs.String("only", "", "measure only endpoints whose name contains this")
	if err := fs.Parse(args); err != nil {
		return err
	}
	// GOMEMLIMIT in the environment is meant for the server under test (the
	// child inherits it); the pure hash rate measured here must not pay for it.
	debug.SetMemoryLimit(math.MaxInt64)

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
	// This process's own copy of the service only creates the seed's invite.
	seeder, err := app.Build(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), pool, "bench")
	if err != nil {
		return err
	}

	srv, err := startChild(ctx, env)
	if err != nil {
		return err
	}
	defer srv.stop()
	mem := watchMemory(srv.pid, 20*time.Millisecond)
	defer mem.close()

	cookie, err := seedSkater(ctx, seeder, srv.app)
	if err != nil {
		return err
	}
	login := `{"aLogin":"bencher","aPasswordHash":"bench password 1"}`
	endpoints := []endpoint{
		{name: "static /healthz (cookie)", method: "GET", path: "/healthz", auth: true, reference: "bare session JSON"},
		{name: "bare session JSON", method: "GET", path: "/bare/session", bare: true},
		{name: "bare health JSON", method: "GET", path: "/bare/health", bare: true},
		{name: "GET /api/v4/utils/health", method: "GET", path: "/api/v4/utils/health", reference: "bare health JSON"},
		{name: "GET /api/v4/utils/health (cookie)", method: "GET", path: "/api/v4/utils/health", auth: true, reference: "bare health JSON"},
		{name: "GET /api/v4/utils/version", method: "GET", path: "/api/v4/utils/version", reference: "bare session JSON"},
		{name: "GET /api/v4/public/rinks", method: "GET", path: "/api/v4/public/rinks", reference: "bare session JSON"},
		{name: "GET /api/v4/public/rinks?state=NC", method: "GET", path: "/api/v4/public/rinks?state=NC", reference: "bare session JSON"},
		{name: "GET /api/v4/public/clubs", method: "GET", path: "/api/v4/public/clubs", reference: "bare session JSON"},
		{name: "GET /api/v4/auth/session", method: "GET", path: "/api/v4/auth/session", auth: true, reference: "bare session JSON"},
		{name: "GET /api/v4/members/dashboard", method: "GET", path: "/api/v4/members/dashboard", auth: true, reference: "bare session JSON"},
		{name: "POST /api/v4/auth/login (argon2id)", method: "POST", path: "/api/v4/auth/login", body: login, reference: "bare session JSON"},
	}

	fmt.Fprintf(out, "machine: %s, %d CPUs (GOMAXPROCS %d), %s; %d workers, %s per endpoint\n",
		cpuModel(), runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version(), *workers, *duration)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "endpoint\treq/s\tp50\tp99\tsuccess\treq/s vs bare\tp50 / static\t\n")
	var static time.Duration
	rates := map[string]float64{}
	var loginRate float64
	mem.setPhase("requests")
	for _, ep := range endpoints {
		if *only != "" && !strings.Contains(ep.name, *only) && !strings.HasPrefix(ep.name, "static") && !ep.bare {
			continue
		}
		if ep.body != "" {
			mem.setPhase("login")
		}
		base := srv.app
		if ep.bare {
			base = srv.bare
		}
		m := attack(base, ep, cookie, *duration, *workers)
		rates[ep.name] = m.Throughput
		if static == 0 {
			static = m.Latencies.P50
		}
		vsBare := "-"
		if ref := rates[ep.reference]; ref > 0 {
			vsBare = fmt.Sprintf("%.0f%%", 100*m.Throughput/ref)
		}
		if ep.body != "" {
			loginRate = m.Throughput
		}
		fmt.Fprintf(tw, "%s\t%.0f\t%s\t%s\t%.1f%%\t%s\t%.1fx\t\n", ep.name, m.Throughput,
			m.Latencies.P50.Round(time.Microsecond), m.Latencies.P99.Round(time.Microsecond), m.Success*100, vsBare,
			float64(m.Latencies.P50)/float64(static))
		if m.Success < 1 {
			fmt.Fprintf(tw, "  status codes: %v\t\t\t\t\t\t\t\n", m.StatusCodes)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	mem.setPhase("after")
	var verdicts targets
	verdicts.checkShare(rates, "GET /api/v4/auth/session", "bare session JSON", sessionShareMin)
	verdicts.checkShare(rates, "GET /api/v4/utils/health (cookie)", "bare health JSON", healthShareMin)

	if loginRate > 0 {
		hashes := hashRate(ctx, 3*time.Second)
		fmt.Fprintf(out, "\nlogin: %.1f logins/s; pure argon2id hash rate in this run %.1f hashes/s on %d goroutines (this process, server idle): logins reach %.0f%% of it\n",
			loginRate, hashes, runtime.GOMAXPROCS(0), 100*loginRate/hashes)
		verdicts.check(loginRate >= loginShareMin*hashes, "login: %.0f%% of the pure hash rate (target >= %.0f%%)", 100*loginRate/hashes, 100*loginShareMin)
	}

	// Memory: the peaks while loaded, then how fast the server gives it back.
	settleStart := time.Now()
	var settled time.Duration = -1
	for time.Since(settleStart) < settleWithin {
		if rss, err := procStatus(srv.pid, "VmRSS"); err == nil && mb(rss) < rssSettledMB {
			settled = time.Since(settleStart)
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	rssNow, _ := procStatus(srv.pid, "VmRSS")
	hwm, err := procStatus(srv.pid, "VmHWM")
	if err != nil {
		return err
	}
	reqPeak, _ := mem.peak("requests")
	loginPeak, all := mem.peak("login")
	fmt.Fprintf(out, "\nserver memory (pid %d, GOMEMLIMIT=%q): peak VmRSS %.1f MB during requests, %.1f MB during logins, %.1f MB overall (target <= %d MB); VmHWM %.1f MB\n",
		srv.pid, os.Getenv("GOMEMLIMIT"), mb(reqPeak), mb(loginPeak), mb(all), rssCeilingMB, mb(hwm))
	if settled >= 0 {
		fmt.Fprintf(out, "after the run: under %d MB after %s (target within %s); VmRSS now %.1f MB\n", rssSettledMB, settled.Round(100*time.Millisecond), settleWithin, mb(rssNow))
	} else {
		fmt.Fprintf(out, "after the run: still %.1f MB after %s (target: under %d MB)\n", mb(rssNow), settleWithin, rssSettledMB)
	}
	// VmHWM is the kernel's own peak: it sees what 20 ms samples can miss.
	peak := max(all, hwm)
	verdicts.check(mb(peak) <= rssCeilingMB, "server RSS peak (VmHWM): %.1f MB (target <= %d MB)", mb(peak), rssCeilingMB)
	verdicts.check(settled >= 0, "server RSS under %d MB within %s after the run", rssSettledMB, settleWithin)
	return verdicts.report(out)
}

// child is the server process under test.
type child struct {
	pid       int
	app, bare string
	stop      func()
}

// startChild starts this binary as the server with env added to the
// environment and waits for its listening line.
func startChild(ctx context.Context, env map[string]string) (*child, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, childArg)
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start server: %w", err)
	}
	var once sync.Once
	stop := func() {
		once.Do(func() {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			done := make(chan struct{})
			go func() { _ = cmd.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				_ = cmd.Process.Kill()
				<-done
			}
		})
	}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case line, ok := <-lines:
		var c child
		if _, err := fmt.Sscanf(line, "app=%s bare=%s", &c.app, &c.bare); !ok || err != nil {
			stop()
			return nil, fmt.Errorf("server did not start (said %q)", line)
		}
		c.pid, c.stop = cmd.Process.Pid, stop
		return &c, nil
	case <-time.After(60 * time.Second):
		stop()
		return nil, errors.New("server did not start within 60s")
	case <-ctx.Done():
		stop()
		return nil, ctx.Err()
	}
}

// hashRate is how many argon2id hashes per second GOMAXPROCS goroutines
// compute for d: the ceiling of the login rate.
func hashRate(ctx context.Context, d time.Duration) float64 {
	var n atomic.Int64
	var wg sync.WaitGroup
	deadline := time.Now().Add(d)
	start := time.Now()
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) && ctx.Err() == nil {
				if _, err := password.Hash("bench password 1"); err == nil {
					n.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	return float64(n.Load()) / time.Since(start).Seconds()
}

// cpuModel names the processor from /proc/cpuinfo.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
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
