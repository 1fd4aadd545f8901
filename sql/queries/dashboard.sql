-- Aggregates behind the dashboard, the ice-time graph and the overview.
-- Lifetime sums read ice_time_rollup (a few rows per skater); windows read
-- the covering index ice_time_skater_date_id_idx. Nothing here loads every
-- session of a skater.

-- name: GetSkaterContext :one
-- What every member route needs to know about the skater: the zone, the
-- active configuration and its blade, the sharpening interval, and when the
-- profile was created (for the baseline's divisor).
SELECT p."uSkaterTZ" AS tz, p."uSkaterComboIce" AS active_config, c."uSkaterBladesID" AS active_blade,
       p."uSkaterMaintPref" AS maint_pref_hours, p.date_created
FROM "uSkaterConfig" p
LEFT JOIN "uSkateConfig" c ON c."sConfigID" = p."uSkaterComboIce" AND c."uSkaterUUID" = p."uSkaterUUID"
WHERE p."uSkaterUUID" = @skater;

-- name: GetLifetimeTotals :one
SELECT coalesce(sum(sessions), 0)::bigint AS sessions,
       coalesce(sum(ice_minutes), 0)::bigint AS ice_minutes,
       coalesce(sum(coached_minutes), 0)::bigint AS coached_minutes,
       coalesce(sum(group_minutes), 0)::bigint AS group_minutes,
       coalesce(sum(ice_cost_cents), 0)::bigint AS ice_cost_cents,
       coalesce(sum(coach_cost_cents), 0)::bigint AS coach_cost_cents
FROM ice_time_rollup
WHERE "uSkaterUUID" = @skater;

-- name: GetFirstSessionDate :many
-- The skater's earliest dated session (zero or one row).
SELECT date AS first_date FROM ice_time
WHERE "uSkaterUUID" = @skater AND date IS NOT NULL
ORDER BY date
LIMIT 1;

-- name: SumDashboardWindows :one
-- Sums for the dashboard's three windows (this month, the rolling 12
-- months, the baseline), each half-open [start, end), in one range scan of
-- ice_time_daily (about one row per skated day, 00010). Practice is ice -
-- coached - group (see st_coached in 00005). The bounds are plain
-- parameters so that the planner estimates the scan right (an estimate from
-- array subscripts made PostgreSQL JIT-compile a 1 ms query).
SELECT
    coalesce(sum(w.sessions) FILTER (WHERE w.in_month), 0)::bigint AS month_sessions,
    coalesce(sum(w.ice) FILTER (WHERE w.in_month), 0)::bigint AS month_ice,
    coalesce(sum(w.coached) FILTER (WHERE w.in_month), 0)::bigint AS month_coached,
    coalesce(sum(w.grp) FILTER (WHERE w.in_month), 0)::bigint AS month_group,
    coalesce(sum(w.sessions) FILTER (WHERE w.in_year), 0)::bigint AS year_sessions,
    coalesce(sum(w.ice) FILTER (WHERE w.in_year), 0)::bigint AS year_ice,
    coalesce(sum(w.coached) FILTER (WHERE w.in_year), 0)::bigint AS year_coached,
    coalesce(sum(w.grp) FILTER (WHERE w.in_year), 0)::bigint AS year_group,
    coalesce(sum(w.sessions) FILTER (WHERE w.in_baseline), 0)::bigint AS baseline_sessions,
    coalesce(sum(w.ice) FILTER (WHERE w.in_baseline), 0)::bigint AS baseline_ice,
    coalesce(sum(w.coached) FILTER (WHERE w.in_baseline), 0)::bigint AS baseline_coached,
    coalesce(sum(w.grp) FILTER (WHERE w.in_baseline), 0)::bigint AS baseline_group
FROM (
    SELECT d.sessions, d.ice_minutes AS ice, d.coached_minutes AS coached, d.group_minutes AS grp,
           (d.at >= @month_start::timestamp AND d.at < @month_end::timestamp) AS in_month,
           (d.at >= @year_start::timestamp AND d.at < @year_end::timestamp) AS in_year,
           (d.at >= @baseline_start::timestamp AND d.at < @baseline_end::timestamp) AS in_baseline
    FROM ice_time_daily d
    WHERE d."uSkaterUUID" = sqlc.narg(skater)
      AND d.at >= least(@month_start::timestamp, @year_start::timestamp, @baseline_start::timestamp)
      AND d.at < greatest(@month_end::timestamp, @year_end::timestamp, @baseline_end::timestamp)
) w;

-- name: SumMonthBuckets :many
-- Sums per bucket k = [bounds[k], bounds[k+1]) of consecutive, ascending
-- bounds, in one range scan of ice_time_daily from first_at (= bounds[1])
-- to last_at (= the last bound). Buckets without sessions have no row.
SELECT width_bucket(d.at, @bounds::timestamp[])::int AS idx,
       sum(d.sessions)::bigint AS sessions,
       coalesce(sum(d.ice_minutes), 0)::bigint AS ice_minutes,
       coalesce(sum(d.coached_minutes), 0)::bigint AS coached_minutes,
       coalesce(sum(d.group_minutes), 0)::bigint AS group_minutes
