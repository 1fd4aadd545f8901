package handlers

import (
	"context"

	"github.com/google/uuid"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/internal/reference"
)

// Reference-data administration (tag admin): each operation checks the
// admin role, calls internal/reference and maps the result.

func (h *AdminHandlers) adminActor(ctx context.Context) (reference.Actor, error) {
	p, err := h.requireAdmin(ctx)
	if err != nil {
		return reference.Actor{}, err
	}
	return reference.Actor{UserID: &p.UserID, Via: "api"}, nil
}

func adminRink(r reference.Rink) api.AdminRink {
	return api.AdminRink{RinkId: r.ID, RinkName: r.Name, RinkAddress: r.Address, RinkCity: r.City, RinkState: r.State,
		RinkCountry: r.Country, RinkZip: r.Zip, RinkUrl: r.URL, RinkPhone: r.Phone, RinkTz: r.TZ, DataSource: r.DataSource,
		DateCreated: (r.CreatedAt), OwnerSkater: uuidPtr(r.Owner), RetiredAt: (r.RetiredAt)}
}

func rinkInput(name string, address, city, state, country, zip, url, phone, tz *string) reference.RinkInput {
	return reference.RinkInput{Name: &name, Address: address, City: city, State: state, Country: country, Zip: zip,
		URL: url, Phone: phone, TZ: tz}
}

// ListAdminRinks lists every rink.
func (h *AdminHandlers) ListAdminRinks(ctx context.Context, _ api.ListAdminRinksRequestObject) (api.ListAdminRinksResponseObject, error) {
	if _, err := h.adminActor(ctx); err != nil {
		return nil, err
	}
	list, err := h.reference.ListRinks(ctx)
	if err != nil {
		return nil, err
	}
	out := make(api.ListAdminRinks200JSONResponse, 0, len(list))
	for _, r := range list {
		out = append(out, adminRink(r))
	}
	return out, nil
}

// CreateRink adds a shared rink.
func (h *AdminHandlers) CreateRink(ctx context.Context, req api.CreateRinkRequestObject) (api.CreateRinkResponseObject, error) {
	a, err := h.adminActor(ctx)
	if err != nil {
		return nil, err
	}
	b := req.Body
	r, err := h.reference.CreateRink(ctx, a, rinkInput(b.RinkName, b.RinkAddress, b.RinkCity, b.RinkState, b.RinkCountry,
		b.RinkZip, b.RinkUrl, b.RinkPhone, b.RinkTz))
	if err != nil {
		return nil, err
	}
	return api.CreateRink201JSONResponse(adminRink(r)), nil
}

// UpdateRink changes a rink and, with `retired`, retires or restores it.
func (h *AdminHandlers) UpdateRink(ctx context.Context, req api.UpdateRinkRequestObject) (api.UpdateRinkResponseObject, error) {
	a, err := h.adminActor(ctx)
	if err != nil {
		return nil, err
	}
	b := req.Body
	r, err := h.reference.UpdateRink(ctx, a, req.RinkId, rinkInput(b.RinkName, b.RinkAddress, b.RinkCity, b.RinkState,
		b.RinkCountry, b.RinkZip, b.RinkUrl, b.RinkPhone, b.RinkTz))
	if err == nil && b.Retired != nil {
		r, err = h.reference.SetRinkRetired(ctx, a, req.RinkId, *b.Retired)
	}
	if err != nil {
		return nil, err
	}
	return api.UpdateRink200JSONResponse(adminRink(r)), nil
}

// RetireRink retires a rink.
func (h *AdminHandlers) RetireRink(ctx context.Context, req api.RetireRinkRequestObject) (api.RetireRinkResponseObject, error) {
	a, err := h.adminActor(ctx)
	if err != nil {
		return nil, err
	}
	r, err := h.reference.SetRinkRetired(ctx, a, req.RinkId, true)
	if err != nil {
		return nil, err
	}
	return api.RetireRink200JSONResponse(adminRink(r)), nil
}

// PromoteRink shares a private rink.
func (h *AdminHandlers) PromoteRink(ctx context.Context, req api.PromoteRinkRequestObject) (api.PromoteRinkResponseObject, error) {
	a, err := h.adminActor(ctx)
	if err != nil {
		return nil, err
	}
	r, err := h.reference.PromoteRink(ctx, a, req.RinkId)
	if err != nil {
		return nil, err
	}
	return api.PromoteRink200JSONResponse(adminRink(r)), nil
}

