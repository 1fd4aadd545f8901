package handlers_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

const (
	adminRinks   = "/api/v4/admin/rinks"
	adminCoaches = "/api/v4/admin/coaches"
	adminClubs   = "/api/v4/admin/clubs"
	adminIce     = "/api/v4/admin/ice_types"
	adminEvTypes = "/api/v4/admin/event_types"
	lookupCoach  = "/api/v4/lookup/coaches"
	lookupIce    = "/api/v4/lookup/ice_types"
	lookupEvType = "/api/v4/lookup/event_types"
	publicRinks  = "/api/v4/public/rinks"
	publicClubs  = "/api/v4/public/clubs"
)

// ids lists the values of key in a JSON array response.
func ids(t testing.TB, r *apitest.Response, key string) []string {
	t.Helper()
	var rows []map[string]any
	r.JSON(&rows)
	out := make([]string, 0, len(rows))
	for _, row := range rows {
		out = append(out, asString(row[key]))
	}
	return out
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func TestReferenceAdministration(t *testing.T) {
	s := apitest.New(t)
	admin := s.Login(s.Register("root", "admin"))
	k := newKit(t, s, "ada", "America/New_York")
	other, _ := s.Skater("bea", "UTC")

	t.Run("non_admin_is_403_and_anonymous_is_401", func(t *testing.T) {
		for _, path := range []string{adminRinks, adminCoaches, adminClubs, adminIce, adminEvTypes} {
			k.c.Get(path).Expect(http.StatusForbidden)
			s.Client().Get(path).Expect(http.StatusUnauthorized)
		}
		k.c.Post(adminCoaches, map[string]any{"coach_Fname": "X", "coach_Lname": "Y"}).Expect(http.StatusForbidden)
	})

	var coach, rink, club, iceType, evType string
	t.Run("created_entries_appear_in_every_skaters_lookups", func(t *testing.T) {
		coach = asString(admin.Post(adminCoaches, map[string]any{"coach_Fname": "Mirela", "coach_Lname": "Okafor",
			"coach_rate": 42.5, "coach_phone": "5551234567", "coach_email": "m.okafor@example.org"}).Expect(201).Map()["coach_id"])
		rink = asString(admin.Post(adminRinks, map[string]any{"rink_name": "Foothills Ice Arena", "rink_state": "CO",
			"rink_tz": "America/Denver"}).Expect(201).Map()["rink_id"])
		club = asString(admin.Post(adminClubs, map[string]any{"club_name": "Front Range Edge FSC", "club_home_rink": rink,
			"club_cost": 95}).Expect(201).Map()["club_id"])
		iceType = asString(admin.Post(adminIce, map[string]any{"ice_type": "Synchro Practice"}).Expect(201).Map()["ice_type_id"])
		evType = asString(admin.Post(adminEvTypes, map[string]any{"category": "Showcase", "scoring_system": "IJS",
			"governing_body": "ISI"}).Expect(201).Map()["id"])
		for _, c := range []*apitest.Client{k.c, other} {
			if !contains(ids(t, c.Get(lookupCoach).Expect(200), "coach_id"), coach) {
				t.Error("new coach missing from lookup")
			}
			if !contains(ids(t, c.Get(publicRinks).Expect(200), "rink_id"), rink) {
				t.Error("new rink missing from public rinks")
			}
			if !contains(ids(t, c.Get(publicClubs).Expect(200), "club_id"), club) {
				t.Error("new club missing")
			}
			if !contains(ids(t, c.Get(lookupIce).Expect(200), "ice_type_id"), iceType) {
				t.Error("new ice type missing")
			}
			if !contains(ids(t, c.Get(lookupEvType).Expect(200), "id"), evType) {
				t.Error("new event type missing")
			}
		}
		// The lookup shape keeps contact details out.
		var coaches []map[string]any
		k.c.Get(lookupCoach).Expect(200).JSON(&coaches)
		for _, c := range coaches {
			if _, ok := c["coach_phone"]; ok {
				t.Error("lookup leaks coach_phone")
			}
		}
	})

	t.Run("bad_input_is_400_naming_the_field", func(t *testing.T) {
		cases := []struct {
			name, path string
			body       map[string]any
			field      string
		}{
			{"rink_zone_must_be_iana", adminRinks, map[string]any{"rink_name": "X", "rink_tz": "Mars/Olympus"}, "rink_tz"},
			{"rink_name_must_not_be_blank", adminRinks, map[string]any{"rink_name": "   "}, "rink_name"},
			{"coach_email_must_be_an_address", adminCoaches, map[string]any{"coach_Fname": "A", "coach_Lname": "B", "coach_email": "nope"}, "coach_email"},
			{"coach_rate_must_not_be_negative", adminCoaches, map[string]any{"coach_Fname": "A", "coach_Lname": "B", "coach_rate": -1}, "coach_rate"},
			{"club_home_rink_must_exist", adminClubs, map[string]any{"club_name": "C", "club_home_rink": unknownID}, "club_home_rink"},
			{"event_category_from_the_list", adminEvTypes, map[string]any{"category": "Party"}, "category"},
			{"governing_body_must_exist", adminEvTypes, map[string]any{"category": "Showcase", "governing_body": "FIFA"}, "governing_body"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := admin.Post(c.path, c.body).Expect(http.StatusBadRequest)
				if !strings.Contains(string(r.Body), c.field) {
					t.Errorf("error does not name %s: %s", c.field, r.Body)
				}
			})
		}
		admin.Post(adminIce, map[string]any{"ice_type": "synchro practice"}).Expect(http.StatusConflict)
		admin.Post(adminEvTypes, map[string]any{"category": "Showcase", "scoring_system": "IJS", "governing_body": "ISI"}).Expect(http.StatusConflict)
	})

	var session int
	t.Run("retired_entries_leave_the_lists_but_old_records_still_show_them", func(t *testing.T) {
		session = k.add("2026-03-02", 60, map[string]any{"coach_id": coach, "coach_time": 30, "rink_id": rink, "skate_type": iceType})
		admin.Request(http.MethodDelete, adminCoaches+"/"+coach, nil).Expect(200)
		admin.Request(http.MethodDelete, adminCoaches+"/"+coach, nil).Expect(200) // idempotent
		admin.Request(http.MethodDelete, adminRinks+"/"+rink, nil).Expect(200)
		admin.Request(http.MethodDelete, adminIce+"/"+iceType, nil).Expect(200)
		admin.Request(http.MethodDelete, adminEvTypes+"/"+evType, nil).Expect(200)
		admin.Request(http.MethodDelete, adminClubs+"/"+club, nil).Expect(200)
		if contains(ids(t, k.c.Get(lookupCoach).Expect(200), "coach_id"), coach) {
			t.Error("retired coach still listed")
		}
		if contains(ids(t, k.c.Get(publicRinks).Expect(200), "rink_id"), rink) {
			t.Error("retired rink still listed")
		}
		if contains(ids(t, k.c.Get(lookupIce).Expect(200), "ice_type_id"), iceType) {
			t.Error("retired ice type still listed")
		}
		if contains(ids(t, k.c.Get(lookupEvType).Expect(200), "id"), evType) {
			t.Error("retired event type still listed")
		}
		if contains(ids(t, k.c.Get(publicClubs).Expect(200), "club_id"), club) {
			t.Error("retired club still listed")
		}
		// By id it still answers, and the session still names it.
		if got := ids(t, k.c.Get(lookupCoach+"?id="+coach).Expect(200), "coach_id"); len(got) != 1 {
			t.Errorf("retired coach by id: %v", got)
		}
		k.c.Get(publicRinks + "?id=" + rink).Expect(200)
		body := string(k.c.Get(pathIceTime).Expect(200).Body)
		for _, want := range []string{"Mirela", "Foothills Ice Arena", "Synchro Practice"} {
			if !strings.Contains(body, want) {
				t.Errorf("old session lost %q: %s", want, body)
			}
		}
		// Restoring brings it back.
		admin.Request(http.MethodPut, adminCoaches+"/"+coach, map[string]any{"coach_Fname": "Mirela", "coach_Lname": "Okafor",
			"coach_rate": 45, "retired": false}).Expect(200)
		if !contains(ids(t, k.c.Get(lookupCoach).Expect(200), "coach_id"), coach) {
			t.Error("restored coach not listed")
		}
		var all []map[string]any
		admin.Get(adminRinks).Expect(200).JSON(&all)
		for _, r := range all {
			if r["rink_id"] == rink && r["retired_at"] == nil {
				t.Error("admin list does not show retired_at")
			}
		}
	})

	t.Run("placeholders_cannot_be_retired", func(t *testing.T) {
		admin.Request(http.MethodDelete, adminCoaches+"/"+coachNone, nil).Expect(http.StatusConflict)
		admin.Request(http.MethodDelete, adminClubs+"/c4dd2b9c-50f1-4f5b-a439-fd8f36a654d6", nil).Expect(http.StatusConflict)
		admin.Request(http.MethodDelete, adminCoaches+"/"+unknownID, nil).Expect(http.StatusNotFound)
	})

	t.Run("every_change_is_audited", func(t *testing.T) {
		var events []map[string]any
		admin.Get("/api/v4/admin/audit?limit=500").Expect(200).JSON(&events)
		seen := map[string]int{}
		for _, e := range events {
			if strings.HasPrefix(asString(e["event"]), "reference_") {
				seen[asString(e["event"])+"/"+asString(obj(e["detail"])["kind"])]++
			}
		}
		for _, want := range []string{"reference_created/coach", "reference_created/rink", "reference_created/club",
			"reference_created/ice_type", "reference_created/event_type", "reference_retired/coach", "reference_restored/coach",
			"reference_updated/coach"} {
			if seen[want] == 0 {
				t.Errorf("no audit event %s (seen %v)", want, seen)
			}
		}
	})
	_ = session
}

