package handlers

import (
	"context"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/internal/lookups"
	"github.com/skatetrax/skatetrax-api/internal/members"
	"github.com/skatetrax/skatetrax-api/internal/portability"
	"github.com/skatetrax/skatetrax-api/internal/ptr"
	"github.com/skatetrax/skatetrax-api/internal/reference"
	"github.com/skatetrax/skatetrax-api/internal/skatetime"
)

// MemberHandlers serve the members tag: the skater's own training data and the lookups its
// forms use.
type MemberHandlers struct {
	members     *members.Service
	lookups     *lookups.Service
	reference   *reference.Service
	portability *portability.Service
}

// GetDashboard answers the dashboard.
func (h *MemberHandlers) GetDashboard(ctx context.Context, _ api.GetDashboardRequestObject) (api.GetDashboardResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	d, err := h.members.Dashboard(ctx, p.Skater)
	if err != nil {
		return nil, err
	}
	var out api.GetDashboard200JSONResponse
	out.TotalTime = apiHM(d.Total)
	out.BaselineMonths = d.BaselineMonths
	out.BaselineMonthlyAvg = d.BaselineMonthlyAvg
	out.Charts.MonthlyRatio = timeSplit(d.Month)
	out.Charts.YearlyRatio = timeSplit(d.Year)
	out.Charts.BaselineRatio = timeSplit(d.Baseline)
	s := d.Spend
	out.Charts.Spend = api.Spend{Equipment: s.Equipment, Maintenance: s.Maintenance, Class: s.Class,
		Performance: s.Performance, Membership: s.Membership, Competition: s.Competition,
		IceTime: s.IceTime, Coaching: s.Coaching, Total: s.Total}
	out.Maintenance = clock(d.Clock)
	out.SessionTable = sessionRows(d.Sessions)
	return out, nil
}

// ListIceSessions answers the monthly graph and one page of the session history.
func (h *MemberHandlers) ListIceSessions(ctx context.Context, req api.ListIceSessionsRequestObject) (api.ListIceSessionsResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	q := req.Params
	it, err := h.members.IceTime(ctx, p.Skater, members.IceTimeQuery{MonthsBack: q.MonthsBack, Window: q.Window, Limit: q.Limit, Cursor: q.Cursor})
	if err != nil {
		return nil, err
	}
	g := it.Graph
	graph := api.IceTimeGraph{Months: g.Months, IceTime: g.IceTime, Practice: g.Practice, CoachTime: g.CoachTime,
		GroupSessions: g.GroupTime, Competitions: make([]api.IceTimeGraphCompetitions, len(g.Competed))}
	for i, c := range g.Competed {
		if c {
			graph.Competitions[i] = api.IceTimeGraphCompetitionsN1
		}
	}
	return api.ListIceSessions200JSONResponse{TotalTime: apiHM(it.Total), FscGraph: graph,
		SessionTable: sessionRows(it.Sessions), NextCursor: it.Next}, nil
}

func sessionInput(b api.IceSessionInput) members.SessionInput {
	return members.SessionInput{Date: b.Date, IceTime: b.IceTime, CoachTime: b.CoachTime, IceCost: b.IceCost,
		CoachCost: b.CoachCost, HasVideo: b.HasVideo, HasNotes: b.HasNotes, SkateType: b.SkateType,
		RinkID: b.RinkId, CoachID: b.CoachId, ConfigID: b.ConfigId}
}

// CreateIceSession logs a session (the original's POST /submit/add_icetime).
func (h *MemberHandlers) CreateIceSession(ctx context.Context, req api.CreateIceSessionRequestObject) (api.CreateIceSessionResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	l, err := h.members.LogSession(ctx, p.Skater, sessionInput(*req.Body))
	if err != nil {
		return nil, err
	}
	return api.CreateIceSession201JSONResponse{IceTimeId: l.ID, Timestamp: l.Start, LocalDate: apiDay(l.LocalDate)}, nil
}