func adminCoach(c reference.Coach) api.AdminCoach {
	return api.AdminCoach{CoachId: c.ID, CoachFname: c.FirstName, CoachLname: c.LastName, CoachRate: (c.Rate),
		CoachUsfsaId: c.USFSAID, CoachIjsId: c.IJSID, CoachPhone: c.Phone, CoachEmail: c.Email,
		OwnerSkater: uuidPtr(c.Owner), RetiredAt: (c.RetiredAt)}
}

func coachInput(first, last string, rate *float64, usfsa, ijs *int32, phone, email *string) reference.CoachInput {
	return reference.CoachInput{FirstName: &first, LastName: &last, Rate: rate, USFSAID: usfsa, IJSID: ijs, Phone: phone, Email: email}
}

// ListAdminCoaches lists every coach.
func (h *AdminHandlers) ListAdminCoaches(ctx context.Context, _ api.ListAdminCoachesRequestObject) (api.ListAdminCoachesResponseObject, error) {
	if _, err := h.adminActor(ctx); err != nil {
		return nil, err
	}
	list, err := h.reference.ListCoaches(ctx)
	if err != nil {
		return nil, err
	}
	out := make(api.ListAdminCoaches200JSONResponse, 0, len(list))
	for _, c := range list {
		out = append(out, adminCoach(c))
	}
	return out, nil
}

// CreateCoach adds a shared coach.
func (h *AdminHandlers) CreateCoach(ctx context.Context, req api.CreateCoachRequestObject) (api.CreateCoachResponseObject, error) {
	a, err := h.adminActor(ctx)
	if err != nil {
		return nil, err
	}
	b := req.Body
	c, err := h.reference.CreateCoach(ctx, a, coachInput(b.CoachFname, b.CoachLname, b.CoachRate, b.CoachUsfsaId, b.CoachIjsId, b.CoachPhone, b.CoachEmail))
	if err != nil {
		return nil, err
	}
	return api.CreateCoach201JSONResponse(adminCoach(c)), nil
}

// UpdateCoach changes a coach and, with `retired`, retires or restores them.
func (h *AdminHandlers) UpdateCoach(ctx context.Context, req api.UpdateCoachRequestObject) (api.UpdateCoachResponseObject, error) {
	a, err := h.adminActor(ctx)
	if err != nil {
		return nil, err
	}
	b := req.Body
	c, err := h.reference.UpdateCoach(ctx, a, req.CoachId, coachInput(b.CoachFname, b.CoachLname, b.CoachRate, b.CoachUsfsaId, b.CoachIjsId, b.CoachPhone, b.CoachEmail))
	if err == nil && b.Retired != nil {
		c, err = h.reference.SetCoachRetired(ctx, a, req.CoachId, *b.Retired)
	}
	if err != nil {
		return nil, err
	}
	return api.UpdateCoach200JSONResponse(adminCoach(c)), nil
}

// RetireCoach retires a coach.
func (h *AdminHandlers) RetireCoach(ctx context.Context, req api.RetireCoachRequestObject) (api.RetireCoachResponseObject, error) {
	a, err := h.adminActor(ctx)
	if err != nil {
		return nil, err
	}
	c, err := h.reference.SetCoachRetired(ctx, a, req.CoachId, true)
	if err != nil {
		return nil, err
	}
	return api.RetireCoach200JSONResponse(adminCoach(c)), nil
}

// PromoteCoach shares a private coach.
func (h *AdminHandlers) PromoteCoach(ctx context.Context, req api.PromoteCoachRequestObject) (api.PromoteCoachResponseObject, error) {
	a, err := h.adminActor(ctx)
	if err != nil {
		return nil, err
	}
	c, err := h.reference.PromoteCoach(ctx, a, req.CoachId)
	if err != nil {
		return nil, err
	}
	return api.PromoteCoach200JSONResponse(adminCoach(c)), nil
}

func adminClub(c reference.Club) api.AdminClub {
	return api.AdminClub{ClubId: c.ID, ClubName: c.Name, ClubHomeRink: uuidPtr(c.HomeRink), ClubCost: (c.Cost),
		OwnerSkater: uuidPtr(c.Owner), RetiredAt: (c.RetiredAt)}
}

