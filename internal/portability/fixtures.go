package portability

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"gopkg.in/yaml.v3"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/auth/password"
	"github.com/skatetrax/skatetrax-api/internal/skatetime"
)

// A fixture folder is laid out like the original admin tool's fixtures/:
//
//	DIR/pooled/coaches.yaml, locations.yaml, clubs.yaml   shared reference data
//	DIR/users/<name>/auth.yaml, profile.yaml, equipment.yaml,
//	                 memberships.yaml, maintenance.yaml     one skater each
//	DIR/sessions/<name>/*.csv, or ../sessions/<name>/*.csv beside DIR
//	                                                       that skater's sessions
//
// pooled/ice_types.yaml and skater_roles.yaml are never read (the original
// ignores them too: the seed owns ice types, roles live in the role table).

// Columns of each fixture file (the original's YAML keys) and how they are read.
var (
	coachKeys = map[string]kind{"coach_id": kID, "coach_Fname": kText, "coach_Lname": kText, "coach_rate": kMoney,
		"coach_phone": kPhone, "coach_email": kText, "coach_ijs_id": kInt, "coach_usfsa_id": kInt, "uSkaterUUID": kUUID}
	rinkKeys = map[string]kind{"rink_id": kID, "rink_name": kText, "rink_address": kText, "rink_city": kText,
		"rink_state": kText, "rink_country": kText, "rink_zip": kZip, "rink_url": kText, "rink_phone": kPhone,
		"rink_tz": kZone, "data_source": kText, "date_created": kTime}
	clubKeys    = map[string]kind{"club_id": kID, "club_name": kText, "club_home_rink": kUUID, "club_cost": kMoney}
	profileKeys = map[string]kind{"date_created": kTime, "uSkaterFname": kText, "uSkaterMname": kText, "uSkaterLname": kText,
		"uSkaterZip": kZip, "uSkaterCity": kText, "uSkaterState": kText, "uSkaterCountry": kText, "uSkaterTZ": kZone,
		"uSkaterComboIce": kUUID, "uSkaterComboOff": kUUID, "uSkaterRinkPref": kUUID, "uSkaterMaintPref": kInt,
		"activeCoach": kUUID, "org_Club": kUUID, "org_Club_Join_Date": kTime, "org_USFSA_number": kInt,
		"contact_preference": kPref, "share_token": kUUID}
	bootKeys = map[string]kind{"bootsID": kID, "date_created": kTime, "bootsName": kText, "bootsModel": kText,
		"bootsSize": kText, "bootsPurchaseAmount": kMoney}
	bladeKeys = map[string]kind{"bladesID": kID, "date_created": kTime, "bladesName": kText, "bladesModel": kText,
		"bladesSize": kText, "bladesPurchaseAmount": kMoney}
	configKeys = map[string]kind{"sConfigID": kID, "date_created": kTime, "uSkaterBladesID": kUUID, "uSkaterBootsID": kUUID,
		"sConfigType": kInt, "sActiveFlag": kFlag}
	membershipKeys = map[string]kind{"club_id": kUUID, "joined_date": kTime, "expiration_date": kTime, "membership_fee": kMoney}
	punchKeys      = map[string]kind{"card_id": kID, "card_type": kUUID, "card_cost": kMoney, "punches_total": kInt,
		"punch_session_minutes": kMinutes, "purchase_date": kTime, "expiration_date": kTime, "rink_id": kUUID}
	classKeys = map[string]kind{"location_id": kUUID, "class_cost": kMoney, "class_name": kText, "date_start": kTime, "date_end": kTime}
	maintKeys = map[string]kind{"m_date": kTime, "m_hours_on": kMinutes, "m_cost": kMoney, "m_location": kUUID, "m_roh": kText,
		"m_notes": kText, "m_pref_hours": kNum, "uSkaterBladesID": kUUID, "uSkaterConfig": kUUID}
)

// FixtureReport is what a fixture import stored or found.
type FixtureReport struct {
	// Counts per kind: "coaches imported", "sessions duplicate", …
	Counts   map[string]int
	Warnings []string
	Users    []string
}

func (r *FixtureReport) count(what, outcome string) { r.Counts[what+" "+outcome]++ }

// Lines renders the report for people.
func (r FixtureReport) Lines() []string {
	keys := make([]string, 0, len(r.Counts))
	for k := range r.Counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := []string{"users: " + strings.Join(r.Users, ", ")}
	for _, k := range keys {
		out = append(out, fmt.Sprintf("  %-28s %d", k, r.Counts[k]))
	}
	for _, w := range r.Warnings {
		out = append(out, "warning: "+w)
	}
	return out
}

