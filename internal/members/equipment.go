package members

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/database"
	"github.com/skatetrax/skatetrax-api/internal/ptr"
	"github.com/skatetrax/skatetrax-api/internal/skatetime"
	"github.com/skatetrax/skatetrax-api/internal/training"
)

// Equipment is the skater's configurations, boots and blades with the time on each.
type Equipment struct {
	Configs []Config
	// Active is the active configuration, nil when none is.
	Active *Config
	Boots  []Boots
	Blades []Blades
}

// Config is a boot+blade configuration.
type Config struct {
	ID                    uuid.UUID
	Created               *time.Time
	ActiveFlag, Type      *int32
	BootsID, BladesID     *uuid.UUID
	BootsName, BootsModel *string
	BladesName            *string
	BladesModel           *string
	IsActive              bool
	Hours                 float64
	Minutes               int64
}

// Boots are one pair of boots.
type Boots struct {
	ID                uuid.UUID
	Created           *time.Time
	PurchasedOn       *skatetime.Date
	Name, Model, Size *string
	Amount            *float64
	RetiredAt         *time.Time
	Hours             float64
	Minutes           int64
}

// Blades are one pair of blades.
type Blades struct {
	ID                uuid.UUID
	Created           *time.Time
	PurchasedOn       *skatetime.Date
	Name, Model, Size *string
	Amount            *float64
	RetiredAt         *time.Time
	Sharpenings       int64
	Hours             float64
	Minutes           int64
}

// GearInput is boots or blades as a client sends them.
type GearInput struct {
	Name        string
	Model, Size *string
	Amount      *float64
	PurchasedOn *string // YYYY-MM-DD; nil: today on create, kept on update
	Retired     *bool
}

// ConfigInput puts boots and blades together.
type ConfigInput struct {
	BootsID, BladesID uuid.UUID
	Type              *int32
	Active            *bool
}

// Equipment lists the skater's configurations, boots and blades.
func (s *Service) Equipment(ctx context.Context, skaterID uuid.UUID) (Equipment, error) {
	var out Equipment
	err := s.read(ctx, skaterID, func(q *db.Queries, sk skater) error {
		configs, err := q.ListConfigs(ctx, &sk.id)
		if err != nil {
			return fmt.Errorf("list configs: %w", err)
		}
		boots, err := q.ListBoots(ctx, &sk.id)
		if err != nil {
			return fmt.Errorf("list boots: %w", err)
		}
		blades, err := q.ListBlades(ctx, &sk.id)
		if err != nil {
			return fmt.Errorf("list blades: %w", err)
		}
		out.Configs = make([]Config, 0, len(configs))
		for _, c := range configs {
			sc := config(c, sk)
			if sc.IsActive {
				active := sc
				out.Active = &active
			}
			out.Configs = append(out.Configs, sc)
		}
		out.Boots = make([]Boots, 0, len(boots))
		for _, b := range boots {
			out.Boots = append(out.Boots, bootsOf(b, sk.loc))
		}
		out.Blades = make([]Blades, 0, len(blades))
		for _, b := range blades {
			out.Blades = append(out.Blades, bladesOf(b, sk.loc))
		}
		return nil
	})
	return out, err
}

func config(c db.ListConfigsRow, sk skater) Config {
	return Config{
		ID: c.SConfigID, Created: skatetime.StoredUTC(c.DateCreated), ActiveFlag: c.SActiveFlag,
		IsActive: sk.activeConfig != nil && *sk.activeConfig == c.SConfigID,
		Type:     c.SConfigType, BootsID: c.USkaterBootsID, BladesID: c.USkaterBladesID,
		BootsName: c.BootsName, BootsModel: c.BootsModel, BladesName: c.BladesName, BladesModel: c.BladesModel,
		Hours: training.Hours(c.Minutes), Minutes: c.Minutes,
	}
}

