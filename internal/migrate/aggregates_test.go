package migrate_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
	sqlfiles "github.com/skatetrax/skatetrax-api/sql"
)

// aggregatesDiff counts rows in which ice_time_daily or ice_time_coach_rollup
// (00010) differ from a full recomputation over ice_time.
const aggregatesDiff = `
WITH daily AS (
    SELECT "uSkaterUUID", coalesce(date, '-infinity'::timestamp) AS at,
           coalesce("uSkaterConfig", '00000000-0000-0000-0000-000000000000'::uuid) AS config_key,
           coalesce(rink_id, '00000000-0000-0000-0000-000000000000'::uuid) AS rink_key,
           count(*)::bigint AS sessions, sum(coalesce(ice_time, 0))::bigint AS ice_minutes,
           sum(coalesce(coach_time, 0))::bigint AS coach_minutes,
           sum(st_coached(ice_time, coach_time, skate_type))::bigint AS coached_minutes,
           sum(CASE WHEN st_is_group(skate_type) THEN coalesce(ice_time, 0) ELSE 0 END)::bigint AS group_minutes,
           sum(CASE WHEN st_is_off_ice(skate_type, rink_id) THEN coalesce(ice_time, 0) ELSE 0 END)::bigint AS off_ice_minutes
    FROM ice_time WHERE "uSkaterUUID" IS NOT NULL GROUP BY 1, 2, 3, 4
), coach AS (
    SELECT "uSkaterUUID", coalesce(coach_id, '00000000-0000-0000-0000-000000000000'::uuid) AS coach_key,
           count(*)::bigint AS sessions, count(*) FILTER (WHERE coach_time > 0)::bigint AS coached_sessions,
           sum(coalesce(coach_time, 0))::bigint AS coach_minutes
    FROM ice_time WHERE "uSkaterUUID" IS NOT NULL GROUP BY 1, 2
)
SELECT (SELECT count(*) FROM ((SELECT * FROM daily EXCEPT SELECT * FROM ice_time_daily)
                              UNION ALL (SELECT * FROM ice_time_daily EXCEPT SELECT * FROM daily)) d)
     + (SELECT count(*) FROM ((SELECT * FROM coach EXCEPT SELECT * FROM ice_time_coach_rollup)
                              UNION ALL (SELECT * FROM ice_time_coach_rollup EXCEPT SELECT * FROM coach)) c)`

// cardFromLog is the card's training query as it was before 00010: every
// figure straight from the session log.
const cardFromLog = `
SELECT count(*)::bigint, COALESCE(sum(t.ice_time), 0)::bigint, COALESCE(sum(t.coach_time), 0)::bigint,
       COALESCE(sum(t.ice_time) FILTER (WHERE t.skate_type = 'db32094e-9b0d-42a5-b87f-cd47729b6c65'), 0)::bigint,
       min(t.date),
       count(DISTINCT t.coach_id) FILTER (WHERE t.coach_time > 0 AND t.coach_id <> $4)::bigint,
       count(*) FILTER (WHERE t.date >= $2 AND t.date < $3)::bigint,
       COALESCE(sum(t.ice_time) FILTER (WHERE t.date >= $2 AND t.date < $3), 0)::bigint,
       COALESCE(sum(t.coach_time) FILTER (WHERE t.date >= $2 AND t.date < $3), 0)::bigint,
       COALESCE(sum(t.ice_time) FILTER (WHERE t.skate_type = 'db32094e-9b0d-42a5-b87f-cd47729b6c65'
                                          AND t.date >= $2 AND t.date < $3), 0)::bigint,
       count(DISTINCT t.rink_id) FILTER (WHERE t.date >= $2 AND t.date < $3)::bigint
FROM ice_time t WHERE t."uSkaterUUID" = $1`

