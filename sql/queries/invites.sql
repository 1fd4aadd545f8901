-- name: InviteUsable :one
-- Validity as the original intended (auth.md §7.3), compared in UTC.
SELECT EXISTS (
    SELECT 1 FROM invite_tokens
    WHERE token_sha256 = @digest AND revoked_at IS NULL
      AND (max_uses <= 0 OR use_count < max_uses)
      AND (expires_at IS NULL OR expires_at >= now() AT TIME ZONE 'UTC')
)::boolean;

-- name: ConsumeInvite :one
-- Atomic: the row lock makes concurrent registrations wait, and the
-- re-checked WHERE lets exactly as many through as uses remain.
UPDATE invite_tokens SET use_count = use_count + 1
WHERE token_sha256 = @digest AND revoked_at IS NULL
  AND (max_uses <= 0 OR use_count < max_uses)
  AND (expires_at IS NULL OR expires_at >= now() AT TIME ZONE 'UTC')
RETURNING id;

-- name: RecordInviteUse :exec
INSERT INTO invite_uses (invite_id, user_id) VALUES (@invite_id, @user_id);

-- name: CreateInvite :one
INSERT INTO invite_tokens (token_sha256, created_by, created_at, expires_at, max_uses, use_count, note)
VALUES (@digest, sqlc.narg(created_by), now() AT TIME ZONE 'UTC', sqlc.narg(expires_at), @max_uses, 0, sqlc.narg(note))
RETURNING id, created_at, expires_at, max_uses, use_count, revoked_at, note, created_by;

-- name: ListInvites :many
SELECT id, created_at, expires_at, max_uses, use_count, revoked_at, note, created_by
FROM invite_tokens ORDER BY id DESC;

-- name: RevokeInvite :execrows
UPDATE invite_tokens SET revoked_at = now() WHERE id = @id AND revoked_at IS NULL;

-- name: InviteExists :one
SELECT EXISTS (SELECT 1 FROM invite_tokens WHERE id = @id)::boolean;
