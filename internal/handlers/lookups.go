package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/skatetrax/skatetrax-api/gen/api"
)

// ListCoaches lists the coach directory, or the one coach with the given id.
func (h *Handlers) ListCoaches(ctx context.Context, req api.ListCoachesRequestObject) (api.ListCoachesResponseObject, error) {
	var filter *uuid.UUID
	if raw := strings.TrimSpace(deref(req.Params.Id)); raw != "" {
		id, err := uuid.Parse(raw)
		if err != nil {
			return api.ListCoaches200JSONResponse{}, nil // not an id: no coach has it
		}
		filter = &id
	}
	rows, err := h.q.ListCoaches(ctx, filter)
	if err != nil {
		return nil, fmt.Errorf("list coaches: %w", err)
	}
	out := make(api.ListCoaches200JSONResponse, 0, len(rows))
	for _, r := range rows {
		out = append(out, api.Coach{
			CoachId: openapi_types.UUID(r.CoachID), CoachFname: r.CoachFname, CoachLname: r.CoachLname,
			CoachRate: amount(r.CoachRate),
		})
	}
	return out, nil
}

// ListIceTypes lists the session types.
func (h *Handlers) ListIceTypes(ctx context.Context, _ api.ListIceTypesRequestObject) (api.ListIceTypesResponseObject, error) {
	rows, err := h.q.ListIceTypes(ctx)
	if err != nil {
		return nil, fmt.Errorf("list ice types: %w", err)
	}
	out := make(api.ListIceTypes200JSONResponse, 0, len(rows))
	for _, r := range rows {
		out = append(out, api.IceType{IceTypeId: openapi_types.UUID(r.IceTypeID), IceType: r.IceType})
	}
	return out, nil
}
