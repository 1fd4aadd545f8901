package portability

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

// MaxDocumentBytes bounds an export document read for import.
const MaxDocumentBytes = 256 << 20

// Report says what an import stored, list by list.
type Report struct {
	Login string
	// Counts are rows stored per list.
	Counts map[string]int64
	// Reused are reference entries the installation already had; Created
	// the ones added for this skater only.
	Reused, Created int
}

// Lines renders the report for people.
func (r Report) Lines() []string {
	keys := make([]string, 0, len(r.Counts))
	for k := range r.Counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := []string{fmt.Sprintf("imported into %s: %d reference entries reused, %d created for this skater", r.Login, r.Reused, r.Created)}
	for _, k := range keys {
		if r.Counts[k] > 0 {
			out = append(out, fmt.Sprintf("  %-22s %d", k, r.Counts[k]))
		}
	}
	return out
}

type document map[string]json.RawMessage

func (d document) rows(key string) ([]map[string]any, error) {
	raw, ok := d[key]
	if !ok || string(raw) == "null" {
		return nil, nil
	}
	var rows []map[string]any
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, apperr.Newf(apperr.Invalid, "%s: not a list of rows", key)
	}
	return rows, nil
}

// ImportDocument loads an export document into the account with this login,
// which must hold no data yet (an onboarded profile without records is
// replaced). Everything is stored in one transaction or nothing is. UUIDs
// are kept; serial ids (sessions, sharpenings, memberships…) are new.
// Rinks, coaches and clubs the installation lacks are created for this
// skater only (an administrator may share them later).
func (s *Service) ImportDocument(ctx context.Context, login string, r io.Reader) (Report, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxDocumentBytes+1))
	if err != nil {
		return Report{}, fmt.Errorf("read document: %w", err)
	}
	if len(raw) > MaxDocumentBytes {
		return Report{}, apperr.Newf(apperr.TooLarge, "the document is larger than %d MiB", MaxDocumentBytes>>20)
	}
	var doc document
	if err := json.Unmarshal(raw, &doc); err != nil {
		return Report{}, apperr.Newf(apperr.Invalid, "not an export document: %v", err)
	}
	var format int
	if err := json.Unmarshal(doc["format"], &format); err != nil || format != Format {
		return Report{}, apperr.Newf(apperr.Invalid, "unsupported export format %s (this version reads %d)", string(doc["format"]), Format)
	}
	if err := checkLinks(doc); err != nil {
		return Report{}, err
	}
	rep := Report{Login: login, Counts: map[string]int64{}}
	var userID int32
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var skater uuid.UUID
		err := tx.QueryRow(ctx, `SELECT id, "uSkaterUUID" FROM "uAuthTable" WHERE "aLogin" = $1 FOR UPDATE`, login).Scan(&userID, &skater)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.Newf(apperr.NotFound, "no user with login %q (register the account first)", login)
		}
		if err != nil {
			return err
		}
		if err := requireEmpty(ctx, tx, skater); err != nil {
			return err
		}
		if err := checkSharedTypes(ctx, tx, doc); err != nil {
			return err
		}
		// The profile comes first (private entries hang off it), its club
		// once the clubs are in.
		var club struct {
			ID *uuid.UUID `json:"org_Club"`
		}
		if p := doc["profile"]; len(p) > 0 && string(p) != "null" {
			if err := json.Unmarshal(p, &club); err != nil {
				return apperr.New(apperr.Invalid, "profile: org_Club is not a UUID")
			}
			if _, err := tx.Exec(ctx, `DELETE FROM "uSkaterConfig" WHERE "uSkaterUUID" = $1`, skater); err != nil {
				return err
			}
			n, err := insertAll(ctx, tx, insertSpec{table: profileTable.name, skip: []string{"id", "share_token"},
				set: map[string]string{"uSkaterUUID": "$2::uuid", "org_Club": "NULL"}}, json.RawMessage("["+string(p)+"]"), skater)
			if err != nil {
				return err
			}
			rep.Counts["profile"] = n
		}
		if err := s.importReference(ctx, tx, doc, skater, &rep); err != nil {
			return err
		}
		if club.ID != nil {
			if _, err := tx.Exec(ctx, `UPDATE "uSkaterConfig" SET "org_Club" = $2 WHERE "uSkaterUUID" = $1`, skater, *club.ID); err != nil {
				return rowError("uSkaterConfig", err)
			}
		}
		sessions := map[float64]int32{}
		for _, t := range tables {
			n, err := s.importTable(ctx, tx, doc, t, skater, sessions)
			if err != nil {
				return err
			}
			rep.Counts[t.key] = n
		}
		return checkPrivateRefs(ctx, tx, skater)
	})
	if err != nil {
		return Report{}, err
	}
	s.record(ctx, EventImported, &userID, map[string]any{"via": "cli", "kind": "export"})
	return rep, nil
}