func TestPrivateCoachesAndRinks(t *testing.T) {
	s := apitest.New(t)
	admin := s.Login(s.Register("root", "admin"))
	k := newKit(t, s, "ada", "UTC")
	other := newKit(t, s, "bea", "UTC")

	coach := asString(k.c.Post("/api/v4/members/coaches", map[string]any{"coach_Fname": "Nadia", "coach_Lname": "Ivanova",
		"coach_rate": 60}).Expect(201).Map()["coach_id"])
	rink := asString(k.c.Post("/api/v4/members/rinks", map[string]any{"rink_name": "Lakeside Pond",
		"rink_tz": "America/Denver"}).Expect(201).Map()["rink_id"])

	t.Run("private_entries_appear_only_in_their_owners_lookups", func(t *testing.T) {
		if !contains(ids(t, k.c.Get(lookupCoach).Expect(200), "coach_id"), coach) {
			t.Error("owner does not see their coach")
		}
		if contains(ids(t, other.c.Get(lookupCoach).Expect(200), "coach_id"), coach) {
			t.Error("another skater sees a private coach")
		}
		if got := ids(t, other.c.Get(lookupCoach+"?id="+coach).Expect(200), "coach_id"); len(got) != 0 {
			t.Error("another skater finds a private coach by id")
		}
		if !contains(ids(t, k.c.Get(publicRinks).Expect(200), "rink_id"), rink) {
			t.Error("owner does not see their rink")
		}
		if contains(ids(t, other.c.Get(publicRinks).Expect(200), "rink_id"), rink) {
			t.Error("another skater sees a private rink")
		}
		if contains(ids(t, s.Client().Get(publicRinks).Expect(200), "rink_id"), rink) {
			t.Error("anonymous caller sees a private rink")
		}
		other.c.Get(publicRinks + "?id=" + rink).Expect(http.StatusNotFound)
	})

	t.Run("only_the_owner_may_log_sessions_with_them", func(t *testing.T) {
		k.add("2026-03-02", 60, map[string]any{"coach_id": coach, "coach_time": 30, "rink_id": rink})
		r := other.c.Post(pathSubmit, sessionBody("2026-03-02", 60, map[string]any{"coach_id": coach, "coach_time": 30})).Expect(400)
		if errorField(r) != "coach_id" {
			t.Errorf("field %q", errorField(r))
		}
		r = other.c.Post(pathSubmit, sessionBody("2026-03-02", 60, map[string]any{"rink_id": rink})).Expect(400)
		if errorField(r) != "rink_id" {
			t.Errorf("field %q", errorField(r))
		}
		other.c.Post("/api/v4/events", map[string]any{"event_label": "Spring", "event_date": "2026-04-01", "coach_id": coach}).Expect(400)
	})

	t.Run("validation_and_limits_as_for_any_write", func(t *testing.T) {
		k.c.Post("/api/v4/members/coaches", map[string]any{"coach_Fname": "", "coach_Lname": "X"}).Expect(400)
		k.c.Post("/api/v4/members/rinks", map[string]any{"rink_name": "R", "rink_url": "javascript:alert(1)"}).Expect(400)
		s.Client().Post("/api/v4/members/coaches", map[string]any{"coach_Fname": "A", "coach_Lname": "B"}).Expect(401)
		fresh := s.Login(s.Register("newbie"))
		fresh.Post("/api/v4/members/coaches", map[string]any{"coach_Fname": "A", "coach_Lname": "B"}).Expect(409)
		if _, err := s.Pool.Exec(context.Background(), `INSERT INTO coaches (coach_id, "coach_Fname", "coach_Lname", owner_skater)
			SELECT gen_random_uuid(), 'n', g::text, $1 FROM generate_series(1, 100) g`, other.acc.Skater); err != nil {
			t.Fatal(err)
		}
		other.c.Post("/api/v4/members/coaches", map[string]any{"coach_Fname": "One", "coach_Lname": "Too many"}).Expect(409)
	})

	t.Run("promotion_shares_the_same_id", func(t *testing.T) {
		admin.Post(adminCoaches+"/"+coach+"/promote", nil).Expect(200)
		admin.Post(adminRinks+"/"+rink+"/promote", nil).Expect(200)
		if !contains(ids(t, other.c.Get(lookupCoach).Expect(200), "coach_id"), coach) {
			t.Error("promoted coach not shared")
		}
		if !contains(ids(t, other.c.Get(publicRinks).Expect(200), "rink_id"), rink) {
			t.Error("promoted rink not shared")
		}
		var sessions int
		if err := s.Pool.QueryRow(context.Background(), `SELECT count(*) FROM ice_time WHERE coach_id = $1 AND rink_id = $2`,
			coach, rink).Scan(&sessions); err != nil || sessions != 1 {
			t.Errorf("owner's session after promotion: %d %v", sessions, err)
		}
		other.add("2026-03-03", 45, map[string]any{"coach_id": coach, "coach_time": 15, "rink_id": rink})
	})
}
