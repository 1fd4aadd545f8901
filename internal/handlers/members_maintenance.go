package handlers

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/training"
)

// GetMaintenance answers the clock, the total cost and every blade's sharpening history.
func (h *Handlers) GetMaintenance(ctx context.Context, _ api.GetMaintenanceRequestObject) (api.GetMaintenanceResponseObject, error) {
	sk, err := h.loadSkater(ctx)
	if err != nil {
		return nil, err
	}
	clock, err := h.clock(ctx, sk)
	if err != nil {
		return nil, err
	}
	total, err := h.q.MaintenanceTotalCents(ctx, &sk.id)
	if err != nil {
		return nil, fmt.Errorf("maintenance total: %w", err)
	}
	blades, err := h.q.ListBlades(ctx, &sk.id)
	if err != nil {
		return nil, fmt.Errorf("list blades: %w", err)
	}
	records, err := h.q.ListMaintenance(ctx, &sk.id)
	if err != nil {
		return nil, fmt.Errorf("list maintenance: %w", err)
	}

	byBlade := make(map[uuid.UUID]*api.MaintenanceBlade, len(blades))
	out := api.GetMaintenance200JSONResponse{
		Clock: clock, TotalCost: centsString(total),
		Blades: make([]api.MaintenanceBlade, 0, len(blades)), Unassigned: []api.MaintenanceEntry{},
	}
	for _, b := range blades {
		out.Blades = append(out.Blades, api.MaintenanceBlade{
			BladeId: b.BladesID, BladeName: b.BladesName, BladeModel: b.BladesModel,
			IsActive: sk.activeBlade != nil && *sk.activeBlade == b.BladesID, Retired: b.RetiredAt != nil,
			History: []api.MaintenanceEntry{},
		})
	}
	for i := range out.Blades {
		byBlade[out.Blades[i].BladeId] = &out.Blades[i]
	}
	minutes := map[uuid.UUID]int64{}
	for _, r := range records { // newest first
		e := maintenanceEntry(r)
		if r.BladesID == nil || byBlade[*r.BladesID] == nil {
			out.Unassigned = append(out.Unassigned, e)
			continue
		}
		b := byBlade[*r.BladesID]
		b.History = append(b.History, e)
		b.Meta.Sharpenings++
		minutes[b.BladeId] += int64(deref(r.MHoursOn))
	}
	for i := range out.Blades {
		out.Blades[i].Meta.TotalHours = hm(minutes[out.Blades[i].BladeId])
	}
	sort.SliceStable(out.Blades, func(i, j int) bool {
		a, b := out.Blades[i], out.Blades[j]
		if a.IsActive != b.IsActive {
			return a.IsActive
		}
		if an, bn := deref(a.BladeName), deref(b.BladeName); an != bn {
			return an < bn
		}
		return a.BladeId.String() < b.BladeId.String()
	})
	return out, nil
}

func maintenanceEntry(r db.ListMaintenanceRow) api.MaintenanceEntry {
	return api.MaintenanceEntry{
		Id: r.ID, Date: calendarDay(r.MDate), HoursOn: hm(int64(deref(r.MHoursOn))), Cost: amount(r.MCost),
		Location: r.LocationName, LocationId: apiUUID(r.MLocation), Roh: r.MRoh, Notes: r.MNotes,
		BladeId: apiUUID(r.BladesID),
	}
}

// maintenanceInput is a checked sharpening body.
type maintenanceInput struct {
	day       time.Time // the calendar day at 00:00, stored without any zone
	minutesOn int32
	cost      *float64
	location  *uuid.UUID
	notes     *string
	roh       *string
	blade     *uuid.UUID // the blade named in the body, if any
}

func (h *Handlers) maintenanceInput(ctx context.Context, sk skater, b api.MaintenanceInput) (maintenanceInput, error) {
	var in maintenanceInput
	d, err := parseDay("m_date", b.MDate)
	if err != nil {
		return in, err
	}
	in.day = d.Time()
	if b.MHoursOn != nil {
		if in.minutesOn, err = training.MinutesFromHours(*b.MHoursOn); err != nil {
			return in, apperr.InvalidField("body", "m_hours_on", err.Error())
		}
	}
	c, err := parseAmount("m_cost", deref(b.MCost))
	if err != nil {
		return in, err
	}
	in.cost = storedAmount(c)
	if in.location, err = parseOptionalID("m_location", b.MLocation); err != nil {
		return in, err
	}
	if in.location != nil {
		ok, err := h.q.RinkExists(ctx, *in.location)
		if err != nil {
			return in, fmt.Errorf("check m_location: %w", err)
		}
		if !ok {
			return in, apperr.InvalidField("body", "m_location", "no such rink")
		}
	}
	in.notes, in.roh = b.MNotes, b.MRoh
	if b.BladeId != nil {
		id := uuid.UUID(*b.BladeId)
		if _, err := h.q.GetBladesState(ctx, db.GetBladesStateParams{ID: id, Skater: &sk.id}); errors.Is(err, pgx.ErrNoRows) {
			return in, apperr.InvalidField("body", "blade_id", "not one of your blades")
		} else if err != nil {
			return in, fmt.Errorf("check blade_id: %w", err)
		}
		in.blade = &id
	}
	return in, nil
}

