package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/internal/apitest"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

// Reference rows the event tests point at.
const (
	testRink  = "0e0e0000-0000-4000-8000-0000000000aa"
	testClub  = "c1b00000-0000-4000-8000-0000000000aa"
	testCoach = "c0ac0000-0000-4000-8000-0000000000aa"
	noSuchID  = "7d9f3c1e-0000-4000-8000-000000000000"
)

// newEventsServer starts the API with the results importer allowed to
// fetch from loopback test servers, and adds a rink, club and coach.
func newEventsServer(t *testing.T, env ...map[string]string) *apitest.Server {
	t.Helper()
	e := map[string]string{"RESULTS_ALLOWED_HOSTS": "127.0.0.1", "RESULTS_ALLOW_LOOPBACK": "true"}
	for _, m := range env {
		for k, v := range m {
			e[k] = v
		}
	}
	s := apitest.New(t, apitest.Options{Env: e})
	ctx := context.Background()
	for _, q := range []string{
		`INSERT INTO locations (rink_id, rink_name, rink_city, rink_state, rink_zip) VALUES ('` + testRink + `', 'Polar Ice House Cary', 'Cary', 'NC', '27513')`,
		`INSERT INTO club_directory (club_id, club_name) VALUES ('` + testClub + `', 'Carolinas FSC')`,
		`INSERT INTO coaches (coach_id, "coach_Fname", "coach_Lname", coach_rate) VALUES ('` + testCoach + `', 'Pat', 'Coach', 60)`,
	} {
		if _, err := s.Pool.Exec(ctx, q); err != nil {
			t.Fatalf("seed: %v", err)
		}
	}
	return s
}

