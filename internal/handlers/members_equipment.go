package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/skatetime"
	"github.com/skatetrax/skatetrax-api/internal/training"
)

// GetEquipment lists the skater's configurations, boots and blades with the time on each.
func (h *Handlers) GetEquipment(ctx context.Context, _ api.GetEquipmentRequestObject) (api.GetEquipmentResponseObject, error) {
	sk, err := h.loadSkater(ctx)
	if err != nil {
		return nil, err
	}
	configs, err := h.q.ListConfigs(ctx, &sk.id)
	if err != nil {
		return nil, fmt.Errorf("list configs: %w", err)
	}
	boots, err := h.q.ListBoots(ctx, &sk.id)
	if err != nil {
		return nil, fmt.Errorf("list boots: %w", err)
	}
	blades, err := h.q.ListBlades(ctx, &sk.id)
	if err != nil {
		return nil, fmt.Errorf("list blades: %w", err)
	}
	out := api.GetEquipment200JSONResponse{
		Configs: make([]api.SkateConfig, 0, len(configs)),
		Boots:   make([]api.Boots, 0, len(boots)),
		Blades:  make([]api.Blades, 0, len(blades)),
	}
	for _, c := range configs {
		sc := skateConfig(c, sk)
		if sc.IsActive {
			out.ActiveConfig = &api.ActiveConfig{
				SConfigID: sc.SConfigID, DateCreated: sc.DateCreated, BootsName: sc.BootsName,
				BootsModel: sc.BootsModel, BladesName: sc.BladesName, BladesModel: sc.BladesModel,
			}
		}
		out.Configs = append(out.Configs, sc)
	}
	for _, b := range boots {
		out.Boots = append(out.Boots, bootsOut(b, sk.loc))
	}
	for _, b := range blades {
		out.Blades = append(out.Blades, bladesOut(b, sk.loc))
	}
	return out, nil
}

func skateConfig(c db.ListConfigsRow, sk skater) api.SkateConfig {
	return api.SkateConfig{
		SConfigID: c.SConfigID, DateCreated: utcPtr(c.DateCreated), SActiveFlag: c.SActiveFlag,
		IsActive:    sk.activeConfig != nil && *sk.activeConfig == c.SConfigID,
		SConfigType: c.SConfigType, BootsID: apiUUID(c.USkaterBootsID), BladesID: apiUUID(c.USkaterBladesID),
		BootsName: c.BootsName, BootsModel: c.BootsModel, BladesName: c.BladesName, BladesModel: c.BladesModel,
		Hours: training.Hours(c.Minutes), Minutes: c.Minutes,
	}
}

func bootsOut(b db.ListBootsRow, loc *time.Location) api.Boots {
	return api.Boots{
		BootsID: b.BootsID, DateCreated: utcPtr(b.DateCreated), PurchasedOn: dayOf(b.DateCreated, loc),
		BootsName: b.BootsName, BootsModel: b.BootsModel, BootsSize: b.BootsSize,
		BootsPurchaseAmount: amount(b.BootsPurchaseAmount), RetiredAt: b.RetiredAt,
		Hours: training.Hours(b.Minutes), Minutes: b.Minutes,
	}
}

func bladesOut(b db.ListBladesRow, loc *time.Location) api.Blades {
	return api.Blades{
		BladesID: b.BladesID, DateCreated: utcPtr(b.DateCreated), PurchasedOn: dayOf(b.DateCreated, loc),
		BladesName: b.BladesName, BladesModel: b.BladesModel, BladesSize: b.BladesSize,
		BladesPurchaseAmount: amount(b.BladesPurchaseAmount), RetiredAt: b.RetiredAt, Sharpenings: b.Sharpenings,
		Hours: training.Hours(b.Minutes), Minutes: b.Minutes,
	}
}

// gear is a checked boots or blades body.
type gear struct {
	name        string
	model, size *string
	amount      *float64
	purchased   *time.Time // nil: keep the stored day (updates only)
	retired     bool
}

// gearInput checks the fields boots and blades share; prefix names them ("boots" or "blades").
func gearInput(sk skater, prefix, name string, model, size *string, amt *float64, purchasedOn *string, retired *bool, create bool) (gear, error) {
	g := gear{name: strings.TrimSpace(name), model: model, size: size, retired: deref(retired)}
	if g.name == "" {
		return g, apperr.InvalidField("body", prefix+"Name", "must not be empty")
	}
	if amt != nil {
		c, err := parseAmount(prefix+"PurchaseAmount", *amt)
		if err != nil {
			return g, err
		}
		g.amount = storedAmount(c)
	}
	switch {
	case purchasedOn != nil:
		d, err := parseDay("purchased_on", *purchasedOn)
		if err != nil {
			return g, err
		}
		t := skatetime.StartOfDayUTC(d, sk.loc)
		g.purchased = &t
	case create:
		t := skatetime.StartOfDayUTC(sk.today, sk.loc)
		g.purchased = &t
	}
	return g, nil
}

