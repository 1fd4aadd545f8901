package testdb

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// queryTimeout bounds each helper query, so a wedged database fails the test
// instead of hanging it.
const queryTimeout = 30 * time.Second

// Querier is what the helpers need: a pool, a connection or a transaction.
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Row is a one-row query whose Scan fails the test on any error, so a broken
// query (or a missing row) cannot pass for "nothing was written".
type Row struct {
	t    testing.TB
	q    Querier
	sql  string
	args []any
}

// QueryRow prepares sql for Scan; nothing runs until Scan is called.
func QueryRow(t testing.TB, q Querier, sql string, args ...any) Row {
	return Row{t: t, q: q, sql: sql, args: args}
}

// Scan runs the query and copies its one row into dest, failing the test
// when the query fails or returns no row.
func (r Row) Scan(dest ...any) {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
	defer cancel()
	if err := r.q.QueryRow(ctx, r.sql, r.args...).Scan(dest...); err != nil {
		r.t.Fatalf("query %s: %v", r.sql, err)
	}
}

// Int runs a query returning one integer (a count, a sum) and returns it.
func Int(t testing.TB, q Querier, sql string, args ...any) int {
	t.Helper()
	var n int
	QueryRow(t, q, sql, args...).Scan(&n)
	return n
}

// Column runs a query returning one column and returns its values in order,
// failing the test on any error.
func Column[T any](t testing.TB, q Querier, sql string, args ...any) []T {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
	defer cancel()
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		t.Fatalf("query %s: %v", sql, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[T])
	if err != nil {
		t.Fatalf("query %s: %v", sql, err)
	}
	return out
}

// Exec runs a statement and fails the test on error; it returns the number
// of rows the statement affected.
func Exec(t testing.TB, q Querier, sql string, args ...any) int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
	defer cancel()
	tag, err := q.Exec(ctx, sql, args...)
	if err != nil {
		t.Fatalf("exec %s: %v", sql, err)
	}
	return tag.RowsAffected()
}
