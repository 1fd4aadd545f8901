-- name: ProfileExists :one
SELECT EXISTS (SELECT 1 FROM "uSkaterConfig" WHERE "uSkaterUUID" = @skater)::boolean;

-- name: CreateProfile :exec
INSERT INTO "uSkaterConfig" (date_created, "uSkaterUUID", "uSkaterFname", "uSkaterMname", "uSkaterLname",
    "uSkaterZip", "uSkaterCity", "uSkaterState", "uSkaterCountry", "uSkaterTZ", "uSkaterComboIce",
    "uSkaterRinkPref", "uSkaterMaintPref", "activeCoach", "org_Club", "org_USFSA_number", contact_preference)
VALUES (now() AT TIME ZONE 'UTC', @skater, @first_name, sqlc.narg(middle_name), @last_name,
    sqlc.narg(zip), sqlc.narg(city), sqlc.narg(state), sqlc.narg(country), @timezone, sqlc.narg(skate_config),
    sqlc.narg(rink_id), sqlc.narg(maint_pref), sqlc.narg(coach_id), sqlc.narg(club_id), sqlc.narg(usfsa_number), 'email');

-- name: CoachExists :one
-- Shared entries and the skater's own private ones; retired entries stay
-- usable, so an old record that names one can still be edited.
SELECT EXISTS (SELECT 1 FROM coaches WHERE coach_id = @id
               AND (owner_skater IS NULL OR owner_skater = @skater::uuid))::boolean;

-- name: RinkExists :one
-- Shared entries and the skater's own private ones; retired entries stay
-- usable, so an old record that names one can still be edited.
SELECT EXISTS (SELECT 1 FROM locations WHERE rink_id = @id
               AND (owner_skater IS NULL OR owner_skater = @skater::uuid))::boolean;

-- name: ClubExists :one
-- Shared entries and the skater's own private ones; retired entries stay
-- usable, so an old record that names one can still be edited.
SELECT EXISTS (SELECT 1 FROM club_directory WHERE club_id = @id
               AND (owner_skater IS NULL OR owner_skater = @skater::uuid))::boolean;

-- name: SkateConfigOwned :one
SELECT EXISTS (SELECT 1 FROM "uSkateConfig" WHERE "sConfigID" = @id AND "uSkaterUUID" = @skater)::boolean;
