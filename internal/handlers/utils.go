package handlers

import (
	"context"
	"time"

	"github.com/skatetrax/skatetrax-api/gen/api"
)

// pingTimeout bounds health checks so a hung database answers 503 quickly.
const pingTimeout = 2 * time.Second

func (h *Handlers) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	_, err := h.q.Ping(ctx)
	return err
}

// GetLiveness answers while the process runs.
func (h *Handlers) GetLiveness(context.Context, api.GetLivenessRequestObject) (api.GetLivenessResponseObject, error) {
	return api.GetLiveness200JSONResponse{Status: api.ProbeStatusOk}, nil
}

// GetReadiness answers 200 only while the database is reachable.
func (h *Handlers) GetReadiness(ctx context.Context, _ api.GetReadinessRequestObject) (api.GetReadinessResponseObject, error) {
	if err := h.ping(ctx); err != nil {
		h.logger.WarnContext(ctx, "readiness: database unreachable", "err", err)
		return api.GetReadiness503JSONResponse{Status: api.ProbeStatusUnavailable}, nil
	}
	return api.GetReadiness200JSONResponse{Status: api.ProbeStatusOk}, nil
}

// GetHealth is the original's database health check.
func (h *Handlers) GetHealth(ctx context.Context, _ api.GetHealthRequestObject) (api.GetHealthResponseObject, error) {
	if err := h.ping(ctx); err != nil {
		h.logger.WarnContext(ctx, "health: database unreachable", "err", err)
		return api.GetHealth503JSONResponse{Status: api.HealthStatusError, Details: api.DBConnectionFailed}, nil
	}
	return api.GetHealth200JSONResponse{Status: api.HealthStatusOk, Details: api.DBConnectionHealthy}, nil
}

// GetVersion reports this build.
func (h *Handlers) GetVersion(context.Context, api.GetVersionRequestObject) (api.GetVersionResponseObject, error) {
	return api.GetVersion200JSONResponse{Package: "skatetrax-api", Version: h.version}, nil
}
