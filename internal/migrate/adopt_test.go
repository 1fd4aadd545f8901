package migrate_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/skatetrax/skatetrax-api/internal/migrate"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// originalRows is realistic data as the Python service would have written
// it, for every table of testdata/original_schema.sql (serial ids come from
// the sequences, as they did there).
const originalRows = `
INSERT INTO "uAuthTable" ("aLogin", "aPasswordHash", "aEmail", phone_number, "uSkaterUUID",
                          created_at, updated_at, fs_uniquifier) VALUES
 ('inara', 'scrypt:32768:8:1$kCV5gQ2nT0jRzW1a$5e0f3c1b9a7d2e4f6a8b0c1d3e5f7a9b1c3d5e7f9a0b2c4d6e8f0a1b3c5d7e9f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b',
  'inara@example.com', '555-0100', '9461aff8-c20e-443e-954f-393038c14603',
  '2025-02-01 14:03:07.512344', '2026-04-30 09:12:00', '0f3a9c2e7b1d4e6f8a0b2c4d6e8f0a1b'),
 ('sparkles', 'pbkdf2:sha256:600000$Xq1sW9eR$3b8f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29',
  'sparkles@example.com', NULL, 'd194b837-3e2f-43fe-8876-f1febcdd7ba9',
  '2025-03-11 20:45:00', '2025-03-11 20:45:00', '7c1e2d3f4a5b6c7d8e9f0a1b2c3d4e5f'),
 -- differs from inara only by case: the original's UNIQUE is case-sensitive
 ('Inara', 'scrypt:32768:8:1$AbCdEfGhIjKlMnOp$00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff',
  'INARA@example.com', NULL, '5b0e7a1c-2f4d-4e8a-9c61-3d2f1a0b9e77',
  '2025-05-05 05:05:05', NULL, 'aa00bb11cc22dd33ee44ff5566778899');

-- a role someone added by hand, on the id the Go seed would like for admin
INSERT INTO role (id, name, description) VALUES (5, 'judge', 'Judge');
INSERT INTO user_roles (user_id, role_id) VALUES (1, 1), (1, 2), (2, 1), (3, 5);

INSERT INTO invite_tokens (token, created_by, created_at, expires_at, max_uses, use_count) VALUES
 ('abc123def456abc123def456abc123de', 1, '2025-02-02 10:00:00', NULL, 1, 1),
 ('NFC-TAG-0001', 1, '2025-06-01 12:00:00', '2027-01-01 00:00:00', 0, 7);
INSERT INTO password_reset_tokens (token, user_id, created_at, expires_at, used) VALUES
 ('4646c38e9bb44c918a0dfdd2a0b13648', 2, '2026-04-01 08:00:00', '2026-04-01 09:00:00', false),
 ('0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a', 1, '2025-12-24 23:30:00', '2025-12-25 00:30:00', true);

INSERT INTO locations (rink_id, rink_name, rink_address, rink_city, rink_state, rink_country,
                       rink_zip, rink_url, rink_phone, rink_tz, data_source, date_created) VALUES
 ('0e0e0000-0000-4000-8000-000000000001', 'Example Rink', '1 Main St', 'Boston', 'MA', 'US',
  '02134', NULL, NULL, NULL, 'user', NULL);

INSERT INTO club_directory (club_id, club_name, club_home_rink, club_cost) VALUES
 ('c1b00000-0000-4000-8000-000000000001', 'Triangle Figure Skating Club',
  '48ca4fc1-6e40-4102-8ca7-85b85846db23', 150);

-- a 9-digit phone: the most the original's int32 column could hold
INSERT INTO coaches (coach_id, "coach_Fname", "coach_Lname", coach_rate, coach_usfsa_id,
                     coach_ijs_id, coach_phone, coach_email, "uSkaterUUID") VALUES
 ('6a6e0000-0000-4000-8000-00000000000a', 'Jane', 'Doe', 35, 123456, NULL, 919555012,
  'jane@example.com', NULL),
 ('6a6e0000-0000-4000-8000-00000000000b', 'John', NULL, 40.5, NULL, 7788, NULL, NULL,
  'd194b837-3e2f-43fe-8876-f1febcdd7ba9');

INSERT INTO "uSkaterConfig" (date_created, "uSkaterUUID", "uSkaterFname", "uSkaterMname",
  "uSkaterLname", "uSkaterZip", "uSkaterCity", "uSkaterState", "uSkaterCountry", "uSkaterTZ",
  "uSkaterComboIce", "uSkaterComboOff", "uSkaterRinkPref", "uSkaterMaintPref", "activeCoach",
  "org_Club", "org_Club_Join_Date", "org_USFSA_number", contact_preference, share_token) VALUES
 ('2025-02-01 14:10:00', '9461aff8-c20e-443e-954f-393038c14603', 'Inara', '', 'Serra', 2134,
  'Boston', 'MA', 'US', 'America/New_York', 'c0f16000-0000-4000-8000-000000000001', NULL,
  '48ca4fc1-6e40-4102-8ca7-85b85846db23', 21, '6a6e0000-0000-4000-8000-00000000000a',
  'c1b00000-0000-4000-8000-000000000001', NULL, 1234567, 'text',
  '5a5a5a5a-0000-4000-8000-000000000001'),
 ('2025-03-11 20:50:00', 'd194b837-3e2f-43fe-8876-f1febcdd7ba9', 'Sparkles', NULL, 'Pony', NULL,
  NULL, NULL, NULL, 'UTC', NULL, NULL, NULL, NULL, NULL,
  'c4dd2b9c-50f1-4f5b-a439-fd8f36a654d6', NULL, NULL, 'email', NULL);

INSERT INTO "uSkaterBoots" ("bootsID", date_created, "bootsName", "bootsModel", "bootsSize",
                            "bootsPurchaseAmount", "uSkaterUUID") VALUES
 ('b0075000-0000-4000-8000-000000000001', '2024-09-01 00:00:00', 'Edea', 'Ice Fly', '250 C', 250.5,
  '9461aff8-c20e-443e-954f-393038c14603');
INSERT INTO "uSkaterBlades" ("bladesID", date_created, "bladesName", "bladesModel", "bladesSize",
                             "bladesPurchaseAmount", "uSkaterUUID") VALUES
 ('b1ade500-0000-4000-8000-000000000001', '2024-09-01 00:00:00', 'John Wilson', 'Gold Seal', '9.75', 350,
  '9461aff8-c20e-443e-954f-393038c14603'),
 ('b1ade500-0000-4000-8000-000000000002', '2023-01-15 00:00:00', 'MK', 'Professional', '9.5', NULL,
  '9461aff8-c20e-443e-954f-393038c14603');
INSERT INTO "uSkateConfig" ("sConfigID", date_created, "uSkaterUUID", "uSkaterBladesID",
                            "uSkaterBootsID", "sConfigType", "sActiveFlag") VALUES
 ('c0f16000-0000-4000-8000-000000000001', '2024-09-02 00:00:00', '9461aff8-c20e-443e-954f-393038c14603',
  'b1ade500-0000-4000-8000-000000000001', 'b0075000-0000-4000-8000-000000000001', 1, 1);
INSERT INTO "uSkaterEquipment" (date_created, equip_manufacturer, equip_model, equip_notes, equip_size,
  equip_color, equip_vendor, equip_url, equip_cost, "uSkaterUUID") VALUES
 ('2025-01-10 00:00:00', 'Jerry''s', 'Soakers', 'for the blades', 'M', 'teal', 'Rainbo',
  'https://example.com/soakers', 40, '9461aff8-c20e-443e-954f-393038c14603');

INSERT INTO ice_time (date, ice_time, ice_cost, skate_type, coach_time, coach_id, coach_cost,
  has_video, has_notes, rink_id, "uSkaterUUID", "uSkaterConfig", "uSkaterType") VALUES
 ('2026-11-24 05:00:00', 60, 12, 'dc812842-a9a9-4902-b680-361420baffe5', 30,
  '6a6e0000-0000-4000-8000-00000000000a', 17.5, 0, 0, '48ca4fc1-6e40-4102-8ca7-85b85846db23',
  '9461aff8-c20e-443e-954f-393038c14603', 'c0f16000-0000-4000-8000-000000000001', 1),
 ('2026-11-20 00:00:00', 40, NULL, 'db32094e-9b0d-42a5-b87f-cd47729b6c65', 0,
  '487d43b5-0a4d-4dc4-8cc2-ab06870a10bf', 0, 0, 0, 'b261166b-9e7c-4a96-ab06-ec630deb3321',
  '9461aff8-c20e-443e-954f-393038c14603', NULL, 1),
 ('2026-11-10 08:00:00', 45, 15.25, '0bcb0d7a-f5f0-41e2-bccb-78e80eb6673f', 0, NULL, 0, NULL, NULL,
  '92b3dcf8-3018-4d61-9cf7-f683846eb517', 'd194b837-3e2f-43fe-8876-f1febcdd7ba9', NULL, NULL);

INSERT INTO maintenance (m_date, m_hours_on, m_cost, m_location, m_notes, m_roh, m_pref_hours,
  "uSkaterBladesID", "uSkaterConfig", "uSkaterUUID") VALUES
 ('2026-03-02 00:00:00', 1260, 35, '48ca4fc1-6e40-4102-8ca7-85b85846db23', 'sharpened', '7/16', 21,
  'b1ade500-0000-4000-8000-000000000001', NULL, '9461aff8-c20e-443e-954f-393038c14603'),
 ('2025-10-01 00:00:00', 0, 28, NULL, NULL, '1/2', 21,
  'b1ade500-0000-4000-8000-000000000001', 'c0f16000-0000-4000-8000-000000000001',
  '9461aff8-c20e-443e-954f-393038c14603');

INSERT INTO club_members (club_id, "uSkaterUUID", joined_date, expiration_date, membership_fee) VALUES
 ('c1b00000-0000-4000-8000-000000000001', '9461aff8-c20e-443e-954f-393038c14603',
  '2025-07-01 00:00:00', '2026-06-30 00:00:00', 150);
INSERT INTO classes_school (location_id, class_cost, class_name, date_start, date_end, "uSkaterUUID") VALUES
 ('48ca4fc1-6e40-4102-8ca7-85b85846db23', 120, 'Adult Learn to Skate', '2025-09-01 00:00:00',
  '2025-10-20 00:00:00', '9461aff8-c20e-443e-954f-393038c14603');
INSERT INTO classes_camp (location_id, camp_cost, camp_name, date_start, date_end, "uSkaterUUID") VALUES
 ('92b3dcf8-3018-4d61-9cf7-f683846eb517', 499.99, 'Summer Camp', '2025-07-14 00:00:00',
  '2025-07-18 00:00:00', '9461aff8-c20e-443e-954f-393038c14603');

INSERT INTO punch_cards (card_id, card_type, card_cost, punches_total, punch_session_minutes,
  purchase_date, expiration_date, rink_id, "uSkaterUUID") VALUES
 ('9c000000-0000-4000-8000-000000000001', '0bcb0d7a-f5f0-41e2-bccb-78e80eb6673f', 80, 10, 60,
  '2026-01-05 00:00:00', NULL, '92b3dcf8-3018-4d61-9cf7-f683846eb517',
  'd194b837-3e2f-43fe-8876-f1febcdd7ba9');
INSERT INTO punched_sessions (id, punchcard_id, session_id, datetime_punch, punches_used, notes)
SELECT '9d000000-0000-4000-8000-000000000001', '9c000000-0000-4000-8000-000000000001',
       max(ice_time_id), '2026-11-10 08:00:00', 1, NULL FROM ice_time;

INSERT INTO j_notes (notes_date, notes, "uSkaterUUID") VALUES
 ('2026-11-24 05:00:00', 'Landed the axel (twice!) — ünïcödé too', '9461aff8-c20e-443e-954f-393038c14603');
INSERT INTO j_videos (video_date, video_url, video_platform, video_type, video_name, "uSkaterUUID") VALUES
 ('2026-11-24 05:00:00', 'https://youtu.be/xyz', 'YouTube', 'practice', 'Axel attempt',
  '9461aff8-c20e-443e-954f-393038c14603');

INSERT INTO e_tests (id, test_cost, test_label, test_level, test_type, test_results, test_date,
  test_location, "uSkaterUUID", "uSkaterConfig") VALUES
 ('e7000000-0000-4000-8000-000000000001', 25, 'Adult Pre-Bronze FS', 'Pre-Bronze',
  'b0000000-0000-0000-0000-000000000005', 'Pass', '2025-11-15 00:00:00',
  '48ca4fc1-6e40-4102-8ca7-85b85846db23', '9461aff8-c20e-443e-954f-393038c14603',
  'c0f16000-0000-4000-8000-000000000001');

INSERT INTO e_events (id, event_label, event_date, event_location, hosting_club, coach_id, notes,
  "uSkaterUUID", "uSkaterConfig") VALUES
 ('e0000000-0000-4000-8000-000000000001', 'Wake Open 2026', '2026-10-03',
  '48ca4fc1-6e40-4102-8ca7-85b85846db23', 'c1b00000-0000-4000-8000-000000000001',
  '6a6e0000-0000-4000-8000-00000000000a', 'first comp', '9461aff8-c20e-443e-954f-393038c14603', NULL);
INSERT INTO e_event_costs (id, event_id, category, note, amount, quantity) VALUES
 ('e0c00000-0000-4000-8000-000000000001', 'e0000000-0000-4000-8000-000000000001',
  'Competition Entry', 'Migrated from event_cost', 95, 1);
INSERT INTO e_event_costs (event_id, category, note, amount, quantity) VALUES
 ('e0000000-0000-4000-8000-000000000001', 'Practice Ice', NULL, 10, 2);
INSERT INTO e_event_entries (id, event_id, event_segment, event_level, event_type, placement,
  field_size, majority, total_segment_score, source_url, video_url, event_results, "uSkaterUUID",
  entry_date, status) VALUES
 ('e1000000-0000-4000-8000-000000000001', 'e0000000-0000-4000-8000-000000000001',
  'Adult Bronze Women Free Skate', 'Adult Bronze', 'b0000000-0000-0000-0000-000000000001', 2, 6,
  '2/3', NULL, 'https://ijs.usfigureskating.org/x', NULL, NULL,
  '9461aff8-c20e-443e-954f-393038c14603', '2026-10-04', 'Scored');
INSERT INTO e_scores_6_0 (id, entry_id, judge_number, ordinal, technical_merit, presentation, "uSkaterUUID") VALUES
 ('5c000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000001', 1, 2, 3.1, 3.3,
  '9461aff8-c20e-443e-954f-393038c14603');
INSERT INTO e_scores_cjs (id, entry_id, judge_number, artistic_appeal, performance, skating_skills, "uSkaterUUID") VALUES
 ('5c000000-0000-4000-8000-000000000002', 'e1000000-0000-4000-8000-000000000001', 1, 4.25, 4.5, 4,
  '9461aff8-c20e-443e-954f-393038c14603');
INSERT INTO e_scores_ijs_components (id, entry_id, judge_number, composition, presentation, skating_skills, "uSkaterUUID") VALUES
 ('5c000000-0000-4000-8000-000000000003', 'e1000000-0000-4000-8000-000000000001', 2, 3.75, 3.5, 3.25,
  '9461aff8-c20e-443e-954f-393038c14603');
INSERT INTO e_scores_ijs_elements (id, entry_id, element_number, element_name, base_value, goe, final_score, "uSkaterUUID") VALUES
 ('5c000000-0000-4000-8000-000000000004', 'e1000000-0000-4000-8000-000000000001', 1, '1A', 1.1, -0.22, 0.88,
  '9461aff8-c20e-443e-954f-393038c14603');
INSERT INTO e_deductions (id, entry_id, deduction_type, value, notes, "uSkaterUUID") VALUES
 ('d0000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000001', 'Fall', 1, NULL,
  '9461aff8-c20e-443e-954f-393038c14603');
INSERT INTO e_import_log (id, source_url, source_type, status, skater_name_searched,
  skater_name_matched, event_id, entry_id, raw_html, error_message, created_at, "uSkaterUUID") VALUES
 ('1a000000-0000-4000-8000-000000000001', 'https://ijs.usfigureskating.org/x', 'usfsa_6.0',
  'parse_error', 'Inara Serra', NULL, 'e0000000-0000-4000-8000-000000000001', NULL,
  '<html><body>results</body></html>', 'no table found', '2026-10-05 12:00:00',
  '9461aff8-c20e-443e-954f-393038c14603');

INSERT INTO m_tracks (id, "uSkaterUUID", title, artist, duration_seconds, is_performance_cut,
  cut_duration_seconds, storage_key, clearance_status, clearance_provider, clearance_ref,
  apple_music_url, spotify_url, youtube_url, created_at) VALUES
 ('7a000000-0000-4000-8000-000000000001', '9461aff8-c20e-443e-954f-393038c14603', 'Experience',
  'Ludovico Einaudi', 315, true, 150, 'music/9461aff8/7a000000.mp3', 'cleared', 'ClearMyMusic',
  'CMM-1', NULL, 'https://open.spotify.com/track/1', NULL, '2026-03-31 18:00:00'),
 ('7a000000-0000-4000-8000-000000000002', '9461aff8-c20e-443e-954f-393038c14603', 'Warmup mix',
  NULL, NULL, false, NULL, NULL, 'not_required', NULL, NULL, NULL, NULL, NULL, '2026-04-01 07:00:00');
INSERT INTO m_playlists (id, "uSkaterUUID", name, description, playlist_type, share_token, created_at) VALUES
 ('91000000-0000-4000-8000-000000000001', '9461aff8-c20e-443e-954f-393038c14603', 'Comp 2026',
  'programs', 'performance', '5a5a5a5a-0000-4000-8000-000000000002', '2026-04-01 07:05:00');
INSERT INTO m_playlist_tracks (id, playlist_id, track_id, position) VALUES
 ('92000000-0000-4000-8000-000000000001', '91000000-0000-4000-8000-000000000001',
  '7a000000-0000-4000-8000-000000000001', 0),
 ('92000000-0000-4000-8000-000000000002', '91000000-0000-4000-8000-000000000001',
  '7a000000-0000-4000-8000-000000000002', 3);
`

