-- Member data (issue 4): exact money in SQL, a per-skater rollup of the
-- session log that keeps lifetime aggregates O(1), the indexes the dashboard
-- and the session history page need, and fixes to the original's schema
-- (docs/original.md, "Weaknesses fixed": 13, 18, 19). Like every migration here it is idempotent:
-- re-running it on its own output changes no row and no schema object.

-- +goose Up

-- 1. Exact money -------------------------------------------------------------
-- Costs are double precision (the original's type). st_cents turns one into
-- whole cents exactly as internal/money.FromFloat does: take the shortest
-- decimal that round-trips to the float (what the user typed; PostgreSQL
-- prints it with extra_float_digits > 0), then round half-to-even to cents.
-- NaN, ±Infinity (which the original accepted; docs/original.md, "Weaknesses fixed", 9) and absurd
-- magnitudes are not amounts: they give NULL, i.e. "no amount".
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION st_cents(amount double precision) RETURNS bigint
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET extra_float_digits = 3
AS $$
DECLARE
    c numeric;
    t numeric;
BEGIN
    IF amount = 'NaN'::float8 OR abs(amount) > 1e15 THEN
        RETURN NULL; -- also catches ±Infinity
    END IF;
    c := amount::text::numeric * 100;
    t := trunc(c);
    IF abs(c - t) = 0.5 THEN
        RETURN (t + CASE WHEN t % 2 = 0 THEN 0 ELSE sign(c) END)::bigint;
    END IF;
    RETURN round(c)::bigint;
END
$$;
-- +goose StatementEnd

-- 2. How one session splits into practice, coached and group time ------------
-- (docs/original.md, "Weaknesses fixed", 16.) A session of the Group Class type (the original's
-- GROUP_SESSION_IDS) is group time as a whole. Any other session is coached
-- for its coach minutes, capped at its own length, and practice for the
-- rest. So practice + coached + group is always the total, nothing is counted
-- twice, and no aggregate is ever clamped. The API refuses coach_time >
-- ice_time on write; the cap only matters for rows the original wrote.
CREATE OR REPLACE FUNCTION st_is_group(skate_type uuid) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce(skate_type = 'db32094e-9b0d-42a5-b87f-cd47729b6c65', false) $$;

CREATE OR REPLACE FUNCTION st_coached(ice_time integer, coach_time integer, skate_type uuid) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN st_is_group(skate_type) THEN 0
                      ELSE least(greatest(coalesce(coach_time, 0), 0), greatest(coalesce(ice_time, 0), 0)) END $$;

-- Off-ice time does not wear a blade: the two "Off Ice" session types and the
-- "Off Ice" pseudo-location.
CREATE OR REPLACE FUNCTION st_is_off_ice(skate_type uuid, rink_id uuid) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce(skate_type IN ('a2250306-a238-4ff3-b772-ae86cbda0d7c', '43cae2d2-909c-47a1-ac7d-a1a923c25d4e'), false)
              OR coalesce(rink_id = 'b261166b-9e7c-4a96-ab06-ec630deb3321', false) $$;

-- 3. Rollup of the session log --------------------------------------------------
-- One row per skater and skate configuration (the nil UUID stands for
-- sessions without one) with lifetime sums, kept exact by the triggers
-- below. Lifetime totals, spend on ice and coaching, and minutes per boot,
-- blade and configuration read a handful of rows instead of every session.
-- No foreign key: a cascading profile delete removes the sessions, whose
-- triggers then empty and delete these rows.
CREATE TABLE IF NOT EXISTS ice_time_rollup (
    "uSkaterUUID"    uuid NOT NULL,
    config_key       uuid NOT NULL,           -- ice_time."uSkaterConfig", or the nil UUID
    sessions         bigint NOT NULL,
    ice_minutes      bigint NOT NULL,         -- SUM(ice_time)
    coached_minutes  bigint NOT NULL,         -- SUM(st_coached(...))
    group_minutes    bigint NOT NULL,         -- SUM(ice_time) of group sessions
    off_ice_minutes  bigint NOT NULL,         -- SUM(ice_time) of off-ice sessions
    ice_cost_cents   bigint NOT NULL,         -- SUM(st_cents(ice_cost)), missing = 0
    coach_cost_cents bigint NOT NULL,         -- SUM(st_cents(coach_cost)), missing = 0
    PRIMARY KEY ("uSkaterUUID", config_key)
);

-- Applies the rows of the statement's transition tables (added with +1,
-- removed with -1), aggregated per key and in key order so that concurrent
-- writers lock rollup rows in the same order.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION ice_time_rollup_sync() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    src text;
BEGIN
    src := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT 1 AS s, * FROM new_rows'
        WHEN 'DELETE' THEN 'SELECT -1 AS s, * FROM old_rows'
        ELSE 'SELECT -1 AS s, * FROM old_rows UNION ALL SELECT 1 AS s, * FROM new_rows'
    END;
    EXECUTE format($q$
        INSERT INTO ice_time_rollup AS t
        SELECT "uSkaterUUID", coalesce("uSkaterConfig", '00000000-0000-0000-0000-000000000000'),
               sum(s), sum(s * coalesce(ice_time, 0)),
               sum(s * st_coached(ice_time, coach_time, skate_type)),
               sum(s * CASE WHEN st_is_group(skate_type) THEN coalesce(ice_time, 0) ELSE 0 END),
               sum(s * CASE WHEN st_is_off_ice(skate_type, rink_id) THEN coalesce(ice_time, 0) ELSE 0 END),
               sum(s * coalesce(st_cents(ice_cost), 0)), sum(s * coalesce(st_cents(coach_cost), 0))
        FROM (%s) d
        WHERE "uSkaterUUID" IS NOT NULL
        GROUP BY 1, 2
        ORDER BY 1, 2
        ON CONFLICT ("uSkaterUUID", config_key) DO UPDATE SET
            sessions         = t.sessions + excluded.sessions,
            ice_minutes      = t.ice_minutes + excluded.ice_minutes,
            coached_minutes  = t.coached_minutes + excluded.coached_minutes,
            group_minutes    = t.group_minutes + excluded.group_minutes,
            off_ice_minutes  = t.off_ice_minutes + excluded.off_ice_minutes,
            ice_cost_cents   = t.ice_cost_cents + excluded.ice_cost_cents,
            coach_cost_cents = t.coach_cost_cents + excluded.coach_cost_cents
        $q$, src);
    EXECUTE format($q$
        DELETE FROM ice_time_rollup t
        USING (SELECT DISTINCT "uSkaterUUID" AS skater,
                      coalesce("uSkaterConfig", '00000000-0000-0000-0000-000000000000') AS config_key
               FROM (%s) d) k
        WHERE t."uSkaterUUID" = k.skater AND t.config_key = k.config_key AND t.sessions = 0
        $q$, src);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION ice_time_rollup_truncate() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    DELETE FROM ice_time_rollup;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

