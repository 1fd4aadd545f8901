// Package portability moves a skater's data in and out: the export document
// (GDPR art. 20) and its import into another installation, the session log
// as CSV, and the original admin tool's fixture folders and session CSVs.
package portability

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/auth/password"
	"github.com/skatetrax/skatetrax-api/internal/money"
	"github.com/skatetrax/skatetrax-api/internal/skatetime"
)

// Format is the version of the export document's layout.
const Format = 1

// Audit events of this package.
const (
	EventExported = "data_exported"
	EventImported = "data_imported"
)

// Auditor writes an audit event (accounts.Service implements it).
type Auditor interface {
	Audit(ctx context.Context, event string, userID *int32, login string, detail map[string]any)
}

// Hasher hashes a password the way logins verify it.
type Hasher func(plain string) (string, error)

// Service exports and imports skater data.
type Service struct {
	pool    *pgxpool.Pool
	audit   Auditor
	logger  *slog.Logger
	version string
	hash    Hasher
	now     func() time.Time
}

// New builds the service. version names the build in the document.
func New(pool *pgxpool.Pool, audit Auditor, logger *slog.Logger, version string) *Service {
	return &Service{pool: pool, audit: audit, logger: logger, version: version, hash: password.Hash, now: time.Now}
}

func (s *Service) record(ctx context.Context, event string, userID *int32, detail map[string]any) {
	if s.audit != nil {
		s.audit.Audit(ctx, event, userID, "", detail)
	}
}

// readTx runs fn in a read-only snapshot, so every list of a document is
// taken at the same instant.
func (s *Service) readTx(ctx context.Context, fn func(pgx.Tx) error) error {
	return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
}

type account struct {
	Login  string
	Skater uuid.UUID
}

func userByID(ctx context.Context, q pgx.Tx, userID int32) (account, error) {
	var a account
	err := q.QueryRow(ctx, `SELECT "aLogin", "uSkaterUUID" FROM "uAuthTable" WHERE id = $1`, userID).Scan(&a.Login, &a.Skater)
	if errors.Is(err, pgx.ErrNoRows) {
		return a, apperr.New(apperr.NotFound, "User not found")
	}
	return a, err
}

// ExportJSON writes the skater's export document. It returns the login (for
// the file name).
func (s *Service) ExportJSON(ctx context.Context, userID int32, w io.Writer) (string, error) {
	var buf bytes.Buffer
	var login string
	err := s.readTx(ctx, func(tx pgx.Tx) error {
		a, err := userByID(ctx, tx, userID)
		if err != nil {
			return err
		}
		login = a.Login
		return s.writeDocument(ctx, tx, userID, a.Skater, &buf)
	})
	if err != nil {
		return "", fmt.Errorf("export: %w", err)
	}
	s.record(ctx, EventExported, &userID, map[string]any{"format": "json"})
	_, err = w.Write(buf.Bytes())
	return login, err
}

func (s *Service) writeDocument(ctx context.Context, tx pgx.Tx, userID int32, skater uuid.UUID, buf *bytes.Buffer) error {
	head, err := json.Marshal(map[string]any{"format": Format})
	if err != nil {
		return err
	}
	buf.Write(head[:len(head)-1])
	field := func(key string, raw []byte) {
		buf.WriteString(",")
		k, _ := json.Marshal(key)
		buf.Write(k)
		buf.WriteString(":")
		buf.Write(raw)
	}
	exported, _ := json.Marshal(s.now().UTC().Format(time.RFC3339))
	field("exported_at", exported)
	gen, _ := json.Marshal("skatetrax-api " + s.version)
	field("generator", gen)

	var raw []byte
	err = tx.QueryRow(ctx, `SELECT jsonb_build_object('aLogin', u."aLogin", 'aEmail', u."aEmail", 'phone_number', u.phone_number,
	        'created_at', u.created_at,
	        'roles', (SELECT coalesce(jsonb_agg(r.name ORDER BY r.name), '[]'::jsonb)
	                  FROM user_roles ur JOIN role r ON r.id = ur.role_id WHERE ur.user_id = u.id))
	    FROM "uAuthTable" u WHERE u.id = $1`, userID).Scan(&raw)
	if err != nil {
		return fmt.Errorf("account: %w", err)
	}
	field("account", raw)

	err = tx.QueryRow(ctx, `SELECT coalesce((SELECT to_jsonb(p) - $2::text[] FROM "uSkaterConfig" p WHERE `+bySkater+`), 'null'::jsonb)`,
		skater, dropped(profileTable)).Scan(&raw)
	if err != nil {
		return fmt.Errorf("profile: %w", err)
	}
	field("profile", raw)

	refs := []struct{ key, sql string }{
		{"rinks", `SELECT coalesce(jsonb_agg((to_jsonb(l) - ARRAY['owner_skater']) || jsonb_build_object('private', l.owner_skater IS NOT NULL)
		    ORDER BY l.rink_name, l.rink_id), '[]'::jsonb) FROM locations l WHERE ` + rinkRefs},
		{"coaches", `SELECT coalesce(jsonb_agg(CASE WHEN c.owner_skater IS NULL
		        THEN to_jsonb(c) - ARRAY['id', 'owner_skater', 'uSkaterUUID', 'coach_phone', 'coach_email']
		        ELSE to_jsonb(c) - ARRAY['id', 'owner_skater', 'uSkaterUUID'] END
		        || jsonb_build_object('private', c.owner_skater IS NOT NULL) ORDER BY c.id), '[]'::jsonb)
		    FROM coaches c WHERE ` + coachRefs},
		{"clubs", `SELECT coalesce(jsonb_agg((to_jsonb(c) - ARRAY['owner_skater']) || jsonb_build_object('private', c.owner_skater IS NOT NULL)
		    ORDER BY c.club_name, c.club_id), '[]'::jsonb) FROM club_directory c WHERE ` + clubRefsInner},
	}
	for _, r := range refs {
		if err := tx.QueryRow(ctx, r.sql, skater).Scan(&raw); err != nil {
			return fmt.Errorf("%s: %w", r.key, err)
		}
		field(r.key, raw)
	}
	for _, t := range tables {
		q := fmt.Sprintf(`SELECT coalesce(jsonb_agg(to_jsonb(t) - $2::text[] ORDER BY %s), '[]'::jsonb) FROM %s t WHERE %s`,
			t.order, t.name, t.owner)
		if err := tx.QueryRow(ctx, q, skater, dropped(t)).Scan(&raw); err != nil {
			return fmt.Errorf("%s: %w", t.key, err)
		}
		field(t.key, raw)
	}
	buf.WriteString("}")
	return nil
}