// CreateMaintenance records a sharpening of the active blade (or of the blade named).
func (h *Handlers) CreateMaintenance(ctx context.Context, req api.CreateMaintenanceRequestObject) (api.CreateMaintenanceResponseObject, error) {
	sk, err := h.loadSkater(ctx)
	if err != nil {
		return nil, err
	}
	if !sk.profile {
		return nil, &apperr.Error{Code: apperr.Conflict, ErrorText: "No active skate config found",
			Message: "Complete onboarding and choose a skate configuration first."}
	}
	in, err := h.maintenanceInput(ctx, sk, *req.Body)
	if err != nil {
		return nil, err
	}
	blade, config := in.blade, (*uuid.UUID)(nil)
	switch {
	case blade == nil && sk.activeConfig == nil:
		return nil, &apperr.Error{Code: apperr.Conflict, ErrorText: "No active skate config found",
			Message: "Choose an active skate configuration, or name the blade (blade_id)."}
	case blade == nil && sk.activeBlade == nil:
		return nil, &apperr.Error{Code: apperr.Conflict, ErrorText: "Active skate config not found",
			Message: "The active skate configuration has no blade; choose another one, or name the blade (blade_id)."}
	case blade == nil:
		blade, config = sk.activeBlade, sk.activeConfig
	case sk.activeBlade != nil && *blade == *sk.activeBlade:
		config = sk.activeConfig
	}
	var pref *float64
	if sk.maintPref != nil {
		p := float64(*sk.maintPref)
		pref = &p
	}
	id, err := h.q.InsertMaintenance(ctx, db.InsertMaintenanceParams{
		MDate: &in.day, MinutesOn: &in.minutesOn, Cost: in.cost, Location: in.location, Notes: in.notes,
		Roh: in.roh, PrefHours: pref, BladesID: blade, ConfigID: config, Skater: &sk.id,
	})
	if err != nil {
		return nil, fmt.Errorf("insert maintenance: %w", err)
	}
	return api.CreateMaintenance201JSONResponse{Status: api.MaintenanceCreatedStatusOk, Id: id}, nil
}

// UpdateMaintenance replaces one of the skater's own sharpenings.
func (h *Handlers) UpdateMaintenance(ctx context.Context, req api.UpdateMaintenanceRequestObject) (api.UpdateMaintenanceResponseObject, error) {
	sk, err := h.loadSkater(ctx)
	if err != nil {
		return nil, err
	}
	blade, err := h.q.GetMaintenanceBlade(ctx, db.GetMaintenanceBladeParams{ID: req.MaintenanceId, Skater: &sk.id})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errNotFound("Maintenance record")
	}
	if err != nil {
		return nil, fmt.Errorf("load maintenance: %w", err)
	}
	in, err := h.maintenanceInput(ctx, sk, *req.Body)
	if err != nil {
		return nil, err
	}
	if in.blade != nil {
		blade = in.blade
	}
	n, err := h.q.UpdateMaintenance(ctx, db.UpdateMaintenanceParams{
		MDate: &in.day, MinutesOn: &in.minutesOn, Cost: in.cost, Location: in.location, Notes: in.notes,
		Roh: in.roh, BladesID: blade, ID: req.MaintenanceId, Skater: &sk.id,
	})
	if err != nil {
		return nil, fmt.Errorf("update maintenance: %w", err)
	}
	if n == 0 {
		return nil, errNotFound("Maintenance record")
	}
	records, err := h.q.ListMaintenance(ctx, &sk.id)
	if err != nil {
		return nil, fmt.Errorf("reload maintenance: %w", err)
	}
	for _, r := range records {
		if r.ID == req.MaintenanceId {
			return api.UpdateMaintenance200JSONResponse(maintenanceEntry(r)), nil
		}
	}
	return nil, errNotFound("Maintenance record")
}

// DeleteMaintenance deletes one of the skater's own sharpenings.
func (h *Handlers) DeleteMaintenance(ctx context.Context, req api.DeleteMaintenanceRequestObject) (api.DeleteMaintenanceResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	n, err := h.q.DeleteMaintenance(ctx, db.DeleteMaintenanceParams{ID: req.MaintenanceId, Skater: &p.Skater})
	if err != nil {
		return nil, fmt.Errorf("delete maintenance: %w", err)
	}
	if n == 0 {
		return nil, errNotFound("Maintenance record")
	}
	return api.DeleteMaintenance200JSONResponse{Message: "Maintenance deleted"}, nil
}
