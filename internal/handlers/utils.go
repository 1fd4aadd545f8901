package handlers

import (
	"context"
	"log/slog"
	"time"

	"github.com/skatetrax/skatetrax-api/gen/api"
)

// UtilsHandlers serve the utils and meta tags: health, version and the process probes.
type UtilsHandlers struct {
	pingDB  func(context.Context) error
	logger  *slog.Logger
	version string
	// draining reports that shutdown has begun.
	draining func() bool
}

// pingTimeout bounds health checks so a hung database answers 503 quickly.
const pingTimeout = 2 * time.Second

func (h *UtilsHandlers) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	return h.pingDB(ctx)
}

// GetLiveness answers while the process runs.
func (h *UtilsHandlers) GetLiveness(context.Context, api.GetLivenessRequestObject) (api.GetLivenessResponseObject, error) {
	return api.GetLiveness200JSONResponse{Status: api.ProbeStatusOk}, nil
}

// GetReadiness answers 200 only while the database is reachable and the
// process is not shutting down.
func (h *UtilsHandlers) GetReadiness(ctx context.Context, _ api.GetReadinessRequestObject) (api.GetReadinessResponseObject, error) {
	if h.draining != nil && h.draining() {
		return api.GetReadiness503JSONResponse{Status: api.ProbeStatusUnavailable}, nil
	}
	if err := h.ping(ctx); err != nil {
		h.logger.WarnContext(ctx, "readiness: database unreachable", "err", err)
		return api.GetReadiness503JSONResponse{Status: api.ProbeStatusUnavailable}, nil
	}
	return api.GetReadiness200JSONResponse{Status: api.ProbeStatusOk}, nil
}

// GetHealth is the original's database health check.
func (h *UtilsHandlers) GetHealth(ctx context.Context, _ api.GetHealthRequestObject) (api.GetHealthResponseObject, error) {
	if err := h.ping(ctx); err != nil {
		h.logger.WarnContext(ctx, "health: database unreachable", "err", err)
		return api.GetHealth503JSONResponse{Status: api.HealthStatusError, Details: api.DBConnectionFailed}, nil
	}
	return api.GetHealth200JSONResponse{Status: api.HealthStatusOk, Details: api.DBConnectionHealthy}, nil
}

// GetVersion reports this build.
func (h *UtilsHandlers) GetVersion(context.Context, api.GetVersionRequestObject) (api.GetVersionResponseObject, error) {
	return api.GetVersion200JSONResponse{Package: "skatetrax-api", Version: h.version}, nil
}
