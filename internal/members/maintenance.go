package members

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/money"
	"github.com/skatetrax/skatetrax-api/internal/ptr"
	"github.com/skatetrax/skatetrax-api/internal/skatetime"
	"github.com/skatetrax/skatetrax-api/internal/training"
)

// Maintenance is the clock, the total cost and every blade's sharpening history.
type Maintenance struct {
	Clock     Clock
	TotalCost string // exact money string
	// Blades are the active blade first, then by name.
	Blades []MaintenanceBlade
	// Unassigned are sharpenings of no known blade.
	Unassigned []Sharpening
}

// MaintenanceBlade is one blade with its sharpenings, newest first.
type MaintenanceBlade struct {
	ID                uuid.UUID
	Name, Model       *string
	IsActive, Retired bool
	History           []Sharpening
	Sharpenings       int
	TotalHours        skatetime.HM
}

// Sharpening is one maintenance record.
type Sharpening struct {
	ID         int32
	Date       *skatetime.Date
	HoursOn    skatetime.HM
	Cost       *float64
	Location   *string
	LocationID *uuid.UUID
	Roh, Notes *string
	BladeID    *uuid.UUID
}

// SharpeningInput is a sharpening as a client sends it.
type SharpeningInput struct {
	Date       string   // YYYY-MM-DD
	HoursOn    *float64 // hours on the blade when sharpened
	Cost       *float64
	LocationID *string // a rink id, or "" / nil for none
	Notes, Roh *string
	// BladeID names the blade; nil means the active one.
	BladeID *uuid.UUID
}

// Maintenance answers the clock, the total cost and every blade's history.
func (s *Service) Maintenance(ctx context.Context, skaterID uuid.UUID) (Maintenance, error) {
	var out Maintenance
	err := s.read(ctx, skaterID, func(q *db.Queries, sk skater) error {
		var err error
		if out.Clock, err = clock(ctx, q, sk); err != nil {
			return err
		}
		total, err := q.MaintenanceTotalCents(ctx, &sk.id)
		if err != nil {
			return fmt.Errorf("maintenance total: %w", err)
		}
		blades, err := q.ListBlades(ctx, &sk.id)
		if err != nil {
			return fmt.Errorf("list blades: %w", err)
		}
		records, err := q.ListMaintenance(ctx, &sk.id)
		if err != nil {
			return fmt.Errorf("list maintenance: %w", err)
		}
		out.TotalCost = money.Cents(total).String()
		out.Blades, out.Unassigned = make([]MaintenanceBlade, 0, len(blades)), []Sharpening{}
		for _, b := range blades {
			out.Blades = append(out.Blades, MaintenanceBlade{
				ID: b.BladesID, Name: b.BladesName, Model: b.BladesModel,
				IsActive: sk.activeBlade != nil && *sk.activeBlade == b.BladesID, Retired: b.RetiredAt != nil,
				History: []Sharpening{},
			})
		}
		byBlade := make(map[uuid.UUID]*MaintenanceBlade, len(blades))
		for i := range out.Blades {
			byBlade[out.Blades[i].ID] = &out.Blades[i]
		}
		minutes := map[uuid.UUID]int64{}
		for _, r := range records { // newest first
			e := sharpening(r)
			if r.BladesID == nil || byBlade[*r.BladesID] == nil {
				out.Unassigned = append(out.Unassigned, e)
				continue
			}
			b := byBlade[*r.BladesID]
			b.History = append(b.History, e)
			b.Sharpenings++
			minutes[b.ID] += int64(ptr.Deref(r.MHoursOn))
		}
		for i := range out.Blades {
			out.Blades[i].TotalHours = hm(minutes[out.Blades[i].ID])
		}
		sort.SliceStable(out.Blades, func(i, j int) bool {
			a, b := out.Blades[i], out.Blades[j]
			if a.IsActive != b.IsActive {
				return a.IsActive
			}
			if an, bn := ptr.Deref(a.Name), ptr.Deref(b.Name); an != bn {
				return an < bn
			}
			return a.ID.String() < b.ID.String()
		})
		return nil
	})
	return out, err
}

func sharpening(r db.ListMaintenanceRow) Sharpening {
	return Sharpening{
		ID: r.ID, Date: calendarDay(r.MDate), HoursOn: hm(int64(ptr.Deref(r.MHoursOn))), Cost: amount(r.MCost),
		Location: r.LocationName, LocationID: r.MLocation, Roh: r.MRoh, Notes: r.MNotes, BladeID: r.BladesID,
	}
}

// checkedSharpening is a sharpening input that passed every rule.
type checkedSharpening struct {
	day       time.Time // the calendar day at 00:00, stored without any zone
	minutesOn int32
	cost      *float64
	location  *uuid.UUID
	notes     *string
	roh       *string
	blade     *uuid.UUID // the blade named in the input, if any
}

