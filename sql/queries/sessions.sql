-- name: CreateSession :one
INSERT INTO auth_sessions (id_sha256, user_id, expires_at, user_agent, ip)
VALUES (@id_sha256, @user_id, @expires_at, @user_agent, @ip)
RETURNING public_id, created_at;

-- name: GetSession :one
-- A live session: not past its absolute end, used within the idle timeout.
-- active_relation applies the family permission rule to the skater the
-- session was switched to ('' = none, or no longer permitted).
SELECT s.public_id, s.user_id, s.created_at, s.last_seen_at, u."uSkaterUUID",
       s.active_skater, coalesce(skater_relation(s.user_id, s.active_skater), '')::text AS active_relation
FROM auth_sessions s JOIN "uAuthTable" u ON u.id = s.user_id
WHERE s.id_sha256 = @id_sha256 AND s.expires_at > now()
  AND s.last_seen_at > now() - make_interval(secs => @idle_seconds::float8);

-- name: TouchSession :exec
-- Throttled so a busy session writes at most once a minute.
UPDATE auth_sessions SET last_seen_at = now()
WHERE id_sha256 = @id_sha256 AND last_seen_at < now() - interval '1 minute';

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
