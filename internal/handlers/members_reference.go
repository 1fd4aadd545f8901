package handlers

import (
	"context"

	"github.com/skatetrax/skatetrax-api/gen/api"
)

// CreatePrivateCoach adds a coach only the logged-in skater sees.
func (h *MemberHandlers) CreatePrivateCoach(ctx context.Context, req api.CreatePrivateCoachRequestObject) (api.CreatePrivateCoachResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	b := req.Body
	c, err := h.reference.CreatePrivateCoach(ctx, p.Skater, coachInput(b.CoachFname, b.CoachLname, b.CoachRate, b.CoachUsfsaId, b.CoachIjsId, b.CoachPhone, b.CoachEmail))
	if err != nil {
		return nil, err
	}
	return api.CreatePrivateCoach201JSONResponse{CoachId: c.ID, CoachFname: c.FirstName, CoachLname: c.LastName, CoachRate: (c.Rate)}, nil
}

// CreatePrivateRink adds a rink only the logged-in skater sees.
func (h *MemberHandlers) CreatePrivateRink(ctx context.Context, req api.CreatePrivateRinkRequestObject) (api.CreatePrivateRinkResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	b := req.Body
	r, err := h.reference.CreatePrivateRink(ctx, p.Skater, rinkInput(b.RinkName, b.RinkAddress, b.RinkCity, b.RinkState, b.RinkCountry,
		b.RinkZip, b.RinkUrl, b.RinkPhone, b.RinkTz))
	if err != nil {
		return nil, err
	}
	a := adminRink(r)
	return api.CreatePrivateRink201JSONResponse{RinkId: a.RinkId, RinkName: a.RinkName, RinkAddress: a.RinkAddress,
		RinkCity: a.RinkCity, RinkState: a.RinkState, RinkCountry: a.RinkCountry, RinkZip: a.RinkZip, RinkUrl: a.RinkUrl,
		RinkPhone: a.RinkPhone, RinkTz: a.RinkTz, DataSource: a.DataSource, DateCreated: a.DateCreated}, nil
}
