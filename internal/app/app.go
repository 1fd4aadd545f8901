// Package app assembles the service from its configuration: handlers,
// middleware and background workers. The binary and the HTTP tests build the
// server the same way, through Build.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"

	apispec "github.com/skatetrax/skatetrax-api/api"
	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/accountpages"
	"github.com/skatetrax/skatetrax-api/internal/accounts"
	"github.com/skatetrax/skatetrax-api/internal/acting"
	"github.com/skatetrax/skatetrax-api/internal/auth/session"
	"github.com/skatetrax/skatetrax-api/internal/card"
	"github.com/skatetrax/skatetrax-api/internal/config"
	"github.com/skatetrax/skatetrax-api/internal/database"
	"github.com/skatetrax/skatetrax-api/internal/erasure"
	"github.com/skatetrax/skatetrax-api/internal/events"
	"github.com/skatetrax/skatetrax-api/internal/family"
	"github.com/skatetrax/skatetrax-api/internal/fetch"
	"github.com/skatetrax/skatetrax-api/internal/handlers"
	"github.com/skatetrax/skatetrax-api/internal/idempotency"
	"github.com/skatetrax/skatetrax-api/internal/lookups"
	"github.com/skatetrax/skatetrax-api/internal/mail"
	"github.com/skatetrax/skatetrax-api/internal/members"
	"github.com/skatetrax/skatetrax-api/internal/metrics"
	"github.com/skatetrax/skatetrax-api/internal/music"
	"github.com/skatetrax/skatetrax-api/internal/portability"
	"github.com/skatetrax/skatetrax-api/internal/ratelimit"
	"github.com/skatetrax/skatetrax-api/internal/reference"
	"github.com/skatetrax/skatetrax-api/internal/reqinfo"
	"github.com/skatetrax/skatetrax-api/internal/server"
	"github.com/skatetrax/skatetrax-api/internal/storage"
	"github.com/skatetrax/skatetrax-api/internal/tracing"
)

// App is the assembled service.
type App struct {
	Handler  http.Handler
	Accounts *accounts.Service
	Music    *music.Service
	// Reference, Portability and Erasure serve the admin tool and its CLI too.
	Reference   *reference.Service
	Portability *portability.Service
	Erasure     *erasure.Service
	// Metrics serves /metrics (on the main port unless METRICS_ADDRESS is set).
	Metrics http.Handler
	// Readiness turns /readyz to 503 when shutdown begins (server.Serve sets it).
	Readiness *server.Readiness
	workers   []func(context.Context)
	wg        sync.WaitGroup
}

// Options carry what tests may replace.
type Options struct {
	// Mailer replaces the SMTP mailer built from the configuration.
	Mailer mail.Mailer
	// WrapStorage wraps the music store built from the configuration (tests
	// inject failures with it).
	WrapStorage func(storage.Store) storage.Store
	// SpoolDir is where uploads wait while they are checked ("" = the
	// system's temporary folder).
	SpoolDir string
	// Now replaces the clock of the rules that depend on the day (member
	// data, the card, invites); nil means time.Now.
	Now func() time.Time
	// TracerProvider traces requests and storage calls (nil: no tracing).
	// Queries are traced by the pool's own tracer (database.Options.Tracer).
	TracerProvider trace.TracerProvider
}