// windowFromLog is one dashboard window summed from the session log.
const windowFromLog = `
SELECT count(*)::bigint, coalesce(sum(coalesce(ice_time, 0)), 0)::bigint,
       coalesce(sum(st_coached(ice_time, coach_time, skate_type)), 0)::bigint,
       coalesce(sum(CASE WHEN st_is_group(skate_type) THEN coalesce(ice_time, 0) ELSE 0 END), 0)::bigint
FROM ice_time WHERE "uSkaterUUID" = $1 AND date >= $2 AND date < $3`

// bladeFromLog is the on-ice minutes on a blade since an instant, from the log.
const bladeFromLog = `
SELECT coalesce(sum(i.ice_time), 0)::bigint
FROM ice_time i JOIN "uSkateConfig" c ON c."sConfigID" = i."uSkaterConfig" AND c."uSkaterUUID" = i."uSkaterUUID"
WHERE i."uSkaterUUID" = $1 AND c."uSkaterBladesID" = $2 AND i.date >= $3 AND NOT st_is_off_ice(i.skate_type, i.rink_id)`

type aggSkater struct {
	id      uuid.UUID
	loc     *time.Location
	configs []uuid.UUID
	blade   uuid.UUID
}

// TestHistoryAggregatesFollowEveryWrite is the property test of 00010: over
// random histories of skaters in zones with and without DST (days around the
// transitions included), random multi-row inserts, edits of every column that
// keys or feeds an aggregate, moves between skaters, deletes and a truncate,
// the aggregate tables equal a full recomputation after every statement, and
// the dashboard, graph, maintenance-clock and card queries that read them
// agree with the same figures summed from the session log over random
// windows whose bounds are local midnights.
func TestHistoryAggregatesFollowEveryWrite(t *testing.T) {
	t.Parallel()
	pool := testdb.New(t)
	ctx := context.Background()
	q := db.New(pool)
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := pool.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	rng := rand.New(rand.NewPCG(13, 10))
	zones := []string{"America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata", "UTC"}
	var skaters []aggSkater
	for i, z := range zones {
		loc, err := time.LoadLocation(z)
		if err != nil {
			t.Fatal(err)
		}
		sk := aggSkater{id: uuid.New(), loc: loc, blade: uuid.New()}
		exec(`INSERT INTO "uSkaterConfig" ("uSkaterUUID", "uSkaterTZ") VALUES ($1, $2)`, sk.id, z)
		exec(`INSERT INTO "uSkaterBlades" ("bladesID", "bladesName", "uSkaterUUID") VALUES ($1, $2, $3)`, sk.blade, fmt.Sprint("blade ", i), sk.id)
		for range 2 {
			cfg := uuid.New()
			exec(`INSERT INTO "uSkateConfig" ("sConfigID", "uSkaterUUID", "uSkaterBladesID") VALUES ($1, $2, $3)`, cfg, sk.id, sk.blade)
			sk.configs = append(sk.configs, cfg)
		}
		skaters = append(skaters, sk)
	}
	coaches := []any{nil, "487d43b5-0a4d-4dc4-8cc2-ab06870a10bf"} // none, and the "no coach" placeholder
	for i := range 3 {
		id := uuid.New()
		exec(`INSERT INTO coaches (coach_id, "coach_Fname", "coach_Lname", coach_rate) VALUES ($1, 'C', $2, 0)`, id, fmt.Sprint(i))
		coaches = append(coaches, id)
	}
	var rinks []any
	rows, err := pool.Query(ctx, `SELECT rink_id FROM locations ORDER BY rink_id LIMIT 3`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id uuid.UUID
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		rinks = append(rinks, id)
	}
	if err := rows.Err(); err != nil || len(rinks) < 2 {
		t.Fatalf("rinks: %v %d", err, len(rinks))
	}
	rinks = append(rinks, nil, "b261166b-9e7c-4a96-ab06-ec630deb3321") // no rink, the Off Ice pseudo-rink
	types := []any{nil, "dc812842-a9a9-4902-b680-361420baffe5", "db32094e-9b0d-42a5-b87f-cd47729b6c65", "a2250306-a238-4ff3-b772-ae86cbda0d7c"}

	// Days around the 2025 DST transitions of both hemispheres, and others spread over years.
	special := []string{"2025-03-08", "2025-03-09", "2025-03-10", "2025-03-29", "2025-03-30", "2025-03-31",
		"2025-04-05", "2025-04-06", "2025-04-07", "2025-10-04", "2025-10-05", "2025-10-06", "2025-10-25",
		"2025-10-26", "2025-10-27", "2025-11-01", "2025-11-02", "2025-11-03"}
	localMidnight := func(sk aggSkater) *time.Time {
		if rng.IntN(25) == 0 {
			return nil // undated, as only the original wrote
		}
		var d time.Time
		if rng.IntN(2) == 0 {
			d, _ = time.Parse(time.DateOnly, special[rng.IntN(len(special))])
		} else {
			d = time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(1500))
		}
		at := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, sk.loc).UTC()
		naive := time.Date(at.Year(), at.Month(), at.Day(), at.Hour(), at.Minute(), 0, 0, time.UTC)
		return &naive
	}
	pick := func(xs []any) any { return xs[rng.IntN(len(xs))] }
	insert := func(sk aggSkater, n int) {
		for range n {
			var cfg any
			if rng.IntN(4) > 0 {
				cfg = sk.configs[rng.IntN(len(sk.configs))]
			}
			var coachTime any = rng.IntN(90)
			if rng.IntN(8) == 0 {
				coachTime = nil
			}
			var ice any = 1 + rng.IntN(150)
			if rng.IntN(15) == 0 {
				ice = nil
			}
			exec(`INSERT INTO ice_time (date, ice_time, coach_time, skate_type, coach_id, rink_id, "uSkaterUUID", "uSkaterConfig")
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
				localMidnight(sk), ice, coachTime, pick(types), pick(coaches), pick(rinks), sk.id, cfg)
		}
	}
	check := func(step string) {
		t.Helper()
		var n int
		if err := pool.QueryRow(ctx, aggregatesDiff).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("after %s: the aggregates differ from a recount in %d rows", step, n)
		}
	}
	compareReads := func(step string) {
		t.Helper()
		for _, sk := range skaters {
			// A window of whole local days, crossing DST transitions more often than not.
			first := time.Date(2025, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, sk.loc)
			if rng.IntN(3) == 0 {
				first = time.Date(2022+rng.IntN(3), time.Month(1+rng.IntN(12)), 1, 0, 0, 0, 0, sk.loc)
			}
			last := first.AddDate(0, 0, 1+rng.IntN(400))
			start, end := naiveUTC(first), naiveUTC(last)

			var wSessions, wIce, wCoach, wGroup, wRecent, wRecentIce, wRecentCoach, wRecentGroup, wRinks, wCoaches int64
			var wFirst *time.Time
			if err := pool.QueryRow(ctx, cardFromLog, sk.id, start, end, uuid.MustParse("487d43b5-0a4d-4dc4-8cc2-ab06870a10bf")).Scan(
				&wSessions, &wIce, &wCoach, &wGroup, &wFirst, &wCoaches, &wRecent, &wRecentIce, &wRecentCoach, &wRecentGroup, &wRinks); err != nil {
				t.Fatal(err)
			}
			got, err := q.GetCardTraining(ctx, db.GetCardTrainingParams{
				Skater: sk.id, NoCoach: uuid.MustParse("487d43b5-0a4d-4dc4-8cc2-ab06870a10bf"), RecentStart: start, RecentEnd: end})
			if err != nil {
				t.Fatal(err)
			}
			gotRow := []int64{got.Sessions, got.IceMinutes, got.CoachMinutes, got.GroupMinutes, got.Coaches,
				got.RecentSessions, got.RecentIceMinutes, got.RecentCoachMinutes, got.RecentGroupMinutes, got.RecentRinks}
			wantRow := []int64{wSessions, wIce, wCoach, wGroup, wCoaches, wRecent, wRecentIce, wRecentCoach, wRecentGroup, wRinks}
			if fmt.Sprint(gotRow) != fmt.Sprint(wantRow) || !sameTime(got.FirstSession, wFirst) {
				t.Fatalf("after %s, %s card [%s, %s): aggregates %v first %v, log %v first %v",
					step, sk.loc, start, end, gotRow, got.FirstSession, wantRow, wFirst)
			}

			var ws, wi, wc, wg int64
			if err := pool.QueryRow(ctx, windowFromLog, sk.id, start, end).Scan(&ws, &wi, &wc, &wg); err != nil {
				t.Fatal(err)
			}
			win, err := q.SumDashboardWindows(ctx, db.SumDashboardWindowsParams{Skater: &sk.id,
				MonthStart: start, MonthEnd: end, YearStart: start, YearEnd: end, BaselineStart: start, BaselineEnd: end})
			if err != nil {
				t.Fatal(err)
			}
			if g := []int64{win.MonthSessions, win.MonthIce, win.MonthCoached, win.MonthGroup}; fmt.Sprint(g) != fmt.Sprint([]int64{ws, wi, wc, wg}) {
				t.Fatalf("after %s, %s window [%s, %s): aggregates %v, log %v", step, sk.loc, start, end, g, []int64{ws, wi, wc, wg})
			}

			// The graph: month buckets of the window, summed, equal the window.
			var bounds []time.Time
			for m := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, sk.loc); !m.After(last); m = m.AddDate(0, 1, 0) {
				bounds = append(bounds, naiveUTC(m))
			}
			bounds = append(bounds, naiveUTC(time.Date(last.Year(), last.Month()+1, 1, 0, 0, 0, 0, sk.loc)))
			buckets, err := q.SumMonthBuckets(ctx, db.SumMonthBucketsParams{Skater: &sk.id, Bounds: bounds, FirstAt: bounds[0], LastAt: bounds[len(bounds)-1]})
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range buckets {
				var bs, bi, bc, bg int64
				if err := pool.QueryRow(ctx, windowFromLog, sk.id, bounds[b.Idx-1], bounds[b.Idx]).Scan(&bs, &bi, &bc, &bg); err != nil {
					t.Fatal(err)
				}
				if g := []int64{b.Sessions, b.IceMinutes, b.CoachedMinutes, b.GroupMinutes}; fmt.Sprint(g) != fmt.Sprint([]int64{bs, bi, bc, bg}) {
					t.Fatalf("after %s, %s month bucket %d: aggregates %v, log %v", step, sk.loc, b.Idx, g, []int64{bs, bi, bc, bg})
				}
			}

			var wb int64
			if err := pool.QueryRow(ctx, bladeFromLog, sk.id, sk.blade, start).Scan(&wb); err != nil {
				t.Fatal(err)
			}
			gb, err := q.BladeMinutesSince(ctx, db.BladeMinutesSinceParams{Skater: &sk.id, BladesID: &sk.blade, Since: &start})
			if err != nil {
				t.Fatal(err)
			}
			if gb != wb {
				t.Fatalf("after %s, %s blade minutes since %s: aggregates %d, log %d", step, sk.loc, start, gb, wb)
			}
		}
	}

	for _, sk := range skaters {
		insert(sk, 40)
	}
	check("the first histories")
	compareReads("the first histories")
	for step := range 80 {
		sk := skaters[rng.IntN(len(skaters))]
		other := skaters[rng.IntN(len(skaters))]
		switch rng.IntN(7) {
		case 0, 1:
			insert(sk, 1+rng.IntN(6))
		case 2: // edit the day: a local midnight of another day (possibly across DST)
			exec(`UPDATE ice_time SET date = $2 WHERE ice_time_id IN (SELECT ice_time_id FROM ice_time WHERE "uSkaterUUID" = $1 ORDER BY random() LIMIT 3)`,
				sk.id, localMidnight(sk))
		case 3: // edit minutes, type, coach and rink of several sessions in one statement
			exec(`UPDATE ice_time SET ice_time = $2, coach_time = least($3::int, $2::int), skate_type = $4, coach_id = $5, rink_id = $6
				WHERE "uSkaterUUID" = $1 AND ice_time_id % 5 = $7`,
				sk.id, 1+rng.IntN(120), rng.IntN(60), pick(types), pick(coaches), pick(rinks), rng.IntN(5))
		case 4: // move sessions to another skater (and one of its configurations)
			exec(`UPDATE ice_time SET "uSkaterUUID" = $2, "uSkaterConfig" = $3
				WHERE ice_time_id IN (SELECT ice_time_id FROM ice_time WHERE "uSkaterUUID" = $1 ORDER BY random() LIMIT 4)`,
				sk.id, other.id, other.configs[rng.IntN(len(other.configs))])
		case 5: // change the configuration (and so the blade) of sessions
			exec(`UPDATE ice_time SET "uSkaterConfig" = $2 WHERE "uSkaterUUID" = $1 AND ice_time_id % 3 = $3`,
				sk.id, sk.configs[rng.IntN(len(sk.configs))], rng.IntN(3))
		default:
			exec(`DELETE FROM ice_time WHERE ice_time_id IN (SELECT ice_time_id FROM ice_time WHERE "uSkaterUUID" = $1 ORDER BY random() LIMIT $2)`,
				sk.id, 1+rng.IntN(8))
		}
		step := fmt.Sprintf("step %d", step)
		check(step)
		if rng.IntN(4) == 0 {
			compareReads(step)
		}
	}
	compareReads("the last step")
	exec(`DELETE FROM "uSkaterConfig" WHERE "uSkaterUUID" = $1`, skaters[0].id) // cascades to the sessions
	check("a cascading profile delete")
	exec(`TRUNCATE ice_time CASCADE`)
	check("truncate")
	var left int
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM ice_time_daily) + (SELECT count(*) FROM ice_time_coach_rollup)`).Scan(&left); err != nil || left != 0 {
		t.Fatalf("after truncate %d aggregate rows are left (%v)", left, err)
	}
}

// TestHistoryAggregatesBackfill: migrating a database that already has
// sessions builds the aggregates from them (00010's Up on existing rows).
func TestHistoryAggregatesBackfill(t *testing.T) {
	t.Parallel()
	pool := testdb.New(t)
	ctx := context.Background()
	sk := uuid.New()
	for _, sql := range []string{
		`INSERT INTO "uSkaterConfig" ("uSkaterUUID", "uSkaterTZ") VALUES ('` + sk.String() + `', 'UTC')`,
		`INSERT INTO ice_time (date, ice_time, coach_time, "uSkaterUUID") SELECT now()::date - g, g % 90, g % 30, '` + sk.String() + `' FROM generate_series(1, 200) g`,
		// As a database before 00010 would have it: no aggregates.
		`TRUNCATE ice_time_daily, ice_time_coach_rollup`,
	} {
		if _, err := pool.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	up, err := sqlfiles.Migrations.ReadFile("migrations/00010_request_path_and_aggregates.sql")
	if err != nil {
		t.Fatal(err)
	}
	body, _, _ := strings.Cut(string(up), "-- +goose Down")
	if _, err := pool.Exec(ctx, body); err != nil { // simple protocol: the whole Up section at once
		t.Fatalf("re-run 00010: %v", err)
	}
	var n int
	if err := pool.QueryRow(ctx, aggregatesDiff).Scan(&n); err != nil || n != 0 {
		t.Fatalf("after re-running 00010: %d rows differ (%v)", n, err)
	}
}

func naiveUTC(t time.Time) time.Time {
	u := t.UTC()
	return time.Date(u.Year(), u.Month(), u.Day(), u.Hour(), u.Minute(), u.Second(), 0, time.UTC)
}

// sameTime compares a scanned interface{} timestamp (sqlc's type for min(date)) with a *time.Time.
func sameTime(got any, want *time.Time) bool {
	g, ok := got.(time.Time)
	if !ok || want == nil {
		return got == nil && want == nil
	}
	return g.Equal(*want)
}
