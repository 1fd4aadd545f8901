-- Performance (issue 13): the idle-clock write of the session lookup, and
-- history aggregates.
--
-- 1. st_touch_session writes a session's last_seen_at when it is a minute
-- old. The session lookup (sql/queries/sessions.sql, LoadSession) calls it
-- from its select list only when the row it read is that stale, so the
-- request's one statement is a plain indexed read on every other request,
-- and a write at most once a minute per session. (A data-modifying CTE did
-- the same in one statement but made every lookup pay for an UPDATE node.)
--
-- 2. History aggregates: what the dashboard, the ice-time graph, the
-- maintenance clock and the skater card read, kept exact by triggers on the
-- same writes, so that no member read scans a skater's whole session log.
--
-- ice_time_daily holds one row per skater, stored instant, configuration and
-- rink. A session is stored at 00:00 of its calendar day in the skater's zone
-- (as a UTC instant), so a skater's sessions of one day share an instant and
-- this table has about one row per skated day: windows of any length in
-- days cost that many rows, whatever the number of sessions per day, and any
-- [start, end) window over ice_time.date is answered exactly (the rows keep
-- the instant itself, not a day computed in some zone), across zones and DST.
--
-- ice_time_coach_rollup holds one row per skater and coach (lifetime): the
-- card's distinct-coach count and coach minutes read a handful of rows.
--
-- Lifetime sums per configuration stay in ice_time_rollup (00005).
-- Like every migration here it is idempotent.

-- +goose Up
-- The row condition is re-checked under the row lock, so concurrent
-- requests of one session write once.
CREATE OR REPLACE FUNCTION st_touch_session(digest bytea) RETURNS boolean
    LANGUAGE sql VOLATILE
    AS $$ UPDATE auth_sessions SET last_seen_at = now()
          WHERE id_sha256 = digest AND last_seen_at < now() - interval '1 minute'
          RETURNING true $$;

CREATE TABLE IF NOT EXISTS ice_time_daily (
    "uSkaterUUID"   uuid NOT NULL,
    at              timestamp NOT NULL,   -- ice_time.date; '-infinity' for undated sessions
    config_key      uuid NOT NULL,        -- ice_time."uSkaterConfig", or the nil UUID
    rink_key        uuid NOT NULL,        -- ice_time.rink_id, or the nil UUID
    sessions        bigint NOT NULL,
    ice_minutes     bigint NOT NULL,      -- SUM(coalesce(ice_time, 0))
    coach_minutes   bigint NOT NULL,      -- SUM(coalesce(coach_time, 0)), as entered
    coached_minutes bigint NOT NULL,      -- SUM(st_coached(...))
    group_minutes   bigint NOT NULL,      -- SUM(ice_time) of group sessions
    off_ice_minutes bigint NOT NULL,      -- SUM(ice_time) of off-ice sessions
    PRIMARY KEY ("uSkaterUUID", at, config_key, rink_key)
);

CREATE TABLE IF NOT EXISTS ice_time_coach_rollup (
    "uSkaterUUID"    uuid NOT NULL,
    coach_key        uuid NOT NULL,       -- ice_time.coach_id, or the nil UUID
    sessions         bigint NOT NULL,
    coached_sessions bigint NOT NULL,     -- sessions with coach_time > 0
    coach_minutes    bigint NOT NULL,     -- SUM(coalesce(coach_time, 0))
    PRIMARY KEY ("uSkaterUUID", coach_key)
);