// IssuesError lists every problem the pre-flight found; nothing was written.
type IssuesError struct{ Issues []string }

func (e *IssuesError) Error() string {
	return fmt.Sprintf("%d problem(s) found, nothing was imported:\n  %s", len(e.Issues), strings.Join(e.Issues, "\n  "))
}

// row is one checked fixture row.
type row map[string]any

type userFixture struct {
	name, dir  string
	login      string
	email      string
	phone      any
	skater     uuid.UUID
	hash       string
	profile    row
	boots      []row
	blades     []row
	configs    []row
	members    []row
	cards      []row
	classes    []row
	maint      []row
	sessionCSV []string
	sessions   []sessionLine
}

type loader struct {
	issues   []string
	warnings []string
}

func (l *loader) issue(format string, a ...any) {
	l.issues = append(l.issues, fmt.Sprintf(format, a...))
}

// readYAML decodes a file; a missing optional file is (nil, nil).
func (l *loader) readYAML(path string, optional bool) any {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && optional {
		return nil
	}
	if err != nil {
		l.issue("%s: %v", path, err)
		return nil
	}
	var v any
	if err := yaml.Unmarshal(b, &v); err != nil {
		l.issue("%s: not valid YAML: %v", path, err)
		return nil
	}
	return v
}

// rows checks a list of mappings against the keys of its table.
func (l *loader) rows(where string, v any, keys map[string]kind) []row {
	if v == nil {
		return nil // an absent or empty section is an empty list
	}
	list, ok := v.([]any)
	if !ok {
		l.issue("%s: must be a list", where)
		return nil
	}
	var out []row
	for i, item := range list {
		if r := l.mapping(fmt.Sprintf("%s[%d]", where, i), item, keys); r != nil {
			out = append(out, r)
		}
	}
	return out
}

func (l *loader) mapping(where string, v any, keys map[string]kind) row {
	m, ok := v.(map[string]any)
	if !ok {
		l.issue("%s: must be a mapping of keys", where)
		return nil
	}
	out := row{}
	good := true
	for k, val := range m {
		kd, known := keys[k]
		if !known {
			l.issue("%s: unknown key %q", where, k)
			good = false
			continue
		}
		c, warn, err := convert(kd, val)
		if err != nil {
			l.issue("%s.%s: %v", where, k, err)
			good = false
			continue
		}
		if warn != "" {
			l.warnings = append(l.warnings, where+"."+k+": "+warn)
		}
		out[k] = c
	}
	for k, kd := range keys {
		if _, ok := out[k]; !ok && kd == kID {
			if _, given := m[k]; !given {
				l.issue("%s: %s is required", where, k)
				good = false
			}
		}
	}
	if !good {
		return nil
	}
	return out
}

// ImportFixtures loads a fixture folder: the pooled reference data, then
// each user in its own transaction. Before writing anything it checks every
// file, every placeholder, every reference (against the files and the
// database) and every session line; any problem stops the import with the
// full list. Re-running it changes nothing: rows are matched by their ids,
// or by every column where the table has only a serial key.
func (s *Service) ImportFixtures(ctx context.Context, dir string, only []string) (FixtureReport, error) {
	rep := FixtureReport{Counts: map[string]int{}}
	l := &loader{}
	pooledDir := filepath.Join(dir, "pooled")
	coaches := l.rows("pooled/coaches.yaml", l.readYAML(filepath.Join(pooledDir, "coaches.yaml"), true), coachKeys)
	rinks := l.rows("pooled/locations.yaml", l.readYAML(filepath.Join(pooledDir, "locations.yaml"), true), rinkKeys)
	clubs := l.rows("pooled/clubs.yaml", l.readYAML(filepath.Join(pooledDir, "clubs.yaml"), true), clubKeys)

	names, err := userNames(dir, only)
	if err != nil {
		return rep, err
	}
	var users []*userFixture
	for _, n := range names {
		if u := s.loadUser(l, dir, n); u != nil {
			users = append(users, u)
		}
	}
	rep.Users = names
	// References are resolved against the files and the database.
	err = s.readTx(ctx, func(tx pgx.Tx) error {
		return preflight(ctx, tx, l, coaches, rinks, clubs, users)
	})
	if err != nil {
		return rep, err
	}
	rep.Warnings = l.warnings
	if len(l.issues) > 0 {
		return rep, &IssuesError{Issues: l.issues}
	}
	for _, r := range rinks {
		if _, ok := r["rink_zip"]; !ok || r["rink_zip"] == nil {
			r["rink_zip"] = "00000"
		}
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		for _, p := range []struct {
			what, table, key string
			rows             []row
		}{{"rinks", "locations", "rink_id", rinks}, {"coaches", "coaches", "coach_id", coaches}, {"clubs", "club_directory", "club_id", clubs}} {
			for _, r := range p.rows {
				out, err := storeRow(ctx, tx, p.table, p.key, "", r)
				if err != nil {
					return err
				}
				rep.count(p.what, out)
			}
		}
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("pooled: %w", err)
	}
	for _, u := range users {
		if err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return s.storeUser(ctx, tx, u, &rep) }); err != nil {
			return rep, fmt.Errorf("user %s: %w", u.name, err)
		}
		s.record(ctx, EventImported, nil, map[string]any{"via": "cli", "kind": "fixtures", "user": u.login})
	}
	return rep, nil
}

