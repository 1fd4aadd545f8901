package portability

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/skatetime"
)

// sessionColumns are the original tool's session CSV columns.
var sessionColumns = map[string]kind{
	"date": kTime, "ice_time": kMinutes, "coach_time": kMinutes, "ice_cost": kMoney, "coach_cost": kMoney,
	"skate_type": kUUID, "coach_id": kUUID, "rink_id": kUUID, "has_video": kFlag, "has_notes": kFlag,
	"uSkaterUUID": kUUID, "uSkaterConfig": kUUID, "uSkaterType": kInt,
}

// ignoredColumns are read past: serial ids (the database assigns new ones)
// and the informational columns of our own CSV export.
var ignoredColumns = map[string]bool{"ice_time_id": true, "id": true, "local_date": true, "ice_type": true,
	"coach_name": true, "rink_name": true}

// nullTokens are the values pandas read as missing; blank too.
var nullTokens = map[string]bool{"": true, "NA": true, "N/A": true, "NULL": true, "null": true, "NaN": true, "nan": true,
	"None": true, "#N/A": true, `\N`: true}

// RowResult is what happened to one data line of a CSV (Line counts the
// header as line 1).
type RowResult struct {
	Line    int
	Outcome string // imported, duplicate, refused
	Column  string
	Reason  string
}

func (r RowResult) String() string {
	if r.Outcome == Refused {
		return fmt.Sprintf("line %d: refused: %s: %s", r.Line, r.Column, r.Reason)
	}
	return fmt.Sprintf("line %d: %s", r.Line, r.Outcome)
}

type sessionLine struct {
	line int
	row  map[string]any
	bad  *RowResult
}

// readSessions parses a session CSV for one skater. A file-level problem
// (no header, no date column, an unknown column) is an error; a bad line is
// reported on that line and the others go on.
func readSessions(r io.Reader, skater uuid.UUID, loc *time.Location) ([]sessionLine, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, apperr.New(apperr.Invalid, "the file is empty: a header row is required")
	}
	if err != nil {
		return nil, apperr.Newf(apperr.Invalid, "line 1: %v", err)
	}
	hasDate := false
	for i, h := range header {
		h = strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")
		header[i] = h
		if _, ok := sessionColumns[h]; !ok && !ignoredColumns[h] {
			return nil, apperr.Newf(apperr.Invalid, "line 1: unknown column %q (known: date, ice_time, ice_cost, skate_type, coach_time, coach_id, coach_cost, has_video, has_notes, rink_id, uSkaterUUID, uSkaterConfig, uSkaterType)", h)
		}
		hasDate = hasDate || h == "date"
	}
	if !hasDate {
		return nil, apperr.New(apperr.Invalid, "line 1: the date column is required")
	}
	var out []sessionLine
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			out = append(out, sessionLine{line: line, bad: &RowResult{Line: line, Outcome: Refused, Column: "-", Reason: err.Error()}})
			continue
		}
		out = append(out, parseSession(line, header, rec, skater, loc))
	}
	return out, nil
}

func parseSession(line int, header, rec []string, skater uuid.UUID, loc *time.Location) sessionLine {
	refuse := func(col, reason string) sessionLine {
		return sessionLine{line: line, bad: &RowResult{Line: line, Outcome: Refused, Column: col, Reason: reason}}
	}
	if len(rec) != len(header) {
		return refuse("-", fmt.Sprintf("%d fields, the header has %d", len(rec), len(header)))
	}
	row := map[string]any{}
	for i, col := range header {
		k, known := sessionColumns[col]
		if !known {
			continue
		}
		raw := strings.TrimSpace(rec[i])
		if col == "date" {
			if raw == "" || raw == `\N` || strings.HasPrefix(raw, "0000-00-00") || strings.HasPrefix(raw, "0000/00/00") {
				return refuse(col, fmt.Sprintf("%q is not a date", raw))
			}
			t, dateOnly, err := parseWhen(raw)
			if err != nil {
				return refuse(col, err.Error())
			}
			if dateOnly {
				// The web app's rule: a day is the UTC instant of 00:00 that
				// day in the skater's zone.
				t = skatetime.StartOfDayUTC(skatetime.DateOf(t), loc)
			}
			row[col] = naive(t)
			continue
		}
		if nullTokens[raw] {
			if col == "uSkaterUUID" {
				return refuse(col, "is blank: a session must belong to the skater")
			}
			row[col] = nil
			continue
		}
		v, _, err := convert(k, raw)
		if err != nil {
			return refuse(col, err.Error())
		}
		if col == "uSkaterUUID" && v != skater.String() {
			return refuse(col, fmt.Sprintf("%s is another skater's id (this file is imported for %s)", v, skater))
		}
		row[col] = v
	}
	row["uSkaterUUID"] = skater.String()
	if _, ok := row["uSkaterType"]; !ok {
		row["uSkaterType"] = int64(1) // what the web app writes
	}
	if ice, ok := row["ice_time"].(int64); ok {
		if coach, ok := row["coach_time"].(int64); ok && coach > ice {
			return refuse("coach_time", "must not exceed ice_time")
		}
	}
	return sessionLine{line: line, row: row}
}

// refChecker answers whether a referenced id may be used by the skater.
type refChecker func(ctx context.Context, column, id string) (bool, error)

