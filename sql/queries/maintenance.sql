-- Blade sharpenings. m_date holds the calendar day at 00:00 (no zone);
-- m_hours_on holds MINUTES (the original's unit; the API speaks hours).

-- name: ListMaintenance :many
SELECT m.id, m.m_date, m.m_hours_on, m.m_cost, m.m_location, l.rink_name AS location_name,
       m.m_notes, m.m_roh, m."uSkaterBladesID" AS blades_id
FROM maintenance m
LEFT JOIN locations l ON l.rink_id = m.m_location
WHERE m."uSkaterUUID" = @skater
ORDER BY m.m_date DESC NULLS LAST, m.id DESC;

-- name: MaintenanceTotalCents :one
SELECT coalesce(sum(st_cents(m_cost)), 0)::bigint FROM maintenance WHERE "uSkaterUUID" = @skater;

-- name: LastSharpening :many
-- The day of the blade's latest sharpening (zero or one row).
SELECT m_date FROM maintenance
WHERE "uSkaterUUID" = @skater AND "uSkaterBladesID" = @blades_id AND m_date IS NOT NULL
ORDER BY m_date DESC
LIMIT 1;

-- name: BladeMinutesSince :one
-- On-ice minutes on configurations with this blade since an instant, from
-- ice_time_daily (one row per skated day and configuration).
SELECT coalesce(sum(d.ice_minutes - d.off_ice_minutes), 0)::bigint
FROM ice_time_daily d
JOIN "uSkateConfig" c ON c."sConfigID" = d.config_key AND c."uSkaterUUID" = d."uSkaterUUID"
WHERE d."uSkaterUUID" = sqlc.narg(skater) AND c."uSkaterBladesID" = @blades_id AND d.at >= sqlc.narg(since);

-- name: BladeMinutesLifetime :one
SELECT coalesce(sum(r.ice_minutes - r.off_ice_minutes), 0)::bigint
FROM "uSkateConfig" c
JOIN ice_time_rollup r ON r."uSkaterUUID" = c."uSkaterUUID" AND r.config_key = c."sConfigID"
WHERE c."uSkaterUUID" = @skater AND c."uSkaterBladesID" = @blades_id;

-- name: InsertMaintenance :one
INSERT INTO maintenance (m_date, m_hours_on, m_cost, m_location, m_notes, m_roh, m_pref_hours,
                         "uSkaterBladesID", "uSkaterConfig", "uSkaterUUID")
VALUES (@m_date, @minutes_on, @cost, sqlc.narg(location), sqlc.narg(notes), sqlc.narg(roh), sqlc.narg(pref_hours),
        @blades_id, sqlc.narg(config_id), @skater)
RETURNING id;

-- name: UpdateMaintenance :execrows
UPDATE maintenance SET m_date = @m_date, m_hours_on = @minutes_on, m_cost = @cost, m_location = sqlc.narg(location),
    m_notes = sqlc.narg(notes), m_roh = sqlc.narg(roh), "uSkaterBladesID" = @blades_id
WHERE id = @id AND "uSkaterUUID" = @skater;

-- name: DeleteMaintenance :execrows
DELETE FROM maintenance WHERE id = @id AND "uSkaterUUID" = @skater;

-- name: GetMaintenanceBlade :one
SELECT "uSkaterBladesID" AS blades_id FROM maintenance WHERE id = @id AND "uSkaterUUID" = @skater;