func count(t *testing.T, s *apitest.Server, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.Pool.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func createEvent(t *testing.T, c *apitest.Client, body map[string]any) string {
	t.Helper()
	var out api.EventCreated
	c.For(t).Post("/api/v4/events", body).Expect(http.StatusCreated).JSON(&out)
	return out.EventId.String()
}

func addEntry(t *testing.T, c *apitest.Client, eventID string, body map[string]any) string {
	t.Helper()
	var out api.EntryCreated
	c.For(t).Post("/api/v4/events/"+eventID+"/entries", body).Expect(http.StatusCreated).JSON(&out)
	return out.EntryId.String()
}

func getEvent(t *testing.T, c *apitest.Client, id string) api.EventDetail {
	t.Helper()
	var d api.EventDetail
	c.For(t).Get("/api/v4/events/" + id).Expect(http.StatusOK).JSON(&d)
	return d
}

func listEvents(t *testing.T, c *apitest.Client, query string) []api.EventListRow {
	t.Helper()
	var l api.EventList
	c.For(t).Get("/api/v4/events" + query).Expect(http.StatusOK).JSON(&l)
	return l.Entries
}

func put(c *apitest.Client, path string, body any) *apitest.Response {
	return c.Request(http.MethodPut, path, body)
}

func del(c *apitest.Client, path string) *apitest.Response {
	return c.Request(http.MethodDelete, path, nil)
}

func str(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

func TestEvents_createReadUpdateDelete(t *testing.T) {
	t.Parallel()
	s := newEventsServer(t)
	c, _ := s.Skater("ev_crud", "America/New_York")

	id := createEvent(t, c, map[string]any{
		"event_label": "  2025 Skate Carolina ", "event_date": "2025-03-15",
		"event_location": testRink, "hosting_club": testClub, "coach_id": testCoach, "notes": "first of the season",
		"uSkaterUUID": noSuchID, // ignored: the owner is the session's skater
		"costs": []map[string]any{
			{"category": "Competition Entry", "amount": 125},
			{"category": "Practice Ice", "amount": 15.25, "quantity": 2, "note": "Friday"},
			{"category": "Taxes", "amount": 0.1, "quantity": 3},
			{"category": "Other", "amount": 2.675}, // stored as 2.68: half-even on the typed decimal
		},
	})

	t.Run("an_event_without_entries_is_listed", func(t *testing.T) {
		rows := listEvents(t, c, "")
		if len(rows) != 1 {
			t.Fatalf("rows = %d, want 1", len(rows))
		}
		r := rows[0]
		if r.EventId.String() != id || r.EntryId != nil || r.Status != nil || r.EntryDate != nil || r.Category != nil {
			t.Errorf("shell row = %+v", r)
		}
		if r.EventDate.String() != "2025-03-15" || r.EventLabel != "2025 Skate Carolina" {
			t.Errorf("date %s label %q", r.EventDate, r.EventLabel)
		}
		// 125 + 30.50 + 0.30 + 2.68, exactly
		if r.EventCost != 158.48 {
			t.Errorf("event_cost = %v, want 158.48", r.EventCost)
		}
		if str(r.HostingClub) != "Carolinas FSC" || str(r.LocationName) != "Polar Ice House Cary" || str(r.LocationState) != "NC" {
			t.Errorf("club/location = %s %s %s", str(r.HostingClub), str(r.LocationName), str(r.LocationState))
		}
		// It has no category, so every filter keeps it.
		if got := listEvents(t, c, "?category=Exhibition"); len(got) != 1 {
			t.Errorf("filtered rows = %d, want the shell", len(got))
		}
	})

	t.Run("detail", func(t *testing.T) {
		d := getEvent(t, c, id)
		if d.EventCost != 158.48 || len(d.Costs) != 4 {
			t.Fatalf("cost %v lines %d", d.EventCost, len(d.Costs))
		}
		wantOrder := []string{"Competition Entry", "Practice Ice", "Taxes", "Other"}
		for i, w := range wantOrder {
			if d.Costs[i].Category != w {
				t.Errorf("cost %d = %s, want %s (insertion order)", i, d.Costs[i].Category, w)
			}
		}
		if d.Costs[1].LineTotal != 30.5 || d.Costs[1].Quantity != 2 || str(d.Costs[1].Note) != "Friday" {
			t.Errorf("practice ice line = %+v", d.Costs[1])
		}
		if d.Costs[2].LineTotal != 0.3 || d.Costs[3].Amount != 2.68 {
			t.Errorf("taxes %v other %v", d.Costs[2].LineTotal, d.Costs[3].Amount)
		}
		if d.Location == nil || str(d.Location.Name) != "Polar Ice House Cary" || str(d.Location.City) != "Cary" {
			t.Errorf("location = %+v", d.Location)
		}
		if str(d.Coach) != "Pat Coach" || d.CoachId == nil || d.CoachId.String() != testCoach {
			t.Errorf("coach = %s %v", str(d.Coach), d.CoachId)
		}
		if str(d.HostingClub) != "Carolinas FSC" || str(d.Notes) != "first of the season" || len(d.Entries) != 0 {
			t.Errorf("detail = %+v", d)
		}
		var owner string
		testdb.QueryRow(t, s.Pool, `SELECT e."uSkaterUUID"::text FROM e_events e WHERE id = $1`, id).Scan(&owner)
		if owner == noSuchID {
			t.Error("a client-sent skater id was stored")
		}
	})

	t.Run("update_keeps_costs_when_absent", func(t *testing.T) {
		c := c.For(t) // failures land on this subtest
		var d api.EventDetail
		put(c, "/api/v4/events/"+id, map[string]any{"event_label": "Skate Carolina", "event_date": "2025-03-22"}).
			Expect(http.StatusOK).JSON(&d)
		if d.EventLabel != "Skate Carolina" || d.EventDate.String() != "2025-03-22" || d.Location != nil ||
			d.Coach != nil || d.HostingClub != nil || d.Notes != nil {
			t.Errorf("after update = %+v", d)
		}
		if len(d.Costs) != 4 {
			t.Errorf("costs = %d, want the 4 kept", len(d.Costs))
		}
	})

	t.Run("update_replaces_costs_when_given", func(t *testing.T) {
		c := c.For(t) // failures land on this subtest
		var d api.EventDetail
		put(c, "/api/v4/events/"+id, map[string]any{"event_label": "Skate Carolina", "event_date": "2025-03-22",
			"costs": []map[string]any{{"category": "Admin Fee", "amount": 5}}}).Expect(http.StatusOK).JSON(&d)
		if len(d.Costs) != 1 || d.EventCost != 5 {
			t.Errorf("costs = %+v", d.Costs)
		}
		put(c, "/api/v4/events/"+id, map[string]any{"event_label": "Skate Carolina", "event_date": "2025-03-22", "costs": []any{}}).
			Expect(http.StatusOK).JSON(&d)
		if len(d.Costs) != 0 || d.EventCost != 0 {
			t.Errorf("costs after [] = %+v", d.Costs)
		}
	})

	t.Run("delete_cascades", func(t *testing.T) {
		c := c.For(t) // failures land on this subtest
		addEntry(t, c, id, map[string]any{"category": "Competition", "scoring_system": "6.0",
			"scores":     []map[string]any{{"scoring_system": "6.0", "judge_number": 1, "ordinal": 1}},
			"deductions": []map[string]any{{"deduction_type": "Falls", "value": 1}}})
		put(c, "/api/v4/events/"+id, map[string]any{"event_label": "x", "event_date": "2025-03-22",
			"costs": []map[string]any{{"category": "Other", "amount": 1}}}).Expect(http.StatusOK)
		res := del(c, "/api/v4/events/"+id).Expect(http.StatusOK)
		if res.Map()["message"] != "Event deleted" {
			t.Errorf("body = %s", res.Body)
		}
		c.Get("/api/v4/events/" + id).Expect(http.StatusNotFound)
		del(c, "/api/v4/events/"+id).Expect(http.StatusNotFound)
		for _, table := range []string{"e_events", "e_event_entries", "e_event_costs", "e_scores_6_0", "e_deductions"} {
			if n := count(t, s, "SELECT count(*) FROM "+table); n != 0 {
				t.Errorf("%s has %d rows after delete", table, n)
			}
		}
	})
}

func TestEvents_createRefusals(t *testing.T) {
	t.Parallel()
	s := newEventsServer(t)
	c, _ := s.Skater("ev_refuse", "UTC")
	ok := func(extra map[string]any) map[string]any {
		b := map[string]any{"event_label": "Comp", "event_date": "2025-03-15"}
		for k, v := range extra {
			b[k] = v
		}
		return b
	}
	cases := []struct {
		name   string
		body   any
		status int
		field  string
	}{
		{"no_label", map[string]any{"event_date": "2025-03-15"}, 400, ""},
		{"blank_label", ok(map[string]any{"event_label": "   "}), 400, "event_label"},
		{"not_a_date", ok(map[string]any{"event_date": "15/03/2025"}), 400, "event_date"},
		{"impossible_date", ok(map[string]any{"event_date": "2025-02-30"}), 400, "event_date"},
		{"unknown_cost_category", ok(map[string]any{"costs": []map[string]any{{"category": "Snacks", "amount": 1}}}), 400, "costs.0.category"},
		{"negative_amount", ok(map[string]any{"costs": []map[string]any{{"category": "Other", "amount": -1}}}), 400, "costs.0.amount"},
		{"zero_quantity", ok(map[string]any{"costs": []map[string]any{{"category": "Other", "amount": 1, "quantity": 0}}}), 400, "costs.0.quantity"},
		{"unknown_rink", ok(map[string]any{"event_location": noSuchID}), 400, "event_location"},
		{"unknown_club", ok(map[string]any{"hosting_club": noSuchID}), 400, "hosting_club"},
		{"unknown_coach", ok(map[string]any{"coach_id": noSuchID}), 400, "coach_id"},
		{"malformed_uuid", ok(map[string]any{"coach_id": "nope"}), 400, ""},
		{"array_body", `[{"event_label":"x"}]`, 400, ""},
		{"broken_json", `{"event_label":`, 400, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.For(t).Post("/api/v4/events", tc.body).Expect(tc.status)
			var e api.Error
			res.JSON(&e)
			if tc.field != "" {
				if e.Details == nil || len(*e.Details) == 0 || (*e.Details)[0].Field != tc.field {
					t.Errorf("details = %s, want field %s", res.Body, tc.field)
				}
			}
		})
	}
	t.Run("not_json", func(t *testing.T) {
		c := c.For(t) // failures land on this subtest
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/api/v4/events", strings.NewReader("event_label=x"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		c.Do(req).Expect(http.StatusUnsupportedMediaType)
	})
	t.Run("anonymous", func(t *testing.T) {
		s := s.For(t) // failures land on this subtest
		s.Client().Post("/api/v4/events", ok(nil)).Expect(http.StatusUnauthorized)
		s.Client().Get("/api/v4/events").Expect(http.StatusUnauthorized)
		s.Client().Get("/api/v4/lookup/event_types").Expect(http.StatusUnauthorized)
	})
	t.Run("malformed_event_id", func(t *testing.T) {
		c := c.For(t) // failures land on this subtest
		c.Get("/api/v4/events/not-a-uuid").Expect(http.StatusBadRequest)
		c.Post("/api/v4/events/not-a-uuid/entries", map[string]any{}).Expect(http.StatusBadRequest)
	})
	if n := count(t, s, "SELECT count(*) FROM e_events"); n != 0 {
		t.Errorf("refused requests created %d events", n)
	}
}

func TestEvents_entries(t *testing.T) {
	t.Parallel()
	s := newEventsServer(t)
	c, acc := s.Skater("ev_entries", "UTC")
	id := createEvent(t, c, map[string]any{"event_label": "Spring Fling", "event_date": "2025-04-05"})
	types := count(t, s, "SELECT count(*) FROM e_event_types")

	// Exactly what the frontend wizard sends (no governing body, no date).
	free := addEntry(t, c, id, map[string]any{"event_segment": "Adult Bronze Women Free Skate", "status": "Committed",
		"category": "Competition", "scoring_system": "6.0", "video_url": nil})
	exhib := addEntry(t, c, id, map[string]any{"event_segment": "Gala", "status": "Performed", "category": "Exhibition",
		"scoring_system": nil, "video_url": ""})
	ijs := addEntry(t, c, id, map[string]any{
		"entry_date": "2025-04-06", "event_segment": "Adult Bronze Women / Free Skate", "event_level": "Adult Bronze",
		"status": "Scored", "category": "Competition", "scoring_system": "IJS", "governing_body": "usfsa",
		"placement": 1, "field_size": 3, "total_segment_score": 29.69, "video_url": "https://example.com/v",
		"scores": []map[string]any{
			{"scoring_system": "IJS_element", "element_number": 2, "element_name": "1A", "base_value": 1.1, "goe": -0.11, "final_score": 0.99},
			{"scoring_system": "IJS_element", "element_number": 1, "element_name": "2S", "base_value": 1.3, "goe": 0.13, "final_score": 1.43},
			{"scoring_system": "IJS_component", "judge_number": 0, "composition": 3.25, "presentation": 3.5, "skating_skills": 3,
				"uSkaterUUID": noSuchID},
		},
		"deductions": []map[string]any{{"deduction_type": "Falls", "value": 1, "notes": "on the 2S"}},
	})
	show := addEntry(t, c, id, map[string]any{"category": "Showcase", "scoring_system": "CJS", "entry_date": "2025-04-04",
		"scores": []map[string]any{{"scoring_system": "CJS", "judge_number": 1, "artistic_appeal": 5.5, "performance": 5.25, "skating_skills": 5}}})
	typeless := addEntry(t, c, id, map[string]any{"event_segment": "Warm-up"})

	if n := count(t, s, "SELECT count(*) FROM e_event_types"); n != types {
		t.Errorf("event types %d -> %d: entries must not create types", types, n)
	}
	if n := count(t, s, `SELECT count(*) FROM e_scores_ijs_components WHERE "uSkaterUUID"::text = $1`, acc.Skater); n != 1 {
		t.Errorf("IJS component rows owned by the skater = %d, want 1 (client skater id ignored)", n)
	}

	d := getEvent(t, c, id)
	byID := map[string]api.EventEntry{}
	order := []string{}
	for _, e := range d.Entries {
		byID[e.Id.String()] = e
		order = append(order, e.Id.String())
	}
	// Dated entries first by date, then undated in creation order.
	if want := []string{show, ijs, free, exhib, typeless}; strings.Join(order, ",") != strings.Join(want, ",") {
		t.Errorf("entry order = %v, want %v", order, want)
	}
	if e := byID[free]; e.EventType == nil || e.EventType.Category != "Competition" || str(e.EventType.ScoringSystem) != "6.0" ||
		str(e.EventType.GoverningBody) != "None" || e.Status != "Committed" || e.EntryDate != nil {
		t.Errorf("frontend 6.0 entry = %+v type %+v", e, e.EventType)
	}
	if e := byID[exhib]; e.EventType == nil || e.EventType.Id.String() != "b0000000-0000-0000-0000-000000000005" ||
		e.VideoUrl != nil || e.Status != "Performed" {
		t.Errorf("exhibition entry = %+v type %+v", e, e.EventType)
	}
	e := byID[ijs]
	if e.EntryDate == nil || e.EntryDate.String() != "2025-04-06" || str(e.EventType.GoverningBody) != "USFSA" ||
		e.EventType.Id.String() != "b0000000-0000-0000-0000-000000000006" || *e.Placement != 1 || *e.TotalSegmentScore != 29.69 {
		t.Errorf("IJS entry = %+v", e)
	}
	if len(e.Elements) != 2 || e.Elements[0].ElementNumber != 1 || str(e.Elements[0].ElementName) != "2S" || *e.Elements[1].Goe != -0.11 {
		t.Errorf("elements = %+v", e.Elements)
	}
	if len(e.Scores) != 1 {
		t.Fatalf("IJS scores = %d", len(e.Scores))
	}
	comp, err := e.Scores[0].AsEventScoreIJS()
	if err != nil || comp.JudgeNumber != 0 || *comp.Composition != 3.25 || *comp.SkatingSkills != 3 {
		t.Errorf("component row = %+v %v", comp, err)
	}
	if len(e.Deductions) != 1 || e.Deductions[0].DeductionType != "Falls" || str(e.Deductions[0].Notes) != "on the 2S" {
		t.Errorf("deductions = %+v", e.Deductions)
	}
	if sc, err := byID[show].Scores[0].AsEventScoreCJS(); err != nil || *sc.Performance != 5.25 || byID[show].EventType.Category != "Showcase" {
		t.Errorf("CJS score = %+v %v", sc, err)
	}
	if byID[typeless].EventType != nil || len(byID[typeless].Scores) != 0 {
		t.Errorf("typeless entry = %+v", byID[typeless])
	}

	t.Run("list_filters_by_category", func(t *testing.T) {
		cases := []struct {
			name  string
			query string
			want  int
		}{
			{"no_filter_lists_all", "", 5},
			{"empty_filter_lists_all", "?category=", 5},
			{"category_filter_keeps_its_rows", "?category=Competition", 2},
			{"category_filter_ignores_case", "?category=competition", 2},
			{"comma_list_with_spaces_keeps_each_category", "?category=%20Showcase%20,Exhibition", 2},
			{"category_without_rows_lists_none", "?category=Test", 0},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				if got := listEvents(t, c.For(t), tc.query); len(got) != tc.want {
					t.Errorf("%q: %d rows, want %d", tc.query, len(got), tc.want)
				}
			})
		}
		rows := listEvents(t, c, "?category=Competition")
		for _, r := range rows {
			if r.EntryId == nil || str(r.Category) != "Competition" || r.EventDate.String() != "2025-04-05" {
				t.Errorf("row = %+v", r)
			}
			if r.EntryId.String() == ijs && (r.EntryDate.String() != "2025-04-06" || *r.Placement != 1 || *r.FieldSize != 3) {
				t.Errorf("IJS row = %+v", r)
			}
		}
	})
}