var sessionRefs = []string{"skate_type", "coach_id", "rink_id", "uSkaterConfig"}

func checkSessionRefs(ctx context.Context, l sessionLine, known refChecker) (*RowResult, error) {
	for _, col := range sessionRefs {
		id, ok := l.row[col].(string)
		if !ok {
			continue
		}
		good, err := known(ctx, col, id)
		if err != nil {
			return nil, err
		}
		if !good {
			return &RowResult{Line: l.line, Outcome: Refused, Column: col, Reason: fmt.Sprintf("%s is not on this installation (or not this skater's)", id)}, nil
		}
	}
	return nil, nil
}

// dbRefs checks references against the database inside tx.
func dbRefs(tx pgx.Tx, skater uuid.UUID) refChecker {
	queries := map[string]string{
		"skate_type":    `SELECT EXISTS (SELECT 1 FROM ice_type WHERE ice_type_id::text = $1 AND $2::uuid IS NOT NULL)`,
		"coach_id":      `SELECT EXISTS (SELECT 1 FROM coaches WHERE coach_id::text = $1 AND (owner_skater IS NULL OR owner_skater = $2))`,
		"rink_id":       `SELECT EXISTS (SELECT 1 FROM locations WHERE rink_id::text = $1 AND (owner_skater IS NULL OR owner_skater = $2))`,
		"club_id":       `SELECT EXISTS (SELECT 1 FROM club_directory WHERE club_id::text = $1 AND (owner_skater IS NULL OR owner_skater = $2))`,
		"card_type":     `SELECT EXISTS (SELECT 1 FROM ice_type WHERE ice_type_id::text = $1 AND $2::uuid IS NOT NULL)`,
		"uSkaterConfig": `SELECT EXISTS (SELECT 1 FROM "uSkateConfig" WHERE "sConfigID"::text = $1 AND "uSkaterUUID" = $2)`,
	}
	return func(ctx context.Context, column, id string) (bool, error) {
		q, ok := queries[column]
		if !ok {
			return false, fmt.Errorf("no reference check for %s", column)
		}
		var found bool
		err := tx.QueryRow(ctx, q, id, skater).Scan(&found)
		return found, err
	}
}

// SessionReport is the outcome of a session CSV import, line by line.
type SessionReport struct {
	Login                        string
	Rows                         []RowResult
	Imported, Duplicate, Refused int
}

func (r *SessionReport) add(res RowResult) {
	r.Rows = append(r.Rows, res)
	switch res.Outcome {
	case Imported:
		r.Imported++
	case Duplicate:
		r.Duplicate++
	default:
		r.Refused++
	}
}

// ImportSessions appends the sessions of a CSV in the original tool's
// format to the skater with this login. Valid lines are stored in one
// transaction; a line equal to a session the skater already has is skipped
// as a duplicate; a bad line is refused with its column and reason.
func (s *Service) ImportSessions(ctx context.Context, login string, r io.Reader) (SessionReport, error) {
	rep := SessionReport{Login: login}
	var userID int32
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var skater uuid.UUID
		var tz *string
		err := tx.QueryRow(ctx, `SELECT u.id, u."uSkaterUUID", p."uSkaterTZ" FROM "uAuthTable" u
			LEFT JOIN "uSkaterConfig" p ON p."uSkaterUUID" = u."uSkaterUUID" WHERE u."aLogin" = $1`, login).Scan(&userID, &skater, &tz)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.Newf(apperr.NotFound, "no user with login %q", login)
		}
		if err != nil {
			return err
		}
		if tz == nil {
			var ok bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM "uSkaterConfig" WHERE "uSkaterUUID" = $1)`, skater).Scan(&ok); err != nil {
				return err
			}
			if !ok {
				return apperr.Newf(apperr.Conflict, "%s has no skater profile yet (onboard first)", login)
			}
		}
		loc := time.UTC
		if tz != nil {
			loc = skatetime.ZoneOrUTC(*tz)
		}
		lines, err := readSessions(r, skater, loc)
		if err != nil {
			return err
		}
		return storeSessions(ctx, tx, lines, dbRefs(tx, skater), &rep)
	})
	if err != nil {
		return rep, err
	}
	s.record(ctx, EventImported, &userID, map[string]any{"via": "cli", "kind": "sessions", "imported": rep.Imported,
		"duplicate": rep.Duplicate, "refused": rep.Refused})
	return rep, nil
}

func storeSessions(ctx context.Context, tx pgx.Tx, lines []sessionLine, known refChecker, rep *SessionReport) error {
	for _, l := range lines {
		if l.bad != nil {
			rep.add(*l.bad)
			continue
		}
		bad, err := checkSessionRefs(ctx, l, known)
		if err != nil {
			return err
		}
		if bad != nil {
			rep.add(*bad)
			continue
		}
		outcome, err := storeRow(ctx, tx, "ice_time", "", "", l.row)
		if err != nil {
			if e, ok := apperr.As(err); ok {
				rep.add(RowResult{Line: l.line, Outcome: Refused, Column: "-", Reason: e.Message})
				return err
			}
			return err
		}
		rep.add(RowResult{Line: l.line, Outcome: outcome})
	}
	return nil
}
