-- Families and coaches (issue 15): guardians who manage skater profiles of
-- their children, coaches who read their students' training, and the active
-- skater a session acts for. Depends only on 00001–00008.
--
-- A minor profile is an ordinary "uSkaterConfig" row with its own skater id
-- and no login (no "uAuthTable" row points at it); minor_skaters marks it
-- and holds the date of birth, skater_guardians links it to the guardians.
-- Every permission is checked on every request against these tables (see
-- skater_relation below), so a revoked link ends at the next request on
-- every server process: nothing is cached.

-- +goose Up
CREATE TABLE IF NOT EXISTS minor_skaters (
    skater_uuid   uuid PRIMARY KEY REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE,
    date_of_birth date NOT NULL,
    created_by    integer REFERENCES "uAuthTable" (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- RESTRICT on the guardian: deleting a user who still guards a skater fails
-- instead of silently orphaning the child; account erasure must first hand
-- the child to another guardian or erase the child's profile
-- (family.ReleaseGuardian).
CREATE TABLE IF NOT EXISTS skater_guardians (
    skater_uuid      uuid NOT NULL REFERENCES minor_skaters (skater_uuid) ON DELETE CASCADE,
    guardian_user_id integer NOT NULL REFERENCES "uAuthTable" (id) ON DELETE RESTRICT,
    added_by         integer REFERENCES "uAuthTable" (id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (skater_uuid, guardian_user_id)
);
CREATE INDEX IF NOT EXISTS skater_guardians_user_idx ON skater_guardians (guardian_user_id);

-- An invitation for a second guardian, bound to one skater. Only the
-- SHA-256 of the token is stored, like every other token.
CREATE TABLE IF NOT EXISTS guardian_invites (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_sha256 bytea NOT NULL UNIQUE CHECK (octet_length(token_sha256) = 32),
    skater_uuid  uuid NOT NULL REFERENCES minor_skaters (skater_uuid) ON DELETE CASCADE,
    created_by   integer REFERENCES "uAuthTable" (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    used_by      integer REFERENCES "uAuthTable" (id) ON DELETE SET NULL,
    used_at      timestamptz
);
CREATE INDEX IF NOT EXISTS guardian_invites_skater_idx ON guardian_invites (skater_uuid);

-- Read access a skater (or a guardian for a minor) gave a coach. Revoking
-- deletes the row; the audit trail keeps the history.
CREATE TABLE IF NOT EXISTS coach_grants (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    skater_uuid   uuid NOT NULL REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE,
    coach_user_id integer NOT NULL REFERENCES "uAuthTable" (id) ON DELETE CASCADE,
    granted_by    integer REFERENCES "uAuthTable" (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT coach_grants_once UNIQUE (skater_uuid, coach_user_id)
);
CREATE INDEX IF NOT EXISTS coach_grants_coach_idx ON coach_grants (coach_user_id);

-- The skater the session acts for; NULL = the user's own. Not a foreign
-- key: whether the user may still act for it is decided on every request.
ALTER TABLE auth_sessions ADD COLUMN IF NOT EXISTS active_skater uuid;

-- The one permission rule, in one place so the session load can apply it in
-- the same query: how p_user may act for p_skater. 'guardian' (read and
-- write) through a guardian link; 'coach' (read only) through a grant while
-- the user still holds the coach role; NULL otherwise. The user's own skater
-- ('self') is decided by the caller, which knows it.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION skater_relation(p_user integer, p_skater uuid) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN p_skater IS NULL THEN NULL
        WHEN EXISTS (SELECT 1 FROM skater_guardians g
                     WHERE g.skater_uuid = p_skater AND g.guardian_user_id = p_user) THEN 'guardian'
        WHEN EXISTS (SELECT 1 FROM coach_grants c
                     JOIN user_roles ur ON ur.user_id = c.coach_user_id
                     JOIN role r ON r.id = ur.role_id AND lower(r.name) = 'coach'
                     WHERE c.skater_uuid = p_skater AND c.coach_user_id = p_user) THEN 'coach'
    END
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION IF EXISTS skater_relation(integer, uuid);
ALTER TABLE auth_sessions DROP COLUMN IF EXISTS active_skater;
DROP TABLE IF EXISTS coach_grants, guardian_invites, skater_guardians, minor_skaters;
