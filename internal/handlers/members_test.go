package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

func TestMemberRoutesNeedLogin(t *testing.T) {
	t.Parallel()
	s := pinnedNowServer(t)
	c := s.Client()
	routes := []struct{ method, path string }{
		{"GET", pathDash}, {"GET", pathIceTime}, {"GET", pathEquip}, {"GET", pathMaint}, {"GET", pathOverview},
		{"POST", pathSubmit}, {"PUT", pathIceTime + "/1"}, {"DELETE", pathIceTime + "/1"},
		{"POST", pathMaint}, {"PUT", pathMaint + "/1"}, {"DELETE", pathMaint + "/1"},
		{"POST", pathEquip + "/boots"}, {"PUT", pathEquip + "/boots/" + unknownID},
		{"POST", pathEquip + "/blades"}, {"PUT", pathEquip + "/blades/" + unknownID},
		{"POST", pathEquip + "/configs"}, {"PUT", pathEquip + "/configs/" + unknownID},
		{"PUT", pathEquip + "/active_config"},
		{"GET", "/api/v4/lookup/coaches"}, {"GET", "/api/v4/lookup/ice_types"},
	}
	for _, r := range routes {
		name := r.method + "_" + strings.ReplaceAll(strings.TrimPrefix(strings.ReplaceAll(r.path, unknownID, "{id}"), "/api/v4/"), "/", "_")
		t.Run(name+"_is_401_without_login", func(t *testing.T) {
			var body any
			if r.method == "POST" || r.method == "PUT" {
				body = map[string]any{}
			}
			res := c.For(t).Request(r.method, r.path, body)
			expectStatus(t, res, http.StatusUnauthorized, r.method+" "+r.path)
			if res.Status == http.StatusUnauthorized && res.Map()["error"] != "Authentication required" {
				t.Errorf("%s %s: body %s", r.method, r.path, res.Body)
			}
		})
	}
}

func TestIceSessionLifecycle(t *testing.T) {
	t.Parallel()
	s := pinnedNowServer(t)
	k := newKit(t, s, "ada", "America/New_York")
	other := newKit(t, s, "bea", "UTC")

	today := localToday(t, "America/New_York")
	res := k.c.Post(pathSubmit, sessionBody(day(today), 60, map[string]any{
		"coach_time": 30, "coach_cost": 17.5, "coach_id": "", "uSkaterUUID": other.acc.Skater, "ice_cost": 12.345,
	})).Expect(201).Map()
	id := int(res["ice_time_id"].(float64))
	if res["local_date"] != day(today) {
		t.Errorf("local_date = %v, want %s", res["local_date"], day(today))
	}
	// 00:00 in New York is 04:00 or 05:00 UTC.
	if ts := asString(res["timestamp"]); !strings.HasSuffix(ts, "T04:00:00Z") && !strings.HasSuffix(ts, "T05:00:00Z") {
		t.Errorf("timestamp = %s, want 00:00 New York time in UTC", ts)
	}

	table := arr(k.c.Get(pathDash).Expect(200).Map()["session_table"])
	if len(table) != 1 {
		t.Fatalf("session_table = %v", table)
	}
	row := obj(table[0])
	want := map[string]any{
		"ice_time_id": float64(id), "local_date": day(today), "ice_time": 60.0, "ice_cost": 12.34,
		"coach_time": 30.0, "coach_cost": 17.5, "coach": "- -", "coach_id": coachNone,
		"ice_type": "Free Style (Walk On)", "rink_name": "Cary Polar Ice House", "rink_city": "Raleigh",
		"rink_state": "NC", "config_id": k.config, "skate_type": typeWalkOn, "rink_id": rinkCary,
	}
	for key, v := range want {
		if row[key] != v {
			t.Errorf("session_table[0].%s = %#v, want %#v", key, row[key], v)
		}
	}
	// The body's uSkaterUUID was ignored: the other skater sees nothing.
	if n := len(arr(other.c.Get(pathIceTime).Expect(200).Map()["session_table"])); n != 0 {
		t.Errorf("other skater sees %d sessions", n)
	}

	// Correct it: another day, another rink, no coach.
	yesterday := today.AddDate(0, 0, -1)
	upd := k.c.Request("PUT", fmt.Sprintf("%s/%d", pathIceTime, id), sessionBody(day(yesterday), 45, map[string]any{
		"rink_id": rinkVegas, "coach_id": nil, "ice_cost": 10,
	})).Expect(200).Map()
	if upd["local_date"] != day(yesterday) || upd["ice_time"] != 45.0 || upd["rink_name"] != "Las Vegas Ice Center" ||
		upd["config_id"] != k.config || upd["coach_id"] != coachNone || upd["ice_cost"] != 10.0 {
		t.Errorf("updated row = %v", upd)
	}

	// Ownership: another skater can neither change nor delete it.
	other.c.Request("PUT", fmt.Sprintf("%s/%d", pathIceTime, id), sessionBody(day(today), 30, nil)).Expect(404)
	other.c.Request("DELETE", fmt.Sprintf("%s/%d", pathIceTime, id), nil).Expect(404)
	k.c.Request("PUT", pathIceTime+"/999999", sessionBody(day(today), 30, nil)).Expect(404)

	k.c.Request("DELETE", fmt.Sprintf("%s/%d", pathIceTime, id), nil).Expect(200)
	k.c.Request("DELETE", fmt.Sprintf("%s/%d", pathIceTime, id), nil).Expect(404)
	if total := hmMinutes(k.c.Get(pathOverview).Expect(200).Map()["total_ice_time"]); total != 0 {
		t.Errorf("total after delete = %v", total)
	}
}

