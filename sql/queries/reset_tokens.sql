-- name: CreateResetToken :exec
INSERT INTO password_reset_tokens (token_sha256, user_id, created_at, expires_at, used)
VALUES (@digest, @user_id, now() AT TIME ZONE 'UTC', (now() AT TIME ZONE 'UTC') + interval '1 hour', false);

-- name: ConsumeResetToken :one
-- Single use, race-free: only one request can flip `used`.
UPDATE password_reset_tokens SET used = true
WHERE token_sha256 = @digest AND NOT used AND expires_at >= now() AT TIME ZONE 'UTC'
RETURNING user_id;

-- name: InvalidateResetTokens :exec
UPDATE password_reset_tokens SET used = true WHERE user_id = @user_id AND NOT used;