// gearKind is one kind of gear (boots or blades): its queries and its wire shape.
type gearKind[Out any] struct {
	label  string // "Boots" or "Blades", for not-found messages
	insert func(ctx context.Context, g gear, skater *uuid.UUID) (uuid.UUID, error)
	update func(ctx context.Context, g gear, id uuid.UUID, skater *uuid.UUID) (int64, error)
	reload func(ctx context.Context, sk skater, id uuid.UUID) (Out, bool, error)
}

// create stores new gear and answers it as listed.
func (k gearKind[Out]) create(ctx context.Context, sk skater, g gear) (Out, error) {
	var zero Out
	id, err := k.insert(ctx, g, &sk.id)
	if err != nil {
		return zero, fmt.Errorf("insert %s: %w", k.label, err)
	}
	return k.one(ctx, sk, id)
}

// replace updates the skater's own gear; another skater's id is not found.
func (k gearKind[Out]) replace(ctx context.Context, sk skater, id uuid.UUID, g gear) (Out, error) {
	var zero Out
	n, err := k.update(ctx, g, id, &sk.id)
	if err != nil {
		return zero, fmt.Errorf("update %s: %w", k.label, err)
	}
	if n == 0 {
		return zero, errNotFound(k.label)
	}
	return k.one(ctx, sk, id)
}

func (k gearKind[Out]) one(ctx context.Context, sk skater, id uuid.UUID) (Out, error) {
	out, ok, err := k.reload(ctx, sk, id)
	if err != nil {
		return out, fmt.Errorf("reload %s: %w", k.label, err)
	}
	if !ok {
		return out, errNotFound(k.label)
	}
	return out, nil
}

func (h *Handlers) bootsKind() gearKind[api.Boots] {
	return gearKind[api.Boots]{
		label: "Boots",
		insert: func(ctx context.Context, g gear, skater *uuid.UUID) (uuid.UUID, error) {
			return h.q.InsertBoots(ctx, db.InsertBootsParams{DateCreated: g.purchased, Name: &g.name, Model: g.model,
				Size: g.size, Amount: g.amount, Skater: skater, Retired: g.retired})
		},
		update: func(ctx context.Context, g gear, id uuid.UUID, skater *uuid.UUID) (int64, error) {
			return h.q.UpdateBoots(ctx, db.UpdateBootsParams{DateCreated: g.purchased, Name: &g.name, Model: g.model,
				Size: g.size, Amount: g.amount, Retired: g.retired, ID: id, Skater: skater})
		},
		reload: func(ctx context.Context, sk skater, id uuid.UUID) (api.Boots, bool, error) {
			rows, err := h.q.ListBoots(ctx, &sk.id)
			for _, r := range rows {
				if r.BootsID == id {
					return bootsOut(r, sk.loc), true, nil
				}
			}
			return api.Boots{}, false, err
		},
	}
}

func (h *Handlers) bladesKind() gearKind[api.Blades] {
	return gearKind[api.Blades]{
		label: "Blades",
		insert: func(ctx context.Context, g gear, skater *uuid.UUID) (uuid.UUID, error) {
			return h.q.InsertBlades(ctx, db.InsertBladesParams{DateCreated: g.purchased, Name: &g.name, Model: g.model,
				Size: g.size, Amount: g.amount, Skater: skater, Retired: g.retired})
		},
		update: func(ctx context.Context, g gear, id uuid.UUID, skater *uuid.UUID) (int64, error) {
			return h.q.UpdateBlades(ctx, db.UpdateBladesParams{DateCreated: g.purchased, Name: &g.name, Model: g.model,
				Size: g.size, Amount: g.amount, Retired: g.retired, ID: id, Skater: skater})
		},
		reload: func(ctx context.Context, sk skater, id uuid.UUID) (api.Blades, bool, error) {
			rows, err := h.q.ListBlades(ctx, &sk.id)
			for _, r := range rows {
				if r.BladesID == id {
					return bladesOut(r, sk.loc), true, nil
				}
			}
			return api.Blades{}, false, err
		},
	}
}