func clubInput(name string, home *openapi_types.UUID, cost *float64) reference.ClubInput {
	in := reference.ClubInput{Name: &name, Cost: cost}
	if home != nil {
		id := uuid.UUID(*home)
		in.HomeRink = &id
	}
	return in
}

// ListAdminClubs lists every club.
func (h *AdminHandlers) ListAdminClubs(ctx context.Context, _ api.ListAdminClubsRequestObject) (api.ListAdminClubsResponseObject, error) {
	if _, err := h.adminActor(ctx); err != nil {
		return nil, err
	}
	list, err := h.reference.ListClubs(ctx)
	if err != nil {
		return nil, err
	}
	out := make(api.ListAdminClubs200JSONResponse, 0, len(list))
	for _, c := range list {
		out = append(out, adminClub(c))
	}
	return out, nil
}

// CreateClub adds a shared club.
func (h *AdminHandlers) CreateClub(ctx context.Context, req api.CreateClubRequestObject) (api.CreateClubResponseObject, error) {
	a, err := h.adminActor(ctx)
	if err != nil {
		return nil, err
	}
	c, err := h.reference.CreateClub(ctx, a, clubInput(req.Body.ClubName, req.Body.ClubHomeRink, req.Body.ClubCost))
	if err != nil {
		return nil, err
	}
	return api.CreateClub201JSONResponse(adminClub(c)), nil
}

// UpdateClub changes a club and, with `retired`, retires or restores it.
func (h *AdminHandlers) UpdateClub(ctx context.Context, req api.UpdateClubRequestObject) (api.UpdateClubResponseObject, error) {
	a, err := h.adminActor(ctx)
	if err != nil {
		return nil, err
	}
	b := req.Body
	c, err := h.reference.UpdateClub(ctx, a, req.ClubId, clubInput(b.ClubName, b.ClubHomeRink, b.ClubCost))
	if err == nil && b.Retired != nil {
		c, err = h.reference.SetClubRetired(ctx, a, req.ClubId, *b.Retired)
	}
	if err != nil {
		return nil, err
	}
	return api.UpdateClub200JSONResponse(adminClub(c)), nil
}

// RetireClub retires a club.
func (h *AdminHandlers) RetireClub(ctx context.Context, req api.RetireClubRequestObject) (api.RetireClubResponseObject, error) {
	a, err := h.adminActor(ctx)
	if err != nil {
		return nil, err
	}
	c, err := h.reference.SetClubRetired(ctx, a, req.ClubId, true)
	if err != nil {
		return nil, err
	}
	return api.RetireClub200JSONResponse(adminClub(c)), nil
}

// PromoteClub shares a private club.
func (h *AdminHandlers) PromoteClub(ctx context.Context, req api.PromoteClubRequestObject) (api.PromoteClubResponseObject, error) {
	a, err := h.adminActor(ctx)
	if err != nil {
		return nil, err
	}
	c, err := h.reference.PromoteClub(ctx, a, req.ClubId)
	if err != nil {
		return nil, err
	}
	return api.PromoteClub200JSONResponse(adminClub(c)), nil
}

func adminIceType(t reference.IceType) api.AdminIceType {
	return api.AdminIceType{IceTypeId: t.ID, IceType: t.Name, RetiredAt: (t.RetiredAt)}
}

// ListAdminIceTypes lists every ice type.
func (h *AdminHandlers) ListAdminIceTypes(ctx context.Context, _ api.ListAdminIceTypesRequestObject) (api.ListAdminIceTypesResponseObject, error) {
	if _, err := h.adminActor(ctx); err != nil {
		return nil, err
	}
	list, err := h.reference.ListIceTypes(ctx)
	if err != nil {
		return nil, err
	}
	out := make(api.ListAdminIceTypes200JSONResponse, 0, len(list))
	for _, t := range list {
		out = append(out, adminIceType(t))
	}
	return out, nil
}

// CreateIceType adds an ice type.
func (h *AdminHandlers) CreateIceType(ctx context.Context, req api.CreateIceTypeRequestObject) (api.CreateIceTypeResponseObject, error) {
	a, err := h.adminActor(ctx)
	if err != nil {
		return nil, err
	}
	t, err := h.reference.CreateIceType(ctx, a, &req.Body.IceType)
	if err != nil {
		return nil, err
	}
	return api.CreateIceType201JSONResponse(adminIceType(t)), nil
}

