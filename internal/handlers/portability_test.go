package handlers_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

const exportPath = "/api/v4/members/export"

// normalized decodes a JSON body and blanks the values the spec allows to
// differ after an import: serial ids of sessions and sharpenings, share
// tokens (not exported) and a track's file (not exported).
func normalized(t *testing.T, body []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	var walk func(any, string) any
	walk = func(v any, parent string) any {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				switch {
				case k == "ice_time_id", k == "share_token", k == "shared", k == "shared_playlists", k == "storage_key", k == "src",
					k == "id" && (parent == "maintenance" || parent == "records" || parent == "sharpenings"):
					x[k] = "…"
				default:
					x[k] = walk(e, k)
				}
			}
			return x
		case []any:
			for i := range x {
				x[i] = walk(x[i], parent)
			}
			return x
		}
		return v
	}
	return walk(v, "")
}

func TestExport(t *testing.T) {
	s := apitest.New(t)
	ada := newFullSkater(t, s, "ada")
	other := newFullSkater(t, s, "bea")
	var hash string
	if err := s.Pool.QueryRow(context.Background(), `SELECT "aPasswordHash" FROM "uAuthTable" WHERE id = $1`, ada.acc.UserID).Scan(&hash); err != nil {
		t.Fatal(err)
	}

	t.Run("json_is_versioned_and_complete", func(t *testing.T) {
		r := ada.c.Get(exportPath).Expect(200)
		if !strings.HasPrefix(r.Header.Get("Content-Disposition"), `attachment; filename="skatetrax-ada-`) {
			t.Errorf("Content-Disposition %q", r.Header.Get("Content-Disposition"))
		}
		var doc map[string]json.RawMessage
		r.JSON(&doc)
		if string(doc["format"]) != "1" {
			t.Errorf("format %s", doc["format"])
		}
		want := map[string]int{"sessions": 4, "maintenance": 1, "events": 1, "event_entries": 3, "event_costs": 1,
			"scores_6_0": 1, "scores_cjs": 1, "scores_ijs_components": 1, "scores_ijs_elements": 1, "deductions": 1,
			"tracks": 1, "playlists": 1, "playlist_tracks": 1, "boots": 1, "blades": 1, "skate_configs": 1,
			"club_memberships": 1, "punch_cards": 1, "punched_sessions": 1, "school_classes": 1, "journal_notes": 1}
		for key, n := range want {
			var rows []any
			if err := json.Unmarshal(doc[key], &rows); err != nil || len(rows) != n {
				t.Errorf("%s: %d rows, want %d (%v)", key, len(rows), n, err)
			}
		}
		var prof map[string]any
		if err := json.Unmarshal(doc["profile"], &prof); err != nil || prof["contact_preference"] != "text" {
			t.Errorf("profile %s", doc["profile"])
		}
		var coaches []map[string]any
		if err := json.Unmarshal(doc["coaches"], &coaches); err != nil {
			t.Fatal(err)
		}
		for _, c := range coaches {
			if c["private"] == false && (c["coach_phone"] != nil || c["coach_email"] != nil) {
				t.Errorf("a shared coach's contact details are exported: %v", c)
			}
		}
	})

	t.Run("json_holds_no_secret_and_no_other_users_data", func(t *testing.T) {
		body := string(ada.c.Get(exportPath).Expect(200).Body)
		for name, secret := range map[string]string{"password hash": hash, "card share token": ada.cardToken,
			"playlist share token": ada.playlistToken, "other skater": other.acc.Skater, "other skater's rink": "Lakeside Pond bea",
			"storage key": "storage_key", "hash key": "aPasswordHash", "uniquifier": "fs_uniquifier"} {
			if strings.Contains(body, secret) {
				t.Errorf("the export contains the %s", name)
			}
		}
	})

	t.Run("csv_is_the_session_log_with_a_header", func(t *testing.T) {
		r := ada.c.Get(exportPath + "?format=csv").Expect(200)
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
			t.Errorf("Content-Type %q", r.Header.Get("Content-Type"))
		}
		recs, err := csv.NewReader(bytes.NewReader(r.Body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 5 || strings.Join(recs[0], ",") != "ice_time_id,date,local_date,ice_time,ice_cost,coach_time,coach_cost,skate_type,ice_type,coach_id,coach_name,rink_id,rink_name,uSkaterConfig,has_video,has_notes" {
			t.Fatalf("csv:\n%s", r.Body)
		}
		first := recs[1]
		if first[1] != "2026-01-05T07:00:00Z" || first[2] != "2026-01-05" || first[10] != "Nadia Ivanova" || first[6] != "30.00" {
			t.Errorf("first row %v", first)
		}
	})

	t.Run("bad_format_is_400_and_anonymous_is_401", func(t *testing.T) {
		ada.c.Get(exportPath + "?format=xml").Expect(400)
		s.Client().Get(exportPath).Expect(401)
	})
}

// reads are the member reads that must answer the same after a round trip.
func reads(t *testing.T, c *apitest.Client) map[string]any {
	t.Helper()
	out := map[string]any{}
	paths := []string{pathDash, pathIceTime + "?window=24&limit=200", pathEquip, pathMaint, pathOverview, cardPath,
		"/api/v4/events", tracksPath, playlistsPath}
	var evs struct {
		Entries []map[string]any `json:"entries"`
	}
	c.Get("/api/v4/events").Expect(200).JSON(&evs)
	for _, e := range evs.Entries {
		paths = append(paths, "/api/v4/events/"+asString(e["event_id"]))
	}
	for _, p := range paths {
		out[p] = normalized(t, c.Get(p).Expect(200).Body)
	}
	return out
}

func TestExportImportRoundTrip(t *testing.T) {
	src := apitest.New(t)
	ada := newFullSkater(t, src, "ada")
	before := reads(t, ada.c)
	doc := ada.c.Get(exportPath).Expect(200).Body

	dst := apitest.New(t) // a second, fresh database
	acc := dst.Register("ada")
	rep, err := dst.App.Portability.ImportDocument(context.Background(), "ada", bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if rep.Counts["sessions"] != 4 || rep.Created == 0 {
		t.Errorf("report %+v", rep)
	}
	after := reads(t, dst.Login(acc))

	t.Run("every_member_read_answers_the_same", func(t *testing.T) {
		for path, want := range before {
			if got := after[path]; !reflect.DeepEqual(got, want) {
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(want)
				t.Errorf("%s differs after the round trip\nsource: %s\ntarget: %s", path, w, g)
			}
		}
	})

	t.Run("a_second_import_is_refused_and_changes_nothing", func(t *testing.T) {
		_, err := dst.App.Portability.ImportDocument(context.Background(), "ada", bytes.NewReader(doc))
		if err == nil || !strings.Contains(err.Error(), "already holds data") {
			t.Fatalf("second import: %v", err)
		}
		if n := countRows(t, dst, `SELECT count(*) FROM ice_time`); n != 4 {
			t.Errorf("sessions %d", n)
		}
	})

	t.Run("uuids_taken_by_someone_else_are_refused_atomically", func(t *testing.T) {
		dst.Register("copycat")
		_, err := dst.App.Portability.ImportDocument(context.Background(), "copycat", bytes.NewReader(doc))
		if err == nil {
			t.Fatal("importing the same UUIDs twice succeeded")
		}
		if n := countRows(t, dst, `SELECT count(*) FROM "uSkaterConfig" p JOIN "uAuthTable" u USING ("uSkaterUUID") WHERE u."aLogin" = 'copycat'`); n != 0 {
			t.Errorf("a refused import left a profile")
		}
	})

	t.Run("a_document_pointing_outside_itself_is_refused", func(t *testing.T) {
		var d map[string]any
		if err := json.Unmarshal(doc, &d); err != nil {
			t.Fatal(err)
		}
		d["playlist_tracks"] = []any{map[string]any{"id": unknownID, "playlist_id": unknownID, "track_id": unknownID, "position": 0}}
		b, _ := json.Marshal(d)
		dst.Register("crafty")
		if _, err := dst.App.Portability.ImportDocument(context.Background(), "crafty", bytes.NewReader(b)); err == nil ||
			!strings.Contains(err.Error(), "playlist_tracks") {
			t.Errorf("crafted document: %v", err)
		}
		d["format"] = 2
		b, _ = json.Marshal(d)
		if _, err := dst.App.Portability.ImportDocument(context.Background(), "crafty", bytes.NewReader(b)); err == nil {
			t.Error("format 2 accepted")
		}
	})
	_ = http.MethodGet
}