func requireEmpty(ctx context.Context, tx pgx.Tx, skater uuid.UUID) error {
	var held []string
	check := append([]table{}, tables...)
	check = append(check, table{key: "private rinks", name: "locations", owner: "owner_skater = $1"},
		table{key: "private coaches", name: "coaches", owner: "owner_skater = $1"},
		table{key: "private clubs", name: "club_directory", owner: "owner_skater = $1"})
	for _, t := range check {
		var n int64
		if err := tx.QueryRow(ctx, fmt.Sprintf(`SELECT count(*) FROM %s WHERE %s`, t.name, t.owner), skater).Scan(&n); err != nil {
			return fmt.Errorf("check %s: %w", t.key, err)
		}
		if n > 0 {
			held = append(held, fmt.Sprintf("%d %s", n, t.key))
		}
	}
	if len(held) > 0 {
		return apperr.Newf(apperr.Conflict, "the account already holds data (%s); an export is imported into an empty account only", strings.Join(held, ", "))
	}
	return nil
}

// importReference reuses the rinks, coaches and clubs this installation
// has and creates the others for the skater alone. Another skater's
// private entry is never reused.
func (s *Service) importReference(ctx context.Context, tx pgx.Tx, doc document, skater uuid.UUID, rep *Report) error {
	kinds := []struct {
		key, table, idCol string
		spec              insertSpec
	}{
		{"rinks", "locations", "rink_id", insertSpec{table: "locations", skip: []string{},
			set: map[string]string{"owner_skater": "$2::uuid"}}},
		{"coaches", "coaches", "coach_id", insertSpec{table: "coaches", skip: []string{"id", "uSkaterUUID"},
			set: map[string]string{"owner_skater": "$2::uuid"}}},
		// A club's home rink is kept only when this installation has it.
		{"clubs", "club_directory", "club_id", insertSpec{table: "club_directory",
			set: map[string]string{"owner_skater": "$2::uuid",
				"club_home_rink": `(SELECT l.rink_id FROM locations l WHERE l.rink_id = r.club_home_rink AND (l.owner_skater IS NULL OR l.owner_skater = $2::uuid))`}}},
	}
	for _, k := range kinds {
		rows, err := doc.rows(k.key)
		if err != nil {
			return err
		}
		var missing []map[string]any
		for _, row := range rows {
			id, err := uuid.Parse(fmt.Sprint(row[k.idCol]))
			if err != nil {
				return apperr.Newf(apperr.Invalid, "%s: %s %q is not a UUID", k.key, k.idCol, fmt.Sprint(row[k.idCol]))
			}
			var owner *uuid.UUID
			err = tx.QueryRow(ctx, fmt.Sprintf(`SELECT owner_skater FROM %s WHERE %s = $1`, k.table, k.idCol), id).Scan(&owner)
			switch {
			case errors.Is(err, pgx.ErrNoRows):
				missing = append(missing, row)
			case err != nil:
				return err
			case owner != nil && *owner != skater:
				return apperr.Newf(apperr.Conflict, "%s: %s belongs to another skater on this installation", k.key, id)
			default:
				rep.Reused++
			}
		}
		if len(missing) == 0 {
			continue
		}
		b, err := json.Marshal(missing)
		if err != nil {
			return err
		}
		n, err := insertAll(ctx, tx, k.spec, b, skater)
		if err != nil {
			return err
		}
		rep.Created += int(n)
	}
	return nil
}