// originalDB returns a database holding the original's schema and
// originalRows, not yet touched by the Go migrations.
func originalDB(t *testing.T) *pgxpool.Pool {
	t.Helper()
	pool, _ := testdb.NewEmpty(t)
	ddl, err := os.ReadFile("testdata/original_schema.sql")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// Without arguments pgx uses the simple protocol: a whole script per call.
	if _, err := pool.Exec(ctx, string(ddl)); err != nil {
		t.Fatalf("original schema: %v", err)
	}
	if _, err := pool.Exec(ctx, originalRows); err != nil {
		t.Fatalf("original rows: %v", err)
	}
	return pool
}

func up(t *testing.T, pool *pgxpool.Pool) {
	t.Helper()
	if err := migrateUp(pool); err != nil {
		t.Fatal(err)
	}
}

func migrateUp(pool *pgxpool.Pool) error {
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	return migrate.Up(context.Background(), db)
}

func withSQLDB(t *testing.T, pool *pgxpool.Pool, f func(*sql.DB) error) {
	t.Helper()
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	if err := f(db); err != nil {
		t.Fatal(err)
	}
}

// row is one table row as to_jsonb renders it; numbers stay json.Number so
// that values compare exactly.
type row map[string]any

// snapshot maps table -> primary key -> row for every table in public,
// except goose's bookkeeping.
type snapshot map[string]map[string]row