// dropped are the columns a table's rows leave out (the owner always).
func dropped(t table) []string { return append([]string{"uSkaterUUID"}, t.drop...) }

// CSVHeader is the session log's header row. The columns the original's
// session CSVs have keep their names, so `skatetrax import sessions` reads
// the file back; the others are there for people (names, the local day).
var CSVHeader = []string{"ice_time_id", "date", "local_date", "ice_time", "ice_cost", "coach_time", "coach_cost",
	"skate_type", "ice_type", "coach_id", "coach_name", "rink_id", "rink_name", "uSkaterConfig", "has_video", "has_notes"}

// ExportCSV writes the skater's session log, oldest first.
func (s *Service) ExportCSV(ctx context.Context, userID int32, w io.Writer) (string, error) {
	var buf bytes.Buffer
	var login string
	err := s.readTx(ctx, func(tx pgx.Tx) error {
		a, err := userByID(ctx, tx, userID)
		if err != nil {
			return err
		}
		login = a.Login
		var tz *string
		err = tx.QueryRow(ctx, `SELECT "uSkaterTZ" FROM "uSkaterConfig" WHERE "uSkaterUUID" = $1`, a.Skater).Scan(&tz)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		loc := time.UTC
		if tz != nil {
			loc = skatetime.ZoneOrUTC(*tz)
		}
		rows, err := tx.Query(ctx, `SELECT i.ice_time_id, i.date, i.ice_time, i.ice_cost, i.coach_time, i.coach_cost,
		        i.skate_type, t.ice_type, i.coach_id, concat_ws(' ', c."coach_Fname", c."coach_Lname"), i.rink_id, l.rink_name,
		        i."uSkaterConfig", i.has_video, i.has_notes
		    FROM ice_time i
		    LEFT JOIN ice_type t ON t.ice_type_id = i.skate_type
		    LEFT JOIN coaches c ON c.coach_id = i.coach_id
		    LEFT JOIN locations l ON l.rink_id = i.rink_id
		    WHERE i."uSkaterUUID" = $1
		    ORDER BY i.date NULLS FIRST, i.ice_time_id`, a.Skater)
		if err != nil {
			return err
		}
		defer rows.Close()
		cw := csv.NewWriter(&buf)
		if err := cw.Write(CSVHeader); err != nil {
			return err
		}
		for rows.Next() {
			var (
				id                 int32
				date               *time.Time
				iceMin, coachMin   *int32
				iceCost, coachCost *float64
				skateType, coach   *uuid.UUID
				rink, config       *uuid.UUID
				iceType, rinkName  *string
				coachName          string
				video, notes       *int32
			)
			if err := rows.Scan(&id, &date, &iceMin, &iceCost, &coachMin, &coachCost, &skateType, &iceType, &coach,
				&coachName, &rink, &rinkName, &config, &video, &notes); err != nil {
				return err
			}
			instant, day := "", ""
			if date != nil {
				u := date.UTC()
				instant = u.Format(time.RFC3339)
				day = skatetime.LocalDate(u, loc).String()
			}
			rec := []string{strconv.Itoa(int(id)), instant, day, intText(iceMin), moneyText(iceCost), intText(coachMin),
				moneyText(coachCost), idText(skateType), text(iceType), idText(coach), coachName, idText(rink), text(rinkName),
				idText(config), intText(video), intText(notes)}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	})
	if err != nil {
		return "", fmt.Errorf("export sessions: %w", err)
	}
	s.record(ctx, EventExported, &userID, map[string]any{"format": "csv"})
	_, err = w.Write(buf.Bytes())
	return login, err
}

func intText(v *int32) string {
	if v == nil {
		return ""
	}
	return strconv.Itoa(int(*v))
}

func moneyText(v *float64) string {
	if v == nil {
		return ""
	}
	c, err := money.FromFloat(*v)
	if err != nil {
		return ""
	}
	return c.String()
}

func idText(v *uuid.UUID) string {
	if v == nil {
		return ""
	}
	return v.String()
}

func text(v *string) string {
	if v == nil {
		return ""
	}
	return *v
}

// UserID finds a user by exact login.
func (s *Service) UserID(ctx context.Context, login string) (int32, error) {
	var id int32
	err := s.pool.QueryRow(ctx, `SELECT id FROM "uAuthTable" WHERE "aLogin" = $1`, login).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, apperr.Newf(apperr.NotFound, "no user with login %q", login)
	}
	return id, err
}
