-- Server-side state for the Go auth service: hashed one-time tokens,
-- revocable sessions, an audit trail, rate-limit counters and a record of
-- which user consumed which invite (auth.md §7, §8, §14). New columns and
-- tables use timestamptz; the original's naive-UTC columns are left as they
-- are.

-- +goose Up

-- Tokens are stored as sha256 of the secret, never the secret itself
-- (auth.md §8.1: the original kept them in plaintext). Existing tokens are
-- hashed in place and their plaintext erased; they keep working because the
-- service looks tokens up by sha256(presented token). "token" becomes
-- nullable: new rows carry only the hash.
ALTER TABLE invite_tokens
    ADD COLUMN IF NOT EXISTS token_sha256 bytea UNIQUE,
    ADD COLUMN IF NOT EXISTS revoked_at   timestamptz,
    ADD COLUMN IF NOT EXISTS note         text,      -- who it was made for, where it was handed out
    ALTER COLUMN token DROP NOT NULL;
UPDATE invite_tokens
   SET token_sha256 = sha256(convert_to(token, 'UTF8')), token = NULL
 WHERE token IS NOT NULL;
-- Every row must stay findable by hash, and a sha256 is 32 bytes.
ALTER TABLE invite_tokens
    DROP CONSTRAINT IF EXISTS invite_tokens_token_sha256_check,
    ADD CONSTRAINT invite_tokens_token_sha256_check
        CHECK (token_sha256 IS NOT NULL AND octet_length(token_sha256) = 32);

ALTER TABLE password_reset_tokens
    ADD COLUMN IF NOT EXISTS token_sha256 bytea UNIQUE,
    ALTER COLUMN token DROP NOT NULL;
UPDATE password_reset_tokens
   SET token_sha256 = sha256(convert_to(token, 'UTF8')), token = NULL
 WHERE token IS NOT NULL;
ALTER TABLE password_reset_tokens
    DROP CONSTRAINT IF EXISTS password_reset_tokens_token_sha256_check,
    ADD CONSTRAINT password_reset_tokens_token_sha256_check
        CHECK (token_sha256 IS NOT NULL AND octet_length(token_sha256) = 32);

-- Login sessions. The cookie carries a random id; only its sha256 is stored,
-- so a database leak does not yield usable cookies. public_id names a session
-- in APIs ("sign out that device") without revealing the secret.
CREATE TABLE IF NOT EXISTS auth_sessions (
    id_sha256    bytea PRIMARY KEY,
    public_id    uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    user_id      integer NOT NULL REFERENCES "uAuthTable" (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    user_agent   text NOT NULL DEFAULT '',
    ip           text NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS auth_sessions_user_idx    ON auth_sessions (user_id);
CREATE INDEX IF NOT EXISTS auth_sessions_expires_idx ON auth_sessions (expires_at);  -- expiry sweeps

-- Security-relevant events (logins, failures, resets, invite use). user_id is
-- kept NULL rather than cascading so the trail survives a deleted account;
-- login holds the identifier that was tried when no user matched.
CREATE TABLE IF NOT EXISTS auth_audit (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    event       text NOT NULL,
    user_id     integer REFERENCES "uAuthTable" (id) ON DELETE SET NULL,
    login       text NOT NULL DEFAULT '',
    ip          text NOT NULL DEFAULT '',
    user_agent  text NOT NULL DEFAULT '',
    detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS auth_audit_occurred_idx ON auth_audit (occurred_at DESC);
CREATE INDEX IF NOT EXISTS auth_audit_user_idx     ON auth_audit (user_id);

-- Fixed-window counters shared by all server processes (e.g. bucket
-- 'login:ip:203.0.113.7'); a row is reset when its window has passed.
CREATE TABLE IF NOT EXISTS rate_limits (
    bucket       text PRIMARY KEY,
    window_start timestamptz NOT NULL,
    hits         integer NOT NULL
);

-- The original only counted invite uses (auth.md §7.1); this records who.
CREATE TABLE IF NOT EXISTS invite_uses (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invite_id integer NOT NULL REFERENCES invite_tokens (id) ON DELETE CASCADE,
    user_id   integer NOT NULL REFERENCES "uAuthTable" (id) ON DELETE CASCADE,
    used_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS invite_uses_invite_idx ON invite_uses (invite_id);
CREATE INDEX IF NOT EXISTS invite_uses_user_idx   ON invite_uses (user_id);

-- +goose Down
DROP TABLE IF EXISTS invite_uses, rate_limits, auth_audit, auth_sessions;

-- The plaintext of hashed tokens is gone for good. To give "token" back its
-- NOT NULL UNIQUE shape without deleting rows (use counts, who created an
-- invite), such rows get the hex of their hash: 64 characters, unique, and
-- not a value anyone can present, so those tokens stop working after a
-- downgrade and must be reissued.
UPDATE password_reset_tokens SET token = encode(token_sha256, 'hex') WHERE token IS NULL;
ALTER TABLE password_reset_tokens
    DROP CONSTRAINT IF EXISTS password_reset_tokens_token_sha256_check,
    ALTER COLUMN token SET NOT NULL,
    DROP COLUMN IF EXISTS token_sha256;

UPDATE invite_tokens SET token = encode(token_sha256, 'hex') WHERE token IS NULL;
ALTER TABLE invite_tokens
    DROP CONSTRAINT IF EXISTS invite_tokens_token_sha256_check,
    ALTER COLUMN token SET NOT NULL,
    DROP COLUMN IF EXISTS note,
    DROP COLUMN IF EXISTS revoked_at,
    DROP COLUMN IF EXISTS token_sha256;
