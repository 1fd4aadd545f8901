package portability

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

// Outcomes of storing one row.
const (
	Imported  = "imported"
	Duplicate = "duplicate"
	Refused   = "refused"
)

// storeRow inserts row into table unless it is already there: by its key
// column when it has one (owner must match), otherwise when a row of the
// same owner is equal in every column the file gives. Re-running an import
// therefore changes nothing.
func storeRow(ctx context.Context, tx pgx.Tx, table, key, ownerCol string, row map[string]any) (string, error) {
	b, err := json.Marshal(row)
	if err != nil {
		return "", err
	}
	cols := make([]string, 0, len(row))
	for c := range row {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	if key != "" {
		sel := "NULL::text"
		if ownerCol != "" {
			sel = pgx.Identifier{ownerCol}.Sanitize() + "::text"
		}
		var owner *string
		err := tx.QueryRow(ctx, fmt.Sprintf(`SELECT %s FROM %s WHERE %s::text = $1`, sel, table, pgx.Identifier{key}.Sanitize()),
			fmt.Sprint(row[key])).Scan(&owner)
		switch {
		case err == nil:
			if ownerCol != "" && (owner == nil || *owner != fmt.Sprint(row[ownerCol])) {
				return "", apperr.Newf(apperr.Conflict, "%s %s %v belongs to someone else", strings.Trim(table, `"`), key, row[key])
			}
			return Duplicate, nil
		case !errors.Is(err, pgx.ErrNoRows):
			return "", err
		}
	} else {
		conds := make([]string, 0, len(cols))
		for _, c := range cols {
			q := pgx.Identifier{c}.Sanitize()
			conds = append(conds, "e."+q+" IS NOT DISTINCT FROM r."+q)
		}
		var dup bool
		err := tx.QueryRow(ctx, fmt.Sprintf(`SELECT EXISTS (SELECT 1 FROM %s e, jsonb_populate_record(NULL::%s, $1::jsonb) r WHERE %s)`,
			table, table, strings.Join(conds, " AND ")), b).Scan(&dup)
		if err != nil {
			return "", rowError(table, err)
		}
		if dup {
			return Duplicate, nil
		}
	}
	quoted := make([]string, len(cols))
	exprs := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = pgx.Identifier{c}.Sanitize()
		exprs[i] = "r." + quoted[i]
	}
	_, err = tx.Exec(ctx, fmt.Sprintf(`INSERT INTO %s (%s) SELECT %s FROM jsonb_populate_record(NULL::%s, $1::jsonb) r`,
		table, strings.Join(quoted, ", "), strings.Join(exprs, ", "), table), b)
	if err != nil {
		return "", rowError(table, err)
	}
	return Imported, nil
}