// Build wires the service on an open database pool.
func Build(ctx context.Context, cfg config.Config, logger *slog.Logger, pool *pgxpool.Pool, version string, opts ...Options) (*App, error) {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.TracerProvider == nil {
		o.TracerProvider = noop.NewTracerProvider()
	}
	q := db.New(pool)
	a := &App{Readiness: &server.Readiness{}}
	now := o.Now
	if now == nil {
		now = time.Now
	}

	// One IP extractor for logs, rate limits, sessions and the audit trail.
	extractIP := server.IPExtractor(cfg.TrustedProxies)
	store := session.NewStore(q, session.Config{
		SecretKey: cfg.SecretKey, Secure: cfg.CookieSecure, Domain: cfg.CookieDomain,
		Idle: cfg.SessionIdle, MaxAge: cfg.SessionMaxAge, ClientIP: func(r *http.Request) string { return extractIP(r) },
	})
	limiter := ratelimit.New(q)
	m := metrics.New(version)
	m.Pool(pool)
	a.Metrics = m.Handler()

	var resets *accounts.ResetMailer
	var queue *mail.Queue // nil when mail is not configured
	if cfg.Mail.Enabled() || o.Mailer != nil {
		mailer := o.Mailer
		if mailer == nil {
			smtp, err := mail.NewSMTP(mail.Config{
				Server: cfg.Mail.Server, Port: cfg.Mail.Port, UseTLS: cfg.Mail.UseTLS, UseSSL: cfg.Mail.UseSSL,
				Username: cfg.Mail.Username, Password: cfg.Mail.Password, Sender: cfg.Mail.Sender,
			})
			if err != nil {
				return nil, fmt.Errorf("mail: %w", err)
			}
			mailer = smtp
		}
		queue = mail.NewQueue(mailer, logger, 256)
		m.MailQueue(queue.Stats)
		resets = accounts.NewResetMailer(q, queue, cfg.ResetURLBase, logger)
		a.workers = append(a.workers, queue.Run, resets.Run)
	}
	svc := accounts.New(pool, limiter, accounts.Limits{
		Window:          cfg.RateLimits.Window,
		LoginPerAccount: cfg.RateLimits.LoginPerAccount,
		LoginPerIP:      cfg.RateLimits.LoginPerIP,
		RegisterPerIP:   cfg.RateLimits.RegisterPerIP,
		TokenCheckPerIP: cfg.RateLimits.TokenCheckPerIP,
		ResetPer:        cfg.RateLimits.ResetRequestPer,
		HashConcurrency: cfg.HashConcurrency,
	}, resets, logger)
	svc.Observe(m.HashWait, m.Refused)
	m.HashQueue(svc.HashQueue)
	a.Accounts = svc
	a.workers = append(a.workers, sweeper(store, limiter, cfg.RateLimits.Window, m, logger),
		svc.RunRefusalFlusher(10*time.Second), auditPruner(svc, cfg.AuditRetention, m, logger))

	// Failed public-card lookups share the token-guessing limit.
	cards := card.New(q, limiter, ratelimit.Rule{Max: cfg.RateLimits.TokenCheckPerIP, Window: cfg.RateLimits.Window}, logger)
	cards.Now = now
	evs := events.New(pool, events.Options{
		Fetcher: &fetch.Fetcher{
			AllowedHosts: cfg.Results.AllowedHosts, AllowLoopback: cfg.Results.AllowLoopback, Timeout: cfg.Results.Timeout,
		},
		Limiter:    limiter,
		ImportRule: ratelimit.Rule{Max: cfg.RateLimits.ImportPerSkater, Window: cfg.RateLimits.Window},
		Logger:     logger,
	})
	songs, files, err := musicService(ctx, cfg, o, pool, limiter, logger)
	if err != nil {
		return nil, err
	}
	a.Music = songs
	a.workers = append(a.workers, musicSweeper(songs, cfg.LeftoverAge, m, logger))
	a.Reference = reference.New(pool, svc, logger)
	a.Portability = portability.New(pool, svc, logger, version)
	a.Erasure = erasure.New(pool, files, svc, logger)
	refs := lookups.New(pool)
	fam := family.New(pool, svc, family.Options{
		Mail: queue, Limiter: limiter, Logger: logger, Now: now,
		TokenRule:       ratelimit.Rule{Max: cfg.RateLimits.TokenCheckPerIP, Window: cfg.RateLimits.Window},
		CoachLookupRule: ratelimit.Rule{Max: cfg.RateLimits.CoachLookupPer, Window: cfg.RateLimits.Window},
	})
	memberWrites, err := acting.WriteOperations(apispec.YAML, acting.MemberTags)
	if err != nil {
		return nil, err
	}
	h := handlers.New(handlers.Deps{Logger: logger, Version: version, Accounts: svc, SessionIdle: cfg.SessionIdle,
		Members: members.New(pool, now), Lookups: refs, Card: cards, Events: evs, Music: songs, Family: fam,
		Reference: a.Reference, Portability: a.Portability, Erasure: a.Erasure,
		Ping: func(ctx context.Context) error { return database.Ping(ctx, pool) }, Now: now, Draining: a.Readiness.Draining})
	spec, err := api.GetSpec()
	if err != nil {
		return nil, fmt.Errorf("load embedded spec: %w", err)
	}
	pages, err := accountpages.New(accountpages.Deps{Accounts: svc, Lookups: refs, Family: fam, Erasure: a.Erasure, Spec: spec, SecretKey: cfg.SecretKey,
		CookieSecure: cfg.CookieSecure, SessionIdle: cfg.SessionIdle, FrontendURL: cfg.FrontendURL, Logger: logger})
	if err != nil {
		return nil, err
	}
	routes, err := server.LoadRoutes()
	if err != nil {
		return nil, err
	}
	idem := idempotency.Middleware(idempotency.Options{
		Queries: q, Logger: logger, Operation: routes.Operation, Creating: idempotency.CreatingOperations,
		User: func(ctx context.Context) (int32, string, bool) {
			p, ok := session.PrincipalFrom(ctx)
			acting := p.Skater
			if p.ActiveSkater != nil {
				acting = *p.ActiveSkater
			}
			return p.UserID, acting.String(), ok
		},
		Stale: cfg.Deadlines.Long + time.Minute,
	})
	a.workers = append(a.workers, idempotencySweeper(q, m, logger))
	e, err := server.New(server.Options{
		Logger:        logger,
		Handlers:      h,
		Authenticated: session.Authenticated,
		// A session acting for a student as their coach reads only; a guardian's writes are audited.
		StrictMiddlewares: []api.StrictMiddlewareFunc{acting.Guard(memberWrites, fam)},
		Before:            []echo.MiddlewareFunc{reqinfo.Middleware},
		Session:           session.Middleware(store),
		CORSOrigins:       cfg.CORSOrigins,
		MaxBodyBytes:      cfg.MaxBodyBytes,
		BodyLimits:        map[string]int64{"POST /api/v4/music/tracks": max(music.MaxUploadBodyBytes, cfg.MaxBodyBytes)},
		TrustedProxies:    cfg.TrustedProxies,
		Pages:             pages.Mount,
		PagePrefixes:      []string{accountpages.Prefix},
		Deadlines:         server.Deadlines{Default: cfg.Deadlines.Request, Long: cfg.Deadlines.Long},
		AfterValidation:   []echo.MiddlewareFunc{idem},
		Observe:           m.Middleware,
		MetricsHandler:    metricsOnMainPort(cfg, a.Metrics),
		AccessLog:         server.AccessLog{SuccessLevel: successLevel(cfg.AccessLogSuccessLevel), SampleEvery: cfg.AccessLogSample},
		Trace:             tracing.Middleware(o.TracerProvider),
	})
	if err != nil {
		return nil, err
	}
	a.Handler = e
	return a, nil
}