// checkSharedTypes refuses a document naming ice types or event types this
// installation does not have (administrators manage those lists).
func checkSharedTypes(ctx context.Context, tx pgx.Tx, doc document) error {
	refs := []struct{ key, col, table, idCol string }{
		{"sessions", "skate_type", "ice_type", "ice_type_id"},
		{"punch_cards", "card_type", "ice_type", "ice_type_id"},
		{"tests", "test_type", "e_event_types", "id"},
		{"event_entries", "event_type", "e_event_types", "id"},
	}
	var missing []string
	for _, r := range refs {
		rows, err := doc.rows(r.key)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, row := range rows {
			v, ok := row[r.col].(string)
			if !ok || seen[v] {
				continue
			}
			seen[v] = true
			var exists bool
			if err := tx.QueryRow(ctx, fmt.Sprintf(`SELECT EXISTS (SELECT 1 FROM %s WHERE %s::text = $1)`, r.table, r.idCol), v).Scan(&exists); err != nil {
				return err
			}
			if !exists {
				missing = append(missing, fmt.Sprintf("%s %s (%s.%s)", r.table, v, r.key, r.col))
			}
		}
	}
	if len(missing) > 0 {
		return apperr.Newf(apperr.Invalid, "this installation lacks: %s; add them first (skatetrax or the admin API)", strings.Join(missing, ", "))
	}
	return nil
}

func (s *Service) importTable(ctx context.Context, tx pgx.Tx, doc document, t table, skater uuid.UUID, sessions map[float64]int32) (int64, error) {
	skip := append([]string{}, t.drop...)
	if t.serial != "" {
		skip = append(skip, t.serial)
	}
	cols, err := columns(ctx, tx, t.name)
	if err != nil {
		return 0, err
	}
	set := map[string]string{}
	for _, c := range cols {
		if c == "uSkaterUUID" {
			set[c] = "$2::uuid"
		}
	}
	sp := insertSpec{table: t.name, skip: skip, set: set}
	switch t.key {
	case "sessions":
		// One by one: punched sessions refer to the new serial ids.
		rows, err := doc.rows(t.key)
		if err != nil {
			return 0, err
		}
		sp.returning = "ice_time_id"
		q, err := sp.sql(ctx, tx, false)
		if err != nil {
			return 0, err
		}
		for _, row := range rows {
			old, _ := row["ice_time_id"].(float64)
			b, err := json.Marshal(row)
			if err != nil {
				return 0, err
			}
			var id int32
			if err := tx.QueryRow(ctx, q, b, skater).Scan(&id); err != nil {
				return 0, rowError(t.name, err)
			}
			sessions[old] = id
		}
		return int64(len(rows)), nil
	case "punched_sessions":
		rows, err := doc.rows(t.key)
		if err != nil {
			return 0, err
		}
		for _, row := range rows {
			if old, ok := row["session_id"].(float64); ok {
				id, ok := sessions[old]
				if !ok {
					return 0, apperr.Newf(apperr.Invalid, "punched_sessions: session %v is not in the document", old)
				}
				row["session_id"] = id
			}
		}
		b, err := json.Marshal(rows)
		if err != nil {
			return 0, err
		}
		return insertAll(ctx, tx, sp, b)
	}
	if _, ok := set["uSkaterUUID"]; ok {
		return insertAll(ctx, tx, sp, doc[t.key], skater)
	}
	return insertAll(ctx, tx, sp, doc[t.key])
}

// link is a reference from one list of the document to another.
type link struct{ child, col, parent, parentCol string }