func TestEvents_entryRefusals(t *testing.T) {
	t.Parallel()
	s := newEventsServer(t)
	c, _ := s.Skater("ev_entry_refuse", "UTC")
	id := createEvent(t, c, map[string]any{"event_label": "Comp", "event_date": "2025-03-15"})
	types := count(t, s, "SELECT count(*) FROM e_event_types")
	bodies := count(t, s, "SELECT count(*) FROM e_governing_bodies")
	s60 := func(extra map[string]any) map[string]any {
		b := map[string]any{"category": "Competition", "scoring_system": "6.0"}
		for k, v := range extra {
			b[k] = v
		}
		return b
	}
	cases := []struct {
		name  string
		body  any
		field string
	}{
		{"unknown_category_creates_no_type", map[string]any{"category": "Gala"}, "category"},
		{"unknown_scoring_system", map[string]any{"category": "Competition", "scoring_system": "7.0"}, "scoring_system"},
		{"unknown_body_creates_no_type", s60(map[string]any{"governing_body": "Skating Club of Mars"}), "governing_body"},
		{"combination_that_does_not_exist", map[string]any{"category": "Showcase", "scoring_system": "IJS", "governing_body": "ISI"}, "category"},
		{"system_without_category", map[string]any{"scoring_system": "6.0"}, "category"},
		{"scores_without_type", map[string]any{"scores": []map[string]any{{"scoring_system": "6.0", "judge_number": 1}}}, "scores"},
		{"scores_of_another_system", s60(map[string]any{"scores": []map[string]any{{"scoring_system": "CJS", "judge_number": 1}}}), "scores.0.scoring_system"},
		{"field_of_another_table", s60(map[string]any{"scores": []map[string]any{{"scoring_system": "6.0", "judge_number": 1, "composition": 3}}}), "scores.0.composition"},
		{"judge_twice", s60(map[string]any{"scores": []map[string]any{{"scoring_system": "6.0", "judge_number": 1}, {"scoring_system": "6.0", "judge_number": 1}}}), "scores.1.judge_number"},
		{"judge_missing", s60(map[string]any{"scores": []map[string]any{{"scoring_system": "6.0", "ordinal": 1}}}), "scores.0.judge_number"},
		{"unknown_score_table", s60(map[string]any{"scores": []map[string]any{{"scoring_system": "ISU", "judge_number": 1}}}), "scores.0.scoring_system"},
		{"mark_out_of_range", s60(map[string]any{"scores": []map[string]any{{"scoring_system": "6.0", "judge_number": 1, "presentation": 11}}}), "scores.0.presentation"},
		{"deduction_without_value", map[string]any{"deductions": []map[string]any{{"deduction_type": "Falls"}}}, "deductions.0.value"},
		{"placement_beyond_field", map[string]any{"placement": 5, "field_size": 4}, "placement"},
		{"script_url", map[string]any{"video_url": "javascript:alert(1)"}, "video_url"},
		{"relative_url", map[string]any{"source_url": "/results/1.htm"}, "source_url"},
		{"unknown_status", map[string]any{"status": "Won"}, "status"},
		{"entry_date_not_a_date", map[string]any{"entry_date": "tomorrow"}, "entry_date"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.For(t).Post("/api/v4/events/"+id+"/entries", tc.body).Expect(http.StatusBadRequest)
			var e api.Error
			res.JSON(&e)
			if e.Details == nil || len(*e.Details) == 0 || (*e.Details)[0].Field != tc.field {
				t.Errorf("details = %s, want field %s", res.Body, tc.field)
			}
		})
	}
	if n := count(t, s, "SELECT count(*) FROM e_event_entries"); n != 0 {
		t.Errorf("refused entries wrote %d rows", n)
	}
	if n := count(t, s, "SELECT count(*) FROM e_event_types"); n != types {
		t.Errorf("e_event_types %d -> %d: members must not create event types", types, n)
	}
	if n := count(t, s, "SELECT count(*) FROM e_governing_bodies"); n != bodies {
		t.Errorf("e_governing_bodies %d -> %d: members must not create governing bodies", bodies, n)
	}
	c.Post("/api/v4/events/"+noSuchID+"/entries", map[string]any{}).Expect(http.StatusNotFound)
}