func takeSnapshot(t *testing.T, pool *pgxpool.Pool) snapshot {
	t.Helper()
	tables := queryStrings(t, pool, `
		SELECT tablename FROM pg_tables
		WHERE schemaname = 'public' AND tablename <> 'goose_db_version' ORDER BY 1`)
	snap := snapshot{}
	for _, table := range tables {
		ident := `"` + strings.ReplaceAll(table, `"`, `""`) + `"`
		pk := queryStrings(t, pool, `
			SELECT a.attname FROM pg_index i
			JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
			WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY a.attnum`, ident)
		if len(pk) == 0 {
			t.Fatalf("table %s has no primary key to identify rows by", table)
		}
		rows := queryStrings(t, pool, `SELECT to_jsonb(t)::text FROM `+ident+` t`)
		snap[table] = map[string]row{}
		for _, raw := range rows {
			dec := json.NewDecoder(strings.NewReader(raw))
			dec.UseNumber()
			var r row
			if err := dec.Decode(&r); err != nil {
				t.Fatalf("%s: decode %s: %v", table, raw, err)
			}
			key := make([]string, len(pk))
			for i, c := range pk {
				key[i] = fmt.Sprint(r[c])
			}
			snap[table][strings.Join(key, "|")] = r
		}
	}
	return snap
}