func TestCreateIceSessionRefusals(t *testing.T) {
	t.Parallel()
	s := pinnedNowServer(t)
	k := newKit(t, s, "ada", "America/New_York")
	other := newKit(t, s, "bea", "UTC")
	today := day(localToday(t, "America/New_York"))
	cases := []struct {
		name  string
		body  any
		field string
	}{
		{"impossible date", sessionBody("2026-02-30", 60, nil), "date"},
		{"US date", sessionBody("11/24/2026", 60, nil), "date"},
		{"date with time", sessionBody("2026-11-24T00:00:00", 60, nil), "date"},
		{"date as number", sessionBody(today, 60, map[string]any{"date": 20261124}), "date"},
		{"missing date", sessionBody(today, 60, map[string]any{"date": nil}), "date"},
		{"minutes as string", sessionBody(today, 60, map[string]any{"ice_time": "60"}), "ice_time"},
		{"fractional minutes", sessionBody(today, 60, map[string]any{"ice_time": 60.5}), "ice_time"},
		{"zero minutes", sessionBody(today, 0, nil), "ice_time"},
		{"negative minutes", sessionBody(today, -5, nil), "ice_time"},
		{"a day and more", sessionBody(today, 1441, nil), "ice_time"},
		{"above int32", sessionBody(today, 1, map[string]any{"ice_time": 99999999999}), "ice_time"},
		{"negative cost", sessionBody(today, 60, map[string]any{"ice_cost": -1}), "ice_cost"},
		{"cost as string", sessionBody(today, 60, map[string]any{"ice_cost": "12"}), "ice_cost"},
		{"NaN as string", sessionBody(today, 60, map[string]any{"ice_cost": "NaN"}), "ice_cost"},
		{"huge cost", sessionBody(today, 60, map[string]any{"ice_cost": 1e7}), "ice_cost"},
		{"null cost", sessionBody(today, 60, map[string]any{"coach_cost": nil, "x": 1}), "coach_cost"},
		{"coach longer than session", sessionBody(today, 60, map[string]any{"coach_time": 61}), "coach_time"},
		{"unknown type", sessionBody(today, 60, map[string]any{"skate_type": unknownID}), "skate_type"},
		{"type not a uuid", sessionBody(today, 60, map[string]any{"skate_type": "walk-on"}), "skate_type"},
		{"unknown rink", sessionBody(today, 60, map[string]any{"rink_id": unknownID}), "rink_id"},
		{"empty rink", sessionBody(today, 60, map[string]any{"rink_id": ""}), "rink_id"},
		{"unknown coach", sessionBody(today, 60, map[string]any{"coach_id": unknownID}), "coach_id"},
		{"coach not a uuid", sessionBody(today, 60, map[string]any{"coach_id": "jane"}), "coach_id"},
		{"someone else's config", sessionBody(today, 60, map[string]any{"config_id": other.config}), "config_id"},
		{"has_video not a flag", sessionBody(today, 60, map[string]any{"has_video": 2}), "has_video"},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is 400", func(t *testing.T) {
			res := k.c.For(t).Post(pathSubmit, tc.body)
			expectStatus(t, res, 400, tc.name)
			if res.Status == 400 && errorField(res) != tc.field {
				t.Errorf("field %q, want %q (%s)", errorField(res), tc.field, res.Body)
			}
			if strings.Contains(string(res.Body), "INSERT") || strings.Contains(string(res.Body), "violates") {
				t.Errorf("database text leaked: %s", res.Body)
			}
		})
	}
	for _, tc := range []struct{ name, raw string }{
		{"array_body_is_400", `[1,2]`}, {"null_body_is_400", `null`}, {"string_body_is_400", `"x"`},
		{"nan_literal_is_400", `{"ice_cost": NaN}`}, {"infinity_literal_is_400", `{"ice_cost": Infinity}`}, {"truncated_json_is_400", `{`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectStatus(t, k.c.For(t).Post(pathSubmit, tc.raw), 400, tc.raw)
		})
	}
	req, err := http.NewRequest("POST", s.URL+pathSubmit, strings.NewReader(`date=2026-11-24`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	expectStatus(t, k.c.Do(req), http.StatusUnsupportedMediaType, "form body")

	if n := testdb.Int(t, s.Pool, `SELECT count(*) FROM ice_time`); n != 0 {
		t.Fatalf("refused sessions wrote %d rows", n)
	}

	// No profile yet: a clear 409, not a 500 or a foreign-key error.
	c := s.Login(s.Register("newbie"))
	res := c.Post(pathSubmit, sessionBody(today, 60, nil)).Expect(409)
	if res.Map()["error"] != "Profile not found" {
		t.Errorf("no profile: %s", res.Body)
	}
}

func TestIceTimeParamsAndPages(t *testing.T) {
	t.Parallel()
	s := pinnedNowServer(t)
	k := newKit(t, s, "ada", "Europe/Berlin")
	// 7 dated sessions, two on one day (ties go by id), plus 2 undated rows the original could write.
	ids := map[int]string{}
	for i, d := range []string{"2026-01-05", "2026-01-05", "2025-12-31", "2025-06-01", "2024-02-29", "2023-03-26", "2023-10-29"} {
		ids[k.add(d, 30+i, nil)] = d
	}
	k.exec(`INSERT INTO ice_time (date, ice_time, "uSkaterUUID") VALUES (NULL, 10, $1), (NULL, 11, $1)`, k.acc.Skater)

	for _, tc := range []struct{ query, field string }{
		{"months_back=abc", "months_back"}, {"months_back=1.5", "months_back"}, {"months_back=-1", "months_back"},
		{"months_back=121", "months_back"}, {"window=0", "window"}, {"window=37", "window"}, {"window=", "window"},
		{"limit=0", "limit"}, {"limit=5001", "limit"}, {"cursor=nope", "cursor"}, {"cursor=ZDox", "cursor"},
	} {
		t.Run(tc.query+"_is_400", func(t *testing.T) {
			res := k.c.For(t).Get(pathIceTime + "?" + tc.query)
			expectStatus(t, res, 400, tc.query)
			if res.Status == 400 && errorField(res) != tc.field {
				t.Errorf("field %q, want %q", errorField(res), tc.field)
			}
		})
	}

	// Default: everything on one page, newest first, undated last, no next page.
	all := k.c.Get(pathIceTime).Expect(200).Map()
	if all["next_cursor"] != nil {
		t.Errorf("next_cursor = %v on the only page", all["next_cursor"])
	}
	var order []float64
	for _, r := range arr(all["session_table"]) {
		order = append(order, obj(r)["ice_time_id"].(float64))
	}
	if len(order) != 9 || obj(arr(all["session_table"])[0])["local_date"] != "2026-01-05" ||
		order[0] < order[1] || obj(arr(all["session_table"])[8])["date"] != nil {
		t.Fatalf("history order = %v", all["session_table"])
	}
	if hmMinutes(all["total_time"]) != float64(30+31+32+33+34+35+36+10+11) {
		t.Errorf("total_time = %v", all["total_time"])
	}
	g := obj(all["fsc_graph"])
	for _, key := range []string{"months", "ice_time", "practice", "coach_time", "group_sessions", "competitions"} {
		if len(arr(g[key])) != 12 {
			t.Errorf("fsc_graph.%s has %d entries, want 12", key, len(arr(g[key])))
		}
	}

	// Walk the pages in every size: the concatenation is the one-page answer.
	for limit := 1; limit <= 10; limit++ {
		t.Run(fmt.Sprintf("pages_of_%d_add_up_to_the_whole_history", limit), func(t *testing.T) {
			var got []float64
			cursor := ""
			for page := 0; page < 20; page++ {
				q := fmt.Sprintf("%s?limit=%d&window=1", pathIceTime, limit)
				if cursor != "" {
					q += "&cursor=" + cursor
				}
				m := k.c.For(t).Get(q).Expect(200).Map()
				rows := arr(m["session_table"])
				if len(rows) > limit {
					t.Fatalf("limit %d: page of %d", limit, len(rows))
				}
				for _, r := range rows {
					got = append(got, obj(r)["ice_time_id"].(float64))
				}
				if m["next_cursor"] == nil {
					break
				}
				cursor = asString(m["next_cursor"])
			}
			if fmt.Sprint(got) != fmt.Sprint(order) {
				t.Errorf("limit %d: pages give %v, want %v", limit, got, order)
			}
		})
	}

	// The window and months_back shape the graph; labels are English month abbreviations.
	m := k.c.Get(pathIceTime + "?months_back=120&window=36").Expect(200).Map()
	if n := len(arr(obj(m["fsc_graph"])["months"])); n != 36 {
		t.Errorf("window=36 gives %d months", n)
	}
	labels := arr(obj(k.c.Get(pathIceTime + "?window=1").Expect(200).Map()["fsc_graph"])["months"])
	if want := localToday(t, "Europe/Berlin").Format("Jan '06"); len(labels) != 1 || labels[0] != want {
		t.Errorf("window=1 labels = %v, want [%s]", labels, want)
	}
}

func TestEquipmentRoutes(t *testing.T) {
	t.Parallel()
	s := pinnedNowServer(t)
	c, _ := s.Skater("ada", "America/Los_Angeles")
	other := newKit(t, s, "bea", "UTC")

	eq := c.Get(pathEquip).Expect(200).Map()
	if eq["active_config"] != nil || len(arr(eq["configs"])) != 0 || len(arr(eq["boots"])) != 0 || len(arr(eq["blades"])) != 0 {
		t.Fatalf("new skater's equipment = %v", eq)
	}
	boots := c.Post(pathEquip+"/boots", map[string]any{"bootsName": " Edea ", "bootsModel": "Ice Fly", "bootsSize": "250 C",
		"bootsPurchaseAmount": 899.995, "purchased_on": "2026-03-01"}).Expect(201).Map()
	if boots["bootsName"] != "Edea" || boots["bootsPurchaseAmount"] != 900.0 || boots["purchased_on"] != "2026-03-01" ||
		boots["date_created"] != "2026-03-01T08:00:00Z" || boots["retired_at"] != nil || boots["hours"] != 0.0 {
		t.Errorf("boots = %v", boots)
	}
	blades := c.Post(pathEquip+"/blades", map[string]any{"bladesName": "MK", "bladesModel": "Phantom"}).Expect(201).Map()
	if blades["bladesPurchaseAmount"] != nil || blades["sharpenings"] != 0.0 || blades["purchased_on"] != day(localToday(t, "America/Los_Angeles")) {
		t.Errorf("blades = %v", blades)
	}
	bootsID, bladesID := asString(boots["bootsID"]), asString(blades["bladesID"])

	for _, tc := range []struct {
		name, path string
		body       any
		field      string
	}{
		{"boots without name", "/boots", map[string]any{"bootsName": "  "}, "bootsName"},
		{"boots name missing", "/boots", map[string]any{"bootsModel": "x"}, "bootsName"},
		{"negative amount", "/boots", map[string]any{"bootsName": "x", "bootsPurchaseAmount": -1}, "bootsPurchaseAmount"},
		{"bad purchase day", "/blades", map[string]any{"bladesName": "x", "purchased_on": "2026-13-01"}, "purchased_on"},
		{"long size", "/blades", map[string]any{"bladesName": "x", "bladesSize": strings.Repeat("9", 21)}, "bladesSize"},
		{"config with others' boots", "/configs", map[string]any{"bootsID": other.boots, "bladesID": bladesID}, "bootsID"},
		{"config with others' blades", "/configs", map[string]any{"bootsID": bootsID, "bladesID": other.blades}, "bladesID"},
		{"config with bad id", "/configs", map[string]any{"bootsID": "nope", "bladesID": bladesID}, "bootsID"},
		{"config of unknown type", "/configs", map[string]any{"bootsID": bootsID, "bladesID": bladesID, "sConfigType": 3}, "sConfigType"},
	} {
		t.Run(tc.name+" is 400", func(t *testing.T) {
			res := c.For(t).Post(pathEquip+tc.path, tc.body)
			expectStatus(t, res, 400, tc.name)
			if res.Status == 400 && errorField(res) != tc.field {
				t.Errorf("field %q, want %q (%s)", errorField(res), tc.field, res.Body)
			}
		})
	}

	// The first configuration becomes the active one.
	first := c.Post(pathEquip+"/configs", map[string]any{"bootsID": bootsID, "bladesID": bladesID}).Expect(201).Map()
	if first["is_active"] != true || first["sActiveFlag"] != 1.0 || first["bootsName"] != "Edea" || first["bladesModel"] != "Phantom" {
		t.Errorf("first config = %v", first)
	}
	blades2 := asString(c.Post(pathEquip+"/blades", map[string]any{"bladesName": "John Wilson"}).Expect(201).Map()["bladesID"])
	second := c.Post(pathEquip+"/configs", map[string]any{"bootsID": bootsID, "bladesID": blades2}).Expect(201).Map()
	if second["is_active"] != false {
		t.Errorf("second config became active without asking: %v", second)
	}
	firstID, secondID := asString(first["sConfigID"]), asString(second["sConfigID"])

	// Choose the active configuration; others' configurations cannot be chosen.
	c.Request("PUT", pathEquip+"/active_config", map[string]any{"sConfigID": other.config}).Expect(400)
	if r := c.Request("PUT", pathEquip+"/active_config", map[string]any{"sConfigID": secondID}).Expect(200).Map(); r["is_active"] != true {
		t.Errorf("activate = %v", r)
	}
	eq = c.Get(pathEquip).Expect(200).Map()
	if asString(obj(eq["active_config"])["sConfigID"]) != secondID || len(arr(eq["configs"])) != 2 {
		t.Errorf("equipment after activation = %v", eq)
	}

	// Retire: the active configuration is no longer active; retired gear cannot go into a new one.
	r := c.Request("PUT", pathEquip+"/configs/"+secondID, map[string]any{"retired": true}).Expect(200).Map()
	if r["sActiveFlag"] != 0.0 || r["is_active"] != false {
		t.Errorf("retired config = %v", r)
	}
	if eq := c.Get(pathEquip).Expect(200).Map(); eq["active_config"] != nil {
		t.Errorf("active_config after retiring it = %v", eq["active_config"])
	}
	c.Request("PUT", pathEquip+"/configs/"+secondID, map[string]any{"retired": false}).Expect(200)
	rb := c.Request("PUT", pathEquip+"/blades/"+blades2, map[string]any{"bladesName": "John Wilson", "bladesModel": "Gold Seal", "retired": true}).Expect(200).Map()
	if rb["retired_at"] == nil || rb["bladesModel"] != "Gold Seal" || rb["purchased_on"] != blades["purchased_on"] {
		t.Errorf("retired blades = %v", rb)
	}
	res := c.Post(pathEquip+"/configs", map[string]any{"bootsID": bootsID, "bladesID": blades2})
	expectStatus(t, res, 400, "config with retired blades")
	if errorField(res) != "bladesID" {
		t.Errorf("retired blades: %s", res.Body)
	}
	ub := c.Request("PUT", pathEquip+"/boots/"+bootsID, map[string]any{"bootsName": "Edea", "bootsPurchaseAmount": nil, "purchased_on": "2025-12-24"}).Expect(200).Map()
	if ub["bootsPurchaseAmount"] != nil || ub["purchased_on"] != "2025-12-24" || ub["bootsModel"] != nil {
		t.Errorf("updated boots = %v", ub)
	}

	// Another skater's gear is a 404 by path; unknown ids too.
	other.c.Request("PUT", pathEquip+"/boots/"+bootsID, map[string]any{"bootsName": "x"}).Expect(404)
	other.c.Request("PUT", pathEquip+"/blades/"+bladesID, map[string]any{"bladesName": "x"}).Expect(404)
	other.c.Request("PUT", pathEquip+"/configs/"+firstID, map[string]any{"retired": true}).Expect(404)
	c.Request("PUT", pathEquip+"/boots/not-a-uuid", map[string]any{"bootsName": "x"}).Expect(400)
	c.Request("PUT", pathEquip+"/configs/"+unknownID, map[string]any{"retired": true}).Expect(404)

	// Without a profile, gear cannot be added.
	nc := s.Login(s.Register("newbie"))
	nc.Post(pathEquip+"/boots", map[string]any{"bootsName": "x"}).Expect(409)
	nc.Request("PUT", pathEquip+"/active_config", map[string]any{"sConfigID": firstID}).Expect(409)
	if eq := nc.Get(pathEquip).Expect(200).Map(); eq["active_config"] != nil || len(arr(eq["boots"])) != 0 {
		t.Errorf("no-profile equipment = %v", eq)
	}
}

func TestMaintenanceRoutes(t *testing.T) {
	t.Parallel()
	s := pinnedNowServer(t)
	k := newKit(t, s, "ada", "America/New_York")
	other := newKit(t, s, "bea", "UTC")

	// What the frontend sends: a date, a rink, fractional hours.
	created := k.c.Post(pathMaint, map[string]any{"m_date": "2026-03-02", "m_location": rinkCary, "m_hours_on": 20.25}).Expect(201).Map()
	if created["status"] != "ok" {
		t.Errorf("created = %v", created)
	}
	id := int(created["id"].(float64))
	k.c.Post(pathMaint, map[string]any{"m_date": "2025-10-01", "m_location": "", "m_hours_on": 21, "m_cost": 28, "m_roh": "1/2", "m_notes": "first"}).Expect(201)

	m := k.c.Get(pathMaint).Expect(200).Map()
	if m["total_cost"] != "28.00" || len(arr(m["blades"])) != 1 || len(arr(m["unassigned"])) != 0 {
		t.Fatalf("maintenance = %v", m)
	}
	b := obj(arr(m["blades"])[0])
	hist := arr(b["history"])
	if b["is_active"] != true || obj(b["meta"])["sharpenings"] != 2.0 || hmMinutes(obj(b["meta"])["total_hours"]) != 20.25*60+21*60 || len(hist) != 2 {
		t.Fatalf("blade = %v", b)
	}
	h0 := obj(hist[0])
	if h0["date"] != "2026-03-02" || hmMinutes(h0["hours_on"]) != 1215 || h0["location"] != "Cary Polar Ice House" ||
		h0["cost"] != 0.0 || h0["id"] != float64(id) {
		t.Errorf("newest sharpening = %v", h0)
	}
	if obj(hist[1])["location"] != nil || obj(hist[1])["roh"] != "1/2" || obj(hist[1])["notes"] != "first" {
		t.Errorf("older sharpening = %v", hist[1])
	}
	var config, blade string
	testdb.QueryRow(t, k.s.Pool, `SELECT "uSkaterConfig"::text, "uSkaterBladesID"::text FROM maintenance WHERE id = $1`, id).Scan(&config, &blade)
	if config != k.config || blade != k.blades {
		t.Errorf("stored config %q blade %q, want %q %q", config, blade, k.config, k.blades)
	}

	for _, tc := range []struct {
		name  string
		body  any
		field string
	}{
		{"no date", map[string]any{"m_hours_on": 1}, "m_date"},
		{"bad date", map[string]any{"m_date": "2026-3-2"}, "m_date"},
		{"negative hours", map[string]any{"m_date": "2026-03-02", "m_hours_on": -1}, "m_hours_on"},
		{"too many hours", map[string]any{"m_date": "2026-03-02", "m_hours_on": 10001}, "m_hours_on"},
		{"hours as text", map[string]any{"m_date": "2026-03-02", "m_hours_on": "2"}, "m_hours_on"},
		{"null hours", map[string]any{"m_date": "2026-03-02", "m_hours_on": nil}, "m_hours_on"},
		{"unknown rink", map[string]any{"m_date": "2026-03-02", "m_location": unknownID}, "m_location"},
		{"rink not an id", map[string]any{"m_date": "2026-03-02", "m_location": "Cary"}, "m_location"},
		{"negative cost", map[string]any{"m_date": "2026-03-02", "m_cost": -3}, "m_cost"},
		{"others' blade", map[string]any{"m_date": "2026-03-02", "blade_id": other.blades}, "blade_id"},
		{"notes as number", map[string]any{"m_date": "2026-03-02", "m_notes": 5}, "m_notes"},
	} {
		t.Run(tc.name+" is 400", func(t *testing.T) {
			res := k.c.For(t).Post(pathMaint, tc.body)
			expectStatus(t, res, 400, tc.name)
			if res.Status == 400 && errorField(res) != tc.field {
				t.Errorf("field %q, want %q (%s)", errorField(res), tc.field, res.Body)
			}
		})
	}
	expectStatus(t, k.c.Post(pathMaint, `[]`), 400, "array body")

	// Correct and delete; other skaters get 404.
	upd := k.c.Request("PUT", fmt.Sprintf("%s/%d", pathMaint, id), map[string]any{"m_date": "2026-03-03", "m_hours_on": 0.5, "m_cost": 25.5, "m_roh": "7/16"}).Expect(200).Map()
	if upd["date"] != "2026-03-03" || hmMinutes(upd["hours_on"]) != 30 || upd["cost"] != 25.5 || upd["location"] != nil || upd["blade_id"] != k.blades {
		t.Errorf("updated = %v", upd)
	}
	other.c.Request("PUT", fmt.Sprintf("%s/%d", pathMaint, id), map[string]any{"m_date": "2026-03-03"}).Expect(404)
	other.c.Request("DELETE", fmt.Sprintf("%s/%d", pathMaint, id), nil).Expect(404)
	k.c.Request("DELETE", fmt.Sprintf("%s/%d", pathMaint, id), nil).Expect(200)
	k.c.Request("DELETE", fmt.Sprintf("%s/%d", pathMaint, id), nil).Expect(404)
	if got := k.c.Get(pathMaint).Expect(200).Map()["total_cost"]; got != "28.00" {
		t.Errorf("total after delete = %v", got)
	}

	// No active configuration: 409 with the original's message, unless a blade is named.
	k.c.Request("PUT", pathEquip+"/configs/"+k.config, map[string]any{"retired": true}).Expect(200)
	res := k.c.Post(pathMaint, map[string]any{"m_date": "2026-03-02"}).Expect(409)
	if res.Map()["error"] != "No active skate config found" {
		t.Errorf("no config: %s", res.Body)
	}
	k.c.Post(pathMaint, map[string]any{"m_date": "2026-03-04", "blade_id": k.blades}).Expect(201)
	nc := s.Login(s.Register("newbie"))
	nc.Post(pathMaint, map[string]any{"m_date": "2026-03-02"}).Expect(409)
	if m := nc.Get(pathMaint).Expect(200).Map(); m["total_cost"] != "0.00" || len(arr(m["blades"])) != 0 {
		t.Errorf("no-profile maintenance = %v", m)
	}
}

func TestSkaterOverview(t *testing.T) {
	t.Parallel()
	s := pinnedNowServer(t)
	acc := s.Register("ada")
	c := s.Login(acc)
	res := c.Get(pathOverview).Expect(404)
	if res.Map()["error"] != "Profile not found" {
		t.Errorf("no profile: %s", res.Body)
	}
	c.Post("/api/v4/auth/onboard", map[string]any{"first_name": "Ada", "last_name": "Lovelace", "timezone": "America/New_York",
		"zip": "02134", "city": "Boston", "rink_id": rinkCary, "coach_id": coachNone, "maint_pref": 21, "usfsa_number": 987654}).Expect(200)
	k := &kit{t: t, s: s, c: c, acc: acc}
	k.boots = asString(c.Post(pathEquip+"/boots", map[string]any{"bootsName": "Jackson", "bootsModel": "Freestyle"}).Expect(201).Map()["bootsID"])
	k.blades = asString(c.Post(pathEquip+"/blades", map[string]any{"bladesName": "John Wilson", "bladesModel": "Coronation Ace"}).Expect(201).Map()["bladesID"])
	c.Post(pathEquip+"/configs", map[string]any{"bootsID": k.boots, "bladesID": k.blades}).Expect(201)
	k.add("2026-01-01", 90, nil)
	k.add("2026-01-02", 45, nil)
	k.exec(`INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM role WHERE name = 'coach'`, acc.UserID)

	o := c.Get(pathOverview).Expect(200).Map()
	g, meta, ct := obj(o["user_general"]), obj(o["user_meta"]), obj(o["user_contact"])
	if g["user_first_name"] != "Ada" || g["user_location_zip"] != "02134" || g["user_location_city"] != "Boston" {
		t.Errorf("user_general = %v", g)
	}
	if ct["username"] != "ada" || ct["email"] != "ada@example.com" {
		t.Errorf("user_contact = %v", ct)
	}
	if meta["user_timezone"] != "America/New_York" || meta["user_preferred_rink"] != "Cary Polar Ice House" ||
		meta["user_preferred_rink_id"] != rinkCary || meta["user_primary_coach"] != "- -" || meta["user_primary_coach_id"] != coachNone ||
		meta["user_preferred_maint_hours"] != 21.0 || meta["user_ice_config"] != "Jackson Freestyle / John Wilson Coronation Ace" ||
		fmt.Sprint(meta["user_roles"]) != "[adult coach]" || meta["contact_preference"] != "email" {
		t.Errorf("user_meta = %v", meta)
	}
	if hmMinutes(o["total_ice_time"]) != 135 || obj(o["user_memberships"])["usfsa_number"] != 987654.0 {
		t.Errorf("overview = %v", o)
	}
}

func TestLookups(t *testing.T) {
	t.Parallel()
	s := pinnedNowServer(t)
	c, _ := s.Skater("ada", "UTC")
	k := &kit{t: t, s: s}
	k.exec(`INSERT INTO coaches (coach_id, "coach_Fname", "coach_Lname", coach_rate, coach_usfsa_id, coach_phone, coach_email)
		VALUES ('11111111-1111-1111-1111-111111111111', 'Jane', 'Doe', 35, 12345, '5551234567', 'jane@example.com'),
		       ('22222222-2222-2222-2222-222222222222', 'John', NULL, NULL, NULL, NULL, NULL)`)

	all := list(c.Get("/api/v4/lookup/coaches").Expect(200))
	if len(all) != 3 || obj(all[0])["coach_id"] != coachNone || obj(all[1])["coach_rate"] != 35.0 || obj(all[2])["coach_rate"] != nil {
		t.Fatalf("coaches = %v", all)
	}
	for _, key := range []string{"coach_phone", "coach_email", "uSkaterUUID"} {
		if _, ok := obj(all[1])[key]; ok {
			t.Errorf("coach directory exposes %s", key)
		}
	}
	// The original's federation-id keys stay, null when unknown.
	if jane, john := obj(all[1]), obj(all[2]); jane["coach_usfsa_id"] != 12345.0 || jane["coach_ijs_id"] != nil ||
		john["coach_usfsa_id"] != nil || john["coach_ijs_id"] != nil {
		t.Errorf("federation ids: %v / %v", jane, john)
	}
	if _, ok := obj(all[2])["coach_ijs_id"]; !ok {
		t.Error("coach_ijs_id is missing; the original sent it as null")
	}
	for q, want := range map[string]int{
		"11111111-1111-1111-1111-111111111111": 1, "11111111-1111-1111-1111-111111111111 ": 1,
		"11111111111111111111111111111111": 1, unknownID: 0, "jane": 0, "": 3,
	} {
		t.Run(fmt.Sprintf("id_%q_finds_%d_coaches", q, want), func(t *testing.T) {
			got := list(c.For(t).Get("/api/v4/lookup/coaches?id=" + strings.ReplaceAll(q, " ", "%20")).Expect(200))
			if len(got) != want {
				t.Errorf("coaches?id=%q: %d coaches, want %d", q, len(got), want)
			}
		})
	}
	up := list(c.Get("/api/v4/lookup/coaches?id=" + strings.ToUpper("11111111-1111-1111-1111-111111111111")).Expect(200))
	if len(up) != 1 || obj(up[0])["coach_Fname"] != "Jane" {
		t.Errorf("upper-case id = %v", up)
	}

	types := list(c.Get("/api/v4/lookup/ice_types").Expect(200))
	if len(types) != 10 || obj(types[0])["ice_type_id"] != typeWalkOn || obj(types[1])["ice_type"] != "Club Ice" {
		t.Errorf("ice types = %v", types)
	}
}

func TestReadsWithoutProfile(t *testing.T) {
	t.Parallel()
	s := pinnedNowServer(t)
	c := s.Login(s.Register("newbie"))
	d := c.Get(pathDash).Expect(200).Map()
	spend := obj(obj(d["charts"])["spend"])
	if hmMinutes(d["total_time"]) != 0 || len(arr(d["session_table"])) != 0 || spend["total"] != "0.00" ||
		obj(d["maintenance"])["interval_set"] != false || d["baseline_months"] != 1.0 {
		t.Errorf("dashboard = %v", d)
	}
	it := c.Get(pathIceTime).Expect(200).Map()
	if len(arr(it["session_table"])) != 0 || it["next_cursor"] != nil || len(arr(obj(it["fsc_graph"])["months"])) != 12 {
		t.Errorf("ice_time = %v", it)
	}
	c.Request("PUT", pathIceTime+"/1", sessionBody("2026-01-01", 30, nil)).Expect(404)
	c.Request("DELETE", pathMaint+"/1", nil).Expect(404)
}
