-- Operations (issue 12): refusals aggregated in the audit trail, and the
-- Idempotency-Key store shared by every replica.

-- +goose Up
-- A rate-limited refusal is one row per bucket and window with a count
-- (detail.count), not one row per refused request: aggregate_key names the
-- bucket and window; ordinary events leave it NULL.
ALTER TABLE auth_audit ADD COLUMN IF NOT EXISTS aggregate_key text;
CREATE UNIQUE INDEX IF NOT EXISTS auth_audit_aggregate_key_idx ON auth_audit (aggregate_key) WHERE aggregate_key IS NOT NULL;

-- The first answer to a creating POST sent with an Idempotency-Key, per user,
-- kept 24 hours. status is NULL while the first request is still running
-- (a concurrent duplicate is refused with 409 meanwhile); fingerprint is the
-- SHA-256 of the method, route and body.
CREATE TABLE IF NOT EXISTS idempotency_keys (
    user_id      integer     NOT NULL REFERENCES "uAuthTable" (id) ON DELETE CASCADE,
    key          text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    fingerprint  bytea,
    status       integer,
    content_type text,
    body         bytea,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX IF NOT EXISTS idempotency_keys_created_idx ON idempotency_keys (created_at);

-- +goose Down
DROP TABLE IF EXISTS idempotency_keys;
DROP INDEX IF EXISTS auth_audit_aggregate_key_idx;
ALTER TABLE auth_audit DROP COLUMN IF EXISTS aggregate_key;
