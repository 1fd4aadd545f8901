-- name: ListRinks :many
-- Rinks ordered by name then id. A NULL state matches the text "none", as in
-- the original. Shared rinks and the viewer's own private ones (a logged-in
-- caller); retired rinks only when asked for by id.
SELECT rink_id, rink_name, rink_address, rink_city, rink_state, rink_country,
       rink_zip, rink_url, rink_phone, rink_tz, data_source, date_created
FROM locations
WHERE (sqlc.narg(state)::text IS NULL OR lower(coalesce(rink_state, 'none')) = lower(sqlc.narg(state)::text))
  AND (sqlc.narg(rink_id)::uuid IS NULL OR rink_id = sqlc.narg(rink_id)::uuid)
  AND (owner_skater IS NULL OR owner_skater = sqlc.narg(viewer)::uuid)
  AND (retired_at IS NULL OR sqlc.narg(rink_id)::uuid IS NOT NULL)
ORDER BY rink_name NULLS LAST, rink_id;

-- name: ListClubs :many
-- Shared clubs that are not retired, and the viewer's own private ones.
SELECT club_id, club_name
FROM club_directory
WHERE retired_at IS NULL AND (owner_skater IS NULL OR owner_skater = sqlc.narg(viewer)::uuid)
ORDER BY club_name NULLS LAST, club_id;

-- name: Ping :one
SELECT 1::int AS ok;