// musicService opens the configured store (a local folder by default, or
// the DO_SPACES_* bucket) for the music library.
func musicService(ctx context.Context, cfg config.Config, o Options, pool *pgxpool.Pool, limiter *ratelimit.Limiter, logger *slog.Logger) (*music.Service, storage.Store, error) {
	store, err := storage.Open(cfg.Storage)
	if err != nil {
		return nil, nil, fmt.Errorf("music storage: %w", err)
	}
	logger.Info("music storage", "store", fmt.Sprint(store))
	if s3, ok := store.(*storage.S3); ok {
		// A wrong bucket or key shows at start-up, not at the first upload.
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		if err := s3.CheckBucket(cctx); err != nil {
			logger.Warn("music storage is not reachable; uploads and playback will fail until it is", "err", err)
		}
		cancel()
	}
	var leftovers music.LeftoverRemover
	if local, ok := store.(*storage.Local); ok {
		leftovers = local
	}
	store = tracing.WrapStore(store, o.TracerProvider)
	if o.WrapStorage != nil {
		store = o.WrapStorage(store)
	}
	// Failed shared-playlist lookups share the token-guessing limit.
	return music.New(pool, store, limiter, logger, music.Options{
		Lookups:   ratelimit.Rule{Max: cfg.RateLimits.TokenCheckPerIP, Window: cfg.RateLimits.Window},
		SpoolDir:  o.SpoolDir,
		Leftovers: leftovers,
	}), store, nil
}