func TestEvents_updateEntry(t *testing.T) {
	t.Parallel()
	s := newEventsServer(t)
	c, _ := s.Skater("ev_update_entry", "UTC")
	id := createEvent(t, c, map[string]any{"event_label": "Comp", "event_date": "2025-03-15"})
	entry := addEntry(t, c, id, map[string]any{"category": "Competition", "scoring_system": "6.0", "event_segment": "Free Skate",
		"video_url":  "https://example.com/v",
		"scores":     []map[string]any{{"scoring_system": "6.0", "judge_number": 1, "ordinal": 2}, {"scoring_system": "6.0", "judge_number": 2, "ordinal": 1}},
		"deductions": []map[string]any{{"deduction_type": "Falls", "value": 1}}})
	path := "/api/v4/events/" + id + "/entries/" + entry

	var e api.EventEntry
	put(c, path, map[string]any{"category": "Competition", "scoring_system": "6.0", "status": "Scored", "placement": 2, "field_size": 8, "entry_date": "2025-03-16"}).
		Expect(http.StatusOK).JSON(&e)
	if e.Status != "Scored" || *e.Placement != 2 || e.EntryDate.String() != "2025-03-16" || e.EventSegment != nil || e.VideoUrl != nil {
		t.Errorf("replaced fields = %+v", e)
	}
	if len(e.Scores) != 2 || len(e.Deductions) != 1 {
		t.Errorf("scores %d deductions %d: absent scores and deductions are kept", len(e.Scores), len(e.Deductions))
	}
	res := put(c, path, map[string]any{"category": "Competition", "scoring_system": "IJS"}).Expect(http.StatusBadRequest)
	if !strings.Contains(string(res.Body), "scoring_system") {
		t.Errorf("changing the system over kept scores: %s", res.Body)
	}
	put(c, path, map[string]any{"category": "Competition", "scoring_system": "IJS", "scores": []any{}, "deductions": []any{}}).
		Expect(http.StatusOK).JSON(&e)
	if len(e.Scores) != 0 || len(e.Deductions) != 0 || str(e.EventType.ScoringSystem) != "IJS" {
		t.Errorf("after clearing = %+v", e)
	}
	if n := count(t, s, "SELECT count(*) FROM e_scores_6_0"); n != 0 {
		t.Errorf("6.0 rows left: %d", n)
	}
	put(c, "/api/v4/events/"+id+"/entries/"+noSuchID, map[string]any{}).Expect(http.StatusNotFound)
	other := createEvent(t, c, map[string]any{"event_label": "Other", "event_date": "2025-05-01"})
	put(c, "/api/v4/events/"+other+"/entries/"+entry, map[string]any{}).Expect(http.StatusNotFound)
	del(c, "/api/v4/events/"+other+"/entries/"+entry).Expect(http.StatusNotFound)

	if del(c, path).Expect(http.StatusOK).Map()["message"] != "Entry deleted" {
		t.Error("delete message")
	}
	del(c, path).Expect(http.StatusNotFound)
	if d := getEvent(t, c, id); len(d.Entries) != 0 {
		t.Errorf("entries after delete = %d", len(d.Entries))
	}
}

