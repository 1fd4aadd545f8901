-- Reference data administration (issue 14): rinks, coaches, clubs, ice
-- types and event types. Rows are retired, never deleted. owner_skater NULL
-- = shared; otherwise private to that skater (see migration 00012).

-- name: AdminListRinks :many
SELECT * FROM locations ORDER BY owner_skater NULLS FIRST, rink_name NULLS LAST, rink_id;

-- name: GetRinkEntry :one
SELECT * FROM locations WHERE rink_id = @rink_id;

-- name: InsertRinkEntry :one
INSERT INTO locations (rink_id, rink_name, rink_address, rink_city, rink_state, rink_country, rink_zip,
    rink_url, rink_phone, rink_tz, data_source, date_created, owner_skater)
VALUES (coalesce(sqlc.narg(rink_id)::uuid, gen_random_uuid()), @rink_name, sqlc.narg(rink_address),
    sqlc.narg(rink_city), sqlc.narg(rink_state), sqlc.narg(rink_country), @rink_zip, sqlc.narg(rink_url),
    sqlc.narg(rink_phone), sqlc.narg(rink_tz), sqlc.narg(data_source),
    coalesce(sqlc.narg(date_created)::timestamp, now() AT TIME ZONE 'UTC'), sqlc.narg(owner_skater))
RETURNING *;

-- name: UpdateRinkEntry :one
UPDATE locations SET rink_name = @rink_name, rink_address = sqlc.narg(rink_address), rink_city = sqlc.narg(rink_city),
    rink_state = sqlc.narg(rink_state), rink_country = sqlc.narg(rink_country), rink_zip = @rink_zip,
    rink_url = sqlc.narg(rink_url), rink_phone = sqlc.narg(rink_phone), rink_tz = sqlc.narg(rink_tz)
WHERE rink_id = @rink_id
RETURNING *;

-- name: SetRinkRetired :one
UPDATE locations SET retired_at = CASE WHEN @retired::boolean THEN coalesce(retired_at, now()) END
WHERE rink_id = @rink_id
RETURNING *;

-- name: PromoteRinkEntry :one
UPDATE locations SET owner_skater = NULL WHERE rink_id = @rink_id RETURNING *;

-- name: CountPrivateRinks :one
SELECT count(*) FROM locations WHERE owner_skater = @skater;

-- name: AdminListCoaches :many
SELECT * FROM coaches ORDER BY owner_skater NULLS FIRST, id;

-- name: GetCoachEntry :one
SELECT * FROM coaches WHERE coach_id = @coach_id;

-- name: InsertCoachEntry :one
INSERT INTO coaches (coach_id, "coach_Fname", "coach_Lname", coach_rate, coach_usfsa_id, coach_ijs_id,
    coach_phone, coach_email, "uSkaterUUID", owner_skater)
VALUES (coalesce(sqlc.narg(coach_id)::uuid, gen_random_uuid()), @first_name, @last_name, sqlc.narg(rate),
    sqlc.narg(usfsa_id), sqlc.narg(ijs_id), sqlc.narg(phone), sqlc.narg(email), sqlc.narg(user_skater),
    sqlc.narg(owner_skater))
RETURNING *;

-- name: UpdateCoachEntry :one
UPDATE coaches SET "coach_Fname" = @first_name, "coach_Lname" = @last_name, coach_rate = sqlc.narg(rate),
    coach_usfsa_id = sqlc.narg(usfsa_id), coach_ijs_id = sqlc.narg(ijs_id), coach_phone = sqlc.narg(phone),
    coach_email = sqlc.narg(email)
WHERE coach_id = @coach_id
RETURNING *;

-- name: SetCoachRetired :one
UPDATE coaches SET retired_at = CASE WHEN @retired::boolean THEN coalesce(retired_at, now()) END
WHERE coach_id = @coach_id
RETURNING *;

-- name: PromoteCoachEntry :one
UPDATE coaches SET owner_skater = NULL WHERE coach_id = @coach_id RETURNING *;

-- name: CountPrivateCoaches :one
SELECT count(*) FROM coaches WHERE owner_skater = @skater;

