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

-- name: AddAuditAggregate :exec
-- Adds count refusals to the row of one bucket and window (created by the
-- first of them, on any replica).
INSERT INTO auth_audit AS a (event, login, ip, user_agent, detail, aggregate_key)
VALUES (@event, @login, @ip, @user_agent,
        jsonb_build_object('bucket', @bucket::text, 'count', @count::bigint, 'window_start', @window_start::timestamptz, 'last_at', now()),
        @aggregate_key)
ON CONFLICT (aggregate_key) WHERE aggregate_key IS NOT NULL DO UPDATE SET
    detail = a.detail || jsonb_build_object('count', COALESCE((a.detail->>'count')::bigint, 0) + @count::bigint, 'last_at', now());

-- name: PruneAudit :execrows
-- Deletes a batch of events older than the retention.
DELETE FROM auth_audit WHERE id IN (
    SELECT id FROM auth_audit WHERE occurred_at < now() - make_interval(secs => @older_than_seconds::float8) LIMIT @max_rows::int);
