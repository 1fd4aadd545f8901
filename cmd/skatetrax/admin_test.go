package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

// TestFreshInstallationThroughAPIAndCLI fills a new installation with what
// the frontend needs without one line of SQL: an invite and the first
// administrator from the CLI, reference data from the CLI and the admin API,
// a skater who registers, onboards and logs sessions with it, then export,
// session import and erasure from the CLI.
func TestFreshInstallationThroughAPIAndCLI(t *testing.T) {
	pool, url := testdb.NewWithURL(t)
	storeDir := t.TempDir()
	env := map[string]string{"DATABASE_URL": url, "FLASK_SECRET_KEY": strings.Repeat("x", 40), "STORAGE_DIR": storeDir}
	cli := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := run(context.Background(), args, func(k string) string { return env[k] }, &out, &errOut)
		if err != nil {
			return out.String() + errOut.String(), err
		}
		return out.String(), nil
	}
	must := func(args ...string) string {
		t.Helper()
		out, err := cli(args...)
		if err != nil {
			t.Fatalf("skatetrax %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
	s := apitest.New(t, apitest.Options{Pool: pool, Env: map[string]string{"STORAGE_DIR": storeDir}})
	idOf := regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

	tok := regexp.MustCompile(`(?m)^  (\S{43})$`).FindStringSubmatch(must("invite", "create", "--uses", "2"))
	if tok == nil {
		t.Fatal("no invite token")
	}
	s.Client().Post("/api/v4/auth/register", map[string]any{"aLogin": "root", "aEmail": "root@example.com",
		"aPasswordHash": "root password long", "invite_token": tok[1]}).Expect(200)
	must("user", "grant", "root", "admin")
	admin := s.Login(apitest.Account{Login: "root", Password: "root password long"})

	coach := idOf.FindString(must("coach", "add", "--first", "Mirela", "--last", "Okafor", "--rate", "42.5", "--phone", "5551234567"))
	rink := idOf.FindString(must("rink", "add", "--name", "Foothills Ice Arena", "--city", "Loveland", "--state", "CO", "--tz", "America/Denver"))
	club := idOf.FindString(must("club", "add", "--name", "Front Range Edge FSC", "--home-rink", rink, "--cost", "95"))
	iceType := admin.Post("/api/v4/admin/ice_types", map[string]any{"ice_type": "Synchro Practice"}).Expect(201).Map()["ice_type_id"].(string)
	for what, id := range map[string]string{"coach": coach, "rink": rink, "club": club} {
		if id == "" || !strings.Contains(must(what, "list"), id) {
			t.Fatalf("%s not listed", what)
		}
	}
	if _, err := cli("coach", "add", "--first", "No"); err == nil {
		t.Error("a coach without a last name was added")
	}
	if _, err := cli("rink", "add", "--name", "X", "--tz", "Nowhere/Land"); err == nil {
		t.Error("a rink with an unknown zone was added")
	}

	// A skater, with an invite from the admin API.
	inv := admin.Post("/api/v4/admin/invites", map[string]any{"max_uses": 1}).Expect(201).Map()["token"].(string)
	s.Client().Post("/api/v4/auth/register", map[string]any{"aLogin": "ada", "aEmail": "ada@example.com",
		"aPasswordHash": "ada password long", "invite_token": inv}).Expect(200)
	ada := s.Login(apitest.Account{Login: "ada", Password: "ada password long"})
	ada.Post("/api/v4/auth/onboard", map[string]any{"first_name": "Ada", "last_name": "Skater", "timezone": "America/Denver",
		"coach_id": coach, "rink_id": rink, "club_id": club}).Expect(200)
	ada.Post("/api/v4/submit/add_icetime", map[string]any{"date": "2026-03-02", "ice_time": 60, "ice_cost": 14, "coach_time": 30,
		"coach_cost": 21.25, "skate_type": iceType, "rink_id": rink, "coach_id": coach}).Expect(201)
	if body := string(ada.Get("/api/v4/members/ice_time").Expect(200).Body); !strings.Contains(body, "Foothills Ice Arena") || !strings.Contains(body, "Mirela") {
		t.Errorf("session list without the new rink and coach: %s", body)
	}

	t.Run("import_sessions_reports_every_line", func(t *testing.T) {
		csvPath := filepath.Join(t.TempDir(), "s.csv")
		csv := "date,ice_time,ice_cost,skate_type,coach_time,coach_id,coach_cost,rink_id\n" +
			"2026-03-09,45,9.5," + iceType + ",0,,0," + rink + "\n" +
			"2026-03-10,45,9.5,not-a-type,0,,0," + rink + "\n"
		if err := os.WriteFile(csvPath, []byte(csv), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := cli("import", "sessions", "--user", "ada", csvPath)
		if !errors.Is(err, errRefused) || !strings.Contains(out, "line 2: imported") || !strings.Contains(out, "line 3: refused: skate_type") {
			t.Fatalf("%v\n%s", err, out)
		}
		out, _ = cli("import", "sessions", "--user", "ada", csvPath)
		if !strings.Contains(out, "line 2: duplicate") {
			t.Errorf("re-run:\n%s", out)
		}
	})

	t.Run("export_then_import_into_an_empty_account", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "ada.json")
		must("export", "--user", "ada", "--out", file)
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(raw, &doc); err != nil || doc["format"] != float64(1) {
			t.Fatalf("export: %v %v", doc["format"], err)
		}
		if !strings.Contains(must("export", "--user", "ada", "--format", "csv"), "ice_time_id,date,local_date") {
			t.Error("csv export has no header")
		}
		if _, err := cli("import", "export", file, "--user", "ada"); err == nil {
			t.Error("importing into a full account succeeded")
		}
	})

	t.Run("retire_and_delete", func(t *testing.T) {
		must("coach", "retire", coach)
		if strings.Contains(must("coach", "list"), coach) || !strings.Contains(must("coach", "list", "--all"), coach) {
			t.Error("retired coach listing")
		}
		must("user", "delete", "ada")
		ada.Get("/api/v4/members/dashboard").Expect(401)
		if _, err := cli("user", "delete", "ada"); err == nil {
			t.Error("deleting a deleted user succeeded")
		}
		var n int
		if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM ice_time`).Scan(&n); err != nil || n != 0 {
			t.Errorf("sessions left: %d %v", n, err)
		}
		var audit int
		if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM auth_audit WHERE event LIKE 'reference_%' AND detail->>'via' = 'cli'`).Scan(&audit); err != nil || audit < 4 {
			t.Errorf("cli changes audited: %d %v", audit, err)
		}
	})

	if _, err := cli("coach", "frobnicate"); err != errUsage {
		t.Errorf("unknown subcommand: %v", err)
	}
}