DROP TRIGGER IF EXISTS ice_time_rollup_insert ON ice_time;
DROP TRIGGER IF EXISTS ice_time_rollup_update ON ice_time;
DROP TRIGGER IF EXISTS ice_time_rollup_delete ON ice_time;
DROP TRIGGER IF EXISTS ice_time_rollup_truncate ON ice_time;
CREATE TRIGGER ice_time_rollup_insert AFTER INSERT ON ice_time
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ice_time_rollup_sync();
CREATE TRIGGER ice_time_rollup_update AFTER UPDATE ON ice_time
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ice_time_rollup_sync();
CREATE TRIGGER ice_time_rollup_delete AFTER DELETE ON ice_time
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ice_time_rollup_sync();
CREATE TRIGGER ice_time_rollup_truncate AFTER TRUNCATE ON ice_time
    FOR EACH STATEMENT EXECUTE FUNCTION ice_time_rollup_truncate();

-- 4. Legacy session rows (docs/original.md, "Legacy rows") ---------------------------
-- Before the original's commit c93475c, a session was stored at 00:00 UTC of
-- the chosen day instead of 00:00 in the skater's zone, so it showed a day
-- early in the Americas and fell into the previous day (or month) in every
-- aggregate. The original's own rule (tz.intent_local_calendar_day_for_legacy_
-- utc_midnight, never called) says the intended day of such a row is its UTC
-- date. So every row stored at exactly 00:00 UTC moves to 00:00 of that same
-- date in the skater's zone. Rows whose zone has offset 0 at that time (UTC,
-- London in winter) are already right and stay; rows of skaters without a
-- zone PostgreSQL knows stay. Rows written since c93475c are never at 00:00
-- UTC unless their zone has offset 0, so they are not touched, and neither is
-- any row on a second run.
WITH zones AS (
    SELECT DISTINCT "uSkaterTZ" AS tz FROM "uSkaterConfig"
    WHERE "uSkaterTZ" IN (SELECT name FROM pg_timezone_names)
), moved AS (
    SELECT i.ice_time_id, ((i.date::date)::timestamp AT TIME ZONE p."uSkaterTZ") AT TIME ZONE 'UTC' AS local_midnight
    FROM ice_time i
    JOIN "uSkaterConfig" p ON p."uSkaterUUID" = i."uSkaterUUID"
    JOIN zones z ON z.tz = p."uSkaterTZ"
    WHERE i.date = date_trunc('day', i.date)
)
UPDATE ice_time i SET date = m.local_midnight
FROM moved m
WHERE i.ice_time_id = m.ice_time_id AND i.date <> m.local_midnight;

