package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

// TestOriginalWeaknessesAreGone has one subtest per weakness of the original listed in
// the original's review (docs/original.md, "Weaknesses fixed") that concerns the member routes (item 21, the public endpoints, belongs to the
// public area; item 13, legacy rows, is a migration and is tested in internal/migrate).
func TestOriginalWeaknessesAreGone(t *testing.T) {
	t.Parallel()
	s := pinnedNowServer(t)
	ctx := context.Background()

	t.Run("01 no NaN in any body", func(t *testing.T) {
		k := newKit(t, s, "w01", "UTC")
		today := day(localToday(t, "UTC"))
		k.exec(`INSERT INTO ice_time (date, ice_time, ice_cost, coach_time, coach_cost, "uSkaterUUID") VALUES
			(($2::date)::timestamp, 30, 'NaN', 0, NULL, $1), (($2::date)::timestamp, NULL, NULL, NULL, 'Infinity', $1)`, k.acc.Skater, today)
		k.exec(`UPDATE "uSkaterBlades" SET "bladesPurchaseAmount" = 'NaN' WHERE "bladesID" = $1`, k.blades)
		k.exec(`INSERT INTO coaches ("coach_Fname", coach_rate) VALUES ('NaN', 'NaN')`)
		for _, p := range []string{pathDash, pathIceTime, pathEquip, pathMaint, pathOverview, "/api/v4/lookup/coaches"} {
			body := k.c.Get(p).Expect(200).Body
			if !json.Valid(body) || strings.Contains(string(body), "NaN") && p != "/api/v4/lookup/coaches" {
				t.Errorf("%s: %s", p, body)
			}
		}
		row := obj(arr(k.c.Get(pathDash).Expect(200).Map()["session_table"])[0])
		if row["ice_cost"] != 0.0 {
			t.Errorf("a NaN ice cost shows as %v, want 0 (the frontend formats it)", row["ice_cost"])
		}
		if spend := obj(obj(k.c.Get(pathDash).Map()["charts"])["spend"]); spend["ice_time"] != "0.00" || spend["coaching"] != "0.00" {
			t.Errorf("spend = %v", spend)
		}
	})

	t.Run("02 NULL timestamps do not crash", func(t *testing.T) {
		k := newKit(t, s, "w02", "UTC")
		k.exec(`INSERT INTO ice_time (date, ice_time, "uSkaterUUID") VALUES (NULL, 30, $1)`, k.acc.Skater)
		k.exec(`UPDATE "uSkaterBoots" SET date_created = NULL WHERE "uSkaterUUID" = $1`, k.acc.Skater)
		k.exec(`UPDATE "uSkateConfig" SET date_created = NULL WHERE "uSkaterUUID" = $1`, k.acc.Skater)
		k.exec(`INSERT INTO maintenance (m_date, "uSkaterBladesID", "uSkaterUUID") VALUES (NULL, $2, $1)`, k.acc.Skater, k.blades)
		rows := arr(k.c.Get(pathIceTime).Expect(200).Map()["session_table"])
		if len(rows) != 1 || obj(rows[0])["date"] != nil || obj(rows[0])["local_date"] != nil {
			t.Errorf("undated session = %v", rows)
		}
		if b := obj(arr(k.c.Get(pathEquip).Expect(200).Map()["boots"])[0]); b["date_created"] != nil || b["purchased_on"] != nil {
			t.Errorf("boots = %v", b)
		}
		k.c.Get(pathMaint).Expect(200)
		k.c.Get(pathDash).Expect(200)
	})

	t.Run("03 the coach id filter matches", func(t *testing.T) {
		c, _ := s.For(t).Skater("w03", "UTC")
		got := list(c.Get("/api/v4/lookup/coaches?id=" + strings.ToUpper(coachNone)).Expect(200))
		if len(got) != 1 || obj(got[0])["coach_id"] != coachNone {
			t.Errorf("coaches?id= = %v", got)
		}
	})

	t.Run("04 and 08 a failed sharpening insert is an error, and shows no SQL", func(t *testing.T) {
		k := newKit(t, s, "w04", "UTC")
		// Make the database refuse what the contract accepts.
		k.exec(`ALTER TABLE maintenance ADD CONSTRAINT w04_cheap CHECK ("uSkaterUUID" <> '` + k.acc.Skater + `' OR m_cost < 5)`)
		res := k.c.Post(pathMaint, map[string]any{"m_date": "2026-03-02", "m_cost": 10})
		if res.Status < 400 || res.Status >= 500 {
			t.Fatalf("refused insert answered %d %s", res.Status, res.Body)
		}
		for _, leak := range []string{"INSERT", "w04_cheap", "constraint", "maintenance"} {
			if strings.Contains(string(res.Body), leak) {
				t.Errorf("error leaks %q: %s", leak, res.Body)
			}
		}
		if n := testdb.Int(t, s.Pool, `SELECT count(*) FROM maintenance WHERE "uSkaterUUID" = $1`, k.acc.Skater); n != 0 {
			t.Errorf("%d rows written", n)
		}
		k.exec(`ALTER TABLE maintenance DROP CONSTRAINT w04_cheap`)
	})

	t.Run("05 a sharpening records its configuration", func(t *testing.T) {
		k := newKit(t, s, "w05", "UTC")
		id := int(k.c.Post(pathMaint, map[string]any{"m_date": "2026-03-02"}).Expect(201).Map()["id"].(float64))
		var config string
		testdb.QueryRow(t, s.Pool, `SELECT coalesce("uSkaterConfig"::text, '') FROM maintenance WHERE id = $1`, id).Scan(&config)
		if config != k.config {
			t.Errorf("uSkaterConfig = %q, want %q", config, k.config)
		}
	})

	t.Run("06 sharpening dates are the day entered, in every zone", func(t *testing.T) {
		for _, tz := range []string{"America/New_York", "Pacific/Auckland"} {
			t.Run("in_"+tz, func(t *testing.T) {
				k := newKit(t, s, "w06"+strings.ReplaceAll(tz, "/", ""), tz)
				k.c.Post(pathMaint, map[string]any{"m_date": "2026-03-02", "m_location": rinkVegas}).Expect(201)
				h := obj(arr(obj(arr(k.c.Get(pathMaint).Expect(200).Map()["blades"])[0])["history"])[0])
				if h["date"] != "2026-03-02" {
					t.Errorf("%s: date = %v", tz, h["date"])
				}
			})
		}
	})

	t.Run("07 hours on a blade are hours", func(t *testing.T) {
		k := newKit(t, s, "w07", "UTC")
		k.c.Post(pathMaint, map[string]any{"m_date": "2026-03-01", "m_hours_on": 21}).Expect(201)
		k.c.Post(pathMaint, map[string]any{"m_date": "2026-03-02", "m_hours_on": 2.25}).Expect(201)
		hist := arr(obj(arr(k.c.Get(pathMaint).Expect(200).Map()["blades"])[0])["history"])
		checkHM(t, "2.25 hours", obj(hist[0])["hours_on"], 135)
		checkHM(t, "21 hours", obj(hist[1])["hours_on"], 21*60)
	})

	t.Run("09 session values are validated", func(t *testing.T) {
		k := newKit(t, s, "w09", "UTC")
		today := day(localToday(t, "UTC"))
		for _, tc := range []struct {
			name  string
			extra map[string]any
		}{
			{"negative_minutes_are_400", map[string]any{"ice_time": -60}},
			{"minutes_above_int32_are_400", map[string]any{"ice_time": 3000000000}},
			{"negative_cost_is_400", map[string]any{"ice_cost": -5}},
			{"huge_cost_is_400", map[string]any{"coach_cost": 1e300}},
			{"nan_text_cost_is_400", map[string]any{"ice_cost": "NaN"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				k.c.For(t).Post(pathSubmit, sessionBody(today, 60, tc.extra)).Expect(400)
			})
		}
		expectStatus(t, k.c.Post(pathSubmit, `{"date":"`+today+`","ice_time":60,"ice_cost":NaN}`), 400, "NaN literal")
	})

	t.Run("10 bad input and odd profiles are 4xx, not 500", func(t *testing.T) {
		k := newKit(t, s, "w10", "UTC")
		k.c.Get(pathIceTime + "?months_back=abc").Expect(400)
		k.c.Get(pathIceTime + "?window=1.5").Expect(400)
		k.c.Post(pathSubmit, `["not", "an", "object"]`).Expect(400)
		k.c.Post(pathMaint, `42`).Expect(400)
		sub := s.For(t)
		sub.Login(sub.Register("w10b")).Get(pathOverview).Expect(404)
		for _, tc := range []struct{ name, zone string }{
			{"empty_zone_reads_as_utc", ""}, {"unknown_zone_reads_as_utc", "Mars/Olympus"}, {"wrong_case_zone_reads_as_utc", "america/new_york"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				testdb.Exec(t, s.Pool, `UPDATE "uSkaterConfig" SET "uSkaterTZ" = $2 WHERE "uSkaterUUID" = $1`, k.acc.Skater, tc.zone)
				for _, p := range []string{pathDash, pathIceTime, pathEquip, pathMaint, pathOverview} {
					expectStatus(t, k.c.For(t).Get(p), 200, fmt.Sprintf("zone %q %s", tc.zone, p))
				}
			})
		}
	})

	t.Run("11 the yearly ratio is a rolling twelve months", func(t *testing.T) {
		k := newKit(t, s, "w11", "UTC")
		today := localToday(t, "UTC")
		k.exec(`DELETE FROM ice_time WHERE "uSkaterUUID" = $1`, k.acc.Skater)
		yearAgo := today.AddDate(-1, 0, 0)
		if yearAgo.Day() != today.Day() { // Feb 29: a year ago is Feb 28
			yearAgo = yearAgo.AddDate(0, 0, -yearAgo.Day())
		}
		k.add(day(yearAgo), 50, nil)                  // outside
		k.add(day(yearAgo.AddDate(0, 0, 1)), 70, nil) // the first day inside
		y := obj(obj(k.c.Get(pathDash).Expect(200).Map()["charts"])["yearly_ratio"])
		checkHM(t, "yearly practice", y["practice"], 70)
	})

	t.Run("12 equipment hours carry minutes as the original and the frontend's fmtHours expect", func(t *testing.T) {
		k := newKit(t, s, "w12", "UTC")
		k.add(day(localToday(t, "UTC")), 90, nil)
		eq := k.c.Get(pathEquip).Expect(200).Map()
		c := obj(arr(eq["configs"])[0])
		if c["hours"] != 90.0 || c["minutes"] != 90.0 || c["on_ice_hours"] != 1.5 {
			t.Errorf("config = %v", c)
		}
		b := obj(arr(eq["boots"])[0])
		if b["hours"] != 90.0 || b["on_ice_hours"] != 1.5 {
			t.Errorf("boots = %v", b)
		}
		if bl := obj(arr(eq["blades"])[0]); bl["hours"] != 90.0 || bl["on_ice_hours"] != 1.5 {
			t.Errorf("blades = %v", bl)
		}
	})

	t.Run("14 calendar days follow the skater's zone, and no zone means UTC", func(t *testing.T) {
		k := newKit(t, s, "w14", "America/New_York")
		// A New York skater at a Las Vegas rink: the day is the skater's, not the rink's or the browser's.
		id := k.add("2026-03-08", 60, map[string]any{"rink_id": rinkVegas}) // a DST change day in both zones
		res := k.c.Get(pathIceTime).Expect(200).Map()
		r := obj(arr(res["session_table"])[0])
		if r["ice_time_id"] != float64(id) || r["local_date"] != "2026-03-08" || r["date"] != "2026-03-08T05:00:00Z" {
			t.Errorf("row = %v", r)
		}
		k.exec(`UPDATE "uSkaterConfig" SET "uSkaterTZ" = NULL WHERE "uSkaterUUID" = $1`, k.acc.Skater)
		today := localToday(t, "UTC")
		k.add(day(today), 30, nil)
		if n := len(arr(k.c.Get(pathDash).Expect(200).Map()["session_table"])); n < 1 {
			t.Errorf("no zone: today's session is not in this month's table")
		}
		last := obj(arr(k.c.Get(pathIceTime).Expect(200).Map()["session_table"])[0])
		if last["local_date"] != day(today) || !strings.HasSuffix(asString(last["date"]), "T00:00:00Z") {
			t.Errorf("no zone: row = %v", last)
		}
	})

	t.Run("15 the clock counts the active blade's on-ice time only", func(t *testing.T) {
		k := newKit(t, s, "w15", "UTC")
		other := asString(k.c.Post(pathEquip+"/blades", map[string]any{"bladesName": "Spare"}).Expect(201).Map()["bladesID"])
		spare := asString(k.c.Post(pathEquip+"/configs", map[string]any{"bootsID": k.boots, "bladesID": other}).Expect(201).Map()["sConfigID"])
		today := localToday(t, "UTC")
		k.exec(`DELETE FROM ice_time WHERE "uSkaterUUID" = $1`, k.acc.Skater)
		k.exec(`DELETE FROM maintenance WHERE "uSkaterUUID" = $1`, k.acc.Skater)
		k.exec(`UPDATE "uSkaterConfig" SET "uSkaterMaintPref" = NULL WHERE "uSkaterUUID" = $1`, k.acc.Skater)
		k.c.Post(pathMaint, map[string]any{"m_date": day(today.AddDate(0, 0, -2))}).Expect(201)
		k.add(day(today.AddDate(0, 0, -3)), 100, nil)                   // before the sharpening
		k.add(day(today.AddDate(0, 0, -2)), 40, nil)                    // the sharpening's day counts
		k.add(day(today), 50, nil)                                      // counts
		k.add(day(today), 60, map[string]any{"config_id": spare})       // other blade
		k.add(day(today), 70, map[string]any{"skate_type": typeOffIce}) // off ice
		k.add(day(today), 80, map[string]any{"rink_id": rinkOffIce})    // off ice
		clock := obj(k.c.Get(pathDash).Expect(200).Map()["maintenance"])
		checkHM(t, "active", clock["active_minutes"], 90)
		checkHM(t, "remaining without an interval", clock["remaining_minutes"], 0)
		if clock["interval_set"] != false || clock["overdue"] != false {
			t.Errorf("no interval: clock = %v", clock)
		}
		k.exec(`UPDATE "uSkaterConfig" SET "uSkaterMaintPref" = 1 WHERE "uSkaterUUID" = $1`, k.acc.Skater)
		clock = obj(k.c.Get(pathDash).Expect(200).Map()["maintenance"])
		checkHM(t, "remaining when overdue", clock["remaining_minutes"], 0)
		checkHM(t, "overdue by", clock["overdue_minutes"], 30)
		if clock["overdue"] != true {
			t.Errorf("overdue clock = %v", clock)
		}
	})

	t.Run("16 practice is neither double-subtracted nor clamped", func(t *testing.T) {
		k := newKit(t, s, "w16", "UTC")
		today := localToday(t, "UTC")
		k.exec(`DELETE FROM ice_time WHERE "uSkaterUUID" = $1`, k.acc.Skater)
		k.add(day(today), 60, map[string]any{"skate_type": typeGroup, "coach_time": 60, "coach_cost": 10})
		k.add(day(today), 30, nil)
		m := obj(obj(k.c.Get(pathDash).Expect(200).Map()["charts"])["monthly_ratio"])
		checkHM(t, "group", m["group"], 60)
		checkHM(t, "coached", m["coached"], 0)
		checkHM(t, "practice", m["practice"], 30) // the original: max(90-60-60, 0) = 0
	})

	t.Run("17 ZIP codes and coach phones are text", func(t *testing.T) {
		sub := s.For(t)
		c := sub.Login(sub.Register("w17"))
		c.Post("/api/v4/auth/onboard", map[string]any{"first_name": "A", "last_name": "B", "zip": "02134"}).Expect(200)
		if z := obj(c.Get(pathOverview).Expect(200).Map()["user_general"])["user_location_zip"]; z != "02134" {
			t.Errorf("zip = %v", z)
		}
		k := &kit{t: t, s: s}
		k.exec(`INSERT INTO coaches ("coach_Fname", coach_phone) VALUES ('Ten', '9195551234')`)
	})

	t.Run("18 gear and rink references are checked", func(t *testing.T) {
		k := newKit(t, s, "w18", "UTC")
		_, err := s.Pool.Exec(ctx, `INSERT INTO "uSkateConfig" ("sConfigID", "uSkaterUUID", "uSkaterBootsID", "uSkaterBladesID")
			VALUES (gen_random_uuid(), $1, gen_random_uuid(), $2)`, k.acc.Skater, k.blades)
		if err == nil || !strings.Contains(err.Error(), "23503") {
			t.Errorf("a configuration with unknown boots was stored (%v)", err)
		}
		_, err = s.Pool.Exec(ctx, `INSERT INTO maintenance (m_date, m_location, "uSkaterUUID") VALUES (now(), gen_random_uuid(), $1)`, k.acc.Skater)
		if err == nil {
			t.Errorf("a sharpening at an unknown rink was stored")
		}
	})

	t.Run("18b a configuration with missing boots is listed", func(t *testing.T) {
		k := newKit(t, s, "w18b", "UTC")
		// Simulate the original's dangling id: the constraint is NOT VALID, so rows that predate it stay.
		tx, err := s.Pool.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		for _, q := range []string{
			`ALTER TABLE "uSkateConfig" DROP CONSTRAINT uskateconfig_boots_fk`,
			`UPDATE "uSkateConfig" SET "uSkaterBootsID" = gen_random_uuid() WHERE "sConfigID" = '` + k.config + `'`,
			`ALTER TABLE "uSkateConfig" ADD CONSTRAINT uskateconfig_boots_fk FOREIGN KEY ("uSkaterBootsID") REFERENCES "uSkaterBoots" ("bootsID") NOT VALID`,
		} {
			if _, err := tx.Exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		eq := k.c.Get(pathEquip).Expect(200).Map()
		c := obj(arr(eq["configs"])[0])
		if len(arr(eq["configs"])) != 1 || c["bootsName"] != nil || c["bladesName"] != "John Wilson" || eq["active_config"] == nil {
			t.Errorf("equipment = %v", eq)
		}
	})

	t.Run("19 deleting a coach no longer deletes sessions", func(t *testing.T) {
		k := newKit(t, s, "w19", "UTC")
		k.exec(`INSERT INTO coaches (coach_id, "coach_Fname") VALUES ('19191919-1919-4919-8919-191919191919', 'Gone')`)
		k.add(day(localToday(t, "UTC")), 60, map[string]any{"coach_id": "19191919-1919-4919-8919-191919191919"})
		if _, err := s.Pool.Exec(ctx, `DELETE FROM coaches WHERE coach_id = '19191919-1919-4919-8919-191919191919'`); err == nil {
			t.Error("a coach with sessions was deleted")
		}
		if _, err := s.Pool.Exec(ctx, `DELETE FROM locations WHERE rink_id = $1`, rinkCary); err == nil {
			t.Error("a rink with sessions was deleted")
		}
		if n := testdb.Int(t, s.Pool, `SELECT count(*) FROM ice_time WHERE "uSkaterUUID" = $1`, k.acc.Skater); n != 1 {
			t.Errorf("%d sessions left", n)
		}
		// Deleting the whole profile still works, and leaves no rollup behind.
		k.c.Post(pathMaint, map[string]any{"m_date": "2026-01-01"}).Expect(201)
		k.exec(`DELETE FROM "uSkaterConfig" WHERE "uSkaterUUID" = $1`, k.acc.Skater)
		if n := testdb.Int(t, s.Pool, `SELECT count(*) FROM ice_time_rollup WHERE "uSkaterUUID" = $1`, k.acc.Skater); n != 0 {
			t.Errorf("%d rollup rows left", n)
		}
	})

	t.Run("20 the history is paged", func(t *testing.T) {
		k := newKit(t, s, "w20", "UTC")
		for i := range 3 {
			k.add(fmt.Sprintf("2026-01-0%d", i+1), 30, nil)
		}
		m := k.c.Get(pathIceTime + "?limit=2").Expect(200).Map()
		if len(arr(m["session_table"])) != 2 || m["next_cursor"] == nil {
			t.Errorf("page = %v", m)
		}
	})

	t.Run("22 the coach directory shows no contact details", func(t *testing.T) {
		c, _ := s.For(t).Skater("w22", "UTC")
		k := &kit{t: t, s: s}
		k.exec(`INSERT INTO coaches ("coach_Fname", coach_email, coach_phone, coach_usfsa_id) VALUES ('Priv', 'p@example.com', '555', 77)`)
		body := string(c.Get("/api/v4/lookup/coaches").Expect(200).Body)
		for _, leak := range []string{"p@example.com", "555", "coach_email", "coach_phone"} {
			if strings.Contains(body, leak) {
				t.Errorf("directory shows %q", leak)
			}
		}
	})

	t.Run("23 writes need a JSON content type", func(t *testing.T) {
		k := newKit(t, s, "w23", "UTC")
		for _, tc := range []struct{ name, path string }{
			{"session_as_text_is_415", pathSubmit}, {"sharpening_as_text_is_415", pathMaint}, {"boots_as_text_is_415", pathEquip + "/boots"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				req, err := http.NewRequest("POST", s.URL+tc.path, strings.NewReader(`{"date":"2026-01-01"}`))
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Content-Type", "text/plain")
				expectStatus(t, k.c.For(t).Do(req), http.StatusUnsupportedMediaType, tc.path)
			})
		}
	})

	t.Run("24 sessions carry their id and can be corrected", func(t *testing.T) {
		k := newKit(t, s, "w24", "UTC")
		id := k.add(day(localToday(t, "UTC")), 30, nil)
		r := obj(arr(k.c.Get(pathIceTime).Expect(200).Map()["session_table"])[0])
		if r["ice_time_id"] != float64(id) {
			t.Errorf("row = %v", r)
		}
		k.c.Request("PUT", fmt.Sprintf("%s/%d", pathIceTime, id), sessionBody(day(localToday(t, "UTC")), 45, nil)).Expect(200)
	})

	t.Run("25 a rate sent without coach minutes is not coaching spend", func(t *testing.T) {
		k := newKit(t, s, "w25", "UTC")
		today := localToday(t, "UTC")
		k.exec(`DELETE FROM ice_time WHERE "uSkaterUUID" = $1`, k.acc.Skater)
		// What the frontend sends for a practice session when a primary coach (rate 35) is set.
		k.add(day(today), 60, map[string]any{"coach_cost": 35})
		k.add(day(today), 60, map[string]any{"coach_time": 30, "coach_cost": 17.5})
		if got := obj(obj(k.c.Get(pathDash).Expect(200).Map()["charts"])["spend"])["coaching"]; got != "17.50" {
			t.Errorf("coaching spend = %v, want 17.50", got)
		}
	})
}