// UpdateIceSession replaces one of the skater's own sessions.
func (h *MemberHandlers) UpdateIceSession(ctx context.Context, req api.UpdateIceSessionRequestObject) (api.UpdateIceSessionResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	s, err := h.members.UpdateSession(ctx, p.Skater, req.IceTimeId, sessionInput(*req.Body))
	if err != nil {
		return nil, err
	}
	return api.UpdateIceSession200JSONResponse(sessionRow(s)), nil
}

// DeleteIceSession deletes one of the skater's own sessions.
func (h *MemberHandlers) DeleteIceSession(ctx context.Context, req api.DeleteIceSessionRequestObject) (api.DeleteIceSessionResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := h.members.DeleteSession(ctx, p.Skater, req.IceTimeId); err != nil {
		return nil, err
	}
	return api.DeleteIceSession200JSONResponse{Message: "Session deleted"}, nil
}

// ListEquipment lists the skater's configurations, boots and blades with the time on each.
func (h *MemberHandlers) ListEquipment(ctx context.Context, _ api.ListEquipmentRequestObject) (api.ListEquipmentResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	e, err := h.members.Equipment(ctx, p.Skater)
	if err != nil {
		return nil, err
	}
	out := api.ListEquipment200JSONResponse{
		Configs: make([]api.SkateConfig, 0, len(e.Configs)),
		Boots:   make([]api.Boots, 0, len(e.Boots)),
		Blades:  make([]api.Blades, 0, len(e.Blades)),
	}
	for _, c := range e.Configs {
		out.Configs = append(out.Configs, skateConfig(c))
	}
	if a := e.Active; a != nil {
		out.ActiveConfig = &api.ActiveConfig{SConfigID: a.ID, DateCreated: a.Created, BootsName: a.BootsName,
			BootsModel: a.BootsModel, BladesName: a.BladesName, BladesModel: a.BladesModel}
	}
	for _, b := range e.Boots {
		out.Boots = append(out.Boots, bootsOut(b))
	}
	for _, b := range e.Blades {
		out.Blades = append(out.Blades, bladesOut(b))
	}
	return out, nil
}

// CreateBoots adds boots.
func (h *MemberHandlers) CreateBoots(ctx context.Context, req api.CreateBootsRequestObject) (api.CreateBootsResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	b, err := h.members.CreateBoots(ctx, p.Skater, bootsInput(*req.Body))
	if err != nil {
		return nil, err
	}
	return api.CreateBoots201JSONResponse(bootsOut(b)), nil
}

// UpdateBoots replaces the details of the skater's own boots.
func (h *MemberHandlers) UpdateBoots(ctx context.Context, req api.UpdateBootsRequestObject) (api.UpdateBootsResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	b, err := h.members.UpdateBoots(ctx, p.Skater, req.BootsId, bootsInput(*req.Body))
	if err != nil {
		return nil, err
	}
	return api.UpdateBoots200JSONResponse(bootsOut(b)), nil
}

// CreateBlades adds blades.
func (h *MemberHandlers) CreateBlades(ctx context.Context, req api.CreateBladesRequestObject) (api.CreateBladesResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	b, err := h.members.CreateBlades(ctx, p.Skater, bladesInput(*req.Body))
	if err != nil {
		return nil, err
	}
	return api.CreateBlades201JSONResponse(bladesOut(b)), nil
}

// UpdateBlades replaces the details of the skater's own blades.
func (h *MemberHandlers) UpdateBlades(ctx context.Context, req api.UpdateBladesRequestObject) (api.UpdateBladesResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	b, err := h.members.UpdateBlades(ctx, p.Skater, req.BladesId, bladesInput(*req.Body))
	if err != nil {
		return nil, err
	}
	return api.UpdateBlades200JSONResponse(bladesOut(b)), nil
}

