package lookups

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/money"
	"github.com/skatetrax/skatetrax-api/internal/skatetime"
)

// Service reads the reference lists.
type Service struct{ q *db.Queries }

// New builds the service.
func New(pool *pgxpool.Pool) *Service { return &Service{q: db.New(pool)} }

// Coach is one entry of the coach directory.
type Coach struct {
	ID          uuid.UUID
	First, Last *string
	// Rate is the hourly rate, exact to the cent; nil when none is stored.
	Rate *float64
	// IJSID and USFSAID are the coach's federation ids (public
	// credentials, the original sent them); nil when unknown.
	IJSID, USFSAID *int32
}

// IceType is a session type.
type IceType struct {
	ID   uuid.UUID
	Name *string
}

// Rink is a rink of the public directory.
type Rink struct {
	ID                                  uuid.UUID
	Name, Address, City, State, Country *string
	Zip                                 string
	URL, Phone, TZ, DataSource          *string
	Created                             *time.Time
}

// Club is a club of the directory.
type Club struct {
	ID   uuid.UUID
	Name *string
}

// Coaches lists the coach directory, or the one coach whose id is id ("" for all). Text that is
// not an id matches no coach. viewer is the logged-in skater: their private coaches join the list,
// nobody else's do; retired coaches answer only by id.
func (s *Service) Coaches(ctx context.Context, viewer *uuid.UUID, id string) ([]Coach, error) {
	var filter *uuid.UUID
	if raw := strings.TrimSpace(id); raw != "" {
		parsed, err := uuid.Parse(raw)
		if err != nil {
			return []Coach{}, nil
		}
		filter = &parsed
	}
	rows, err := s.q.ListCoaches(ctx, db.ListCoachesParams{CoachID: filter, Viewer: viewer})
	if err != nil {
		return nil, fmt.Errorf("list coaches: %w", err)
	}
	out := make([]Coach, 0, len(rows))
	for _, r := range rows {
		out = append(out, Coach{ID: r.CoachID, First: r.CoachFname, Last: r.CoachLname, Rate: money.Exact(r.CoachRate),
			IJSID: r.CoachIjsID, USFSAID: r.CoachUsfsaID})
	}
	return out, nil
}

// IceTypes lists the session types, Walk On first.
func (s *Service) IceTypes(ctx context.Context) ([]IceType, error) {
	rows, err := s.q.ListIceTypes(ctx)
	if err != nil {
		return nil, fmt.Errorf("list ice types: %w", err)
	}
	out := make([]IceType, 0, len(rows))
	for _, r := range rows {
		out = append(out, IceType{ID: r.IceTypeID, Name: r.IceType})
	}
	return out, nil
}

func errNoRinks() *apperr.Error {
	return &apperr.Error{Code: apperr.NotFound, ErrorText: "No rinks found", Message: "No rinks found"}
}

// Rinks lists the rinks of a state ("" for all), or the one rink whose id is id (one is then
// true). A filter that matches nothing is not found; so is text that is not an id (the original
// compared text). viewer (nil when anonymous) sees their private rinks too; retired rinks answer
// only by id.
func (s *Service) Rinks(ctx context.Context, viewer *uuid.UUID, state, id string) (rinks []Rink, one bool, err error) {
	params := db.ListRinksParams{Viewer: viewer}
	if state = strings.TrimSpace(state); state != "" {
		params.State = &state
	}
	if raw := strings.TrimSpace(id); raw != "" {
		parsed, err := uuid.Parse(raw)
		if err != nil {
			return nil, false, errNoRinks()
		}
		params.RinkID = &parsed
	}
	rows, err := s.q.ListRinks(ctx, params)
	if err != nil {
		return nil, false, fmt.Errorf("list rinks: %w", err)
	}
	if (params.State != nil || params.RinkID != nil) && len(rows) == 0 {
		return nil, false, errNoRinks()
	}
	if params.RinkID != nil {
		rows = rows[:1]
	}
	out := make([]Rink, 0, len(rows))
	for _, r := range rows {
		out = append(out, Rink{ID: r.RinkID, Name: r.RinkName, Address: r.RinkAddress, City: r.RinkCity,
			State: r.RinkState, Country: r.RinkCountry, Zip: r.RinkZip, URL: r.RinkUrl, Phone: r.RinkPhone,
			TZ: r.RinkTz, DataSource: r.DataSource, Created: skatetime.StoredUTC(r.DateCreated)})
	}
	return out, params.RinkID != nil, nil
}

// Clubs lists every club's id and name that is not retired; viewer sees their private clubs too.
func (s *Service) Clubs(ctx context.Context, viewer *uuid.UUID) ([]Club, error) {
	rows, err := s.q.ListClubs(ctx, viewer)
	if err != nil {
		return nil, fmt.Errorf("list clubs: %w", err)
	}
	out := make([]Club, 0, len(rows))
	for _, r := range rows {
		out = append(out, Club{ID: r.ClubID, Name: r.ClubName})
	}
	return out, nil
}
