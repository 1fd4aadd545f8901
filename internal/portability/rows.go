package portability

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

// columns lists a table's stored columns in order.
func columns(ctx context.Context, tx pgx.Tx, table string) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT attname::text FROM pg_attribute
		WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' AND attidentity = ''
		ORDER BY attnum`, table)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// insertSpec says how JSON rows become rows of one table.
type insertSpec struct {
	table string
	// skip are columns left to their defaults (serial keys, secrets).
	skip []string
	// set gives a column an SQL expression instead of the row's value; it may
	// use the row as r and the extra arguments from $2.
	set map[string]string
	// returning is a column to return per row (single-row inserts).
	returning string
}

func (sp insertSpec) sql(ctx context.Context, tx pgx.Tx, recordset bool) (string, error) {
	cols, err := columns(ctx, tx, sp.table)
	if err != nil {
		return "", fmt.Errorf("columns of %s: %w", sp.table, err)
	}
	skip := map[string]bool{}
	for _, c := range sp.skip {
		skip[c] = true
	}
	var names, exprs []string
	for _, c := range cols {
		if skip[c] {
			continue
		}
		q := pgx.Identifier{c}.Sanitize()
		names = append(names, q)
		if e, ok := sp.set[c]; ok {
			exprs = append(exprs, e)
		} else {
			exprs = append(exprs, "r."+q)
		}
	}
	fn := "jsonb_populate_record"
	if recordset {
		fn = "jsonb_populate_recordset"
	}
	q := fmt.Sprintf(`INSERT INTO %s (%s) SELECT %s FROM %s(NULL::%s, $1::jsonb) r`,
		sp.table, strings.Join(names, ", "), strings.Join(exprs, ", "), fn, sp.table)
	if sp.returning != "" {
		q += " RETURNING " + pgx.Identifier{sp.returning}.Sanitize()
	}
	return q, nil
}

// insertAll inserts every row of a JSON array in one statement.
func insertAll(ctx context.Context, tx pgx.Tx, sp insertSpec, rows json.RawMessage, args ...any) (int64, error) {
	if len(rows) == 0 || string(rows) == "null" || string(rows) == "[]" {
		return 0, nil
	}
	q, err := sp.sql(ctx, tx, true)
	if err != nil {
		return 0, err
	}
	tag, err := tx.Exec(ctx, q, append([]any{rows}, args...)...)
	if err != nil {
		return 0, rowError(sp.table, err)
	}
	return tag.RowsAffected(), nil
}

// rowError turns a constraint or type error caused by the data into a 4xx
// answer naming the table; anything else stays an internal error.
func rowError(table string, err error) error {
	var pg *pgconn.PgError
	if !errors.As(err, &pg) {
		return err
	}
	name := strings.Trim(table, `"`)
	switch {
	case pg.Code == "23505":
		return apperr.Newf(apperr.Conflict, "%s: a row with this id already exists on this installation (%s)", name, pg.ConstraintName)
	case pg.Code == "23503":
		return apperr.Newf(apperr.Invalid, "%s: a row refers to a record that is neither in the data nor on this installation (%s)", name, pg.ConstraintName)
	case strings.HasPrefix(pg.Code, "22") || pg.Code == "23502" || pg.Code == "23514":
		return apperr.Newf(apperr.Invalid, "%s: %s", name, pg.Message)
	}
	return err
}
