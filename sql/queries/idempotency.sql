-- name: ClaimIdempotencyKey :one
-- Claims a key for a first request. An expired key, or one whose first
-- request died without answering (stale), is taken over; otherwise no row.
INSERT INTO idempotency_keys AS k (user_id, key) VALUES (@user_id, @key)
ON CONFLICT (user_id, key) DO UPDATE SET created_at = now(), fingerprint = NULL, status = NULL, content_type = NULL, body = NULL
WHERE k.created_at < now() - make_interval(secs => @expire_seconds::float8)
   OR (k.status IS NULL AND k.created_at < now() - make_interval(secs => @stale_seconds::float8))
RETURNING k.created_at;

-- name: GetIdempotencyKey :one
SELECT fingerprint, status, content_type, body FROM idempotency_keys WHERE user_id = @user_id AND key = @key;

-- name: CompleteIdempotencyKey :exec
UPDATE idempotency_keys SET fingerprint = @fingerprint, status = @status, content_type = @content_type, body = @body
WHERE user_id = @user_id AND key = @key;

-- name: ReleaseIdempotencyKey :exec
-- Forgets a claim whose request did not succeed: a retry runs again.
DELETE FROM idempotency_keys WHERE user_id = @user_id AND key = @key AND status IS NULL;

-- name: DeleteExpiredIdempotencyKeys :execrows
DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => @older_than_seconds::float8);
