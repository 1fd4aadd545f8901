package migrate_test

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/skatetrax/skatetrax-api/internal/migrate"
	"github.com/skatetrax/skatetrax-api/internal/money"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

// TestStCentsMatchesMoney: the SQL conversion of stored costs to cents agrees with
// internal/money on every value, including half-cent ties and float noise.
func TestStCentsMatchesMoney(t *testing.T) {
	t.Parallel()
	pool := testdb.New(t)
	rng := rand.New(rand.NewPCG(7, 7))
	values := []float64{0, 0.125, 0.135, 2.675, 1.005, 0.1 + 0.2, 12.345, -0.125, -3.05, 1e12 + 0.005,
		math.NaN(), math.Inf(1), math.Inf(-1), 5e-324, 1e16}
	for range 20000 {
		switch rng.IntN(4) {
		case 0:
			values = append(values, float64(rng.IntN(100000000))/100)
		case 1:
			values = append(values, float64(rng.IntN(100000000))/1000) // many half-cent ties
		case 2:
			values = append(values, rng.Float64()*math.Pow(10, float64(rng.IntN(12))))
		default:
			values = append(values, float64(rng.IntN(1000))/100+float64(rng.IntN(1000))/100) // float noise
		}
	}
	rows, err := pool.Query(context.Background(),
		`SELECT st_cents(x) FROM unnest($1::float8[]) WITH ORDINALITY AS u(x, n) ORDER BY n`, values)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		var got *int64
		if err := rows.Scan(&got); err != nil {
			t.Fatal(err)
		}
		v := values[i]
		want, err := money.FromFloat(v)
		switch {
		case err != nil || math.Abs(v) > 1e15:
			if got != nil {
				t.Errorf("st_cents(%v) = %d, want NULL", v, *got)
			}
		case got == nil || *got != int64(want):
			t.Errorf("st_cents(%v) = %v, want %d", v, got, want)
		}
		i++
	}
	if err := rows.Err(); err != nil || i != len(values) {
		t.Fatalf("read %d of %d: %v", i, len(values), err)
	}
}

// rollupDiff lists the keys where ice_time_rollup differs from a recount of ice_time.
const rollupDiff = `
WITH fresh AS (
    SELECT "uSkaterUUID", coalesce("uSkaterConfig", '00000000-0000-0000-0000-000000000000') AS config_key,
           count(*) AS sessions, sum(coalesce(ice_time, 0)) AS ice_minutes,
           sum(st_coached(ice_time, coach_time, skate_type)) AS coached_minutes,
           sum(CASE WHEN st_is_group(skate_type) THEN coalesce(ice_time, 0) ELSE 0 END) AS group_minutes,
           sum(CASE WHEN st_is_off_ice(skate_type, rink_id) THEN coalesce(ice_time, 0) ELSE 0 END) AS off_ice_minutes,
           sum(coalesce(st_cents(ice_cost), 0)) AS ice_cost_cents, sum(coalesce(st_cents(coach_cost), 0)) AS coach_cost_cents
    FROM ice_time WHERE "uSkaterUUID" IS NOT NULL GROUP BY 1, 2
)
SELECT count(*) FROM (
    (SELECT * FROM fresh EXCEPT SELECT * FROM ice_time_rollup)
    UNION ALL
    (SELECT * FROM ice_time_rollup EXCEPT SELECT * FROM fresh)
) d`

// TestRollupFollowsEveryWrite: after random multi-row inserts, updates (including moves between
// skaters and configurations) and deletes, the rollup equals a recount.
func TestRollupFollowsEveryWrite(t *testing.T) {
	t.Parallel()
	pool := testdb.New(t)
	ctx := context.Background()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := pool.Exec(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	skaters := []string{"5a000000-0000-4000-8000-000000000001", "5a000000-0000-4000-8000-000000000002"}
	configs := []string{"c0000000-0000-4000-8000-000000000001", "c0000000-0000-4000-8000-000000000002"}
	for i := range skaters {
		exec(`INSERT INTO "uSkaterConfig" ("uSkaterUUID", "uSkaterTZ") VALUES ($1, 'UTC')`, skaters[i])
		exec(`INSERT INTO "uSkateConfig" ("sConfigID", "uSkaterUUID") VALUES ($1, $2)`, configs[i], skaters[i])
	}
	types := []string{"'dc812842-a9a9-4902-b680-361420baffe5'", "'db32094e-9b0d-42a5-b87f-cd47729b6c65'", "'a2250306-a238-4ff3-b772-ae86cbda0d7c'", "NULL"}
	rng := rand.New(rand.NewPCG(3, 9))
	check := func(step string) {
		t.Helper()
		var n int
		if err := pool.QueryRow(ctx, rollupDiff).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("after %s: rollup differs from a recount in %d rows", step, n)
		}
	}
	for step := range 60 {
		sk, cf := skaters[rng.IntN(2)], configs[rng.IntN(2)]
		switch rng.IntN(4) {
		case 0, 1:
			exec(fmt.Sprintf(`INSERT INTO ice_time (date, ice_time, coach_time, ice_cost, coach_cost, skate_type, "uSkaterUUID", "uSkaterConfig")
				SELECT now(), (random()*120)::int, CASE WHEN random() < 0.2 THEN NULL ELSE (random()*150)::int END,
				       CASE WHEN random() < 0.1 THEN 'NaN' ELSE round((random()*50)::numeric, 3) END, random()*40, %s, $1,
				       CASE WHEN random() < 0.3 THEN NULL ELSE $2::uuid END
				FROM generate_series(1, $3)`, types[rng.IntN(len(types))]), sk, cf, 1+rng.IntN(20))
		case 2:
			exec(`UPDATE ice_time SET "uSkaterUUID" = $1, "uSkaterConfig" = $2, ice_time = ice_time + 1, skate_type = NULL
				WHERE ice_time_id % 3 = $3`, sk, cf, rng.IntN(3))
		default:
			exec(`DELETE FROM ice_time WHERE ice_time_id % 4 = $1`, rng.IntN(4))
		}
		check(fmt.Sprintf("step %d", step))
	}
	exec(`TRUNCATE ice_time CASCADE`)
	check("truncate")
}