-- name: AdminListClubs :many
SELECT * FROM club_directory ORDER BY owner_skater NULLS FIRST, club_name NULLS LAST, club_id;

-- name: GetClubEntry :one
SELECT * FROM club_directory WHERE club_id = @club_id;

-- name: InsertClubEntry :one
INSERT INTO club_directory (club_id, club_name, club_home_rink, club_cost, owner_skater)
VALUES (coalesce(sqlc.narg(club_id)::uuid, gen_random_uuid()), @club_name, sqlc.narg(home_rink),
    sqlc.narg(cost), sqlc.narg(owner_skater))
RETURNING *;

-- name: UpdateClubEntry :one
UPDATE club_directory SET club_name = @club_name, club_home_rink = sqlc.narg(home_rink), club_cost = sqlc.narg(cost)
WHERE club_id = @club_id
RETURNING *;

-- name: SetClubRetired :one
UPDATE club_directory SET retired_at = CASE WHEN @retired::boolean THEN coalesce(retired_at, now()) END
WHERE club_id = @club_id
RETURNING *;

-- name: PromoteClubEntry :one
UPDATE club_directory SET owner_skater = NULL WHERE club_id = @club_id RETURNING *;

-- name: AdminListIceTypes :many
SELECT * FROM ice_type ORDER BY ice_type NULLS LAST, ice_type_id;

-- name: InsertIceTypeEntry :one
INSERT INTO ice_type (ice_type_id, ice_type) VALUES (coalesce(sqlc.narg(ice_type_id)::uuid, gen_random_uuid()), @name)
RETURNING *;

-- name: UpdateIceTypeEntry :one
UPDATE ice_type SET ice_type = @name WHERE ice_type_id = @ice_type_id RETURNING *;

-- name: SetIceTypeRetired :one
UPDATE ice_type SET retired_at = CASE WHEN @retired::boolean THEN coalesce(retired_at, now()) END
WHERE ice_type_id = @ice_type_id
RETURNING *;

-- name: IceTypeNameTaken :one
SELECT EXISTS (SELECT 1 FROM ice_type WHERE lower(ice_type) = lower(@name)
               AND ice_type_id IS DISTINCT FROM sqlc.narg(except_id)::uuid)::boolean;

-- name: AdminListEventTypes :many
SELECT t.id, t.category, t.scoring_system, coalesce(t.single_mark, false)::boolean AS single_mark,
       gb.short_name AS governing_body, gb.full_name AS governing_body_name, t.retired_at
FROM e_event_types t
LEFT JOIN e_governing_bodies gb ON gb.id = t.governing_body_id
WHERE sqlc.narg(id)::uuid IS NULL OR t.id = sqlc.narg(id)::uuid
ORDER BY t.category, t.scoring_system NULLS FIRST, gb.short_name NULLS FIRST, t.id;

-- name: InsertEventTypeEntry :one
INSERT INTO e_event_types (id, category, scoring_system, governing_body_id, single_mark)
VALUES (gen_random_uuid(), @category, sqlc.narg(scoring_system), @governing_body_id, @single_mark)
RETURNING id;

-- name: UpdateEventTypeEntry :execrows
UPDATE e_event_types SET category = @category, scoring_system = sqlc.narg(scoring_system),
    governing_body_id = @governing_body_id, single_mark = @single_mark
WHERE id = @id;

-- name: SetEventTypeRetired :execrows
UPDATE e_event_types SET retired_at = CASE WHEN @retired::boolean THEN coalesce(retired_at, now()) END
WHERE id = @id;

-- name: EventTypeTaken :one
-- Another type with the same category, scoring system and body.
SELECT EXISTS (SELECT 1 FROM e_event_types
               WHERE lower(category) = lower(@category)
                 AND scoring_system IS NOT DISTINCT FROM sqlc.narg(scoring_system)::text
                 AND governing_body_id = @governing_body_id
                 AND coalesce(single_mark, false) = @single_mark
                 AND id IS DISTINCT FROM sqlc.narg(except_id)::uuid)::boolean;
