// Package handlers implements the generated strict-server interface: one
// small struct per tag of api/openapi.yaml, each holding only the services
// its operations need, composed into Handlers. A handler maps the generated
// request to one service call and the result to the generated response: no
// SQL, no rule, no transaction (those live in the area's service package).
package handlers

import (
	"context"
	"log/slog"
	"time"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/internal/accounts"
	"github.com/skatetrax/skatetrax-api/internal/card"
	"github.com/skatetrax/skatetrax-api/internal/erasure"
	"github.com/skatetrax/skatetrax-api/internal/events"
	"github.com/skatetrax/skatetrax-api/internal/family"
	"github.com/skatetrax/skatetrax-api/internal/lookups"
	"github.com/skatetrax/skatetrax-api/internal/members"
	"github.com/skatetrax/skatetrax-api/internal/music"
	"github.com/skatetrax/skatetrax-api/internal/portability"
	"github.com/skatetrax/skatetrax-api/internal/reference"
)

// Handlers serves every operation of api/openapi.yaml.
type Handlers struct {
	*AuthHandlers
	*AdminHandlers
	*MemberHandlers
	*CardHandlers
	*EventHandlers
	*MusicHandlers
	*PublicHandlers
	*UtilsHandlers
	*FamilyHandlers
}

var _ api.StrictServerInterface = (*Handlers)(nil)

// Deps are what the handlers need.
type Deps struct {
	Logger      *slog.Logger
	Version     string
	Accounts    *accounts.Service
	SessionIdle time.Duration
	Members     *members.Service
	Lookups     *lookups.Service
	Card        *card.Service
	Events      *events.Service
	Music       *music.Service
	Family      *family.Service
	// Reference, Portability and Erasure: reference-data administration,
	// private coaches and rinks, export, account deletion (issue 14).
	Reference   *reference.Service
	Portability *portability.Service
	Erasure     *erasure.Service
	// Ping checks the database (health and readiness).
	Ping func(context.Context) error
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Draining reports that shutdown has begun (nil: never).
	Draining func() bool
}

// New builds the handlers.
func New(d Deps) *Handlers {
	now := d.Now
	if now == nil {
		now = time.Now
	}
	return &Handlers{
		AuthHandlers:   &AuthHandlers{accounts: d.Accounts, sessionIdle: d.SessionIdle, erasure: d.Erasure, logger: d.Logger},
		AdminHandlers:  &AdminHandlers{accounts: d.Accounts, now: now, reference: d.Reference},
		MemberHandlers: &MemberHandlers{members: d.Members, lookups: d.Lookups, reference: d.Reference, portability: d.Portability},
		CardHandlers:   &CardHandlers{card: d.Card},
		EventHandlers:  &EventHandlers{events: d.Events},
		MusicHandlers:  &MusicHandlers{music: d.Music},
		PublicHandlers: &PublicHandlers{lookups: d.Lookups},
		UtilsHandlers:  &UtilsHandlers{pingDB: d.Ping, logger: d.Logger, version: d.Version, draining: d.Draining},
		FamilyHandlers: &FamilyHandlers{family: d.Family, erasure: d.Erasure},
	}
}
