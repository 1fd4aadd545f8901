-- Pooled lookup data every logged-in skater may use.

-- name: ListCoaches :many
-- The coach directory in table order (the "no coach" placeholder, row 1,
-- comes first), optionally one coach by id. Contact details are not
-- exposed; the federation ids are (the original's keys, a coach's public credentials).
-- Shared coaches and the viewer's own private ones; retired coaches only when
-- asked for by id (old records still name them).
SELECT coach_id, "coach_Fname", "coach_Lname", coach_rate, coach_ijs_id, coach_usfsa_id
FROM coaches
WHERE (sqlc.narg(coach_id)::uuid IS NULL OR coach_id = sqlc.narg(coach_id)::uuid)
  AND (owner_skater IS NULL OR owner_skater = sqlc.narg(viewer)::uuid)
  AND (retired_at IS NULL OR sqlc.narg(coach_id)::uuid IS NOT NULL)
ORDER BY id;

-- name: ListIceTypes :many
-- Free Style (Walk On) first (the frontend preselects the first entry, and
-- it was the first row of the original's table), then by name.
-- Retired types are left out.
SELECT ice_type_id, ice_type
FROM ice_type
WHERE retired_at IS NULL
ORDER BY (ice_type_id = 'dc812842-a9a9-4902-b680-361420baffe5') DESC, ice_type NULLS LAST, ice_type_id;
