package portability_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/skatetrax/skatetrax-api/internal/auth/password"
	"github.com/skatetrax/skatetrax-api/internal/portability"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// writeTree writes files (path -> content) under a fresh folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, body := range files {
		full := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

const (
	tideSkater = "1b6f2d4e-3c5a-4e8b-9f70-81a2b3c4d5e6"
	mirela     = "5f0d6c3a-8b21-4e77-9c4e-2a1b3c4d5e61"
	foothills  = "9a7e3b10-44c2-4f5e-8d19-6b0c2e7f8a93"
)

// fixtureFiles are written for these tests in the original's layout: the
// spec's tidewater example (sessions in fixtures/sessions/) and a second
// user, harbor, whose sessions sit beside the folder as the original keeps
// them, with a 10-digit coach phone, a ZIP written as a number, a
// date-only session, a session with an offset and flags written as text.
func fixtureFiles() map[string]string {
	return map[string]string{
		"fixtures/pooled/coaches.yaml": `
- {coach_id: "` + mirela + `", coach_Fname: "Mirela", coach_Lname: "Okafor", coach_rate: 42.5,
   coach_phone: null, coach_email: "m.okafor@example.org", coach_ijs_id: null, coach_usfsa_id: 1234567}
- {coach_id: "487d43b5-0a4d-4dc4-8cc2-ab06870a10bf", coach_Fname: "-", coach_Lname: "-", coach_rate: 0,
   coach_phone: null, coach_email: null, coach_ijs_id: null, coach_usfsa_id: null}
- {coach_id: "11111111-2222-4333-8444-555555555555", coach_Fname: "Jane", coach_Lname: "Doe", coach_rate: 35,
   coach_phone: 5551234567, coach_email: null, coach_ijs_id: null, coach_usfsa_id: null}
`,
		"fixtures/pooled/locations.yaml": `
- {rink_id: "` + foothills + `", rink_name: "Foothills Ice Arena", rink_address: "410 Granite Way",
   rink_city: "Loveland", rink_state: "CO", rink_country: "US", rink_zip: "80538", rink_url: "https://foothills-ice.example",
   rink_phone: "(970) 555-0142", rink_tz: "America/Denver", data_source: "skatetrax"}
`,
		"fixtures/pooled/clubs.yaml": `
- {club_id: "d3c1e8f2-7a45-4b9e-b012-3e4f5a6b7c8d", club_name: "Front Range Edge FSC",
   club_home_rink: "` + foothills + `", club_cost: 95}
- {club_id: "c4dd2b9c-50f1-4f5b-a439-fd8f36a654d6", club_name: "No Club", club_home_rink: null, club_cost: 0}
`,
		"fixtures/pooled/ice_types.yaml": "- {ice_type_id: not-read}\n",
		"fixtures/users/tidewater/auth.yaml": `{aLogin: "tidewater", password: "Gl1de-Sp1ral!", aEmail: "tidewater@example.net", phone_number: 9705550199,
 uSkaterUUID: "` + tideSkater + `"}`,
		"fixtures/users/tidewater/profile.yaml": `{date_created: "2026-03-01 00:00:00", uSkaterFname: "Wren", uSkaterMname: "", uSkaterLname: "Castellano",
 uSkaterZip: 80537, uSkaterCity: "Loveland", uSkaterState: "CO", uSkaterCountry: "US", uSkaterTZ: "America/Denver",
 uSkaterComboIce: "4d6f8a0c-2e4a-4c6e-8a0b-1c2d3e4f5a6b", uSkaterComboOff: null,
 uSkaterRinkPref: "` + foothills + `", uSkaterMaintPref: 18,
 activeCoach: "` + mirela + `", org_Club: "d3c1e8f2-7a45-4b9e-b012-3e4f5a6b7c8d",
 org_Club_Join_Date: "2025-07-01 00:00:00", org_USFSA_number: 7654321}`,
		"fixtures/users/tidewater/equipment.yaml": `
boots:   [{bootsID: "c2a4e6f8-1b3d-4f5a-8c7e-9d0b1a2c3e4f", date_created: "2025-11-15", bootsName: "Edea",
           bootsModel: "Ice Fly", bootsSize: "245", bootsPurchaseAmount: 689.00}]
blades:  [{bladesID: "e7f9a1b3-5c7d-4e9f-a1b2-c3d4e5f60718", date_created: "2025-11-15", bladesName: "MK",
           bladesModel: "Phantom", bladesSize: "9.25", bladesPurchaseAmount: 415.50}]
configs: [{sConfigID: "4d6f8a0c-2e4a-4c6e-8a0b-1c2d3e4f5a6b", date_created: "2025-11-20",
           uSkaterBladesID: "e7f9a1b3-5c7d-4e9f-a1b2-c3d4e5f60718", uSkaterBootsID: "c2a4e6f8-1b3d-4f5a-8c7e-9d0b1a2c3e4f",
           sConfigType: 1, sActiveFlag: 1}]
`,
		"fixtures/users/tidewater/maintenance.yaml": `
- {m_date: "2025-11-20 00:00:00", m_hours_on: 0, m_cost: 25.00, m_location: "` + foothills + `",
   m_roh: "1/2", uSkaterBladesID: "e7f9a1b3-5c7d-4e9f-a1b2-c3d4e5f60718",
   uSkateConfig: "4d6f8a0c-2e4a-4c6e-8a0b-1c2d3e4f5a6b", m_notes: "mounted and first sharpening", m_pref_hours: 18}
- {m_date: "2026-02-27 00:00:00", m_hours_on: 1095, m_cost: 25.00, m_location: "` + foothills + `",
   m_roh: "1/2", uSkaterBladesID: "e7f9a1b3-5c7d-4e9f-a1b2-c3d4e5f60718", uSkateConfig: null, m_notes: null, m_pref_hours: 18}
`,
		"fixtures/users/tidewater/memberships.yaml": `
club_memberships: [{club_id: "d3c1e8f2-7a45-4b9e-b012-3e4f5a6b7c8d", joined_date: "2025-07-01 00:00:00",
                    expiration_date: "2026-06-30 00:00:00", membership_fee: 95.00}]
punch_cards: [{card_type: "0bcb0d7a-f5f0-41e2-bccb-78e80eb6673f", card_cost: 150, punches_total: 12,
               punch_session_minutes: 45, purchase_date: "2026-01-02 00:00:00", expiration_date: "2026-12-31 00:00:00",
               rink_id: "` + foothills + `"}]
lts_classes: []
`,
		"fixtures/sessions/tidewater/2026_03.csv": `date,ice_time,ice_cost,skate_type,coach_time,coach_id,coach_cost,has_video,has_notes,rink_id,uSkaterUUID,uSkaterConfig,uSkaterType
2026-03-02 07:00:00,60,14.00,dc812842-a9a9-4902-b680-361420baffe5,30,` + mirela + `,21.25,0,0,` + foothills + `,` + tideSkater + `,4d6f8a0c-2e4a-4c6e-8a0b-1c2d3e4f5a6b,1
2026-03-09 06:00:00,45,9.50,cedbb4e9-ab5b-4a14-a273-fd9783aaac86,0,487d43b5-0a4d-4dc4-8cc2-ab06870a10bf,0.00,0,0,` + foothills + `,` + tideSkater + `,4d6f8a0c-2e4a-4c6e-8a0b-1c2d3e4f5a6b,1
2026-03-14 06:00:00,50,18.00,db32094e-9b0d-42a5-b87f-cd47729b6c65,0,487d43b5-0a4d-4dc4-8cc2-ab06870a10bf,0.00,0,0,` + foothills + `,` + tideSkater + `,4d6f8a0c-2e4a-4c6e-8a0b-1c2d3e4f5a6b,1
`,
		"fixtures/users/harbor/auth.yaml": `aLogin: harbor
password: "a harbor of calm"
aEmail: harbor@example.org
uSkaterUUID: "2c7e3f5a-4d6b-4f9c-8a81-92b3c4d5e6f7"
`,
		"fixtures/users/harbor/profile.yaml": `uSkaterFname: Ike
uSkaterLname: Harbor
uSkaterZip: 2134
uSkaterTZ: America/New_York
uSkaterRinkPref: 48ca4fc1-6e40-4102-8ca7-85b85846db23
org_Club: c4dd2b9c-50f1-4f5b-a439-fd8f36a654d6
uSkaterMaintPref: 21
`,
		"sessions/harbor/a.csv": `date,ice_time,ice_cost,skate_type,coach_time,coach_id,coach_cost,has_video,has_notes,rink_id,id
2026-03-02,60,12,dc812842-a9a9-4902-b680-361420baffe5,0,487d43b5-0a4d-4dc4-8cc2-ab06870a10bf,0,false,true,48ca4fc1-6e40-4102-8ca7-85b85846db23,17
2026-03-03T00:00:00-05:00,30,NULL,dc812842-a9a9-4902-b680-361420baffe5,0,,0,0,0,48ca4fc1-6e40-4102-8ca7-85b85846db23,18
`,
		"fixtures/users/inara/auth.yaml.sample": "{aLogin: inara}\n",
	}
}

