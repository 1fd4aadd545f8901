// Package handlers implements the generated strict-server interface. Each
// file holds the operations of one tag; handlers stay thin: read the request,
// call the queries or a domain package, map the result to generated types.
package handlers

import (
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/accounts"
	"github.com/skatetrax/skatetrax-api/internal/card"
	"github.com/skatetrax/skatetrax-api/internal/events"
	"github.com/skatetrax/skatetrax-api/internal/music"
)

// Handlers serves every operation of api/openapi.yaml.
type Handlers struct {
	pool        *pgxpool.Pool
	q           *db.Queries
	logger      *slog.Logger
	version     string
	accounts    *accounts.Service
	sessionIdle time.Duration
	card        *card.Service
	events      *events.Service
	music       *music.Service
}

var _ api.StrictServerInterface = (*Handlers)(nil)

// Deps are what the handlers need.
type Deps struct {
	Pool        *pgxpool.Pool
	Logger      *slog.Logger
	Version     string
	Accounts    *accounts.Service
	SessionIdle time.Duration
	Card        *card.Service
	Events      *events.Service
	Music       *music.Service
}

// New builds the handlers.
func New(d Deps) *Handlers {
	return &Handlers{pool: d.Pool, q: db.New(d.Pool), logger: d.Logger, version: d.Version,
		accounts: d.Accounts, sessionIdle: d.SessionIdle, card: d.Card, events: d.Events, music: d.Music}
}