func bootsOf(b db.ListBootsRow, loc *time.Location) Boots {
	return Boots{
		ID: b.BootsID, Created: skatetime.StoredUTC(b.DateCreated), PurchasedOn: dayOf(b.DateCreated, loc),
		Name: b.BootsName, Model: b.BootsModel, Size: b.BootsSize,
		Amount: amount(b.BootsPurchaseAmount), RetiredAt: b.RetiredAt,
		Hours: training.Hours(b.Minutes), Minutes: b.Minutes,
	}
}

func bladesOf(b db.ListBladesRow, loc *time.Location) Blades {
	return Blades{
		ID: b.BladesID, Created: skatetime.StoredUTC(b.DateCreated), PurchasedOn: dayOf(b.DateCreated, loc),
		Name: b.BladesName, Model: b.BladesModel, Size: b.BladesSize,
		Amount: amount(b.BladesPurchaseAmount), RetiredAt: b.RetiredAt, Sharpenings: b.Sharpenings,
		Hours: training.Hours(b.Minutes), Minutes: b.Minutes,
	}
}

// gear is a checked boots or blades input.
type gear struct {
	name        string
	model, size *string
	amount      *float64
	purchased   *time.Time // nil: keep the stored day (updates only)
	retired     bool
}

// checkGear checks the fields boots and blades share; prefix names them ("boots" or "blades").
func checkGear(sk skater, prefix string, in GearInput, create bool) (gear, error) {
	g := gear{name: strings.TrimSpace(in.Name), model: in.Model, size: in.Size, retired: ptr.Deref(in.Retired)}
	if g.name == "" {
		return g, apperr.InvalidField("body", prefix+"Name", "must not be empty")
	}
	if in.Amount != nil {
		c, err := parseAmount(prefix+"PurchaseAmount", *in.Amount)
		if err != nil {
			return g, err
		}
		g.amount = storedAmount(c)
	}
	switch {
	case in.PurchasedOn != nil:
		d, err := parseDay("purchased_on", *in.PurchasedOn)
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

// gearKind is one kind of gear (boots or blades): its field prefix, its queries and its shape.
type gearKind[Out any] struct {
	prefix string // "boots" or "blades", for field names
	label  string // "Boots" or "Blades", for not-found messages
	insert func(ctx context.Context, q *db.Queries, g gear, skater *uuid.UUID) (uuid.UUID, error)
	update func(ctx context.Context, q *db.Queries, g gear, id uuid.UUID, skater *uuid.UUID) (int64, error)
	reload func(ctx context.Context, q *db.Queries, sk skater, id uuid.UUID) (Out, bool, error)
}

var bootsKind = gearKind[Boots]{
	prefix: "boots", label: "Boots",
	insert: func(ctx context.Context, q *db.Queries, g gear, skater *uuid.UUID) (uuid.UUID, error) {
		return q.InsertBoots(ctx, db.InsertBootsParams{DateCreated: g.purchased, Name: &g.name, Model: g.model,
			Size: g.size, Amount: g.amount, Skater: skater, Retired: g.retired})
	},
	update: func(ctx context.Context, q *db.Queries, g gear, id uuid.UUID, skater *uuid.UUID) (int64, error) {
		return q.UpdateBoots(ctx, db.UpdateBootsParams{DateCreated: g.purchased, Name: &g.name, Model: g.model,
			Size: g.size, Amount: g.amount, Retired: g.retired, ID: id, Skater: skater})
	},
	reload: func(ctx context.Context, q *db.Queries, sk skater, id uuid.UUID) (Boots, bool, error) {
		rows, err := q.ListBoots(ctx, &sk.id)
		for _, r := range rows {
			if r.BootsID == id {
				return bootsOf(r, sk.loc), true, nil
			}
		}
		return Boots{}, false, err
	},
}

var bladesKind = gearKind[Blades]{
	prefix: "blades", label: "Blades",
	insert: func(ctx context.Context, q *db.Queries, g gear, skater *uuid.UUID) (uuid.UUID, error) {
		return q.InsertBlades(ctx, db.InsertBladesParams{DateCreated: g.purchased, Name: &g.name, Model: g.model,
			Size: g.size, Amount: g.amount, Skater: skater, Retired: g.retired})
	},
	update: func(ctx context.Context, q *db.Queries, g gear, id uuid.UUID, skater *uuid.UUID) (int64, error) {
		return q.UpdateBlades(ctx, db.UpdateBladesParams{DateCreated: g.purchased, Name: &g.name, Model: g.model,
			Size: g.size, Amount: g.amount, Retired: g.retired, ID: id, Skater: skater})
	},
	reload: func(ctx context.Context, q *db.Queries, sk skater, id uuid.UUID) (Blades, bool, error) {
		rows, err := q.ListBlades(ctx, &sk.id)
		for _, r := range rows {
			if r.BladesID == id {
				return bladesOf(r, sk.loc), true, nil
			}
		}
		return Blades{}, false, err
	},
}

// create stores new gear and answers it as listed.
func createGear[Out any](ctx context.Context, s *Service, k gearKind[Out], skaterID uuid.UUID, in GearInput) (Out, error) {
	var zero Out
	sk, err := s.load(ctx, skaterID)
	if err == nil {
		err = sk.requireProfile()
	}
	if err != nil {
		return zero, err
	}
	g, err := checkGear(sk, k.prefix, in, true)
	if err != nil {
		return zero, err
	}
	id, err := k.insert(ctx, s.q, g, &sk.id)
	if err != nil {
		return zero, fmt.Errorf("insert %s: %w", k.label, err)
	}
	return oneGear(ctx, s.q, k, sk, id)
}

// replaceGear updates the skater's own gear; another skater's id is not found.
func replaceGear[Out any](ctx context.Context, s *Service, k gearKind[Out], skaterID, id uuid.UUID, in GearInput) (Out, error) {
	var zero Out
	sk, err := s.load(ctx, skaterID)
	if err != nil {
		return zero, err
	}
	g, err := checkGear(sk, k.prefix, in, false)
	if err != nil {
		return zero, err
	}
	n, err := k.update(ctx, s.q, g, id, &sk.id)
	if err != nil {
		return zero, fmt.Errorf("update %s: %w", k.label, err)
	}
	if n == 0 {
		return zero, errNotFound(k.label)
	}
	return oneGear(ctx, s.q, k, sk, id)
}

func oneGear[Out any](ctx context.Context, q *db.Queries, k gearKind[Out], sk skater, id uuid.UUID) (Out, error) {
	out, ok, err := k.reload(ctx, q, sk, id)
	if err != nil {
		return out, fmt.Errorf("reload %s: %w", k.label, err)
	}
	if !ok {
		return out, errNotFound(k.label)
	}
	return out, nil
}

// CreateBoots adds boots.
func (s *Service) CreateBoots(ctx context.Context, skaterID uuid.UUID, in GearInput) (Boots, error) {
	return createGear(ctx, s, bootsKind, skaterID, in)
}

// UpdateBoots replaces the details of the skater's own boots.
func (s *Service) UpdateBoots(ctx context.Context, skaterID, id uuid.UUID, in GearInput) (Boots, error) {
	return replaceGear(ctx, s, bootsKind, skaterID, id, in)
}

// CreateBlades adds blades.
func (s *Service) CreateBlades(ctx context.Context, skaterID uuid.UUID, in GearInput) (Blades, error) {
	return createGear(ctx, s, bladesKind, skaterID, in)
}

// UpdateBlades replaces the details of the skater's own blades.
func (s *Service) UpdateBlades(ctx context.Context, skaterID, id uuid.UUID, in GearInput) (Blades, error) {
	return replaceGear(ctx, s, bladesKind, skaterID, id, in)
}

// usableGear checks that boots or blades named in an input belong to the skater and are in use.
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

// CreateConfig puts boots and blades together; the first configuration, or one created with
// Active, becomes the active one.
func (s *Service) CreateConfig(ctx context.Context, skaterID uuid.UUID, in ConfigInput) (Config, error) {
	sk, err := s.load(ctx, skaterID)
	if err != nil {
		return Config{}, err
	}
	if err := sk.requireProfile(); err != nil {
		return Config{}, err
	}
	if err := usableGear("bootsID", func() (bool, error) {
		return s.q.GetBootsState(ctx, db.GetBootsStateParams{ID: in.BootsID, Skater: &sk.id})
	}); err != nil {
		return Config{}, err
	}
	if err := usableGear("bladesID", func() (bool, error) {
		return s.q.GetBladesState(ctx, db.GetBladesStateParams{ID: in.BladesID, Skater: &sk.id})
	}); err != nil {
		return Config{}, err
	}
	configType := int32(1)
	if in.Type != nil {
		configType = *in.Type
	}
	var id uuid.UUID
	err = database.InTx(ctx, s.pool, func(q *db.Queries) error {
		var err error
		id, err = q.InsertConfig(ctx, db.InsertConfigParams{Skater: &sk.id, BladesID: &in.BladesID, BootsID: &in.BootsID, ConfigType: &configType})
		if err != nil {
			return fmt.Errorf("insert config: %w", err)
		}
		if ptr.Deref(in.Active) || sk.activeConfig == nil {
			if _, err := q.SetActiveConfig(ctx, db.SetActiveConfigParams{ConfigID: &id, Skater: &sk.id}); err != nil {
				return fmt.Errorf("activate config: %w", err)
			}
			sk.activeConfig = &id
		}
		return nil
	})
	if err != nil {
		return Config{}, err
	}
	return oneConfig(ctx, s.q, sk, id)
}

// RetireConfig retires a configuration (retired) or puts it back in use; retiring the active
// one leaves the skater with none active.
func (s *Service) RetireConfig(ctx context.Context, skaterID, id uuid.UUID, retired bool) (Config, error) {
	sk, err := s.load(ctx, skaterID)
	if err != nil {
		return Config{}, err
	}
	flag := int32(1)
	if retired {
		flag = 0
	}
	err = database.InTx(ctx, s.pool, func(q *db.Queries) error {
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
		return Config{}, err
	}
	return oneConfig(ctx, s.q, sk, id)
}

// SetActiveConfig makes one of the skater's configurations the active one (and in use).
func (s *Service) SetActiveConfig(ctx context.Context, skaterID, id uuid.UUID) (Config, error) {
	sk, err := s.load(ctx, skaterID)
	if err != nil {
		return Config{}, err
	}
	if err := sk.requireProfile(); err != nil {
		return Config{}, err
	}
	if _, err := s.q.GetConfigState(ctx, db.GetConfigStateParams{ID: id, Skater: &sk.id}); errors.Is(err, pgx.ErrNoRows) {
		return Config{}, apperr.InvalidField("body", "sConfigID", "not one of your skate configurations")
	} else if err != nil {
		return Config{}, fmt.Errorf("check config: %w", err)
	}
	one := int32(1)
	err = database.InTx(ctx, s.pool, func(q *db.Queries) error {
		if _, err := q.SetConfigFlag(ctx, db.SetConfigFlagParams{Flag: &one, ID: id, Skater: &sk.id}); err != nil {
			return fmt.Errorf("set config flag: %w", err)
		}
		if _, err := q.SetActiveConfig(ctx, db.SetActiveConfigParams{ConfigID: &id, Skater: &sk.id}); err != nil {
			return fmt.Errorf("activate config: %w", err)
		}
		return nil
	})
	if err != nil {
		return Config{}, err
	}
	sk.activeConfig = &id
	return oneConfig(ctx, s.q, sk, id)
}

func oneConfig(ctx context.Context, q *db.Queries, sk skater, id uuid.UUID) (Config, error) {
	rows, err := q.ListConfigs(ctx, &sk.id)
	if err != nil {
		return Config{}, fmt.Errorf("reload configs: %w", err)
	}
	for _, r := range rows {
		if r.SConfigID == id {
			return config(r, sk), nil
		}
	}
	return Config{}, errNotFound("Skate configuration")
}