func newService(t *testing.T) (*portability.Service, *pgxpool.Pool) {
	pool := testdb.New(t)
	return portability.New(pool, nil, slog.New(slog.NewTextHandler(io.Discard, nil)), "test"), pool
}

// snapshot is every row the fixtures touch, as text, in a stable order.
func snapshot(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT coach_id, "coach_Fname", coach_phone, coach_rate FROM coaches ORDER BY coach_id`,
		`SELECT rink_id, rink_name, rink_zip, rink_tz FROM locations ORDER BY rink_id`,
		`SELECT club_id, club_name, club_home_rink FROM club_directory ORDER BY club_id`,
		`SELECT id, "aLogin", "aEmail", phone_number, "uSkaterUUID" FROM "uAuthTable" ORDER BY id`,
		`SELECT to_jsonb(p) - 'id' FROM "uSkaterConfig" p ORDER BY "uSkaterUUID"`,
		`SELECT to_jsonb(x) FROM "uSkaterBoots" x ORDER BY 1`,
		`SELECT to_jsonb(x) FROM "uSkaterBlades" x ORDER BY 1`,
		`SELECT to_jsonb(x) FROM "uSkateConfig" x ORDER BY 1`,
		`SELECT to_jsonb(x) FROM club_members x ORDER BY id`,
		`SELECT to_jsonb(x) FROM punch_cards x ORDER BY 1`,
		`SELECT to_jsonb(x) FROM maintenance x ORDER BY id`,
		`SELECT to_jsonb(x) FROM ice_time x ORDER BY ice_time_id`,
		`SELECT user_id, role_id FROM user_roles ORDER BY 1, 2`,
	} {
		rows, err := pool.Query(context.Background(), q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			v, err := rows.Values()
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range v {
				b.WriteString(strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(fmtAny(x), "\n", " "), "\t", " ")))
				b.WriteString("|")
			}
			b.WriteString("\n")
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		b.WriteString("--\n")
	}
	return b.String()
}

func count(t *testing.T, pool *pgxpool.Pool, q string, args ...any) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestImportFixtures(t *testing.T) {
	svc, pool := newService(t)
	root := writeTree(t, fixtureFiles())
	dir := filepath.Join(root, "fixtures")
	ctx := context.Background()

	rep, err := svc.ImportFixtures(ctx, dir, nil)
	if err != nil {
		t.Fatalf("first import: %v", err)
	}
	first := snapshot(t, pool)

	t.Run("the_layout_loads_every_file", func(t *testing.T) {
		if strings.Join(rep.Users, ",") != "harbor,tidewater" {
			t.Errorf("users %v (a folder with only auth.yaml.sample is no user)", rep.Users)
		}
		for what, n := range map[string]int{"accounts imported": 2, "profiles imported": 2, "boots imported": 1, "blades imported": 1,
			"configs imported": 1, "club memberships imported": 1, "punch cards imported": 1, "sharpenings imported": 2,
			"sessions imported": 5, "coaches imported": 2, "coaches duplicate": 1, "rinks imported": 1, "clubs imported": 1,
			"clubs duplicate": 1} {
			if rep.Counts[what] != n {
				t.Errorf("%s = %d, want %d (%v)", what, rep.Counts[what], n, rep.Counts)
			}
		}
	})

	t.Run("data_losing_quirks_are_fixed", func(t *testing.T) {
		if n := count(t, pool, `SELECT count(*) FROM coaches WHERE coach_phone = '5551234567'`); n != 1 {
			t.Error("a 10-digit coach phone was lost")
		}
		if n := count(t, pool, `SELECT count(*) FROM "uAuthTable" WHERE phone_number = '9705550199'`); n != 1 {
			t.Error("a phone written as a number was lost")
		}
		if n := count(t, pool, `SELECT count(*) FROM maintenance WHERE "uSkaterConfig" = '4d6f8a0c-2e4a-4c6e-8a0b-1c2d3e4f5a6b'`); n != 1 {
			t.Error("maintenance uSkateConfig did not reach the column")
		}
		// A date-only session is local midnight in the skater's zone; an offset is converted to UTC.
		if n := count(t, pool, `SELECT count(*) FROM ice_time WHERE date IN ('2026-03-02 05:00:00', '2026-03-03 05:00:00')
			AND "uSkaterUUID" = '2c7e3f5a-4d6b-4f9c-8a81-92b3c4d5e6f7'`); n != 2 {
			t.Error("harbor's dates were not placed in America/New_York")
		}
		if n := count(t, pool, `SELECT count(*) FROM ice_time WHERE has_video = 0 AND has_notes = 1`); n != 1 {
			t.Error("true/false flags were not read as 1/0")
		}
		if n := count(t, pool, `SELECT count(*) FROM "uSkaterConfig" WHERE "uSkaterZip" = '2134'`); n != 1 {
			t.Error("a ZIP written as a number was not kept")
		}
		if len(rep.Warnings) == 0 || !strings.Contains(strings.Join(rep.Warnings, "\n"), "uSkaterZip") {
			t.Errorf("no warning about a ZIP that may have lost its zero: %v", rep.Warnings)
		}
		var hash string
		if err := pool.QueryRow(ctx, `SELECT "aPasswordHash" FROM "uAuthTable" WHERE "aLogin" = 'tidewater'`).Scan(&hash); err != nil {
			t.Fatal(err)
		}
		if ok, _, err := password.Verify(hash, "Gl1de-Sp1ral!"); !ok || err != nil || !strings.HasPrefix(hash, "$argon2id$") {
			t.Errorf("password not hashed with our hasher: %q %v", hash, err)
		}
		if n := count(t, pool, `SELECT count(*) FROM "uSkaterConfig" WHERE "uSkaterUUID" = $1 AND "uSkaterComboIce" = '4d6f8a0c-2e4a-4c6e-8a0b-1c2d3e4f5a6b'`, tideSkater); n != 1 {
			t.Error("fixture UUIDs not kept")
		}
	})

	t.Run("a_second_run_changes_nothing", func(t *testing.T) {
		rep2, err := svc.ImportFixtures(ctx, dir, nil)
		if err != nil {
			t.Fatalf("second import: %v", err)
		}
		if second := snapshot(t, pool); second != first {
			t.Errorf("the second run changed the database:\nfirst:\n%s\nsecond:\n%s", first, second)
		}
		for k, n := range rep2.Counts {
			if strings.HasSuffix(k, " imported") && n > 0 {
				t.Errorf("second run imported %d %s", n, k)
			}
		}
	})

	t.Run("user_flag_loads_one_user", func(t *testing.T) {
		rep3, err := svc.ImportFixtures(ctx, dir, []string{"harbor"})
		if err != nil || strings.Join(rep3.Users, ",") != "harbor" {
			t.Fatalf("%v %v", rep3.Users, err)
		}
		if _, err := svc.ImportFixtures(ctx, dir, []string{"nobody"}); err == nil {
			t.Error("an unknown user folder was accepted")
		}
	})
}

func TestImportFixturesRefusals(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(map[string]string)
		wants []string
	}{
		{"placeholders_are_refused", func(f map[string]string) {
			f["fixtures/pooled/coaches.yaml"] += `- {coach_id: REPLACE_WITH_UUID, coach_Fname: "John", coach_Lname: "Smith", coach_rate: 40, coach_phone: null, coach_email: null, coach_ijs_id: null, coach_usfsa_id: null}` + "\n"
			f["fixtures/users/harbor/auth.yaml"] = strings.Replace(f["fixtures/users/harbor/auth.yaml"], `"a harbor of calm"`, "CHANGE_ME", 1)
		}, []string{"placeholder REPLACE_WITH_UUID", "password still holds the placeholder CHANGE_ME"}},
		{"every_unresolvable_reference_is_listed", func(f map[string]string) {
			f["fixtures/users/harbor/profile.yaml"] += "activeCoach: 99999999-9999-4999-8999-999999999999\norg_Club: 88888888-8888-4888-8888-888888888888\n"
			f["fixtures/users/harbor/profile.yaml"] = strings.Replace(f["fixtures/users/harbor/profile.yaml"], "org_Club: c4dd2b9c-50f1-4f5b-a439-fd8f36a654d6\n", "", 1)
			f["fixtures/users/tidewater/memberships.yaml"] = strings.Replace(f["fixtures/users/tidewater/memberships.yaml"], "rink_id: \""+foothills, `rink_id: "77777777-7777-4777-8777-777777777777`, 1)
		}, []string{"coach 99999999-9999-4999-8999-999999999999", "club 88888888-8888-4888-8888-888888888888", "rink 77777777-7777-4777-8777-777777777777"}},
		{"bad_session_lines_are_listed_with_line_and_column", func(f map[string]string) {
			f["sessions/harbor/a.csv"] += "0000-00-00,30,1,dc812842-a9a9-4902-b680-361420baffe5,0,,0,0,0,48ca4fc1-6e40-4102-8ca7-85b85846db23,19\n" +
				"2026-03-05,30,NaN,dc812842-a9a9-4902-b680-361420baffe5,0,,0,0,0,48ca4fc1-6e40-4102-8ca7-85b85846db23,20\n" +
				"03/21/2026,30,1,dc812842-a9a9-4902-b680-361420baffe5,0,,0,0,0,48ca4fc1-6e40-4102-8ca7-85b85846db23,21\n"
		}, []string{"line 4: refused: date", "line 6: refused: date"}},
		{"unknown_keys_and_bad_types_are_refused", func(f map[string]string) {
			f["fixtures/users/harbor/profile.yaml"] += "uSkaterColour: blue\n"
			f["fixtures/users/tidewater/equipment.yaml"] = strings.Replace(f["fixtures/users/tidewater/equipment.yaml"], "sActiveFlag: 1", "sActiveFlag: 7", 1)
		}, []string{`unknown key "uSkaterColour"`, "sActiveFlag: must be 0 or 1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			svc, pool := newService(t)
			files := fixtureFiles()
			c.edit(files)
			root := writeTree(t, files)
			_, err := svc.ImportFixtures(context.Background(), filepath.Join(root, "fixtures"), nil)
			var issues *portability.IssuesError
			if !errors.As(err, &issues) {
				t.Fatalf("error %v, want the list of problems", err)
			}
			for _, w := range c.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the list does not mention %q:\n%v", w, err)
				}
			}
			if n := count(t, pool, `SELECT count(*) FROM "uAuthTable"`) + count(t, pool, `SELECT count(*) FROM coaches WHERE "coach_Fname" = 'Mirela'`); n != 0 {
				t.Errorf("a refused import wrote %d rows", n)
			}
		})
	}
}

