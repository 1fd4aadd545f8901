-- name: CreateSession :one
INSERT INTO auth_sessions (id_sha256, user_id, expires_at, user_agent, ip)
VALUES (@id_sha256, @user_id, @expires_at, @user_agent, @ip)
RETURNING public_id, created_at;

-- name: LoadSession :one
-- Everything a request needs of its session in one round trip: the live
-- session (not past its absolute end, used within the idle timeout), its
-- user and skater, whether the user's own skater has a profile, the user's
-- roles, the skater the session was switched to with what the family rule
-- says of it now (active_relation, '' = none or no longer permitted; see
-- docs/families.md), and the zone of the skater the request acts for. The
-- idle clock is written by the same statement, at most once a minute per
-- session: st_touch_session (00010) runs only when the row read is a minute
-- old. Nothing is cached in the process: a revoked session, grant or role
-- fails the very next request on every replica.
SELECT s.public_id, s.user_id, u."uSkaterUUID",
       (own."uSkaterUUID" IS NOT NULL)::boolean AS onboarded,
       coalesce(acting."uSkaterTZ", '')::text AS tz,
       coalesce((SELECT array_agg(lower(r.name) ORDER BY lower(r.name))
                 FROM user_roles ur JOIN role r ON r.id = ur.role_id
                 WHERE ur.user_id = s.user_id), '{}')::text[] AS roles,
       s.active_skater, coalesce(rel.relation, '')::text AS active_relation,
       coalesce(CASE WHEN s.last_seen_at < now() - interval '1 minute' THEN st_touch_session(s.id_sha256) END, false)::boolean AS touched
FROM auth_sessions s
JOIN "uAuthTable" u ON u.id = s.user_id
LEFT JOIN "uSkaterConfig" own ON own."uSkaterUUID" = u."uSkaterUUID"
-- skater_relation_of (00015) is inlined here and planned with the statement;
-- OFFSET 0 keeps it a subquery evaluated once per row (not pulled up into
-- both uses of rel.relation).
CROSS JOIN LATERAL (SELECT f.relation FROM skater_relation_of(s.user_id, s.active_skater) AS f(relation) OFFSET 0) rel
LEFT JOIN "uSkaterConfig" acting ON acting."uSkaterUUID" =
    CASE WHEN rel.relation IS NOT NULL THEN s.active_skater ELSE u."uSkaterUUID" END
WHERE s.id_sha256 = @id_sha256 AND s.expires_at > now()
  AND s.last_seen_at > now() - make_interval(secs => @idle_seconds::float8);

-- name: DeleteSession :exec
DELETE FROM auth_sessions WHERE id_sha256 = @id_sha256;

-- name: DeleteUserSessions :execrows
DELETE FROM auth_sessions WHERE user_id = @user_id;

-- name: DeleteOtherUserSessions :execrows
DELETE FROM auth_sessions WHERE user_id = @user_id AND id_sha256 <> @keep_sha256;

-- name: DeleteUserSessionByPublicID :execrows
DELETE FROM auth_sessions WHERE user_id = @user_id AND public_id = @public_id;

-- name: ListUserSessions :many
SELECT public_id, created_at, last_seen_at, expires_at, user_agent, ip
FROM auth_sessions
WHERE user_id = @user_id AND expires_at > now()
  AND last_seen_at > now() - make_interval(secs => @idle_seconds::float8)
ORDER BY created_at DESC, public_id;

-- name: DeleteDeadSessions :execrows
DELETE FROM auth_sessions
WHERE expires_at <= now() OR last_seen_at <= now() - make_interval(secs => @idle_seconds::float8);
