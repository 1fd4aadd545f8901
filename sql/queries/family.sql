-- Families and coaches (internal/family).

-- name: SkaterRelation :one
-- How a user may act for a skater other than their own ('' = not at all).
SELECT coalesce(skater_relation(@user_id::int, @skater::uuid), '')::text AS relation;

-- name: CreateMinorSkater :exec
INSERT INTO minor_skaters (skater_uuid, date_of_birth, created_by)
VALUES (@skater, @date_of_birth, @created_by);

-- name: AddGuardian :execrows
INSERT INTO skater_guardians (skater_uuid, guardian_user_id, added_by)
VALUES (@skater, @guardian_user_id, @added_by)
ON CONFLICT DO NOTHING;

-- name: ListActableSkaters :many
-- Every skater other than their own that a user may act for, with the
-- relation and the name; a skater both guarded and coached is listed once,
-- as guardian. Coached students count only while the user holds the coach role.
SELECT p."uSkaterUUID"::uuid AS skater, p."uSkaterFname" AS first_name, p."uSkaterLname" AS last_name,
       m.date_of_birth AS date_of_birth, skater_relation(@user_id::int, p."uSkaterUUID")::text AS relation
FROM "uSkaterConfig" p
LEFT JOIN minor_skaters m ON m.skater_uuid = p."uSkaterUUID"
WHERE p."uSkaterUUID" IN (
        SELECT g.skater_uuid FROM skater_guardians g WHERE g.guardian_user_id = @user_id::int
        UNION
        SELECT c.skater_uuid FROM coach_grants c WHERE c.coach_user_id = @user_id::int)
  AND skater_relation(@user_id::int, p."uSkaterUUID") IS NOT NULL
ORDER BY relation DESC, p."uSkaterFname", p."uSkaterUUID";

-- name: GetSkaterName :one
SELECT "uSkaterFname" AS first_name, "uSkaterLname" AS last_name
FROM "uSkaterConfig" WHERE "uSkaterUUID" = @skater;

-- name: IsMinorSkater :one
SELECT EXISTS (SELECT 1 FROM minor_skaters WHERE skater_uuid = @skater)::boolean;

-- name: SetSessionActiveSkater :execrows
UPDATE auth_sessions SET active_skater = sqlc.narg(active_skater)
WHERE id_sha256 = @id_sha256;

-- name: CreateGuardianInvite :one
INSERT INTO guardian_invites (token_sha256, skater_uuid, created_by, expires_at)
VALUES (@token_sha256, @skater, @created_by, @expires_at)
RETURNING id, expires_at;

-- name: LockMinorOfInvite :one
-- Takes the invite's minor record first (a key-share lock: acceptances do not
-- wait for each other), in the order a minor erasure locks, so an erasure
-- running at the same moment is waited for instead of deadlocking; after
-- it, the invite is gone.
SELECT m.skater_uuid FROM minor_skaters m
JOIN guardian_invites i ON i.skater_uuid = m.skater_uuid
WHERE i.token_sha256 = @token_sha256
FOR KEY SHARE OF m;

-- name: UseGuardianInvite :one
-- Consumes a live invite exactly once (concurrent acceptances: one wins).
UPDATE guardian_invites SET used_by = @user_id, used_at = now()
WHERE token_sha256 = @token_sha256 AND used_at IS NULL AND expires_at > now()
RETURNING id, skater_uuid;

-- name: GuardiansOf :many
SELECT guardian_user_id FROM skater_guardians WHERE skater_uuid = @skater ORDER BY guardian_user_id;

-- name: LockGuardedMinors :many
-- Locks the minor profiles the user guards, so that two guardians of one
-- child deleting their accounts at once cannot both see the other and
-- leave the child without a guardian (the second waits, then sees it is
-- the only one).
SELECT m.skater_uuid FROM minor_skaters m
JOIN skater_guardians g ON g.skater_uuid = m.skater_uuid
WHERE g.guardian_user_id = @user_id
ORDER BY m.skater_uuid
FOR UPDATE OF m;

-- name: SoleGuardianSkaters :many
-- The skaters for whom the user is the only guardian.
SELECT g.skater_uuid FROM skater_guardians g
WHERE g.guardian_user_id = @user_id
  AND NOT EXISTS (SELECT 1 FROM skater_guardians o
                  WHERE o.skater_uuid = g.skater_uuid AND o.guardian_user_id <> g.guardian_user_id)
ORDER BY g.skater_uuid;

-- name: RemoveGuardianLinks :execrows
DELETE FROM skater_guardians WHERE guardian_user_id = @user_id;

-- name: FindCoachCandidates :many
-- Users matching a login or e-mail (exact first, then without regard to
-- case), with whether they hold the coach role.
SELECT u.id, u."aLogin", u."aEmail",
       ("aLogin" = @ident::text OR "aEmail" = @ident::text)::boolean AS exact,
       EXISTS (SELECT 1 FROM user_roles ur JOIN role r ON r.id = ur.role_id
               WHERE ur.user_id = u.id AND lower(r.name) = 'coach')::boolean AS is_coach
FROM "uAuthTable" u
WHERE "aLogin" = @ident::text OR "aEmail" = @ident::text
   OR lower("aLogin") = lower(@ident::text) OR lower("aEmail") = lower(@ident::text)
ORDER BY exact DESC, u.id
LIMIT 3;

-- name: CreateCoachGrant :one
INSERT INTO coach_grants (skater_uuid, coach_user_id, granted_by)
VALUES (@skater, @coach_user_id, @granted_by)
ON CONFLICT ON CONSTRAINT coach_grants_once DO NOTHING
RETURNING id, created_at;

-- name: ListCoachGrants :many
-- A skater's grants; with only_coach set, just that coach's own grant.
SELECT c.id, c.created_at, u."aLogin" AS coach_login,
       p."uSkaterFname" AS coach_first_name, p."uSkaterLname" AS coach_last_name
FROM coach_grants c
JOIN "uAuthTable" u ON u.id = c.coach_user_id
LEFT JOIN "uSkaterConfig" p ON p."uSkaterUUID" = u."uSkaterUUID"
WHERE c.skater_uuid = @skater
  AND (sqlc.narg(only_coach)::int IS NULL OR c.coach_user_id = sqlc.narg(only_coach)::int)
ORDER BY c.created_at, c.id;

-- name: DeleteCoachGrant :one
DELETE FROM coach_grants WHERE id = @id AND skater_uuid = @skater
RETURNING coach_user_id;

-- name: ListGuardianInvites :many
-- The pending (unused, unexpired) guardian invites of a skater; never the token.
SELECT i.id, i.created_at, i.expires_at, coalesce(u."aLogin", '')::text AS created_by_login
FROM guardian_invites i
LEFT JOIN "uAuthTable" u ON u.id = i.created_by
WHERE i.skater_uuid = @skater AND i.used_at IS NULL AND i.expires_at > now()
ORDER BY i.created_at, i.id;

-- name: RevokeGuardianInvite :one
-- Deletes an unused invite of a skater the user guards: its token then
-- answers like an unknown one.
DELETE FROM guardian_invites i
WHERE i.id = @id AND i.used_at IS NULL
  AND EXISTS (SELECT 1 FROM skater_guardians g WHERE g.skater_uuid = i.skater_uuid AND g.guardian_user_id = @user_id)
RETURNING i.skater_uuid;
