-- name: CreateSession :one
INSERT INTO auth_sessions (id_sha256, user_id, expires_at, user_agent, ip)
VALUES (@id_sha256, @user_id, @expires_at, @user_agent, @ip)
RETURNING public_id, created_at;

-- name: LoadSession :one
-- Everything a request needs of its session in one round trip: the live
-- session (not past its absolute end, used within the idle timeout), its
-- user and skater, whether the skater has a profile, the profile's zone and
-- the user's roles. The idle clock is written by the same statement, at
-- most once a minute per session: st_touch_session (00010) runs only when
-- the row read is a minute old. Nothing is cached in the process: a revoked
-- session fails the very next request on every replica.
SELECT s.public_id, s.user_id, u."uSkaterUUID",
       (p."uSkaterUUID" IS NOT NULL)::boolean AS onboarded,
       coalesce(p."uSkaterTZ", '')::text AS tz,
       coalesce((SELECT array_agg(lower(r.name) ORDER BY lower(r.name))
                 FROM user_roles ur JOIN role r ON r.id = ur.role_id
                 WHERE ur.user_id = s.user_id), '{}')::text[] AS roles,
       coalesce(CASE WHEN s.last_seen_at < now() - interval '1 minute' THEN st_touch_session(s.id_sha256) END, false)::boolean AS touched
FROM auth_sessions s
JOIN "uAuthTable" u ON u.id = s.user_id
LEFT JOIN "uSkaterConfig" p ON p."uSkaterUUID" = u."uSkaterUUID"
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