// CreateSkateConfig puts boots and blades together.
func (h *MemberHandlers) CreateSkateConfig(ctx context.Context, req api.CreateSkateConfigRequestObject) (api.CreateSkateConfigResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	b := req.Body
	in := members.ConfigInput{BootsID: b.BootsID, BladesID: b.BladesID, Active: b.Active}
	if b.SConfigType != nil {
		t := int32(*b.SConfigType)
		in.Type = &t
	}
	c, err := h.members.CreateConfig(ctx, p.Skater, in)
	if err != nil {
		return nil, err
	}
	return api.CreateSkateConfig201JSONResponse(skateConfig(c)), nil
}

// UpdateSkateConfig retires a configuration or puts it back in use.
func (h *MemberHandlers) UpdateSkateConfig(ctx context.Context, req api.UpdateSkateConfigRequestObject) (api.UpdateSkateConfigResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	c, err := h.members.RetireConfig(ctx, p.Skater, req.ConfigId, req.Body.Retired)
	if err != nil {
		return nil, err
	}
	return api.UpdateSkateConfig200JSONResponse(skateConfig(c)), nil
}

// SetActiveSkateConfig makes one of the skater's configurations the active one.
func (h *MemberHandlers) SetActiveSkateConfig(ctx context.Context, req api.SetActiveSkateConfigRequestObject) (api.SetActiveSkateConfigResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	c, err := h.members.SetActiveConfig(ctx, p.Skater, req.Body.SConfigID)
	if err != nil {
		return nil, err
	}
	return api.SetActiveSkateConfig200JSONResponse(skateConfig(c)), nil
}

// ListMaintenance answers the clock, the total cost and every blade's sharpening history.
func (h *MemberHandlers) ListMaintenance(ctx context.Context, _ api.ListMaintenanceRequestObject) (api.ListMaintenanceResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	m, err := h.members.Maintenance(ctx, p.Skater)
	if err != nil {
		return nil, err
	}
	out := api.ListMaintenance200JSONResponse{Clock: clock(m.Clock), TotalCost: m.TotalCost,
		Blades: make([]api.MaintenanceBlade, 0, len(m.Blades)), Unassigned: sharpenings(m.Unassigned)}
	for _, b := range m.Blades {
		mb := api.MaintenanceBlade{BladeId: b.ID, BladeName: b.Name, BladeModel: b.Model, IsActive: b.IsActive,
			Retired: b.Retired, History: sharpenings(b.History)}
		mb.Meta.Sharpenings, mb.Meta.TotalHours = b.Sharpenings, apiHM(b.TotalHours)
		out.Blades = append(out.Blades, mb)
	}
	return out, nil
}

func sharpeningInput(b api.MaintenanceInput) members.SharpeningInput {
	return members.SharpeningInput{Date: b.MDate, HoursOn: b.MHoursOn, Cost: b.MCost, LocationID: b.MLocation,
		Notes: b.MNotes, Roh: b.MRoh, BladeID: b.BladeId}
}

// CreateMaintenance records a sharpening of the active blade (or of the blade named).
func (h *MemberHandlers) CreateMaintenance(ctx context.Context, req api.CreateMaintenanceRequestObject) (api.CreateMaintenanceResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	id, err := h.members.AddSharpening(ctx, p.Skater, sharpeningInput(*req.Body))
	if err != nil {
		return nil, err
	}
	return api.CreateMaintenance201JSONResponse{Status: api.MaintenanceCreatedStatusOk, Id: id}, nil
}

// UpdateMaintenance replaces one of the skater's own sharpenings.
func (h *MemberHandlers) UpdateMaintenance(ctx context.Context, req api.UpdateMaintenanceRequestObject) (api.UpdateMaintenanceResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	s, err := h.members.UpdateSharpening(ctx, p.Skater, req.MaintenanceId, sharpeningInput(*req.Body))
	if err != nil {
		return nil, err
	}
	return api.UpdateMaintenance200JSONResponse(sharpening(s)), nil
}

// DeleteMaintenance deletes one of the skater's own sharpenings.
func (h *MemberHandlers) DeleteMaintenance(ctx context.Context, req api.DeleteMaintenanceRequestObject) (api.DeleteMaintenanceResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := h.members.DeleteSharpening(ctx, p.Skater, req.MaintenanceId); err != nil {
		return nil, err
	}
	return api.DeleteMaintenance200JSONResponse{Message: "Maintenance deleted"}, nil
}

