package handlers

import (
	"context"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/internal/card"
)

// CardHandlers serve the card tag: the skater card and its share link.
type CardHandlers struct{ card *card.Service }

// GetSkaterCard returns the caller's full card.
func (h *CardHandlers) GetSkaterCard(ctx context.Context, _ api.GetSkaterCardRequestObject) (api.GetSkaterCardResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	c, err := h.card.Card(ctx, p.Skater)
	if err != nil {
		return nil, err
	}
	return api.GetSkaterCard200JSONResponse(ownerCard(c)), nil
}

// ShareSkaterCard returns the card's share token, creating one if needed.
func (h *CardHandlers) ShareSkaterCard(ctx context.Context, _ api.ShareSkaterCardRequestObject) (api.ShareSkaterCardResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	token, err := h.card.Share(ctx, p.Skater)
	if err != nil {
		return nil, err
	}
	return api.ShareSkaterCard200JSONResponse{ShareToken: token}, nil
}

// RevokeSkaterCardShare stops sharing the card.
func (h *CardHandlers) RevokeSkaterCardShare(ctx context.Context, _ api.RevokeSkaterCardShareRequestObject) (api.RevokeSkaterCardShareResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := h.card.Revoke(ctx, p.Skater); err != nil {
		return nil, err
	}
	return api.RevokeSkaterCardShare200JSONResponse{Status: api.StatusOkStatusOk}, nil
}

// GetSharedSkaterCard returns the public view of a shared card. It never
// looks at the caller's session.
func (h *CardHandlers) GetSharedSkaterCard(ctx context.Context, req api.GetSharedSkaterCardRequestObject) (api.GetSharedSkaterCardResponseObject, error) {
	c, err := h.card.SharedCard(ctx, req.ShareToken)
	if err != nil {
		return nil, err
	}
	return api.GetSharedSkaterCard200JSONResponse(publicCard(c)), nil
}

// SetContactPreference sets or clears the preferred contact method.
func (h *CardHandlers) SetContactPreference(ctx context.Context, req api.SetContactPreferenceRequestObject) (api.SetContactPreferenceResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	var pref *string
	if req.Body != nil && req.Body.ContactPreference != nil {
		v := string(*req.Body.ContactPreference)
		pref = &v
	}
	stored, err := h.card.SetContactPreference(ctx, p.Skater, pref)
	if err != nil {
		return nil, err
	}
	return api.SetContactPreference200JSONResponse{ContactPreference: contactPreference(stored)}, nil
}

// ownerCard maps the owner's card onto the wire type.
func ownerCard(c card.Card) api.SkaterCard {
	return api.SkaterCard{
		Identity: api.CardIdentity{
			FirstName: c.Identity.FirstName, MiddleName: c.Identity.MiddleName, LastName: c.Identity.LastName,
			City: c.Identity.City, State: c.Identity.State, Club: c.Identity.Club,
			UsfsaNumber: c.Identity.USFSANumber, ContactPreference: contactPreference(c.Identity.ContactPreference),
		},
		Lifetime: lifetime(c.Lifetime),
		Recent: api.CardRecent{
			CoachedPct: c.Recent.CoachedPct, GroupPct: c.Recent.GroupPct, SoloPct: c.Recent.SoloPct,
			SessionsPerWeek: c.Recent.SessionsPerWeek, AvgSessionMin: c.Recent.AvgSessionMin,
			LastEvent: event(c.Recent.LastEvent), DistinctRinks: c.Recent.DistinctRinks,
			Rinks: append([]string{}, c.Recent.Rinks...),
		},
		Current: api.CardCurrent{
			Coach: c.Current.Coach, HomeRink: c.Current.HomeRink,
			Boots: c.Current.Boots, Blades: c.Current.Blades, Equipment: c.Current.Equipment,
			SharedPlaylists: playlists(c.Current.SharedPlaylists),
		},
		ShareToken: c.ShareToken,
	}
}

// publicCard maps a card onto the public wire type, which has no field for
// anything the public view hides (see card.Card.Public).
func publicCard(c card.Card) api.PublicSkaterCard {
	return api.PublicSkaterCard{
		Identity: api.PublicCardIdentity{
			FirstName: c.Identity.FirstName, LastName: c.Identity.LastName, State: c.Identity.State,
			Club: c.Identity.Club, ContactPreference: contactPreference(c.Identity.ContactPreference),
		},
		Lifetime: lifetime(c.Lifetime),
		Recent: api.PublicCardRecent{
			CoachedPct: c.Recent.CoachedPct, GroupPct: c.Recent.GroupPct, SoloPct: c.Recent.SoloPct,
			SessionsPerWeek: c.Recent.SessionsPerWeek, AvgSessionMin: c.Recent.AvgSessionMin,
			LastEvent: event(c.Recent.LastEvent), DistinctRinks: c.Recent.DistinctRinks,
		},
		Current: api.PublicCardCurrent{
			Boots: c.Current.Boots, Blades: c.Current.Blades, Equipment: c.Current.Equipment,
			SharedPlaylists: playlists(c.Current.SharedPlaylists),
		},
	}
}

func lifetime(l card.Lifetime) api.CardLifetime {
	return api.CardLifetime{
		SkatingSince: l.SkatingSince, CoachedPct: l.CoachedPct, GroupPct: l.GroupPct, SoloPct: l.SoloPct,
		SessionsPerWeek: l.SessionsPerWeek, AvgSessionMin: l.AvgSessionMin,
		Events: l.Events, Entries: l.Entries, Podiums: l.Podiums, PreviousCoaches: l.PreviousCoaches,
	}
}

func event(e *card.Event) *api.CardEvent {
	if e == nil {
		return nil
	}
	return &api.CardEvent{Name: e.Name, Date: e.Date, Location: e.Location}
}

func playlists(ps []card.Playlist) []api.CardPlaylist {
	out := make([]api.CardPlaylist, 0, len(ps))
	for _, p := range ps {
		out = append(out, api.CardPlaylist{Name: p.Name, Token: p.Token})
	}
	return out
}

func contactPreference(p *string) *api.ContactPreference {
	if p == nil {
		return nil
	}
	v := api.ContactPreference(*p)
	return &v
}