// CreateBoots adds boots.
func (h *Handlers) CreateBoots(ctx context.Context, req api.CreateBootsRequestObject) (api.CreateBootsResponseObject, error) {
	sk, err := h.loadSkater(ctx)
	if err == nil {
		err = sk.requireProfile()
	}
	if err != nil {
		return nil, err
	}
	b := req.Body
	g, err := gearInput(sk, "boots", b.BootsName, b.BootsModel, b.BootsSize, b.BootsPurchaseAmount, b.PurchasedOn, b.Retired, true)
	if err != nil {
		return nil, err
	}
	out, err := h.bootsKind().create(ctx, sk, g)
	return api.CreateBoots201JSONResponse(out), err
}

// UpdateBoots replaces the details of the skater's own boots.
func (h *Handlers) UpdateBoots(ctx context.Context, req api.UpdateBootsRequestObject) (api.UpdateBootsResponseObject, error) {
	sk, err := h.loadSkater(ctx)
	if err != nil {
		return nil, err
	}
	b := req.Body
	g, err := gearInput(sk, "boots", b.BootsName, b.BootsModel, b.BootsSize, b.BootsPurchaseAmount, b.PurchasedOn, b.Retired, false)
	if err != nil {
		return nil, err
	}
	out, err := h.bootsKind().replace(ctx, sk, uuid.UUID(req.BootsId), g)
	return api.UpdateBoots200JSONResponse(out), err
}

// CreateBlades adds blades.
func (h *Handlers) CreateBlades(ctx context.Context, req api.CreateBladesRequestObject) (api.CreateBladesResponseObject, error) {
	sk, err := h.loadSkater(ctx)
	if err == nil {
		err = sk.requireProfile()
	}
	if err != nil {
		return nil, err
	}
	b := req.Body
	g, err := gearInput(sk, "blades", b.BladesName, b.BladesModel, b.BladesSize, b.BladesPurchaseAmount, b.PurchasedOn, b.Retired, true)
	if err != nil {
		return nil, err
	}
	out, err := h.bladesKind().create(ctx, sk, g)
	return api.CreateBlades201JSONResponse(out), err
}

// UpdateBlades replaces the details of the skater's own blades.
func (h *Handlers) UpdateBlades(ctx context.Context, req api.UpdateBladesRequestObject) (api.UpdateBladesResponseObject, error) {
	sk, err := h.loadSkater(ctx)
	if err != nil {
		return nil, err
	}
	b := req.Body
	g, err := gearInput(sk, "blades", b.BladesName, b.BladesModel, b.BladesSize, b.BladesPurchaseAmount, b.PurchasedOn, b.Retired, false)
	if err != nil {
		return nil, err
	}
	out, err := h.bladesKind().replace(ctx, sk, uuid.UUID(req.BladesId), g)
	return api.UpdateBlades200JSONResponse(out), err
}

// usableGear checks that boots or blades named in a body belong to the skater and are in use.
func usableGear(field string, state func() (bool, error)) error {
	retired, err := state()
	if errors.Is(err, pgx.ErrNoRows) {
		return apperr.InvalidField("body", field, "not one of your "+strings.TrimSuffix(field, "ID"))
	}
	if err != nil {
		return fmt.Errorf("check %s: %w", field, err)
	}
	if retired {
		return apperr.InvalidField("body", field, "is retired; put it back in use first")
	}
	return nil
}