func queryStrings(t *testing.T, pool *pgxpool.Pool, q string, args ...any) []string {
	t.Helper()
	rows, err := pool.Query(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return out
}

func sha256Bytea(s string) string {
	sum := sha256.Sum256([]byte(s))
	return `\x` + hex.EncodeToString(sum[:])
}

func numberText(v any) any {
	if v == nil {
		return nil
	}
	return v.(json.Number).String()
}

// conversions are the only changes the migrations may make to existing rows:
// table -> column -> the value expected after migrating, given the row before.
// A column absent from the row before is one the migrations added.
var conversions = map[string]map[string]func(before row) any{
	// 00003: integer -> exact decimal text, no padding
	"uSkaterConfig": {"uSkaterZip": func(b row) any { return numberText(b["uSkaterZip"]) }},
	// 00012: reference entries can be retired or private (new, NULL = shared and listed)
	"coaches": {"coach_phone": func(b row) any { return numberText(b["coach_phone"]) },
		"retired_at": func(row) any { return nil }, "owner_skater": func(row) any { return nil }},
	"locations":      {"retired_at": func(row) any { return nil }, "owner_skater": func(row) any { return nil }},
	"club_directory": {"retired_at": func(row) any { return nil }, "owner_skater": func(row) any { return nil }},
	"ice_type":       {"retired_at": func(row) any { return nil }},
	"e_event_types":  {"retired_at": func(row) any { return nil }},
	// 00004: plaintext tokens replaced by their sha256
	"invite_tokens": {
		"token":        func(row) any { return nil },
		"token_sha256": func(b row) any { return sha256Bytea(b["token"].(string)) },
		"revoked_at":   func(row) any { return nil },
		"note":         func(row) any { return nil },
	},
	"password_reset_tokens": {
		"token":        func(row) any { return nil },
		"token_sha256": func(b row) any { return sha256Bytea(b["token"].(string)) },
	},
	// 00005: gear can be retired (new, NULL = in use)
	"uSkaterBoots":  {"retired_at": func(row) any { return nil }},
	"uSkaterBlades": {"retired_at": func(row) any { return nil }},
	// 00005: a legacy session at 00:00 UTC moves to 00:00 of the same date in
	// its skater's zone (inara is in New York; sparkles is in UTC, so hers stay)
	"ice_time": {"date": func(b row) any {
		if b["uSkaterUUID"] == "9461aff8-c20e-443e-954f-393038c14603" && strings.HasSuffix(b["date"].(string), "T00:00:00") {
			d, _ := time.Parse("2006-01-02T15:04:05", b["date"].(string))
			ny, _ := time.LoadLocation("America/New_York")
			local := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, ny)
			return local.UTC().Format("2006-01-02T15:04:05")
		}
		return b["date"]
	}},
}