func TestImportSessionsCSV(t *testing.T) {
	svc, pool := newService(t)
	root := writeTree(t, fixtureFiles())
	if _, err := svc.ImportFixtures(context.Background(), filepath.Join(root, "fixtures"), []string{"tidewater"}); err != nil {
		t.Fatal(err)
	}
	csv := `date,ice_time,ice_cost,skate_type,coach_time,coach_id,coach_cost,rink_id,uSkaterUUID,ice_time_id
2026-03-02 07:00:00,60,14.00,dc812842-a9a9-4902-b680-361420baffe5,30,` + mirela + `,21.25,` + foothills + `,` + tideSkater + `,1
2026-04-01,40,10,dc812842-a9a9-4902-b680-361420baffe5,0,,0,` + foothills + `,` + tideSkater + `,2
2026-04-02,40,10,dc812842-a9a9-4902-b680-361420baffe5,0,,0,` + foothills + `,d194b837-3e2f-43fe-8876-f1febcdd7ba9,3
2026-04-03,40,-5,dc812842-a9a9-4902-b680-361420baffe5,0,,0,` + foothills + `,` + tideSkater + `,4
2026-04-04,40,10,00000000-0000-4000-8000-000000000000,0,,0,` + foothills + `,` + tideSkater + `,5
2026-04-05,20,10,dc812842-a9a9-4902-b680-361420baffe5,30,,0,` + foothills + `,` + tideSkater + `,6
`
	rep, err := svc.ImportSessions(context.Background(), "tidewater", strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"line 2: duplicate", "line 3: imported", "line 4: refused: uSkaterUUID", "line 5: refused: ice_cost",
		"line 6: refused: skate_type", "line 7: refused: coach_time"}
	if len(rep.Rows) != len(want) {
		t.Fatalf("rows %v", rep.Rows)
	}
	for i, w := range want {
		if !strings.HasPrefix(rep.Rows[i].String(), w) {
			t.Errorf("row %d: %q, want %q", i, rep.Rows[i], w)
		}
	}
	if n := count(t, pool, `SELECT count(*) FROM ice_time WHERE "uSkaterUUID" = $1`, tideSkater); n != 4 {
		t.Errorf("sessions %d", n)
	}
	t.Run("a_file_without_date_column_is_refused", func(t *testing.T) {
		if _, err := svc.ImportSessions(context.Background(), "tidewater", strings.NewReader("ice_time\n30\n")); err == nil {
			t.Error("accepted")
		}
		if _, err := svc.ImportSessions(context.Background(), "tidewater", strings.NewReader("date,colour\n2026-01-01,red\n")); err == nil {
			t.Error("unknown column accepted")
		}
	})
}