// TestLegacySessionRowsMove: migration 00005 moves sessions stored at 00:00 UTC (the original
// before c93475c) to 00:00 of the same date in the skater's zone, and leaves everything else.
func TestLegacySessionRowsMove(t *testing.T) {
	t.Parallel()
	pool := testdb.New(t)
	ctx := context.Background()
	withSQLDB(t, pool, func(db *sql.DB) error { return migrate.DownTo(ctx, db, 4) })
	seed := `
	INSERT INTO "uSkaterConfig" ("uSkaterUUID", "uSkaterTZ") VALUES
	 ('1e000000-0000-4000-8000-000000000001', 'America/New_York'),
	 ('1e000000-0000-4000-8000-000000000002', 'Asia/Kolkata'),
	 ('1e000000-0000-4000-8000-000000000003', 'Europe/London'),
	 ('1e000000-0000-4000-8000-000000000004', 'Not/AZone'),
	 ('1e000000-0000-4000-8000-000000000005', NULL);
	INSERT INTO ice_time (ice_time_id, date, ice_time, "uSkaterUUID") VALUES
	 (1, '2026-03-01 00:00:00', 60, '1e000000-0000-4000-8000-000000000001'), -- legacy, winter
	 (2, '2026-07-01 00:00:00', 60, '1e000000-0000-4000-8000-000000000001'), -- legacy, summer
	 (3, '2026-11-24 05:00:00', 60, '1e000000-0000-4000-8000-000000000001'), -- already local midnight
	 (4, '2026-11-20 00:00:00', 60, '1e000000-0000-4000-8000-000000000002'), -- legacy, positive offset
	 (5, '2026-01-10 00:00:00', 60, '1e000000-0000-4000-8000-000000000003'), -- London winter: offset 0
	 (6, '2026-07-10 00:00:00', 60, '1e000000-0000-4000-8000-000000000003'), -- London summer: legacy
	 (7, '2026-07-10 00:00:00', 60, '1e000000-0000-4000-8000-000000000004'), -- unknown zone: left
	 (8, '2026-07-10 00:00:00', 60, '1e000000-0000-4000-8000-000000000005'), -- no zone (UTC)
	 (9, NULL, 60, '1e000000-0000-4000-8000-000000000001'),
	 (10, '2026-07-10 00:00:30', 60, '1e000000-0000-4000-8000-000000000001')`
	if _, err := pool.Exec(ctx, seed); err != nil {
		t.Fatal(err)
	}
	up(t, pool)
	want := map[int]string{
		1: "2026-03-01 05:00:00", 2: "2026-07-01 04:00:00", 3: "2026-11-24 05:00:00", 4: "2026-11-19 18:30:00",
		5: "2026-01-10 00:00:00", 6: "2026-07-09 23:00:00", 7: "2026-07-10 00:00:00", 8: "2026-07-10 00:00:00",
		9: "null", 10: "2026-07-10 00:00:30",
	}
	checkLegacy(t, pool, want)
	var n int
	if err := pool.QueryRow(ctx, rollupDiff).Scan(&n); err != nil || n != 0 {
		t.Errorf("rollup after migrating differs in %d rows (%v)", n, err)
	}
	// A second run changes nothing (the later migrations are idempotent too,
	// and goose refuses to re-apply 00005 alone below newer versions).
	if _, err := pool.Exec(ctx, `DELETE FROM goose_db_version WHERE version_id >= 5`); err != nil {
		t.Fatal(err)
	}
	up(t, pool)
	checkLegacy(t, pool, want)
}

func checkLegacy(t *testing.T, pool *pgxpool.Pool, want map[int]string) {
	t.Helper()
	for id, w := range want {
		var got string
		if err := pool.QueryRow(context.Background(),
			`SELECT coalesce(to_char(date, 'YYYY-MM-DD HH24:MI:SS'), 'null') FROM ice_time WHERE ice_time_id = $1`, id).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != w {
			t.Errorf("row %d: date %s, want %s", id, got, w)
		}
	}
}