// compareRows fails for every row that disappeared or appeared and every
// value that changed other than by a listed conversion. Tables in
// seededTables may gain rows (the Go seed adds what the original lacked).
func compareRows(t *testing.T, before, after snapshot, conv map[string]map[string]func(row) any) {
	t.Helper()
	for table, rowsBefore := range before {
		rowsAfter, ok := after[table]
		if !ok {
			t.Errorf("table %s disappeared", table)
			continue
		}
		for key, b := range rowsBefore {
			a, ok := rowsAfter[key]
			if !ok {
				t.Errorf("%s row %s disappeared", table, key)
				continue
			}
			for col, bv := range b {
				want := bv
				if f := conv[table][col]; f != nil {
					want = f(b)
				}
				if av, ok := a[col]; !ok {
					t.Errorf("%s row %s: column %s disappeared", table, key, col)
				} else if !reflect.DeepEqual(av, want) {
					t.Errorf("%s row %s: %s = %#v, want %#v", table, key, col, av, want)
				}
			}
			for col, av := range a {
				if _, old := b[col]; old {
					continue
				}
				f := conv[table][col]
				if f == nil {
					t.Errorf("%s row %s: unexpected new column %s = %#v", table, key, col, av)
				} else if want := f(b); !reflect.DeepEqual(av, want) {
					t.Errorf("%s row %s: new column %s = %#v, want %#v", table, key, col, av, want)
				}
			}
		}
	}
}

func TestAdoptOriginalDatabase(t *testing.T) {
	t.Parallel()
	pool := originalDB(t)

	// The fixture must cover every table, or a lost row could go unnoticed.
	for _, table := range queryStrings(t, pool, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`) {
		var n int
		ident := `"` + table + `"`
		if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM `+ident).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Errorf("fixture leaves table %s empty: add rows to originalRows", table)
		}
	}

	before := takeSnapshot(t, pool)
	up(t, pool)
	after := takeSnapshot(t, pool)

	t.Run("no row lost or changed", func(t *testing.T) {
		compareRows(t, before, after, conversions)
	})
	t.Run("original rows", func(t *testing.T) {
		checkQueries(t, pool, []queryCheck{
			{"zip is the text of the same number",
				`SELECT "uSkaterZip" FROM "uSkaterConfig" WHERE "uSkaterUUID" = '9461aff8-c20e-443e-954f-393038c14603'`, "2134"},
			{"NULL zip stays NULL",
				`SELECT coalesce("uSkaterZip", '<null>') FROM "uSkaterConfig" WHERE "uSkaterUUID" = 'd194b837-3e2f-43fe-8876-f1febcdd7ba9'`, "<null>"},
			{"coach phone is the text of the same number",
				`SELECT coach_phone FROM coaches WHERE "coach_Fname" = 'Jane'`, "919555012"},
			{"no plaintext token remains",
				`SELECT (SELECT count(*) FROM invite_tokens WHERE token IS NOT NULL)
				      + (SELECT count(*) FROM password_reset_tokens WHERE token IS NOT NULL)`, "0"},
			{"an old invite is found by the sha256 of its plaintext",
				`SELECT use_count FROM invite_tokens WHERE token_sha256 = sha256('abc123def456abc123def456abc123de')`, "1"},
			{"an old reset token is found by the sha256 of its plaintext",
				`SELECT user_id FROM password_reset_tokens WHERE token_sha256 = sha256('4646c38e9bb44c918a0dfdd2a0b13648')`, "2"},
			{"placeholder coach keeps row id 1",
				`SELECT id FROM coaches WHERE coach_id = '487d43b5-0a4d-4dc4-8cc2-ab06870a10bf'`, "1"},
			{"an edited seed rink is not overwritten",
				`SELECT rink_phone FROM locations WHERE rink_id = '48ca4fc1-6e40-4102-8ca7-85b85846db23'`, "(919) 460-0000"},
			{"missing roles are added by name, around ids already taken",
				`SELECT string_agg(id || ':' || name, ',' ORDER BY id) FROM role`,
				"1:adult,2:coach,3:minor,4:guardian,5:judge,6:admin"},
			{"role sequence is past every id (the original left it at 1)",
				`SELECT nextval('role_id_seq')`, "7"},
			{"case-variant logins survive (lookup index is not unique)",
				`SELECT count(*) FROM "uAuthTable" WHERE lower("aLogin") = 'inara'`, "2"},
		})
	})
	t.Run("seed rows", func(t *testing.T) { checkSeeds(t, pool) })
	t.Run("new rows get server defaults", func(t *testing.T) {
		checkQueries(t, pool, []queryCheck{
			{"event ids and entry status",
				`WITH e AS (INSERT INTO e_events (event_label, event_date, "uSkaterUUID")
				            VALUES ('x', '2027-01-01', '9461aff8-c20e-443e-954f-393038c14603') RETURNING id),
				      n AS (INSERT INTO e_event_entries (event_id, "uSkaterUUID")
				            SELECT id, '9461aff8-c20e-443e-954f-393038c14603' FROM e RETURNING status)
				 SELECT status FROM n`, "Committed"},
			{"coach serial does not collide with the original's rows",
				`INSERT INTO coaches ("coach_Fname", coach_phone) VALUES ('New', '+1 (919) 555-0123')
				 RETURNING coach_phone`, "+1 (919) 555-0123"},
			{"new invite is stored by hash only",
				`INSERT INTO invite_tokens (token_sha256) VALUES (sha256('new')) RETURNING max_uses::text || '/' || use_count`, "1/0"},
		})
	})
}