// UpdateIceType renames an ice type and, with `retired`, retires or restores it.
func (h *AdminHandlers) UpdateIceType(ctx context.Context, req api.UpdateIceTypeRequestObject) (api.UpdateIceTypeResponseObject, error) {
	a, err := h.adminActor(ctx)
	if err != nil {
		return nil, err
	}
	t, err := h.reference.UpdateIceType(ctx, a, req.IceTypeId, &req.Body.IceType)
	if err == nil && req.Body.Retired != nil {
		t, err = h.reference.SetIceTypeRetired(ctx, a, req.IceTypeId, *req.Body.Retired)
	}
	if err != nil {
		return nil, err
	}
	return api.UpdateIceType200JSONResponse(adminIceType(t)), nil
}

// RetireIceType retires an ice type.
func (h *AdminHandlers) RetireIceType(ctx context.Context, req api.RetireIceTypeRequestObject) (api.RetireIceTypeResponseObject, error) {
	a, err := h.adminActor(ctx)
	if err != nil {
		return nil, err
	}
	t, err := h.reference.SetIceTypeRetired(ctx, a, req.IceTypeId, true)
	if err != nil {
		return nil, err
	}
	return api.RetireIceType200JSONResponse(adminIceType(t)), nil
}

func adminEventType(t reference.EventType) api.AdminEventType {
	return api.AdminEventType{Id: t.ID, Category: t.Category, ScoringSystem: t.ScoringSystem, GoverningBody: t.GoverningBody,
		GoverningBodyName: t.GoverningBodyName, SingleMark: t.SingleMark, RetiredAt: (t.RetiredAt)}
}

func eventTypeInput[C, S ~string](category C, system *S, body *string, single *bool) reference.EventTypeInput {
	cat := string(category)
	in := reference.EventTypeInput{Category: &cat, GoverningBody: body, SingleMark: single != nil && *single}
	if system != nil {
		s := string(*system)
		in.ScoringSystem = &s
	}
	return in
}

// ListAdminEventTypes lists every event type.
func (h *AdminHandlers) ListAdminEventTypes(ctx context.Context, _ api.ListAdminEventTypesRequestObject) (api.ListAdminEventTypesResponseObject, error) {
	if _, err := h.adminActor(ctx); err != nil {
		return nil, err
	}
	list, err := h.reference.ListEventTypes(ctx)
	if err != nil {
		return nil, err
	}
	out := make(api.ListAdminEventTypes200JSONResponse, 0, len(list))
	for _, t := range list {
		out = append(out, adminEventType(t))
	}
	return out, nil
}

// CreateEventType adds an event type.
func (h *AdminHandlers) CreateEventType(ctx context.Context, req api.CreateEventTypeRequestObject) (api.CreateEventTypeResponseObject, error) {
	a, err := h.adminActor(ctx)
	if err != nil {
		return nil, err
	}
	b := req.Body
	t, err := h.reference.CreateEventType(ctx, a, eventTypeInput(b.Category, b.ScoringSystem, b.GoverningBody, b.SingleMark))
	if err != nil {
		return nil, err
	}
	return api.CreateEventType201JSONResponse(adminEventType(t)), nil
}

// UpdateEventType changes an event type and, with `retired`, retires or restores it.
func (h *AdminHandlers) UpdateEventType(ctx context.Context, req api.UpdateEventTypeRequestObject) (api.UpdateEventTypeResponseObject, error) {
	a, err := h.adminActor(ctx)
	if err != nil {
		return nil, err
	}
	b := req.Body
	t, err := h.reference.UpdateEventType(ctx, a, req.EventTypeId, eventTypeInput(b.Category, b.ScoringSystem, b.GoverningBody, b.SingleMark))
	if err == nil && b.Retired != nil {
		t, err = h.reference.SetEventTypeRetired(ctx, a, req.EventTypeId, *b.Retired)
	}
	if err != nil {
		return nil, err
	}
	return api.UpdateEventType200JSONResponse(adminEventType(t)), nil
}

// RetireEventType retires an event type.
func (h *AdminHandlers) RetireEventType(ctx context.Context, req api.RetireEventTypeRequestObject) (api.RetireEventTypeResponseObject, error) {
	a, err := h.adminActor(ctx)
	if err != nil {
		return nil, err
	}
	t, err := h.reference.SetEventTypeRetired(ctx, a, req.EventTypeId, true)
	if err != nil {
		return nil, err
	}
	return api.RetireEventType200JSONResponse(adminEventType(t)), nil
}