-- Applies the statement's transition tables (+1 added, -1 removed),
-- aggregated per key and in key order (concurrent writers lock rows in the
-- same order), then drops rows left without sessions.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION ice_time_aggregates_sync() RETURNS trigger
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
        INSERT INTO ice_time_daily AS t
        SELECT "uSkaterUUID", coalesce(date, '-infinity'::timestamp),
               coalesce("uSkaterConfig", '00000000-0000-0000-0000-000000000000'),
               coalesce(rink_id, '00000000-0000-0000-0000-000000000000'),
               sum(s), sum(s * coalesce(ice_time, 0)), sum(s * coalesce(coach_time, 0)),
               sum(s * st_coached(ice_time, coach_time, skate_type)),
               sum(s * CASE WHEN st_is_group(skate_type) THEN coalesce(ice_time, 0) ELSE 0 END),
               sum(s * CASE WHEN st_is_off_ice(skate_type, rink_id) THEN coalesce(ice_time, 0) ELSE 0 END)
        FROM (%s) d
        WHERE "uSkaterUUID" IS NOT NULL
        GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2, 3, 4
        ON CONFLICT ("uSkaterUUID", at, config_key, rink_key) DO UPDATE SET
            sessions        = t.sessions + excluded.sessions,
            ice_minutes     = t.ice_minutes + excluded.ice_minutes,
            coach_minutes   = t.coach_minutes + excluded.coach_minutes,
            coached_minutes = t.coached_minutes + excluded.coached_minutes,
            group_minutes   = t.group_minutes + excluded.group_minutes,
            off_ice_minutes = t.off_ice_minutes + excluded.off_ice_minutes
        $q$, src);
    EXECUTE format($q$
        DELETE FROM ice_time_daily t
        USING (SELECT DISTINCT "uSkaterUUID" AS skater, coalesce(date, '-infinity'::timestamp) AS at,
                      coalesce("uSkaterConfig", '00000000-0000-0000-0000-000000000000') AS config_key,
                      coalesce(rink_id, '00000000-0000-0000-0000-000000000000') AS rink_key
               FROM (%s) d) k
        WHERE t."uSkaterUUID" = k.skater AND t.at = k.at AND t.config_key = k.config_key
          AND t.rink_key = k.rink_key AND t.sessions = 0
        $q$, src);
    EXECUTE format($q$
        INSERT INTO ice_time_coach_rollup AS t
        SELECT "uSkaterUUID", coalesce(coach_id, '00000000-0000-0000-0000-000000000000'),
               sum(s), sum(s * CASE WHEN coach_time > 0 THEN 1 ELSE 0 END), sum(s * coalesce(coach_time, 0))
        FROM (%s) d
        WHERE "uSkaterUUID" IS NOT NULL
        GROUP BY 1, 2
        ORDER BY 1, 2
        ON CONFLICT ("uSkaterUUID", coach_key) DO UPDATE SET
            sessions         = t.sessions + excluded.sessions,
            coached_sessions = t.coached_sessions + excluded.coached_sessions,
            coach_minutes    = t.coach_minutes + excluded.coach_minutes
        $q$, src);
    EXECUTE format($q$
        DELETE FROM ice_time_coach_rollup t
        USING (SELECT DISTINCT "uSkaterUUID" AS skater,
                      coalesce(coach_id, '00000000-0000-0000-0000-000000000000') AS coach_key
               FROM (%s) d) k
        WHERE t."uSkaterUUID" = k.skater AND t.coach_key = k.coach_key AND t.sessions = 0
        $q$, src);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION ice_time_aggregates_truncate() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    DELETE FROM ice_time_daily;
    DELETE FROM ice_time_coach_rollup;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

DROP TRIGGER IF EXISTS ice_time_aggregates_insert ON ice_time;
DROP TRIGGER IF EXISTS ice_time_aggregates_update ON ice_time;
DROP TRIGGER IF EXISTS ice_time_aggregates_delete ON ice_time;
DROP TRIGGER IF EXISTS ice_time_aggregates_truncate ON ice_time;
CREATE TRIGGER ice_time_aggregates_insert AFTER INSERT ON ice_time
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ice_time_aggregates_sync();
CREATE TRIGGER ice_time_aggregates_update AFTER UPDATE ON ice_time
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ice_time_aggregates_sync();
CREATE TRIGGER ice_time_aggregates_delete AFTER DELETE ON ice_time
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ice_time_aggregates_sync();
CREATE TRIGGER ice_time_aggregates_truncate AFTER TRUNCATE ON ice_time
    FOR EACH STATEMENT EXECUTE FUNCTION ice_time_aggregates_truncate();

-- Built from the rows as they are now (also on a second run).
TRUNCATE ice_time_daily, ice_time_coach_rollup;
INSERT INTO ice_time_daily
SELECT "uSkaterUUID", coalesce(date, '-infinity'::timestamp),
       coalesce("uSkaterConfig", '00000000-0000-0000-0000-000000000000'),
       coalesce(rink_id, '00000000-0000-0000-0000-000000000000'),
       count(*), sum(coalesce(ice_time, 0)), sum(coalesce(coach_time, 0)),
       sum(st_coached(ice_time, coach_time, skate_type)),
       sum(CASE WHEN st_is_group(skate_type) THEN coalesce(ice_time, 0) ELSE 0 END),
       sum(CASE WHEN st_is_off_ice(skate_type, rink_id) THEN coalesce(ice_time, 0) ELSE 0 END)
FROM ice_time
WHERE "uSkaterUUID" IS NOT NULL
GROUP BY 1, 2, 3, 4;
INSERT INTO ice_time_coach_rollup
SELECT "uSkaterUUID", coalesce(coach_id, '00000000-0000-0000-0000-000000000000'),
       count(*), count(*) FILTER (WHERE coach_time > 0), sum(coalesce(coach_time, 0))
FROM ice_time
WHERE "uSkaterUUID" IS NOT NULL
GROUP BY 1, 2;
ANALYZE ice_time_daily;
ANALYZE ice_time_coach_rollup;

-- +goose Down
DROP TRIGGER IF EXISTS ice_time_aggregates_truncate ON ice_time;
DROP TRIGGER IF EXISTS ice_time_aggregates_delete ON ice_time;
DROP TRIGGER IF EXISTS ice_time_aggregates_update ON ice_time;
DROP TRIGGER IF EXISTS ice_time_aggregates_insert ON ice_time;
DROP FUNCTION IF EXISTS ice_time_aggregates_truncate();
DROP FUNCTION IF EXISTS ice_time_aggregates_sync();
DROP TABLE IF EXISTS ice_time_coach_rollup;
DROP TABLE IF EXISTS ice_time_daily;
DROP FUNCTION IF EXISTS st_touch_session(bytea);