func userNames(dir string, only []string) ([]string, error) {
	if len(only) > 0 {
		for _, n := range only {
			if n == "" || strings.ContainsAny(n, `/\`) || n == "." || n == ".." {
				return nil, apperr.Newf(apperr.Invalid, "%q is not a user folder name", n)
			}
			if st, err := os.Stat(filepath.Join(dir, "users", n)); err != nil || !st.IsDir() {
				return nil, apperr.Newf(apperr.NotFound, "no fixture directory at %s", filepath.Join(dir, "users", n))
			}
		}
		return only, nil
	}
	entries, err := os.ReadDir(filepath.Join(dir, "users"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		// A folder with only auth.yaml.sample is a template, not a user.
		if _, err := os.Stat(filepath.Join(dir, "users", e.Name(), "auth.yaml")); err == nil {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

func (s *Service) loadUser(l *loader, dir, name string) *userFixture {
	udir := filepath.Join(dir, "users", name)
	u := &userFixture{name: name, dir: udir}
	where := "users/" + name + "/"
	auth, ok := l.readYAML(filepath.Join(udir, "auth.yaml"), false).(map[string]any)
	if !ok {
		l.issue("%sauth.yaml: missing or not a mapping", where)
		return nil
	}
	text := func(key string) string {
		v, ok := auth[key].(string)
		if !ok || strings.TrimSpace(v) == "" {
			l.issue("%sauth.yaml: %s is required", where, key)
			return ""
		}
		if placeholder(strings.TrimSpace(v)) {
			l.issue("%sauth.yaml: %s still holds the placeholder %s: replace it with the real value", where, key, strings.TrimSpace(v))
			return ""
		}
		return v
	}
	u.login, u.email = text("aLogin"), text("aEmail")
	if pw := text("password"); pw != "" {
		if err := password.Check(pw); err != nil {
			l.issue("%sauth.yaml: password: %v", where, err)
		} else if h, err := s.hash(pw); err != nil {
			l.issue("%sauth.yaml: password: %v", where, err)
		} else {
			u.hash = h
		}
	}
	if v, _, err := convert(kPhone, auth["phone_number"]); err != nil {
		l.issue("%sauth.yaml: phone_number: %v", where, err)
	} else {
		u.phone = v
	}
	if v, _, err := convert(kID, auth["uSkaterUUID"]); err != nil {
		l.issue("%sauth.yaml: uSkaterUUID: %v", where, err)
	} else {
		u.skater = uuid.MustParse(v.(string))
	}
	u.profile = l.mapping(where+"profile.yaml", l.readYAML(filepath.Join(udir, "profile.yaml"), false), profileKeys)
	if eq, ok := l.readYAML(filepath.Join(udir, "equipment.yaml"), true).(map[string]any); ok {
		u.boots = l.rows(where+"equipment.yaml boots", eq["boots"], bootKeys)
		u.blades = l.rows(where+"equipment.yaml blades", eq["blades"], bladeKeys)
		u.configs = l.rows(where+"equipment.yaml configs", eq["configs"], configKeys)
	}
	if ms, ok := l.readYAML(filepath.Join(udir, "memberships.yaml"), true).(map[string]any); ok {
		u.members = l.rows(where+"memberships.yaml club_memberships", ms["club_memberships"], membershipKeys)
		u.cards = l.rows(where+"memberships.yaml punch_cards", withCardIDs(ms["punch_cards"]), punchKeys)
		u.classes = l.rows(where+"memberships.yaml lts_classes", ms["lts_classes"], classKeys)
	}
	// The original never stored maintenance's uSkateConfig; both spellings
	// reach the column here, and a legacy id key is dropped.
	if list, ok := l.readYAML(filepath.Join(udir, "maintenance.yaml"), true).([]any); ok {
		for _, item := range list {
			if m, ok := item.(map[string]any); ok {
				if v, ok := m["uSkateConfig"]; ok {
					if _, both := m["uSkaterConfig"]; !both {
						m["uSkaterConfig"] = v
					}
					delete(m, "uSkateConfig")
				}
				delete(m, "id")
			}
		}
		u.maint = l.rows(where+"maintenance.yaml", list, maintKeys)
	}
	u.sessionCSV = sessionFiles(dir, name)
	if u.profile == nil {
		return nil
	}
	return u
}

// withCardIDs gives each punch card without an id a stable one (derived
// from its fields), so a re-run finds the card instead of adding another.
func withCardIDs(v any) any {
	list, ok := v.([]any)
	if !ok {
		return v
	}
	for _, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			continue
		}
		if _, has := m["card_id"]; !has {
			keys := make([]string, 0, len(m))
			for k := range m {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var b strings.Builder
			for _, k := range keys {
				fmt.Fprintf(&b, "%s=%v;", k, m[k])
			}
			m["card_id"] = uuid.NewSHA1(punchCardSpace, []byte(b.String())).String()
		}
	}
	return list
}

var punchCardSpace = uuid.MustParse("6f1c2b52-7f0e-4f43-9a43-4d3f8f0b6c11")

// sessionFiles are DIR/sessions/<name>/*.csv, else ../sessions/<name>/*.csv
// (where the original keeps them, beside fixtures/), in name order.
func sessionFiles(dir, name string) []string {
	for _, d := range []string{filepath.Join(dir, "sessions", name), filepath.Join(dir, "..", "sessions", name)} {
		files, _ := filepath.Glob(filepath.Join(d, "*.csv"))
		if len(files) > 0 {
			sort.Strings(files)
			return files
		}
	}
	return nil
}

// preflight checks every reference of every user against the files and
// the database, and parses every session line.
func preflight(ctx context.Context, tx pgx.Tx, l *loader, coaches, rinks, clubs []row, users []*userFixture) error {
	inFiles := map[string]map[string]bool{"coach": {}, "rink": {}, "club": {}}
	for _, r := range coaches {
		inFiles["coach"][r["coach_id"].(string)] = true
	}
	for _, r := range rinks {
		inFiles["rink"][r["rink_id"].(string)] = true
	}
	for _, r := range clubs {
		inFiles["club"][r["club_id"].(string)] = true
	}
	dbHas := func(kind, id string, skater uuid.UUID) (bool, error) {
		q := map[string]string{
			"coach":    `SELECT EXISTS (SELECT 1 FROM coaches WHERE coach_id::text = $1 AND (owner_skater IS NULL OR owner_skater = $2))`,
			"rink":     `SELECT EXISTS (SELECT 1 FROM locations WHERE rink_id::text = $1 AND (owner_skater IS NULL OR owner_skater = $2))`,
			"club":     `SELECT EXISTS (SELECT 1 FROM club_directory WHERE club_id::text = $1 AND (owner_skater IS NULL OR owner_skater = $2))`,
			"ice type": `SELECT EXISTS (SELECT 1 FROM ice_type WHERE ice_type_id::text = $1 AND $2::uuid IS NOT NULL)`,
		}[kind]
		var ok bool
		err := tx.QueryRow(ctx, q, id, skater).Scan(&ok)
		return ok, err
	}
	known := func(kind, id string, skater uuid.UUID) (bool, error) {
		if inFiles[kind][id] {
			return true, nil
		}
		return dbHas(kind, id, skater)
	}
	need := func(where, kind string, v any, skater uuid.UUID) error {
		id, ok := v.(string)
		if !ok {
			return nil
		}
		found, err := known(kind, id, skater)
		if err != nil {
			return err
		}
		if !found {
			l.issue("%s: %s %s is neither in pooled/ nor on this installation", where, kind, id)
		}
		return nil
	}
	for i, c := range clubs {
		if err := need(fmt.Sprintf("pooled/clubs.yaml[%d].club_home_rink", i), "rink", c["club_home_rink"], uuid.Nil); err != nil {
			return err
		}
	}
	for _, u := range users {
		w := "users/" + u.name + "/"
		ids := func(rows []row, key string) map[string]bool {
			m := map[string]bool{}
			for _, r := range rows {
				m[fmt.Sprint(r[key])] = true
			}
			return m
		}
		boots, blades, configs := ids(u.boots, "bootsID"), ids(u.blades, "bladesID"), ids(u.configs, "sConfigID")
		local := func(where string, v any, set map[string]bool, what string) {
			if id, ok := v.(string); ok && !set[id] {
				l.issue("%s: %s %s is not in equipment.yaml", where, what, id)
			}
		}
		checks := []struct {
			where, kind string
			v           any
		}{
			{w + "profile.yaml.activeCoach", "coach", u.profile["activeCoach"]},
			{w + "profile.yaml.uSkaterRinkPref", "rink", u.profile["uSkaterRinkPref"]},
			{w + "profile.yaml.org_Club", "club", u.profile["org_Club"]},
		}
		for i, r := range u.members {
			checks = append(checks, struct {
				where, kind string
				v           any
			}{fmt.Sprintf("%smemberships.yaml club_memberships[%d].club_id", w, i), "club", r["club_id"]})
		}
		for i, r := range u.cards {
			checks = append(checks,
				struct {
					where, kind string
					v           any
				}{fmt.Sprintf("%smemberships.yaml punch_cards[%d].rink_id", w, i), "rink", r["rink_id"]},
				struct {
					where, kind string
					v           any
				}{fmt.Sprintf("%smemberships.yaml punch_cards[%d].card_type", w, i), "ice type", r["card_type"]})
		}
		for i, r := range u.classes {
			checks = append(checks, struct {
				where, kind string
				v           any
			}{fmt.Sprintf("%smemberships.yaml lts_classes[%d].location_id", w, i), "rink", r["location_id"]})
		}
		for i, r := range u.maint {
			checks = append(checks, struct {
				where, kind string
				v           any
			}{fmt.Sprintf("%smaintenance.yaml[%d].m_location", w, i), "rink", r["m_location"]})
			local(fmt.Sprintf("%smaintenance.yaml[%d].uSkaterBladesID", w, i), r["uSkaterBladesID"], blades, "blade")
			local(fmt.Sprintf("%smaintenance.yaml[%d].uSkaterConfig", w, i), r["uSkaterConfig"], configs, "config")
		}
		for _, c := range checks {
			if err := need(c.where, c.kind, c.v, u.skater); err != nil {
				return err
			}
		}
		local(w+"profile.yaml.uSkaterComboIce", u.profile["uSkaterComboIce"], configs, "config")
		local(w+"profile.yaml.uSkaterComboOff", u.profile["uSkaterComboOff"], configs, "config")
		for i, r := range u.configs {
			local(fmt.Sprintf("%sequipment.yaml configs[%d].uSkaterBootsID", w, i), r["uSkaterBootsID"], boots, "boot")
			local(fmt.Sprintf("%sequipment.yaml configs[%d].uSkaterBladesID", w, i), r["uSkaterBladesID"], blades, "blade")
		}
		// Sessions: every line must parse and resolve, or nothing is written.
		loc := time.UTC
		if tz, ok := u.profile["uSkaterTZ"].(string); ok {
			loc = skatetime.ZoneOrUTC(tz)
		}
		for _, f := range u.sessionCSV {
			fh, err := os.Open(f)
			if err != nil {
				l.issue("%s: %v", f, err)
				continue
			}
			lines, err := readSessions(fh, u.skater, loc)
			fh.Close()
			if err != nil {
				l.issue("%s: %v", f, err)
				continue
			}
			for _, sl := range lines {
				if sl.bad != nil {
					l.issue("%s: %s", f, sl.bad)
					continue
				}
				bad, err := checkSessionRefs(ctx, sl, func(ctx context.Context, col, id string) (bool, error) {
					switch col {
					case "uSkaterConfig":
						return configs[id], nil
					case "skate_type":
						return known("ice type", id, u.skater)
					case "coach_id":
						return known("coach", id, u.skater)
					}
					return known("rink", id, u.skater)
				})
				if err != nil {
					return err
				}
				if bad != nil {
					l.issue("%s: %s", f, bad)
					continue
				}
				u.sessions = append(u.sessions, sl)
			}
		}
	}
	return nil
}

// storeUser writes one user: account, profile, equipment, memberships,
// sharpenings and sessions, each row only when it is not there yet.
func (s *Service) storeUser(ctx context.Context, tx pgx.Tx, u *userFixture, rep *FixtureReport) error {
	var existing *uuid.UUID
	err := tx.QueryRow(ctx, `SELECT "uSkaterUUID" FROM "uAuthTable" WHERE "aLogin" = $1 OR "uSkaterUUID" = $2 LIMIT 1`, u.login, u.skater).Scan(&existing)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		var id int32
		err := tx.QueryRow(ctx, `INSERT INTO "uAuthTable" ("aLogin", "aPasswordHash", "aEmail", phone_number, "uSkaterUUID")
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, u.login, u.hash, u.email, u.phone, u.skater).Scan(&id)
		if err != nil {
			return rowError("uAuthTable", err)
		}
		// Every registered account has a role; the original granted none.
		if _, err := tx.Exec(ctx, `INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM role WHERE name = 'adult'
			ON CONFLICT DO NOTHING`, id); err != nil {
			return err
		}
		rep.count("accounts", Imported)
	case err != nil:
		return err
	default:
		var login string
		if err := tx.QueryRow(ctx, `SELECT "aLogin" FROM "uAuthTable" WHERE "uSkaterUUID" = $1`, *existing).Scan(&login); err != nil ||
			*existing != u.skater || login != u.login {
			return apperr.Newf(apperr.Conflict, "login %s or skater %s already belongs to another account", u.login, u.skater)
		}
		rep.count("accounts", Duplicate) // the password is not changed by a re-run
	}
	sk := u.skater.String()
	owned := func(rows []row) []row {
		for _, r := range rows {
			r["uSkaterUUID"] = sk
		}
		return rows
	}
	// The active configurations point at configs stored below: set them after.
	profile := row{}
	for k, v := range u.profile {
		profile[k] = v
	}
	combo := map[string]any{"uSkaterComboIce": profile["uSkaterComboIce"], "uSkaterComboOff": profile["uSkaterComboOff"]}
	delete(profile, "uSkaterComboIce")
	delete(profile, "uSkaterComboOff")
	profile["uSkaterUUID"] = sk
	if _, ok := profile["contact_preference"]; !ok || profile["contact_preference"] == nil {
		profile["contact_preference"] = "email"
	}
	if _, ok := profile["uSkaterTZ"]; !ok || profile["uSkaterTZ"] == nil {
		profile["uSkaterTZ"] = "UTC"
	}
	if _, ok := profile["date_created"]; !ok || profile["date_created"] == nil {
		profile["date_created"] = naive(s.now())
	}
	out, err := storeRow(ctx, tx, `"uSkaterConfig"`, "uSkaterUUID", "", profile)
	if err != nil {
		return err
	}
	rep.count("profiles", out)
	steps := []struct {
		what, table, key string
		rows             []row
	}{
		{"boots", `"uSkaterBoots"`, "bootsID", owned(u.boots)},
		{"blades", `"uSkaterBlades"`, "bladesID", owned(u.blades)},
		{"configs", `"uSkateConfig"`, "sConfigID", owned(u.configs)},
		{"club memberships", "club_members", "", owned(u.members)},
		{"punch cards", "punch_cards", "card_id", owned(u.cards)},
		{"classes", "classes_school", "", owned(u.classes)},
		{"sharpenings", "maintenance", "", owned(u.maint)},
	}
	for _, st := range steps {
		owner := "uSkaterUUID"
		for _, r := range st.rows {
			out, err := storeRow(ctx, tx, st.table, st.key, ownerFor(st.key, owner), r)
			if err != nil {
				return err
			}
			rep.count(st.what, out)
		}
	}
	if out == Imported {
		if _, err := tx.Exec(ctx, `UPDATE "uSkaterConfig" SET "uSkaterComboIce" = $2, "uSkaterComboOff" = $3 WHERE "uSkaterUUID" = $1`,
			u.skater, combo["uSkaterComboIce"], combo["uSkaterComboOff"]); err != nil {
			return rowError("uSkaterConfig", err)
		}
	}
	for _, l := range u.sessions {
		out, err := storeRow(ctx, tx, "ice_time", "", "", l.row)
		if err != nil {
			return err
		}
		rep.count("sessions", out)
	}
	return nil
}

func ownerFor(key, owner string) string {
	if key == "" {
		return ""
	}
	return owner
}