-- The rollup is rebuilt from the rows as they are now (the UPDATE above kept
-- it current, but an adopted database starts without one).
TRUNCATE ice_time_rollup;
INSERT INTO ice_time_rollup
SELECT "uSkaterUUID", coalesce("uSkaterConfig", '00000000-0000-0000-0000-000000000000'),
       count(*), sum(coalesce(ice_time, 0)),
       sum(st_coached(ice_time, coach_time, skate_type)),
       sum(CASE WHEN st_is_group(skate_type) THEN coalesce(ice_time, 0) ELSE 0 END),
       sum(CASE WHEN st_is_off_ice(skate_type, rink_id) THEN coalesce(ice_time, 0) ELSE 0 END),
       sum(coalesce(st_cents(ice_cost), 0)), sum(coalesce(st_cents(coach_cost), 0))
FROM ice_time
WHERE "uSkaterUUID" IS NOT NULL
GROUP BY 1, 2;

-- One session as the API shows it, with its type, coach and rink names.
-- LEFT JOINs: a session whose coach, rink or type is missing still shows.
CREATE OR REPLACE VIEW ice_session_rows AS
SELECT i.ice_time_id, i."uSkaterUUID", i.date, i.ice_time, i.ice_cost, i.coach_time, i.coach_cost,
       i.skate_type, t.ice_type, i.coach_id, c."coach_Fname", c."coach_Lname",
       i.rink_id, l.rink_name, l.rink_city, l.rink_state, i."uSkaterConfig" AS config_id
FROM ice_time i
LEFT JOIN ice_type t ON t.ice_type_id = i.skate_type
LEFT JOIN coaches c ON c.coach_id = i.coach_id
LEFT JOIN locations l ON l.rink_id = i.rink_id;

-- 5. Indexes ------------------------------------------------------------------
-- Every window aggregate (this month, the rolling 12 months, the baseline,
-- the graph's months) and the session history's keyset pages read this index
-- only. It supersedes ice_time_skater_date_idx (00003), a prefix of it.
CREATE INDEX IF NOT EXISTS ice_time_skater_date_id_idx
    ON ice_time ("uSkaterUUID", date, ice_time_id)
    INCLUDE (ice_time, coach_time, skate_type, rink_id, ice_cost, coach_cost, "uSkaterConfig");
DROP INDEX IF EXISTS ice_time_skater_date_idx;
-- Per-blade maintenance history and "last sharpening of this blade".
CREATE INDEX IF NOT EXISTS maintenance_skater_blade_date_idx
    ON maintenance ("uSkaterUUID", "uSkaterBladesID", m_date);

-- 6. Destructive cascades (docs/original.md, "Weaknesses fixed", 19) ---
-- Deleting a coach, rink, session type or skate configuration deleted every
-- session that referred to it. Now such a delete fails while sessions refer
-- to the row. NO ACTION rather than RESTRICT: it is checked at the end of the
-- statement, so deleting a whole skater profile (which cascades to both the
-- sessions and the configurations) still works.
-- +goose StatementBegin
DO $$
DECLARE
    fk record;
BEGIN
    FOR fk IN
        SELECT c.conname, a.attname AS col, c.confrelid::regclass::text AS ref, r.attname AS refcol
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = c.confkey[1]
        WHERE c.conrelid = 'ice_time'::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1
          AND c.confrelid IN ('coaches'::regclass, 'locations'::regclass, 'ice_type'::regclass, '"uSkateConfig"'::regclass)
          AND c.confdeltype = 'c'
    LOOP
        EXECUTE format('ALTER TABLE ice_time DROP CONSTRAINT %I', fk.conname);
        EXECUTE format('ALTER TABLE ice_time ADD CONSTRAINT %I FOREIGN KEY (%I) REFERENCES %s (%I)',
                       fk.conname, fk.col, fk.ref, fk.refcol);
    END LOOP;
END
$$;
-- +goose StatementEnd

-- 7. Missing foreign keys (docs/original.md, "Weaknesses fixed", 18) ---
-- A configuration's boot and blade, and a sharpening's rink, must exist.
-- NOT VALID: enforced for every new or changed row, without failing on an
-- adopted database that already holds dangling ids (the API shows those as
-- unnamed gear instead of dropping the configuration).
-- +goose StatementBegin
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'uskateconfig_boots_fk') THEN
        ALTER TABLE "uSkateConfig" ADD CONSTRAINT uskateconfig_boots_fk
            FOREIGN KEY ("uSkaterBootsID") REFERENCES "uSkaterBoots" ("bootsID") NOT VALID;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'uskateconfig_blades_fk') THEN
        ALTER TABLE "uSkateConfig" ADD CONSTRAINT uskateconfig_blades_fk
            FOREIGN KEY ("uSkaterBladesID") REFERENCES "uSkaterBlades" ("bladesID") NOT VALID;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'maintenance_location_fk') THEN
        ALTER TABLE maintenance ADD CONSTRAINT maintenance_location_fk
            FOREIGN KEY (m_location) REFERENCES locations (rink_id) NOT VALID;
    END IF;
