package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

func errNoRinks() *apperr.Error {
	return &apperr.Error{Code: apperr.NotFound, ErrorText: "No rinks found", Message: "No rinks found"}
}

// ListRinks lists rinks, or answers one rink object when an id is given.
func (h *Handlers) ListRinks(ctx context.Context, req api.ListRinksRequestObject) (api.ListRinksResponseObject, error) {
	var params db.ListRinksParams
	state := strings.TrimSpace(deref(req.Params.State))
	if state != "" {
		params.State = &state
	}
	rawID := strings.TrimSpace(deref(req.Params.Id))
	if rawID != "" {
		id, err := uuid.Parse(rawID)
		if err != nil {
			return nil, errNoRinks() // the original compared text: anything else matches nothing
		}
		params.RinkID = &id
	}
	rows, err := h.q.ListRinks(ctx, params)
	if err != nil {
		return nil, fmt.Errorf("list rinks: %w", err)
	}
	filtered := params.State != nil || params.RinkID != nil
	if filtered && len(rows) == 0 {
		return nil, errNoRinks()
	}
	var body api.ListRinks200JSONResponse
	if params.RinkID != nil {
		if err := body.FromRink(rinkFromRow(rows[0])); err != nil {
			return nil, fmt.Errorf("encode rink: %w", err)
		}
		return body, nil
	}
	rinks := make(api.RinkList, 0, len(rows))
	for _, r := range rows {
		rinks = append(rinks, rinkFromRow(r))
	}
	if err := body.FromRinkList(rinks); err != nil {
		return nil, fmt.Errorf("encode rinks: %w", err)
	}
	return body, nil
}

func rinkFromRow(r db.Location) api.Rink {
	return api.Rink{
		RinkId:      openapi_types.UUID(r.RinkID),
		RinkName:    r.RinkName,
		RinkAddress: r.RinkAddress,
		RinkCity:    r.RinkCity,
		RinkState:   r.RinkState,
		RinkCountry: r.RinkCountry,
		RinkZip:     r.RinkZip,
		RinkUrl:     r.RinkUrl,
		RinkPhone:   r.RinkPhone,
		RinkTz:      r.RinkTz,
		DataSource:  r.DataSource,
		DateCreated: utcPtr(r.DateCreated),
	}
}

// ListClubs lists every club's id and name.
func (h *Handlers) ListClubs(ctx context.Context, _ api.ListClubsRequestObject) (api.ListClubsResponseObject, error) {
	rows, err := h.q.ListClubs(ctx)
	if err != nil {
		return nil, fmt.Errorf("list clubs: %w", err)
	}
	out := make(api.ListClubs200JSONResponse, 0, len(rows))
	for _, r := range rows {
		out = append(out, api.Club{ClubId: openapi_types.UUID(r.ClubID), ClubName: r.ClubName})
	}
	return out, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// utcPtr renders a stored instant in UTC (timestamp columns hold naive UTC).
func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	return &u
}
