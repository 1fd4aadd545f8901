-- name: FindUsersByIdentifier :many
-- Exact matches on aLogin, then aEmail, then matches without regard to case.
-- The caller accepts a case-insensitive match only when it is unambiguous.
SELECT id, "aLogin", "aEmail", "aPasswordHash", "uSkaterUUID",
       ("aLogin" = @ident::text OR "aEmail" = @ident::text)::boolean AS exact
FROM "uAuthTable"
WHERE "aLogin" = @ident::text OR "aEmail" = @ident::text
   OR lower("aLogin") = lower(@ident::text) OR lower("aEmail") = lower(@ident::text)
ORDER BY ("aLogin" = @ident::text) DESC, ("aEmail" = @ident::text) DESC, id
LIMIT 3;

-- name: FindUsersByEmail :many
SELECT id, "aEmail", ("aEmail" = @email::text)::boolean AS exact
FROM "uAuthTable"
WHERE lower("aEmail") = lower(@email::text)
ORDER BY ("aEmail" = @email::text) DESC, id
LIMIT 3;

-- name: GetUser :one
SELECT id, "aLogin", "aEmail", "aPasswordHash", "uSkaterUUID"
FROM "uAuthTable" WHERE id = $1;

-- name: UserTaken :one
-- Whether a login or email is in use, without regard to case.
SELECT EXISTS (
    SELECT 1 FROM "uAuthTable"
    WHERE lower("aLogin") IN (lower(@login::text), lower(@email::text))
       OR lower("aEmail") IN (lower(@login::text), lower(@email::text))
)::boolean;

-- name: LockIdentity :exec
-- Serialises registrations of the same login/email (case-insensitively)
-- until the transaction ends.
SELECT pg_advisory_xact_lock(hashtextextended(lower(@key::text), 7));

-- name: CreateUser :one
INSERT INTO "uAuthTable" ("aLogin", "aPasswordHash", "aEmail", phone_number, "uSkaterUUID",
                          fs_uniquifier, created_at, updated_at)
VALUES (@login, @password_hash, @email, sqlc.narg(phone), gen_random_uuid(),
        replace(gen_random_uuid()::text, '-', ''), now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
RETURNING id, "uSkaterUUID";

-- name: UpdatePasswordHash :exec
-- Also rotates fs_uniquifier, so the original service would drop sessions too.
UPDATE "uAuthTable"
SET "aPasswordHash" = @password_hash, updated_at = now() AT TIME ZONE 'UTC',
    fs_uniquifier = replace(gen_random_uuid()::text, '-', '')
WHERE id = @id;

-- name: UpgradePasswordHash :exec
-- Rehash at login: only when the stored hash is still the one verified.
UPDATE "uAuthTable" SET "aPasswordHash" = @new_hash
WHERE id = @id AND "aPasswordHash" = @old_hash;

-- name: AssignRoles :execrows
INSERT INTO user_roles (user_id, role_id)
SELECT @user_id::int, r.id FROM role r WHERE lower(r.name) = ANY(@names::text[])
ON CONFLICT ON CONSTRAINT uq_user_roles DO NOTHING;

-- name: CountRoles :one
SELECT count(DISTINCT lower(name))::int FROM role WHERE lower(name) = ANY(@names::text[]);

-- name: UserRoleNames :many
SELECT r.name FROM user_roles ur JOIN role r ON r.id = ur.role_id
WHERE ur.user_id = $1 ORDER BY r.name;

-- name: UserHasRole :one
SELECT EXISTS (
    SELECT 1 FROM user_roles ur JOIN role r ON r.id = ur.role_id
    WHERE ur.user_id = @user_id AND lower(r.name) = lower(@role::text)
)::boolean;

-- name: GrantRole :exec
INSERT INTO user_roles (user_id, role_id)
SELECT @user_id::int, r.id FROM role r WHERE lower(r.name) = lower(@role::text)
ON CONFLICT ON CONSTRAINT uq_user_roles DO NOTHING;