// links are the references that must stay inside the document: without
// this check a crafted document could attach rows to another skater's
// event, entry, playlist or track.
var links = []link{
	{"skate_configs", "uSkaterBootsID", "boots", "bootsID"},
	{"skate_configs", "uSkaterBladesID", "blades", "bladesID"},
	{"sessions", "uSkaterConfig", "skate_configs", "sConfigID"},
	{"maintenance", "uSkaterBladesID", "blades", "bladesID"},
	{"maintenance", "uSkaterConfig", "skate_configs", "sConfigID"},
	{"punched_sessions", "punchcard_id", "punch_cards", "card_id"},
	{"punched_sessions", "session_id", "sessions", "ice_time_id"},
	{"tests", "uSkaterConfig", "skate_configs", "sConfigID"},
	{"events", "uSkaterConfig", "skate_configs", "sConfigID"},
	{"event_costs", "event_id", "events", "id"},
	{"event_entries", "event_id", "events", "id"},
	{"scores_6_0", "entry_id", "event_entries", "id"},
	{"scores_cjs", "entry_id", "event_entries", "id"},
	{"scores_ijs_components", "entry_id", "event_entries", "id"},
	{"scores_ijs_elements", "entry_id", "event_entries", "id"},
	{"deductions", "entry_id", "event_entries", "id"},
	{"results_imports", "event_id", "events", "id"},
	{"results_imports", "entry_id", "event_entries", "id"},
	{"playlist_tracks", "playlist_id", "playlists", "id"},
	{"playlist_tracks", "track_id", "tracks", "id"},
}

func checkLinks(doc document) error {
	ids := map[string]map[string]bool{}
	idsOf := func(key, col string) (map[string]bool, error) {
		k := key + "." + col
		if m, ok := ids[k]; ok {
			return m, nil
		}
		rows, err := doc.rows(key)
		if err != nil {
			return nil, err
		}
		m := map[string]bool{}
		for _, r := range rows {
			m[fmt.Sprint(r[col])] = true
		}
		ids[k] = m
		return m, nil
	}
	for _, l := range links {
		parents, err := idsOf(l.parent, l.parentCol)
		if err != nil {
			return err
		}
		rows, err := doc.rows(l.child)
		if err != nil {
			return err
		}
		for i, r := range rows {
			v, ok := r[l.col]
			if !ok || v == nil {
				continue
			}
			if !parents[fmt.Sprint(v)] {
				return apperr.Newf(apperr.Invalid, "%s[%d].%s names %v, which is not in %s", l.child, i, l.col, v, l.parent)
			}
		}
	}
	return nil
}

// checkPrivateRefs refuses records that name another skater's private
// coach, rink or club.
func checkPrivateRefs(ctx context.Context, tx pgx.Tx, skater uuid.UUID) error {
	var n int
	err := tx.QueryRow(ctx, `SELECT
	    (SELECT count(*) FROM ice_time i JOIN coaches c ON c.coach_id = i.coach_id
	      WHERE i."uSkaterUUID" = $1 AND c.owner_skater IS NOT NULL AND c.owner_skater <> $1)
	  + (SELECT count(*) FROM ice_time i JOIN locations l ON l.rink_id = i.rink_id
	      WHERE i."uSkaterUUID" = $1 AND l.owner_skater IS NOT NULL AND l.owner_skater <> $1)
	  + (SELECT count(*) FROM e_events e LEFT JOIN coaches c ON c.coach_id = e.coach_id
	      LEFT JOIN locations l ON l.rink_id = e.event_location LEFT JOIN club_directory d ON d.club_id = e.hosting_club
	      WHERE e."uSkaterUUID" = $1 AND (c.owner_skater <> $1 OR l.owner_skater <> $1 OR d.owner_skater <> $1))
	  + (SELECT count(*) FROM maintenance m JOIN locations l ON l.rink_id = m.m_location
	      WHERE m."uSkaterUUID" = $1 AND l.owner_skater IS NOT NULL AND l.owner_skater <> $1)`, skater).Scan(&n)
	if err != nil {
		return err
	}
	if n > 0 {
		return apperr.New(apperr.Conflict, "the document names another skater's private coach, rink or club")
	}
	return nil
}
