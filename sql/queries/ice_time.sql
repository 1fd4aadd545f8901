-- The session log: one row of ice_time per session, stored at the UTC
-- instant of 00:00 of the skater's chosen day in the skater's zone.

-- name: ListIceSessionsInWindow :many
-- Sessions in [start_at, end_at), newest first (ties: newest id first).
SELECT * FROM ice_session_rows
WHERE "uSkaterUUID" = @skater AND date >= @start_at AND date < @end_at
ORDER BY date DESC, ice_time_id DESC;

-- name: ListDatedIceSessionsBefore :many
-- One page of the history: dated sessions strictly before the keyset
-- (before_date, before_id) in the order date DESC, ice_time_id DESC.
SELECT * FROM ice_session_rows
WHERE "uSkaterUUID" = @skater AND date IS NOT NULL
  AND (date, ice_time_id) < (@before_date::timestamp, @before_id::int)
ORDER BY date DESC, ice_time_id DESC
LIMIT @max_rows;

-- name: ListUndatedIceSessionsBefore :many
-- The history's tail: sessions without a date (only the original wrote
-- those), newest id first.
SELECT * FROM ice_session_rows
WHERE "uSkaterUUID" = @skater AND date IS NULL AND ice_time_id < @before_id::int
ORDER BY ice_time_id DESC
LIMIT @max_rows;

-- name: GetIceSession :one
SELECT * FROM ice_session_rows WHERE ice_time_id = @id AND "uSkaterUUID" = @skater;

-- name: InsertIceSession :one
INSERT INTO ice_time (date, ice_time, ice_cost, skate_type, coach_time, coach_id, coach_cost,
                      has_video, has_notes, rink_id, "uSkaterUUID", "uSkaterConfig", "uSkaterType")
VALUES (@date, @ice_time, @ice_cost, @skate_type, @coach_time, @coach_id, @coach_cost,
        @has_video, @has_notes, @rink_id, @skater, sqlc.narg(config_id), @skater_type)
RETURNING ice_time_id;

-- name: UpdateIceSession :execrows
UPDATE ice_time SET date = @date, ice_time = @ice_time, ice_cost = @ice_cost, skate_type = @skate_type,
    coach_time = @coach_time, coach_id = @coach_id, coach_cost = @coach_cost, has_video = @has_video,
    has_notes = @has_notes, rink_id = @rink_id, "uSkaterConfig" = sqlc.narg(config_id)
WHERE ice_time_id = @id AND "uSkaterUUID" = @skater;

-- name: DeleteIceSession :execrows
DELETE FROM ice_time WHERE ice_time_id = @id AND "uSkaterUUID" = @skater;

-- name: IceSessionConfig :one
-- The configuration a session was logged with (NULL when none), for updates
-- that keep it.
SELECT "uSkaterConfig" AS config_id FROM ice_time WHERE ice_time_id = @id AND "uSkaterUUID" = @skater;

-- name: IceTypeExists :one
SELECT EXISTS (SELECT 1 FROM ice_type WHERE ice_type_id = @id)::boolean;
