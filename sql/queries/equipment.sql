-- Boots, blades and boot+blade configurations of one skater. Minutes on a
-- piece of gear are on-ice minutes (off-ice sessions do not wear skates),
-- read from ice_time_rollup.

-- name: ListConfigs :many
-- LEFT JOINs: a configuration whose boot or blade is missing (possible in
-- databases the original wrote) is shown with null names, not dropped.
SELECT c."sConfigID", c.date_created, c."sActiveFlag", c."sConfigType",
       c."uSkaterBootsID", c."uSkaterBladesID",
       b."bootsName", b."bootsModel", bl."bladesName", bl."bladesModel",
       coalesce(r.ice_minutes - r.off_ice_minutes, 0)::bigint AS minutes
FROM "uSkateConfig" c
LEFT JOIN "uSkaterBoots" b ON b."bootsID" = c."uSkaterBootsID" AND b."uSkaterUUID" = c."uSkaterUUID"
LEFT JOIN "uSkaterBlades" bl ON bl."bladesID" = c."uSkaterBladesID" AND bl."uSkaterUUID" = c."uSkaterUUID"
LEFT JOIN ice_time_rollup r ON r."uSkaterUUID" = c."uSkaterUUID" AND r.config_key = c."sConfigID"
WHERE c."uSkaterUUID" = @skater
ORDER BY c.date_created DESC NULLS LAST, c."sConfigID";

-- name: ListBoots :many
SELECT b."bootsID", b.date_created, b."bootsName", b."bootsModel", b."bootsSize", b."bootsPurchaseAmount", b.retired_at,
       coalesce((SELECT sum(r.ice_minutes - r.off_ice_minutes)
                 FROM "uSkateConfig" c
                 JOIN ice_time_rollup r ON r."uSkaterUUID" = c."uSkaterUUID" AND r.config_key = c."sConfigID"
                 WHERE c."uSkaterUUID" = b."uSkaterUUID" AND c."uSkaterBootsID" = b."bootsID"), 0)::bigint AS minutes
FROM "uSkaterBoots" b
WHERE b."uSkaterUUID" = @skater
ORDER BY b.date_created DESC NULLS LAST, b."bootsID";

-- name: ListBlades :many
SELECT b."bladesID", b.date_created, b."bladesName", b."bladesModel", b."bladesSize", b."bladesPurchaseAmount", b.retired_at,
       coalesce((SELECT sum(r.ice_minutes - r.off_ice_minutes)
                 FROM "uSkateConfig" c
                 JOIN ice_time_rollup r ON r."uSkaterUUID" = c."uSkaterUUID" AND r.config_key = c."sConfigID"
                 WHERE c."uSkaterUUID" = b."uSkaterUUID" AND c."uSkaterBladesID" = b."bladesID"), 0)::bigint AS minutes,
       (SELECT count(*) FROM maintenance m
        WHERE m."uSkaterUUID" = b."uSkaterUUID" AND m."uSkaterBladesID" = b."bladesID")::bigint AS sharpenings
FROM "uSkaterBlades" b
WHERE b."uSkaterUUID" = @skater
ORDER BY b.date_created DESC NULLS LAST, b."bladesID";

-- name: InsertBoots :one
INSERT INTO "uSkaterBoots" ("bootsID", date_created, "bootsName", "bootsModel", "bootsSize",
                            "bootsPurchaseAmount", "uSkaterUUID", retired_at)
VALUES (gen_random_uuid(), @date_created, @name, sqlc.narg(model), sqlc.narg(size), sqlc.narg(amount), @skater,
        CASE WHEN @retired::boolean THEN now() END)
RETURNING "bootsID";

-- name: UpdateBoots :execrows
-- A NULL date_created keeps the stored one; retired_at keeps the first
-- retirement's time while the boots stay retired.
UPDATE "uSkaterBoots" SET date_created = coalesce(sqlc.narg(date_created), date_created), "bootsName" = @name, "bootsModel" = sqlc.narg(model),
    "bootsSize" = sqlc.narg(size), "bootsPurchaseAmount" = sqlc.narg(amount),
    retired_at = CASE WHEN @retired::boolean THEN coalesce(retired_at, now()) END
WHERE "bootsID" = @id AND "uSkaterUUID" = @skater;

-- name: InsertBlades :one
INSERT INTO "uSkaterBlades" ("bladesID", date_created, "bladesName", "bladesModel", "bladesSize",
                             "bladesPurchaseAmount", "uSkaterUUID", retired_at)
VALUES (gen_random_uuid(), @date_created, @name, sqlc.narg(model), sqlc.narg(size), sqlc.narg(amount), @skater,
        CASE WHEN @retired::boolean THEN now() END)
RETURNING "bladesID";

-- name: UpdateBlades :execrows
UPDATE "uSkaterBlades" SET date_created = coalesce(sqlc.narg(date_created), date_created), "bladesName" = @name, "bladesModel" = sqlc.narg(model),
    "bladesSize" = sqlc.narg(size), "bladesPurchaseAmount" = sqlc.narg(amount),
    retired_at = CASE WHEN @retired::boolean THEN coalesce(retired_at, now()) END
WHERE "bladesID" = @id AND "uSkaterUUID" = @skater;

-- name: GetBootsState :one
-- Whether the boots exist for this skater, and whether they are retired.
SELECT (retired_at IS NOT NULL)::boolean AS retired FROM "uSkaterBoots" WHERE "bootsID" = @id AND "uSkaterUUID" = @skater;

-- name: GetBladesState :one
SELECT (retired_at IS NOT NULL)::boolean AS retired FROM "uSkaterBlades" WHERE "bladesID" = @id AND "uSkaterUUID" = @skater;

-- name: InsertConfig :one
INSERT INTO "uSkateConfig" ("sConfigID", date_created, "uSkaterUUID", "uSkaterBladesID", "uSkaterBootsID",
                            "sConfigType", "sActiveFlag")
VALUES (gen_random_uuid(), now() AT TIME ZONE 'UTC', @skater, @blades_id, @boots_id, @config_type, 1)
RETURNING "sConfigID";

-- name: SetConfigFlag :execrows
-- sActiveFlag: 1 = in use, 0 = retired (the original's meaning).
UPDATE "uSkateConfig" SET "sActiveFlag" = @flag WHERE "sConfigID" = @id AND "uSkaterUUID" = @skater;

-- name: GetConfigState :one
SELECT "sActiveFlag" AS flag, "uSkaterBladesID" AS blades_id FROM "uSkateConfig"
WHERE "sConfigID" = @id AND "uSkaterUUID" = @skater;

-- name: SetActiveConfig :execrows
UPDATE "uSkaterConfig" SET "uSkaterComboIce" = sqlc.narg(config_id) WHERE "uSkaterUUID" = @skater;