// CreateSkateConfig puts boots and blades together; the first configuration, or one created with
// active, becomes the active one.
func (h *Handlers) CreateSkateConfig(ctx context.Context, req api.CreateSkateConfigRequestObject) (api.CreateSkateConfigResponseObject, error) {
	sk, err := h.loadSkater(ctx)
	if err != nil {
		return nil, err
	}
	if err := sk.requireProfile(); err != nil {
		return nil, err
	}
	b := req.Body
	bootsID, bladesID := uuid.UUID(b.BootsID), uuid.UUID(b.BladesID)
	if err := usableGear("bootsID", func() (bool, error) {
		return h.q.GetBootsState(ctx, db.GetBootsStateParams{ID: bootsID, Skater: &sk.id})
	}); err != nil {
		return nil, err
	}
	if err := usableGear("bladesID", func() (bool, error) {
		return h.q.GetBladesState(ctx, db.GetBladesStateParams{ID: bladesID, Skater: &sk.id})
	}); err != nil {
		return nil, err
	}
	configType := int32(1)
	if b.SConfigType != nil {
		configType = int32(*b.SConfigType)
	}
	var id uuid.UUID
	err = h.inTx(ctx, func(q *db.Queries) error {
		var err error
		id, err = q.InsertConfig(ctx, db.InsertConfigParams{Skater: &sk.id, BladesID: &bladesID, BootsID: &bootsID, ConfigType: &configType})
		if err != nil {
			return fmt.Errorf("insert config: %w", err)
		}
		if deref(b.Active) || sk.activeConfig == nil {
			if _, err := q.SetActiveConfig(ctx, db.SetActiveConfigParams{ConfigID: &id, Skater: &sk.id}); err != nil {
				return fmt.Errorf("activate config: %w", err)
			}
			sk.activeConfig = &id
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out, err := h.oneConfig(ctx, sk, id)
	if err != nil {
		return nil, err
	}
	return api.CreateSkateConfig201JSONResponse(out), nil
}

// UpdateSkateConfig retires a configuration or puts it back in use.
func (h *Handlers) UpdateSkateConfig(ctx context.Context, req api.UpdateSkateConfigRequestObject) (api.UpdateSkateConfigResponseObject, error) {
	sk, err := h.loadSkater(ctx)
	if err != nil {
		return nil, err
	}
	id := uuid.UUID(req.ConfigId)
	flag := int32(1)
	if req.Body.Retired {
		flag = 0
	}
	err = h.inTx(ctx, func(q *db.Queries) error {
		n, err := q.SetConfigFlag(ctx, db.SetConfigFlagParams{Flag: &flag, ID: id, Skater: &sk.id})
		if err != nil {
			return fmt.Errorf("set config flag: %w", err)
		}
		if n == 0 {
			return errNotFound("Skate configuration")
		}
		if flag == 0 && sk.activeConfig != nil && *sk.activeConfig == id {
			if _, err := q.SetActiveConfig(ctx, db.SetActiveConfigParams{ConfigID: nil, Skater: &sk.id}); err != nil {
				return fmt.Errorf("clear active config: %w", err)
			}
			sk.activeConfig = nil
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out, err := h.oneConfig(ctx, sk, id)
	if err != nil {
		return nil, err
	}
	return api.UpdateSkateConfig200JSONResponse(out), nil
}

// SetActiveSkateConfig makes one of the skater's configurations the active one.
func (h *Handlers) SetActiveSkateConfig(ctx context.Context, req api.SetActiveSkateConfigRequestObject) (api.SetActiveSkateConfigResponseObject, error) {
	sk, err := h.loadSkater(ctx)
	if err != nil {
		return nil, err
	}
	if err := sk.requireProfile(); err != nil {
		return nil, err
	}
	id := uuid.UUID(req.Body.SConfigID)
	if _, err := h.q.GetConfigState(ctx, db.GetConfigStateParams{ID: id, Skater: &sk.id}); errors.Is(err, pgx.ErrNoRows) {
		return nil, apperr.InvalidField("body", "sConfigID", "not one of your skate configurations")
	} else if err != nil {
		return nil, fmt.Errorf("check config: %w", err)
	}
	one := int32(1)
	err = h.inTx(ctx, func(q *db.Queries) error {
		if _, err := q.SetConfigFlag(ctx, db.SetConfigFlagParams{Flag: &one, ID: id, Skater: &sk.id}); err != nil {
			return fmt.Errorf("set config flag: %w", err)
		}
		if _, err := q.SetActiveConfig(ctx, db.SetActiveConfigParams{ConfigID: &id, Skater: &sk.id}); err != nil {
			return fmt.Errorf("activate config: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sk.activeConfig = &id
	out, err := h.oneConfig(ctx, sk, id)
	if err != nil {
		return nil, err
	}
	return api.SetActiveSkateConfig200JSONResponse(out), nil
}

func (h *Handlers) oneConfig(ctx context.Context, sk skater, id uuid.UUID) (api.SkateConfig, error) {
	rows, err := h.q.ListConfigs(ctx, &sk.id)
	if err != nil {
		return api.SkateConfig{}, fmt.Errorf("reload configs: %w", err)
	}
	for _, r := range rows {
		if r.SConfigID == id {
			return skateConfig(r, sk), nil
		}
	}
	return api.SkateConfig{}, errNotFound("Skate configuration")
}

// inTx runs f in one transaction.
func (h *Handlers) inTx(ctx context.Context, f func(q *db.Queries) error) error {
	return pgx.BeginFunc(ctx, h.pool, func(tx pgx.Tx) error { return f(h.q.WithTx(tx)) })
}