func checkSharpening(ctx context.Context, q *db.Queries, sk skater, b SharpeningInput) (checkedSharpening, error) {
	var in checkedSharpening
	d, err := parseDay("m_date", b.Date)
	if err != nil {
		return in, err
	}
	in.day = d.Time()
	if b.HoursOn != nil {
		if in.minutesOn, err = training.MinutesFromHours(*b.HoursOn); err != nil {
			return in, apperr.InvalidField("body", "m_hours_on", err.Error())
		}
	}
	c, err := parseAmount("m_cost", ptr.Deref(b.Cost))
	if err != nil {
		return in, err
	}
	in.cost = storedAmount(c)
	if in.location, err = parseOptionalID("m_location", b.LocationID); err != nil {
		return in, err
	}
	if in.location != nil {
		ok, err := q.RinkExists(ctx, db.RinkExistsParams{ID: *in.location, Skater: sk.id})
		if err != nil {
			return in, fmt.Errorf("check m_location: %w", err)
		}
		if !ok {
			return in, apperr.InvalidField("body", "m_location", "no such rink")
		}
	}
	in.notes, in.roh = b.Notes, b.Roh
	if b.BladeID != nil {
		id := *b.BladeID
		if _, err := q.GetBladesState(ctx, db.GetBladesStateParams{ID: id, Skater: &sk.id}); errors.Is(err, pgx.ErrNoRows) {
			return in, apperr.InvalidField("body", "blade_id", "not one of your blades")
		} else if err != nil {
			return in, fmt.Errorf("check blade_id: %w", err)
		}
		in.blade = &id
	}
	return in, nil
}

// AddSharpening records a sharpening of the active blade (or of the blade named) and returns
// its id. The sharpening interval in force is stored with it.
func (s *Service) AddSharpening(ctx context.Context, skaterID uuid.UUID, b SharpeningInput) (int32, error) {
	sk, err := s.load(ctx, skaterID)
	if err != nil {
		return 0, err
	}
	if !sk.profile {
		// The original's texts for this route (no profile meant no active configuration).
		return 0, apperr.NoProfileError("No active skate config found", "Complete onboarding and choose a skate configuration first.")
	}
	in, err := checkSharpening(ctx, s.q, sk, b)
	if err != nil {
		return 0, err
	}
	blade, config := in.blade, (*uuid.UUID)(nil)
	switch {
	case blade == nil && sk.activeConfig == nil:
		return 0, &apperr.Error{Code: apperr.Conflict, ErrorText: "No active skate config found",
			Message: "Choose an active skate configuration, or name the blade (blade_id)."}
	case blade == nil && sk.activeBlade == nil:
		return 0, &apperr.Error{Code: apperr.Conflict, ErrorText: "Active skate config not found",
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
	id, err := s.q.InsertMaintenance(ctx, db.InsertMaintenanceParams{
		MDate: &in.day, MinutesOn: &in.minutesOn, Cost: in.cost, Location: in.location, Notes: in.notes,
		Roh: in.roh, PrefHours: pref, BladesID: blade, ConfigID: config, Skater: &sk.id,
	})
	if err != nil {
		return 0, fmt.Errorf("insert maintenance: %w", err)
	}
	return id, nil
}

// UpdateSharpening replaces one of the skater's own sharpenings; it keeps the blade unless the
// input names one.
func (s *Service) UpdateSharpening(ctx context.Context, skaterID uuid.UUID, id int32, b SharpeningInput) (Sharpening, error) {
	sk, err := s.load(ctx, skaterID)
	if err != nil {
		return Sharpening{}, err
	}
	blade, err := s.q.GetMaintenanceBlade(ctx, db.GetMaintenanceBladeParams{ID: id, Skater: &sk.id})
	if errors.Is(err, pgx.ErrNoRows) {
		return Sharpening{}, errNotFound("Maintenance record")
	}
	if err != nil {
		return Sharpening{}, fmt.Errorf("load maintenance: %w", err)
	}
	in, err := checkSharpening(ctx, s.q, sk, b)
	if err != nil {
		return Sharpening{}, err
	}
	if in.blade != nil {
		blade = in.blade
	}
	n, err := s.q.UpdateMaintenance(ctx, db.UpdateMaintenanceParams{
		MDate: &in.day, MinutesOn: &in.minutesOn, Cost: in.cost, Location: in.location, Notes: in.notes,
		Roh: in.roh, BladesID: blade, ID: id, Skater: &sk.id,
	})
	if err != nil {
		return Sharpening{}, fmt.Errorf("update maintenance: %w", err)
	}
	if n == 0 {
		return Sharpening{}, errNotFound("Maintenance record")
	}
	records, err := s.q.ListMaintenance(ctx, &sk.id)
	if err != nil {
		return Sharpening{}, fmt.Errorf("reload maintenance: %w", err)
	}
	for _, r := range records {
		if r.ID == id {
			return sharpening(r), nil
		}
	}
	return Sharpening{}, errNotFound("Maintenance record")
}

// DeleteSharpening deletes one of the skater's own sharpenings.
func (s *Service) DeleteSharpening(ctx context.Context, skaterID uuid.UUID, id int32) error {
	n, err := s.q.DeleteMaintenance(ctx, db.DeleteMaintenanceParams{ID: id, Skater: &skaterID})
	if err != nil {
		return fmt.Errorf("delete maintenance: %w", err)
	}
	if n == 0 {
		return errNotFound("Maintenance record")
	}
	return nil
}