// GetSkaterOverview answers the profile page and the navbar's name and total time.
func (h *MemberHandlers) GetSkaterOverview(ctx context.Context, _ api.GetSkaterOverviewRequestObject) (api.GetSkaterOverviewResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	o, err := h.members.Overview(ctx, p.Skater)
	if err != nil {
		return nil, err
	}
	var out api.GetSkaterOverview200JSONResponse
	g := &out.UserGeneral
	g.UserFirstName, g.UserMiddleName, g.UserLastName = o.FirstName, o.MiddleName, o.LastName
	g.UserLocationZip, g.UserLocationCity, g.UserLocationState, g.UserLocationCountry = o.Zip, o.City, o.State, o.Country
	out.UserContact.Email, out.UserContact.Phone, out.UserContact.Username = o.Email, o.Phone, o.Username
	m := &out.UserMeta
	m.UserCreationDate, m.UserTimezone = o.Created, o.Timezone
	m.UserPreferredRink, m.UserPreferredRinkId = o.PreferredRink, o.PreferredRinkID
	m.UserPreferredMaintHours = o.PreferredMaintHours
	m.UserPrimaryCoach, m.UserPrimaryCoachId = o.PrimaryCoach, o.PrimaryCoachID
	m.UserIceConfig, m.UserRoles = o.IceConfig, o.Roles
	m.ContactPreference, m.ShareToken = o.ContactPreference, o.ShareToken
	out.UserMemberships.AffiliatedClubName = o.ClubName
	out.UserMemberships.AffiliatedClubDate = o.ClubJoined
	out.UserMemberships.UsfsaNumber = o.USFSANumber
	out.TotalIceTime = apiHM(o.TotalIceTime)
	return out, nil
}

// ListCoaches lists the coach directory, or the one coach with the given id.
func (h *MemberHandlers) ListCoaches(ctx context.Context, req api.ListCoachesRequestObject) (api.ListCoachesResponseObject, error) {
	coaches, err := h.lookups.Coaches(ctx, viewer(ctx), ptr.Deref(req.Params.Id))
	if err != nil {
		return nil, err
	}
	out := make(api.ListCoaches200JSONResponse, 0, len(coaches))
	for _, c := range coaches {
		out = append(out, api.Coach{CoachId: c.ID, CoachFname: c.First, CoachLname: c.Last, CoachRate: c.Rate,
			CoachIjsId: c.IJSID, CoachUsfsaId: c.USFSAID})
	}
	return out, nil
}

// ListIceTypes lists the session types.
func (h *MemberHandlers) ListIceTypes(ctx context.Context, _ api.ListIceTypesRequestObject) (api.ListIceTypesResponseObject, error) {
	types, err := h.lookups.IceTypes(ctx)
	if err != nil {
		return nil, err
	}
	out := make(api.ListIceTypes200JSONResponse, 0, len(types))
	for _, t := range types {
		out = append(out, api.IceType{IceTypeId: t.ID, IceType: t.Name})
	}
	return out, nil
}

func apiHM(v skatetime.HM) api.HM { return api.HM{Hours: int64(v.Hours), Minutes: v.Minutes} }

func timeSplit(s members.TimeSplit) api.TimeSplit {
	return api.TimeSplit{Practice: apiHM(s.Practice), Coached: apiHM(s.Coached), Group: apiHM(s.Group)}
}

func apiDay(d skatetime.Date) openapi_types.Date { return openapi_types.Date{Time: d.Time()} }

func apiDayPtr(d *skatetime.Date) *openapi_types.Date {
	if d == nil {
		return nil
	}
	v := apiDay(*d)
	return &v
}

