package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

func TestMemberRoutesNeedLogin(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
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
		var body any
		if r.method == "POST" || r.method == "PUT" {
			body = map[string]any{}
		}
		res := c.Request(r.method, r.path, body)
		expectStatus(t, res, http.StatusUnauthorized, r.method+" "+r.path)
		if res.Status == http.StatusUnauthorized && res.Map()["error"] != "Authentication required" {
			t.Errorf("%s %s: body %s", r.method, r.path, res.Body)
		}
	}
}

func TestIceSessionLifecycle(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	k := newKit(t, s, "ada", "America/New_York")
	other := newKit(t, s, "bea", "UTC")

	stableDay(t, "America/New_York", func(today time.Time) {
		res := k.c.Post(pathSubmit, session(day(today), 60, map[string]any{
			"coach_time": 30, "coach_cost": 17.5, "coach_id": "", "uSkaterUUID": other.acc.Skater, "ice_cost": 12.345,
		})).Expect(201).Map()
		id := int(res["ice_time_id"].(float64))
		if res["local_date"] != day(today) {
			t.Errorf("local_date = %v, want %s", res["local_date"], day(today))
		}
		// 00:00 in New York is 04:00 or 05:00 UTC.
		if ts := str(res["timestamp"]); !strings.HasSuffix(ts, "T04:00:00Z") && !strings.HasSuffix(ts, "T05:00:00Z") {
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
		upd := k.c.Request("PUT", fmt.Sprintf("%s/%d", pathIceTime, id), session(day(yesterday), 45, map[string]any{
			"rink_id": rinkVegas, "coach_id": nil, "ice_cost": 10,
		})).Expect(200).Map()
		if upd["local_date"] != day(yesterday) || upd["ice_time"] != 45.0 || upd["rink_name"] != "Las Vegas Ice Center" ||
			upd["config_id"] != k.config || upd["coach_id"] != coachNone || upd["ice_cost"] != 10.0 {
			t.Errorf("updated row = %v", upd)
		}

		// Ownership: another skater can neither change nor delete it.
		other.c.Request("PUT", fmt.Sprintf("%s/%d", pathIceTime, id), session(day(today), 30, nil)).Expect(404)
		other.c.Request("DELETE", fmt.Sprintf("%s/%d", pathIceTime, id), nil).Expect(404)
		k.c.Request("PUT", pathIceTime+"/999999", session(day(today), 30, nil)).Expect(404)

		k.c.Request("DELETE", fmt.Sprintf("%s/%d", pathIceTime, id), nil).Expect(200)
		k.c.Request("DELETE", fmt.Sprintf("%s/%d", pathIceTime, id), nil).Expect(404)
		if total := hmMinutes(k.c.Get(pathOverview).Expect(200).Map()["total_ice_time"]); total != 0 {
			t.Errorf("total after delete = %v", total)
		}
	})
}
