package database

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/skatetrax/skatetrax-api/gen/db"
)

// InTx runs fn in one read-write transaction: committed when fn returns nil,
// rolled back otherwise. It is the service's one transaction helper.
func InTx(ctx context.Context, pool *pgxpool.Pool, fn func(q *db.Queries) error) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return fn(db.New(tx)) })
}

// ReadTx runs fn in one read-only REPEATABLE READ transaction, so every query
// of a multi-query read sees the same snapshot and their numbers agree.
func ReadTx(ctx context.Context, pool *pgxpool.Pool, fn func(q *db.Queries) error) error {
	return pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly},
		func(tx pgx.Tx) error { return fn(db.New(tx)) })
}

// Ping checks that the database answers a query.
func Ping(ctx context.Context, pool *pgxpool.Pool) error {
	_, err := db.New(pool).Ping(ctx)
	return err
}