// musicSweeper deletes files left without a track row (failed uploads,
// deletes whose file removal failed) once they are past the grace period,
// and the spool and temporary files of uploads a killed process left behind
// (at start-up too: a restart after a crash cleans up after it).
func musicSweeper(songs *music.Service, leftoverAge time.Duration, m *metrics.Metrics, logger *slog.Logger) func(context.Context) {
	return func(ctx context.Context) {
		removeLeftovers := func() {
			n, err := songs.RemoveLeftovers(ctx, leftoverAge)
			if err != nil && ctx.Err() == nil {
				logger.Warn("remove upload leftovers", "err", err)
			}
			m.Swept("spool_files", int64(n.Spool))
			m.Swept("temp_files", int64(n.Temp))
			logger.Info("upload leftovers swept", "spool_files", n.Spool, "temp_files", n.Temp)
		}
		removeLeftovers()
		t := time.NewTicker(15 * time.Minute)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			n, err := songs.Sweep(ctx, music.SweepGrace)
			if err != nil && ctx.Err() == nil {
				logger.Warn("sweep music storage", "err", err)
			}
			m.Swept("pending_objects", int64(n))
			removeLeftovers()
		}
	}
}

// metricsOnMainPort is the /metrics handler of the main port: none when
// METRICS_ADDRESS puts it on a listener of its own.
func metricsOnMainPort(cfg config.Config, h http.Handler) http.Handler {
	if cfg.MetricsAddress != "" {
		return nil
	}
	return h
}

func successLevel(name string) slog.Level {
	if name == "info" {
		return slog.LevelInfo
	}
	return slog.LevelDebug
}

// Start runs the background workers until ctx ends; Wait waits for them.
func (a *App) Start(ctx context.Context) {
	for _, w := range a.workers {
		a.wg.Add(1)
		go func() { defer a.wg.Done(); w(ctx) }()
	}
}

// Wait blocks until the workers have stopped.
func (a *App) Wait() { a.wg.Wait() }

// idempotencySweeper deletes Idempotency-Key answers past their retention
// every hour.
func idempotencySweeper(q *db.Queries, m *metrics.Metrics, logger *slog.Logger) func(context.Context) {
	return func(ctx context.Context) {
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		for {
			n, err := idempotency.Sweep(ctx, q)
			if err != nil && ctx.Err() == nil {
				logger.Warn("sweep idempotency keys", "err", err)
			}
			m.Swept("idempotency_keys", n)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}
}

// auditPruner deletes audit events past the retention every hour (none
// when retention is 0).
func auditPruner(svc *accounts.Service, retention time.Duration, m *metrics.Metrics, logger *slog.Logger) func(context.Context) {
	return func(ctx context.Context) {
		if retention <= 0 {
			return
		}
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		for {
			n, err := svc.PruneAudit(ctx, retention)
			m.Swept("audit_events", n)
			if err != nil && ctx.Err() == nil {
				logger.Warn("prune audit trail", "err", err)
			} else if n > 0 {
				logger.Info("audit trail pruned", "deleted", n, "retention", retention.String())
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}
}

// sweeper deletes dead sessions and stale rate-limit counters periodically.
func sweeper(store *session.Store, limiter *ratelimit.Limiter, window time.Duration, m *metrics.Metrics, logger *slog.Logger) func(context.Context) {
	return func(ctx context.Context) {
		t := time.NewTicker(10 * time.Minute)
		defer t.Stop()
		for {
			n, err := store.Sweep(ctx)
			if err != nil && ctx.Err() == nil {
				logger.Warn("sweep sessions", "err", err)
			}
			m.Swept("sessions", n)
			n, err = limiter.Sweep(ctx, 2*window)
			if err != nil && ctx.Err() == nil {
				logger.Warn("sweep rate limits", "err", err)
			}
			m.Swept("rate_limits", n)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}
}