END
$$;
-- +goose StatementEnd

-- 8. Retiring gear ----------------------------------------------------------------
-- Boots and blades get retired rather than deleted (a delete would cascade to
-- their sharpening history). NULL = in use.
ALTER TABLE "uSkaterBoots"  ADD COLUMN IF NOT EXISTS retired_at timestamptz;
ALTER TABLE "uSkaterBlades" ADD COLUMN IF NOT EXISTS retired_at timestamptz;

-- +goose Down
-- The legacy-row move of step 4 is not undone: a moved row cannot be told
-- from one written in the skater's zone, and both mean the same day.
ALTER TABLE "uSkaterBlades" DROP COLUMN IF EXISTS retired_at;
ALTER TABLE "uSkaterBoots"  DROP COLUMN IF EXISTS retired_at;
ALTER TABLE maintenance    DROP CONSTRAINT IF EXISTS maintenance_location_fk;
ALTER TABLE "uSkateConfig" DROP CONSTRAINT IF EXISTS uskateconfig_blades_fk;
ALTER TABLE "uSkateConfig" DROP CONSTRAINT IF EXISTS uskateconfig_boots_fk;
-- +goose StatementBegin
DO $$
DECLARE
    fk record;
BEGIN
    FOR fk IN
        SELECT c.conname, a.attname AS col, c.confrelid::regclass::text AS ref, r.attname AS refcol
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = c.confkey[1]
        WHERE c.conrelid = 'ice_time'::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1
          AND c.confrelid IN ('coaches'::regclass, 'locations'::regclass, 'ice_type'::regclass, '"uSkateConfig"'::regclass)
          AND c.confdeltype = 'a'
    LOOP
        EXECUTE format('ALTER TABLE ice_time DROP CONSTRAINT %I', fk.conname);
        EXECUTE format('ALTER TABLE ice_time ADD CONSTRAINT %I FOREIGN KEY (%I) REFERENCES %s (%I) ON DELETE CASCADE',
                       fk.conname, fk.col, fk.ref, fk.refcol);
    END LOOP;
END
$$;
-- +goose StatementEnd
CREATE INDEX IF NOT EXISTS ice_time_skater_date_idx ON ice_time ("uSkaterUUID", date);
DROP INDEX IF EXISTS maintenance_skater_blade_date_idx;
DROP INDEX IF EXISTS ice_time_skater_date_id_idx;
DROP VIEW IF EXISTS ice_session_rows;
DROP TRIGGER IF EXISTS ice_time_rollup_truncate ON ice_time;
DROP TRIGGER IF EXISTS ice_time_rollup_delete ON ice_time;
DROP TRIGGER IF EXISTS ice_time_rollup_update ON ice_time;
DROP TRIGGER IF EXISTS ice_time_rollup_insert ON ice_time;
DROP FUNCTION IF EXISTS ice_time_rollup_truncate();
DROP FUNCTION IF EXISTS ice_time_rollup_sync();
DROP TABLE IF EXISTS ice_time_rollup;
DROP FUNCTION IF EXISTS st_is_off_ice(uuid, uuid);
DROP FUNCTION IF EXISTS st_coached(integer, integer, uuid);
DROP FUNCTION IF EXISTS st_is_group(uuid);
DROP FUNCTION IF EXISTS st_cents(double precision);