FROM ice_time_daily d
WHERE d."uSkaterUUID" = sqlc.narg(skater) AND d.at >= @first_at::timestamp AND d.at < @last_at::timestamp
GROUP BY 1
ORDER BY 1;

-- name: CompetitionMonths :many
-- For each inclusive range of calendar days [firsts[k], lasts[k]], whether
-- the skater has a competition entry on an event in it. Event dates are
-- calendar dates, compared as they are.
SELECT w.idx::int AS idx,
       EXISTS (
           SELECT 1 FROM e_events e
           JOIN e_event_entries en ON en.event_id = e.id
           JOIN e_event_types t ON t.id = en.event_type
           WHERE e."uSkaterUUID" = @skater
             AND e.event_date BETWEEN (@firsts::date[])[w.idx] AND (@lasts::date[])[w.idx]
             AND t.category = 'Competition'
       )::boolean AS competed
FROM generate_subscripts(@firsts::date[], 1) AS w(idx)
ORDER BY w.idx;

-- name: GetSpend :one
-- Lifetime spend per category in exact cents (st_cents); missing amounts
-- count as 0. Ice time and coaching come from the rollup.
SELECT
    (SELECT coalesce(sum(st_cents(x."bootsPurchaseAmount")), 0) FROM "uSkaterBoots" x WHERE x."uSkaterUUID" = @skater)::bigint AS boots_cents,
    (SELECT coalesce(sum(st_cents(x."bladesPurchaseAmount")), 0) FROM "uSkaterBlades" x WHERE x."uSkaterUUID" = @skater)::bigint AS blades_cents,
    (SELECT coalesce(sum(st_cents(x.equip_cost)), 0) FROM "uSkaterEquipment" x WHERE x."uSkaterUUID" = @skater)::bigint AS gear_cents,
    (SELECT coalesce(sum(st_cents(x.m_cost)), 0) FROM maintenance x WHERE x."uSkaterUUID" = @skater)::bigint AS maintenance_cents,
    (SELECT coalesce(sum(st_cents(x.class_cost)), 0) FROM classes_school x WHERE x."uSkaterUUID" = @skater)::bigint AS class_cents,
    (SELECT coalesce(sum(st_cents(x.test_cost)), 0) FROM e_tests x WHERE x."uSkaterUUID" = @skater)::bigint AS performance_cents,
    (SELECT coalesce(sum(st_cents(x.membership_fee)), 0) FROM club_members x WHERE x."uSkaterUUID" = @skater)::bigint AS membership_cents,
    (SELECT coalesce(sum(st_cents(c.amount) * c.quantity), 0) FROM e_event_costs c JOIN e_events e ON e.id = c.event_id
      WHERE e."uSkaterUUID" = @skater)::bigint AS competition_cents,
    (SELECT coalesce(sum(x.ice_cost_cents), 0) FROM ice_time_rollup x WHERE x."uSkaterUUID" = @skater)::bigint AS ice_time_cents,
    (SELECT coalesce(sum(x.coach_cost_cents), 0) FROM ice_time_rollup x WHERE x."uSkaterUUID" = @skater)::bigint AS coaching_cents;

-- name: GetOverview :one
-- The profile with the names it points at. LEFT JOINs: a dangling rink,
-- coach, club or configuration id yields a null name.
SELECT p.date_created, p."uSkaterFname", p."uSkaterMname", p."uSkaterLname", p."uSkaterZip",
       p."uSkaterCity", p."uSkaterState", p."uSkaterCountry", p."uSkaterTZ",
       p."uSkaterRinkPref", l.rink_name, p."activeCoach", co."coach_Fname", co."coach_Lname",
       p."uSkaterMaintPref", p."uSkaterComboIce", b."bootsName", b."bootsModel", bl."bladesName", bl."bladesModel",
       (c."sConfigID" IS NOT NULL)::boolean AS has_config,
       p.contact_preference, p.share_token, cl.club_name, p."org_Club_Join_Date", p."org_USFSA_number",
       u.id AS user_id, coalesce(u."aEmail", '')::text AS "aEmail", u.phone_number, coalesce(u."aLogin", '')::text AS "aLogin"
FROM "uSkaterConfig" p
-- LEFT: a minor profile (issue 15) has no login of its own.
LEFT JOIN "uAuthTable" u ON u."uSkaterUUID" = p."uSkaterUUID"
LEFT JOIN locations l ON l.rink_id = p."uSkaterRinkPref"
LEFT JOIN coaches co ON co.coach_id = p."activeCoach"
LEFT JOIN club_directory cl ON cl.club_id = p."org_Club"
LEFT JOIN "uSkateConfig" c ON c."sConfigID" = p."uSkaterComboIce" AND c."uSkaterUUID" = p."uSkaterUUID"
LEFT JOIN "uSkaterBoots" b ON b."bootsID" = c."uSkaterBootsID" AND b."uSkaterUUID" = c."uSkaterUUID"
LEFT JOIN "uSkaterBlades" bl ON bl."bladesID" = c."uSkaterBladesID" AND bl."uSkaterUUID" = c."uSkaterUUID"
WHERE p."uSkaterUUID" = @skater;
