package handlers_test

import (
	"context"
	"io/fs"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// traces counts, table by table, the rows that still mention the user: their
// skater id, login or email anywhere in the row's text, or their user id in
// a user_id / created_by column. Every base table of the schema is listed
// from information_schema, so a table added later is checked too.
func traces(t *testing.T, s *apitest.Server, userID int32, needles ...string) map[string]int {
	t.Helper()
	ctx := context.Background()
	rows, err := s.Pool.Query(ctx, `SELECT table_name::text FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(names) < 30 {
		t.Fatalf("tables: %v %v", names, err)
	}
	found := map[string]int{}
	for _, name := range names {
		tbl := pgx.Identifier{name}.Sanitize()
		var where []string
		args := []any{}
		for _, n := range needles {
			args = append(args, "%"+strings.ToLower(n)+"%")
			where = append(where, "lower(x::text) LIKE $"+itoa(len(args)))
		}
		cols, err := s.Pool.Query(ctx, `SELECT column_name::text FROM information_schema.columns
			WHERE table_schema = 'public' AND table_name = $1 AND column_name IN ('user_id', 'created_by', 'guardian_user_id', 'coach_user_id', 'added_by', 'used_by', 'granted_by')`, name)
		if err != nil {
			t.Fatal(err)
		}
		idCols, err := pgx.CollectRows(cols, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range idCols {
			args = append(args, userID)
			where = append(where, "x."+pgx.Identifier{c}.Sanitize()+" = $"+itoa(len(args)))
		}
		var n int
		if err := s.Pool.QueryRow(ctx, "SELECT count(*) FROM "+tbl+" x WHERE "+strings.Join(where, " OR "), args...).Scan(&n); err != nil {
			t.Fatalf("scan %s: %v", name, err)
		}
		if n > 0 {
			found[name] = n
		}
	}
	return found
}

func storedFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestAccountErasure(t *testing.T) {
	s := apitest.New(t)
	zoe := newFullSkater(t, s, "erasable_zoe")
	// A second login session of hers, and another skater who must keep everything.
	second := s.Login(zoe.acc)
	keep := newFullSkater(t, s, "keeper_kim")
	needles := []string{zoe.acc.Skater, zoe.acc.Login, zoe.acc.Email}
	before := traces(t, s, zoe.acc.UserID, needles...)
	for _, table := range []string{"uAuthTable", "uSkaterConfig", "ice_time", "maintenance", "e_events", "m_tracks", "coaches",
		"locations", "auth_sessions", "auth_audit", "punch_cards", "club_members"} {
		if before[table] == 0 {
			t.Fatalf("the fixture has no %s row of the user: %v", table, before)
		}
	}
	filesOf := func(track string) int {
		n := 0
		for _, f := range storedFiles(t, s.Config.Storage.Dir) {
			if strings.Contains(f, track) {
				n++
			}
		}
		return n
	}
	keepFiles := filesOf(keep.track)
	if filesOf(zoe.track) == 0 || keepFiles == 0 {
		t.Fatalf("stored files before: %v", storedFiles(t, s.Config.Storage.Dir))
	}

	t.Run("wrong_password_is_401_and_erases_nothing", func(t *testing.T) {
		r := zoe.c.Request(http.MethodDelete, "/api/v4/auth/account", map[string]any{"current_password": "not my password"}).Expect(401)
		if !strings.Contains(string(r.Body), "Current password is incorrect") {
			t.Errorf("body %s", r.Body)
		}
		zoe.c.Request(http.MethodDelete, "/api/v4/auth/account", map[string]any{}).Expect(400)
		s.Client().Request(http.MethodDelete, "/api/v4/auth/account", map[string]any{"current_password": zoe.acc.Password}).Expect(401)
		after := traces(t, s, zoe.acc.UserID, needles...)
		for table, n := range before {
			// A refused attempt adds an audit row; nothing else changes.
			if table != "auth_audit" && after[table] != n {
				t.Errorf("%s: %d rows before, %d after a refused erasure", table, n, after[table])
			}
		}
		zoe.c.Get(pathDash).Expect(200)
	})

	t.Run("erasure_leaves_no_row_and_no_file", func(t *testing.T) {
		r := zoe.c.Request(http.MethodDelete, "/api/v4/auth/account", map[string]any{"current_password": zoe.acc.Password}).Expect(200)
		if got := r.Map()["message"]; got != "Your account and all of your data have been deleted." {
			t.Errorf("message %v", got)
		}
		if left := traces(t, s, zoe.acc.UserID, needles...); len(left) != 0 {
			t.Errorf("rows that still mention the user: %v", left)
		}
		if filesOf(zoe.track) != 0 || filesOf(keep.track) != keepFiles {
			t.Errorf("stored files after: %v", storedFiles(t, s.Config.Storage.Dir))
		}
		if n := countRows(t, s, `SELECT count(*) FROM auth_audit WHERE event = 'account_deleted' AND user_id IS NULL AND login = '' AND ip = ''`); n != 1 {
			t.Errorf("account_deleted events: %d", n)
		}
		if n := countRows(t, s, `SELECT count(*) FROM m_storage_pending`); n != 0 {
			t.Errorf("pending objects left: %d", n)
		}
	})

	t.Run("sessions_and_share_links_end_at_once", func(t *testing.T) {
		zoe.c.Get(pathDash).Expect(401)
		second.Get(pathDash).Expect(401)
		s.Client().Get(sharedPath + zoe.cardToken).Expect(404)
		s.Client().Get(sharedMusic + zoe.playlistToken).Expect(404)
		s.Client().Post("/api/v4/auth/login", map[string]any{"aLogin": zoe.acc.Login, "aPasswordHash": zoe.acc.Password}).Expect(401)
	})

	t.Run("other_skaters_keep_everything", func(t *testing.T) {
		keep.c.Get(pathDash).Expect(200)
		s.Client().Get(sharedPath + keep.cardToken).Expect(200)
		s.Client().Get(sharedMusic + keep.playlistToken).Expect(200)
		if n := countRows(t, s, `SELECT count(*) FROM ice_time WHERE "uSkaterUUID" = $1`, keep.acc.Skater); n != 4 {
			t.Errorf("keeper sessions %d", n)
		}
	})
}
