package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/internal/app"
	"github.com/skatetrax/skatetrax-api/internal/config"
	"github.com/skatetrax/skatetrax-api/internal/database"
)

// childArg makes the benchmark binary the server under test: a process of
// its own, so that its memory is measured alone (/proc/<pid>/status).
const childArg = "serve-child"

// serveChild runs the real application from the environment on one
// loopback listener and the bare reference handlers on another, prints
// "app=<url> bare=<url>" and serves until ctx ends.
func serveChild(ctx context.Context) error {
	if path := os.Getenv("LOADBENCH_CPUPROFILE"); path != "" {
		// A CPU profile of the whole run (docs/performance.md).
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	cfg, _, err := config.Load(os.Getenv)
	if err != nil {
		return err
	}
	pool, err := database.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.Build(ctx, cfg, logger, pool, "bench")
	if err != nil {
		return err
	}
	a.Start(ctx)
	appLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	bareLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	servers := []*http.Server{
		{Handler: a.Handler, ReadHeaderTimeout: 10 * time.Second},
		{Handler: bareHandlers(), ReadHeaderTimeout: 10 * time.Second},
	}
	go servers[0].Serve(appLn)
	go servers[1].Serve(bareLn)
	fmt.Printf("app=http://%s bare=http://%s\n", appLn.Addr(), bareLn.Addr())
	<-ctx.Done()
	for _, s := range servers {
		s.Close()
	}
	a.Wait()
	return nil
}

// bareHandlers is the reference the request path is compared with: plain
// Echo, no middleware, no database, answering the same JSON bodies as
// GET /api/v4/auth/session and GET /api/v4/utils/health (encoded per request,
// as the strict handlers do). It is part of the benchmark only.
func bareHandlers() http.Handler {
	e := echo.New()
	skater := uuid.New()
	e.GET("/bare/session", func(c echo.Context) error {
		return c.JSON(http.StatusOK, api.GetLoginSession200JSONResponse{LoggedIn: true, OnboardingComplete: true, USkaterUUID: skater, UserId: 1})
	})
	e.GET("/bare/health", func(c echo.Context) error {
		return c.JSON(http.StatusOK, api.GetHealth200JSONResponse{Status: api.HealthStatusOk, Details: api.DBConnectionHealthy})
	})
	return e
}
