-- name: InsertAudit :exec
INSERT INTO auth_audit (event, user_id, login, ip, user_agent, detail)
VALUES (@event, sqlc.narg(user_id), @login, @ip, @user_agent, @detail);

-- name: ListAudit :many
SELECT id, occurred_at, event, user_id, login, ip, user_agent, detail
FROM auth_audit
WHERE (sqlc.narg(before)::bigint IS NULL OR id < sqlc.narg(before)::bigint)
  AND (sqlc.narg(user_id)::int IS NULL OR user_id = sqlc.narg(user_id)::int)
  AND (sqlc.narg(event)::text IS NULL OR event = sqlc.narg(event)::text)
ORDER BY id DESC
LIMIT @max_rows;
