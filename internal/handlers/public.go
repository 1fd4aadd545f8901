package handlers

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/internal/auth/session"
	"github.com/skatetrax/skatetrax-api/internal/lookups"
	"github.com/skatetrax/skatetrax-api/internal/ptr"
)

// PublicHandlers serve the public tag: lookup data anyone may read.
type PublicHandlers struct{ lookups *lookups.Service }

// ListRinks lists rinks, or answers one rink object when an id is given.
func (h *PublicHandlers) ListRinks(ctx context.Context, req api.ListRinksRequestObject) (api.ListRinksResponseObject, error) {
	rinks, one, err := h.lookups.Rinks(ctx, viewer(ctx), ptr.Deref(req.Params.State), ptr.Deref(req.Params.Id))
	if err != nil {
		return nil, err
	}
	var body api.ListRinks200JSONResponse
	if one {
		if err := body.FromRink(rink(rinks[0])); err != nil {
			return nil, fmt.Errorf("encode rink: %w", err)
		}
		return body, nil
	}
	list := make(api.RinkList, 0, len(rinks))
	for _, r := range rinks {
		list = append(list, rink(r))
	}
	if err := body.FromRinkList(list); err != nil {
		return nil, fmt.Errorf("encode rinks: %w", err)
	}
	return body, nil
}

func rink(r lookups.Rink) api.Rink {
	return api.Rink{
		RinkId: r.ID, RinkName: r.Name, RinkAddress: r.Address, RinkCity: r.City, RinkState: r.State,
		RinkCountry: r.Country, RinkZip: r.Zip, RinkUrl: r.URL, RinkPhone: r.Phone, RinkTz: r.TZ,
		DataSource: r.DataSource, DateCreated: r.Created,
	}
}

// ListClubs lists every club's id and name.
func (h *PublicHandlers) ListClubs(ctx context.Context, _ api.ListClubsRequestObject) (api.ListClubsResponseObject, error) {
	clubs, err := h.lookups.Clubs(ctx, viewer(ctx))
	if err != nil {
		return nil, err
	}
	out := make(api.ListClubs200JSONResponse, 0, len(clubs))
	for _, c := range clubs {
		out = append(out, api.Club{ClubId: c.ID, ClubName: c.Name})
	}
	return out, nil
}

// viewer is the logged-in skater of a public route, if any: their private
// rinks and clubs join the lists.
func viewer(ctx context.Context) *uuid.UUID {
	if p, ok := session.PrincipalFrom(ctx); ok {
		return &p.Skater
	}
	return nil
}