// TestEvents_ownership: one skater can neither read nor change another's
// events and entries; the answer is the same 404 as for a missing record.
func TestEvents_ownership(t *testing.T) {
	t.Parallel()
	s := newEventsServer(t)
	site := newResultsSite(t)
	alice, _ := s.Skater("ev_alice", "UTC")
	mallory, _ := s.Skater("ev_mallory", "UTC")
	id := createEvent(t, alice, map[string]any{"event_label": "Alice's comp", "event_date": "2025-03-15",
		"costs": []map[string]any{{"category": "Other", "amount": 10}}})
	entry := addEntry(t, alice, id, map[string]any{"category": "Competition", "scoring_system": "6.0",
		"scores": []map[string]any{{"scoring_system": "6.0", "judge_number": 1, "ordinal": 1}}})
	own := createEvent(t, mallory, map[string]any{"event_label": "Mallory's comp", "event_date": "2025-03-15"})

	// Each case gets the subtest's own mallory, so a failure names the case.
	cases := []struct {
		name string
		do   func(mallory *apitest.Client) *apitest.Response
	}{
		{"read", func(mallory *apitest.Client) *apitest.Response { return mallory.Get("/api/v4/events/" + id) }},
		{"replace", func(mallory *apitest.Client) *apitest.Response {
			return put(mallory, "/api/v4/events/"+id, map[string]any{"event_label": "pwned", "event_date": "2025-01-01", "costs": []any{}})
		}},
		{"delete", func(mallory *apitest.Client) *apitest.Response { return del(mallory, "/api/v4/events/"+id) }},
		{"add_entry", func(mallory *apitest.Client) *apitest.Response {
			return mallory.Post("/api/v4/events/"+id+"/entries", map[string]any{"event_segment": "injected"})
		}},
		{"import", func(mallory *apitest.Client) *apitest.Response {
			return mallory.Post("/api/v4/events/"+id+"/entries/import", map[string]any{"url": site.URL + "/r/218c1.htm", "skater_name": "Jane Doe"})
		}},
		{"replace_entry", func(mallory *apitest.Client) *apitest.Response {
			return put(mallory, "/api/v4/events/"+id+"/entries/"+entry, map[string]any{"status": "Withdrew", "scores": []any{}})
		}},
		{"delete_entry", func(mallory *apitest.Client) *apitest.Response {
			return del(mallory, "/api/v4/events/"+id+"/entries/"+entry)
		}},
		{"replace_entry_via_own_event", func(mallory *apitest.Client) *apitest.Response {
			return put(mallory, "/api/v4/events/"+own+"/entries/"+entry, map[string]any{"status": "Withdrew", "scores": []any{}})
		}},
		{"delete_entry_via_own_event", func(mallory *apitest.Client) *apitest.Response {
			return del(mallory, "/api/v4/events/"+own+"/entries/"+entry)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.do(mallory.For(t)).Expect(http.StatusNotFound)
		})
	}
	if n := site.requests.Load(); n != 0 {
		t.Errorf("an import into another's event fetched %d pages", n)
	}
	for _, r := range listEvents(t, mallory, "") {
		if r.EventId.String() == id {
			t.Error("another skater's event is listed")
		}
	}
	d := getEvent(t, alice, id)
	if d.EventLabel != "Alice's comp" || d.EventCost != 10 || len(d.Entries) != 1 || d.Entries[0].Status != "Committed" ||
		len(d.Entries[0].Scores) != 1 {
		t.Errorf("the owner's event changed: %+v", d)
	}
	if n := count(t, s, "SELECT count(*) FROM e_import_log"); n != 0 {
		t.Errorf("import log rows = %d", n)
	}
}

func TestEventTypes_lookup(t *testing.T) {
	t.Parallel()
	s := newEventsServer(t)
	c, _ := s.Skater("ev_types", "UTC")
	var types []api.EventType
	c.Get("/api/v4/lookup/event_types").Expect(http.StatusOK).JSON(&types)
	if len(types) != 20 {
		t.Errorf("types = %d, want the 20 seeded", len(types))
	}
	seen := map[string]bool{}
	for _, ty := range types {
		key := fmt.Sprintf("%s/%s/%s/%v", ty.Category, str(ty.ScoringSystem), str(ty.GoverningBody), ty.SingleMark)
		if seen[key] {
			t.Errorf("duplicate type %s", key)
		}
		seen[key] = true
	}
	for _, want := range []string{"Competition/CJS/USFSA/false", "Exhibition/<nil>/None/false", "Competition/6.0/Compete USA/true", "Showcase/IJS/None/false"} {
		if !seen[want] {
			t.Errorf("missing type %s", want)
		}
	}
}