// TestAdoptedSchemaMatchesFresh: whichever way a database started, the Go
// code (and sqlc) sees one schema: same columns, types, nullability,
// defaults, constraints and indexes. Only names of constraints and indexes
// may differ, and the original's alembic_version table stays.
func TestAdoptedSchemaMatchesFresh(t *testing.T) {
	t.Parallel()
	adopted := originalDB(t)
	up(t, adopted)
	fresh := testdb.New(t)

	a, f := schemaOf(t, adopted), schemaOf(t, fresh)
	for _, part := range []string{"columns", "constraints", "indexes"} {
		if d := diffLines(f[part], a[part]); d != "" {
			t.Errorf("%s differ (- fresh, + adopted):\n%s", part, d)
		}
	}
}

// schemaOf describes the schema without object names, excluding the
// migration tools' own tables.
func schemaOf(t *testing.T, pool *pgxpool.Pool) map[string][]string {
	t.Helper()
	const skip = `('goose_db_version', 'alembic_version')`
	return map[string][]string{
		"columns": queryStrings(t, pool, `
			SELECT format('%s.%s %s(%s) null=%s default=%s', table_name, column_name, data_type,
			              coalesce(character_maximum_length::text, ''), is_nullable, coalesce(column_default, ''))
			FROM information_schema.columns
			WHERE table_schema = 'public' AND table_name NOT IN `+skip+` ORDER BY 1`),
		"constraints": queryStrings(t, pool, `
			SELECT format('%s %s', conrelid::regclass::text, pg_get_constraintdef(oid))
			FROM pg_constraint
			WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT IN `+skip+` ORDER BY 1`),
		"indexes": queryStrings(t, pool, `
			SELECT regexp_replace(indexdef, 'INDEX \S+ ON', 'INDEX ON')
			FROM pg_indexes
			WHERE schemaname = 'public' AND tablename NOT IN `+skip+` ORDER BY 1`),
	}
}

