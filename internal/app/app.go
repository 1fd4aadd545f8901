// Package app assembles the service from its configuration: handlers,
// middleware and background workers. The binary and the HTTP tests build the
// server the same way, through Build.
package app

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/skatetrax/skatetrax-api/internal/config"
	"github.com/skatetrax/skatetrax-api/internal/handlers"
	"github.com/skatetrax/skatetrax-api/internal/server"
)

// App is the assembled service.
type App struct {
	Handler http.Handler
}

// Build wires the service on an open database pool.
func Build(_ context.Context, cfg config.Config, logger *slog.Logger, pool *pgxpool.Pool, version string) (*App, error) {
	h := handlers.New(handlers.Deps{Pool: pool, Logger: logger, Version: version})
	e, err := server.New(server.Options{
		Logger:         logger,
		Handlers:       h,
		CORSOrigins:    cfg.CORSOrigins,
		MaxBodyBytes:   cfg.MaxBodyBytes,
		TrustedProxies: cfg.TrustedProxies,
	})
	if err != nil {
		return nil, err
	}
	return &App{Handler: e}, nil
}