func clock(c members.Clock) api.MaintenanceClock {
	return api.MaintenanceClock{
		ClockMinutes: apiHM(c.Interval), ActiveMinutes: apiHM(c.Active), RemainingMinutes: apiHM(c.Remaining),
		Overdue: c.IsOverdue, OverdueMinutes: apiHM(c.Overdue), IntervalSet: c.IntervalSet,
		BladeId: c.BladeID, Since: apiDayPtr(c.Since),
	}
}

func sessionRow(s members.Session) api.SessionRow {
	return api.SessionRow{
		IceTimeId: s.ID, Date: s.Start, LocalDate: apiDayPtr(s.LocalDate), IceTime: s.IceTime, IceCost: s.IceCost,
		CoachTime: s.CoachTime, CoachCost: s.CoachCost, IceType: s.IceType, SkateType: s.SkateType,
		Coach: s.Coach, CoachId: s.CoachID, RinkName: s.RinkName, RinkCity: s.RinkCity, RinkState: s.RinkState,
		RinkId: s.RinkID, ConfigId: s.ConfigID,
	}
}

func sessionRows(rows []members.Session) []api.SessionRow {
	out := make([]api.SessionRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, sessionRow(r))
	}
	return out
}

func skateConfig(c members.Config) api.SkateConfig {
	return api.SkateConfig{
		SConfigID: c.ID, DateCreated: c.Created, SActiveFlag: c.ActiveFlag, IsActive: c.IsActive,
		SConfigType: c.Type, BootsID: c.BootsID, BladesID: c.BladesID, BootsName: c.BootsName,
		BootsModel: c.BootsModel, BladesName: c.BladesName, BladesModel: c.BladesModel,
		// `hours` carries minutes on the wire, as the original sent and the frontend's fmtHours expects.
		Hours: c.Minutes, Minutes: c.Minutes, OnIceHours: c.Hours,
	}
}

func bootsInput(b api.BootsInput) members.GearInput {
	return members.GearInput{Name: b.BootsName, Model: b.BootsModel, Size: b.BootsSize, Amount: b.BootsPurchaseAmount,
		PurchasedOn: b.PurchasedOn, Retired: b.Retired}
}

func bladesInput(b api.BladesInput) members.GearInput {
	return members.GearInput{Name: b.BladesName, Model: b.BladesModel, Size: b.BladesSize, Amount: b.BladesPurchaseAmount,
		PurchasedOn: b.PurchasedOn, Retired: b.Retired}
}

func bootsOut(b members.Boots) api.Boots {
	return api.Boots{
		BootsID: b.ID, DateCreated: b.Created, PurchasedOn: apiDayPtr(b.PurchasedOn), BootsName: b.Name,
		BootsModel: b.Model, BootsSize: b.Size, BootsPurchaseAmount: b.Amount, RetiredAt: b.RetiredAt,
		Hours: b.Minutes, Minutes: b.Minutes, OnIceHours: b.Hours, // hours carries minutes (see skateConfig)
	}
}

func bladesOut(b members.Blades) api.Blades {
	return api.Blades{
		BladesID: b.ID, DateCreated: b.Created, PurchasedOn: apiDayPtr(b.PurchasedOn), BladesName: b.Name,
		BladesModel: b.Model, BladesSize: b.Size, BladesPurchaseAmount: b.Amount, RetiredAt: b.RetiredAt,
		Sharpenings: b.Sharpenings, Hours: b.Minutes, Minutes: b.Minutes, OnIceHours: b.Hours, // hours carries minutes
	}
}

func sharpening(s members.Sharpening) api.MaintenanceEntry {
	return api.MaintenanceEntry{Id: s.ID, Date: apiDayPtr(s.Date), HoursOn: apiHM(s.HoursOn), Cost: s.Cost,
		Location: s.Location, LocationId: s.LocationID, Roh: s.Roh, Notes: s.Notes, BladeId: s.BladeID}
}

func sharpenings(list []members.Sharpening) []api.MaintenanceEntry {
	out := make([]api.MaintenanceEntry, 0, len(list))
	for _, s := range list {
		out = append(out, sharpening(s))
	}
	return out
}