func diffLines(want, got []string) string {
	count := map[string]int{}
	for _, s := range want {
		count[s]--
	}
	for _, s := range got {
		count[s]++
	}
	var out []string
	for s, n := range count {
		for ; n < 0; n++ {
			out = append(out, "- "+s)
		}
		for ; n > 0; n-- {
			out = append(out, "+ "+s)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// TestMigrationsAreIdempotent: a second Up is a no-op, and so is re-running
// every migration on its own output (what happens if goose's version table
// is lost: goose then adopts the database again from 00001).
func TestMigrationsAreIdempotent(t *testing.T) {
	t.Parallel()
	pool := originalDB(t)
	up(t, pool)
	rows, schema := takeSnapshot(t, pool), schemaOf(t, pool)

	check := func(t *testing.T) {
		compareRows(t, rows, takeSnapshot(t, pool), nil)
		compareRows(t, takeSnapshot(t, pool), rows, nil) // nothing added either
		now := schemaOf(t, pool)
		for part := range schema {
			if d := diffLines(schema[part], now[part]); d != "" {
				t.Errorf("%s changed:\n%s", part, d)
			}
		}
	}
	t.Run("second Up", func(t *testing.T) {
		up(t, pool)
		check(t)
	})
	t.Run("every migration again", func(t *testing.T) {
		if _, err := pool.Exec(context.Background(), `DROP TABLE goose_db_version`); err != nil {
			t.Fatal(err)
		}
		up(t, pool)
		check(t)
	})
}

// TestDownAllThenUpAll: every Down works, leaves no table behind, and the
// schema comes back whole.
func TestDownAllThenUpAll(t *testing.T) {
	t.Parallel()
	pool := testdb.New(t)
	want := schemaOf(t, pool)

	withSQLDB(t, pool, func(db *sql.DB) error { return migrate.DownTo(context.Background(), db, 0) })
	if left := queryStrings(t, pool, `
		SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'goose_db_version'
		UNION ALL SELECT sequencename FROM pg_sequences
		WHERE schemaname = 'public' AND sequencename NOT LIKE 'goose_db_version%'`); len(left) > 0 {
		t.Errorf("left behind after Down: %v", left)
	}

	up(t, pool)
	got := schemaOf(t, pool)
	for part := range want {
		if d := diffLines(want[part], got[part]); d != "" {
			t.Errorf("%s differ after Down+Up (- before, + after):\n%s", part, d)
		}
	}
	checkSeeds(t, pool)
}

func TestFreshDatabase(t *testing.T) {
	t.Parallel()
	pool := testdb.New(t)
	checkSeeds(t, pool)
	checkQueries(t, pool, []queryCheck{
		{"roles get the original's ids",
			`SELECT string_agg(id || ':' || name, ',' ORDER BY id) FROM role`,
			"1:adult,2:coach,3:minor,4:guardian,5:admin"},
		{"role serial continues after the seeded ids",
			`INSERT INTO role (name) VALUES ('judge') RETURNING id`, "6"},
		{"coach serial continues after the placeholder",
			`INSERT INTO coaches ("coach_Fname") VALUES ('Jane') RETURNING id`, "2"},
		{"timestamps default to naive UTC whatever the session zone",
			`WITH s AS (SELECT set_config('TimeZone', 'Pacific/Auckland', true)),
			      u AS (INSERT INTO "uAuthTable" ("aLogin", "aPasswordHash", "aEmail")
			            SELECT 'tz', 'x', 'tz@example.com' FROM s RETURNING created_at)
			 SELECT (abs(extract(epoch FROM created_at - (now() AT TIME ZONE 'UTC'))) < 60)::text FROM u`, "true"},
		{"zip keeps leading zeros now",
			`INSERT INTO "uSkaterConfig" ("uSkaterUUID", "uSkaterZip") VALUES (gen_random_uuid(), '02134-1234')
			 RETURNING "uSkaterZip"`, "02134-1234"},
	})
}

// TestRefusesUnfinishedOriginalDatabase: a database the original had not
// migrated to alembic head is refused with a hint, and left untouched.
func TestRefusesUnfinishedOriginalDatabase(t *testing.T) {
	t.Parallel()
	pool := originalDB(t)
	if _, err := pool.Exec(context.Background(),
		`ALTER TABLE e_events ADD COLUMN event_cost double precision`); err != nil {
		t.Fatal(err)
	}
	before := takeSnapshot(t, pool)
	err := migrateUp(pool)
	if err == nil || !strings.Contains(err.Error(), "013_event_cost_line_items") {
		t.Fatalf("Up = %v, want an error naming alembic 013", err)
	}
	compareRows(t, before, takeSnapshot(t, pool), nil)
	checkQueries(t, pool, []queryCheck{
		{"no table was created", `SELECT (to_regclass('auth_sessions') IS NULL)::text`, "true"},
	})
}

type queryCheck struct {
	name, query, want string
}

// checkQueries runs each query (one text cell) and compares the result.
func checkQueries(t *testing.T, pool *pgxpool.Pool, checks []queryCheck) {
	t.Helper()
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			// The simple protocol returns every value as text.
			var got string
			err := pool.QueryRow(context.Background(), c.query, pgx.QueryExecModeSimpleProtocol).Scan(&got)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// checkSeeds verifies the lookup rows of 00002 by content, so it holds for
// fresh and adopted databases alike.
func checkSeeds(t *testing.T, pool *pgxpool.Pool) {
	t.Helper()
	checkQueries(t, pool, []queryCheck{
		{"ice types", `SELECT string_agg(ice_type_id || '=' || ice_type, ',' ORDER BY ice_type_id) FROM ice_type
			WHERE ice_type_id IN ('dc812842-a9a9-4902-b680-361420baffe5', 'cedbb4e9-ab5b-4a14-a273-fd9783aaac86',
			  '12208eeb-9ffe-4ac3-90d3-976741a34249', '7a3b3441-04d6-4b5a-afb6-eb556022c2e7',
			  '88f87085-927d-4b77-b1c9-77d6de7c2d28', 'e48d17a7-d092-4320-8e5b-6670d57b104b',
			  'db32094e-9b0d-42a5-b87f-cd47729b6c65', '0bcb0d7a-f5f0-41e2-bccb-78e80eb6673f',
			  'a2250306-a238-4ff3-b772-ae86cbda0d7c', '43cae2d2-909c-47a1-ac7d-a1a923c25d4e')`,
			"0bcb0d7a-f5f0-41e2-bccb-78e80eb6673f=Free Style (Punch Card)," +
				"12208eeb-9ffe-4ac3-90d3-976741a34249=Coaching Session," +
				"43cae2d2-909c-47a1-ac7d-a1a923c25d4e=Off Ice - Rink," +
				"7a3b3441-04d6-4b5a-afb6-eb556022c2e7=Competition," +
				"88f87085-927d-4b77-b1c9-77d6de7c2d28=Performance," +
				"a2250306-a238-4ff3-b772-ae86cbda0d7c=Off Ice - Concrete or Asphalt," +
				"cedbb4e9-ab5b-4a14-a273-fd9783aaac86=Public," +
				"db32094e-9b0d-42a5-b87f-cd47729b6c65=Group Class," +
				"dc812842-a9a9-4902-b680-361420baffe5=Free Style (Walk On)," +
				"e48d17a7-d092-4320-8e5b-6670d57b104b=Club Ice"},
		{"Off Ice location", `SELECT rink_name || '/' || rink_zip || '/' || coalesce(rink_tz, 'null')
			FROM locations WHERE rink_id = 'b261166b-9e7c-4a96-ab06-ec630deb3321'`, "Off Ice/00000/null"},
		{"the 21 pooled locations", `SELECT count(*) FROM locations WHERE data_source = 'skatetrax'
			AND rink_id IN ('b261166b-9e7c-4a96-ab06-ec630deb3321', '92b3dcf8-3018-4d61-9cf7-f683846eb517',
			  '71cfa9a4-976a-4294-93c9-7e41488ac175', 'c7faeb7e-e3dc-4881-8f35-c70b1e1e9a7f',
			  'ae6e22f7-d4be-4188-a871-bf4288a36997', '80a8f30e-93c6-4ed0-9a56-6cd84fbe44b7',
			  '8f9c7515-d65d-49a5-b716-d8de5b0fab36', '0c4ca8f4-0949-4d09-83e0-b59663ccddb6',
			  'a8be80dc-1e0d-4cc4-9743-46c9b273b7de', 'f6255fc0-bb01-4f4a-a2a1-b991481dd1e1',
			  '199f3859-c8cb-4868-aba8-e0406e6f9a61', 'b6b3dd75-ebb4-4a89-90c2-f95f56c1968c',
			  '00ed2b0f-a42e-4e44-b066-8cc911ffd679', 'cb4e2b1d-e8c3-4425-ab3f-2fe683c05e77',
			  'f3658548-9c04-44de-999e-40df4899285a', 'd9fde7ef-1344-49b4-acc8-b1d0464f1b6e',
			  '042c6bf0-9fe4-482f-be96-f563f25a5b10', '48ca4fc1-6e40-4102-8ca7-85b85846db23',
			  'b3206edf-6027-4a34-a075-15ba83ac5a6b', '392d379c-f17b-4a20-b743-c1d005e553d0',
			  '5185e956-27c4-41d1-bd7f-0dd3133a46b0')`, "21"},
		{"rink time zones", `SELECT rink_city || ', ' || rink_state || ' ' || rink_tz FROM locations
			WHERE rink_id = '0c4ca8f4-0949-4d09-83e0-b59663ccddb6'`, "Antioch, TN America/Chicago"},
		{"placeholder coach", `SELECT id || ' ' || "coach_Fname" || ' ' || "coach_Lname" || ' ' || coach_rate
			FROM coaches WHERE coach_id = '487d43b5-0a4d-4dc4-8cc2-ab06870a10bf'`, "1 - - 0"},
		{"No Club", `SELECT club_name || ' ' || club_cost || ' ' || (club_home_rink IS NULL)
			FROM club_directory WHERE club_id = 'c4dd2b9c-50f1-4f5b-a439-fd8f36a654d6'`, "No Club 0 true"},
		{"governing bodies", `SELECT string_agg(short_name, ',' ORDER BY id) FROM e_governing_bodies
			WHERE id::text LIKE 'a0000000-0000-0000-0000-00000000000_'`, "None,USFSA,ISI,Other,Compete USA"},
		{"event types", `SELECT string_agg(right(e.id::text, 2) || ' ' || category || ' ' || coalesce(scoring_system, '-')
			|| ' ' || g.short_name || ' ' || single_mark, ', ' ORDER BY e.id)
			FROM e_event_types e JOIN e_governing_bodies g ON g.id = e.governing_body_id
			WHERE e.id::text LIKE 'b0000000-0000-0000-0000-0000000000__' AND e.id <= 'b0000000-0000-0000-0000-00000000000a'`,
			"01 Competition 6.0 USFSA false, 02 Competition 6.0 None false, 03 Showcase CJS USFSA false, " +
				"04 Showcase - None false, 05 Exhibition - None false, 06 Competition IJS USFSA false, " +
				"07 Competition 6.0 Compete USA true, 08 Competition 6.0 Compete USA false, " +
				"09 Competition IJS Compete USA false, 0a Competition CJS Compete USA false"},
		// 00007: every category × scoring system with the None body, and
		// Competition/CJS/USFSA for CJS imports, each only once.
		{"event types of 00007", `SELECT string_agg(right(e.id::text, 2) || ' ' || category || ' ' || coalesce(scoring_system, '-')
			|| ' ' || g.short_name || ' ' || single_mark, ', ' ORDER BY e.id)
			FROM e_event_types e JOIN e_governing_bodies g ON g.id = e.governing_body_id
			WHERE e.id::text LIKE 'b0000000-0000-0000-0000-0000000000__' AND e.id > 'b0000000-0000-0000-0000-00000000000a'`,
			"0b Competition CJS USFSA false, 0c Competition - None false, 0d Competition IJS None false, " +
				"0e Competition CJS None false, 0f Showcase 6.0 None false, 10 Showcase CJS None false, " +
				"11 Showcase IJS None false, 12 Exhibition 6.0 None false, 13 Exhibition CJS None false, " +
				"14 Exhibition IJS None false"},
		{"no duplicate event types", `SELECT (count(*) - count(DISTINCT (category, coalesce(scoring_system, '-'),
			governing_body_id, coalesce(single_mark, false))))::text FROM e_event_types`, "0"},
		{"roles by name", `SELECT string_agg(name, ',' ORDER BY name) FROM role
			WHERE name IN ('adult', 'coach', 'minor', 'guardian', 'admin')`, "admin,adult,coach,guardian,minor"},
	})
}
