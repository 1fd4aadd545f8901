-- Music library (issue 7): files in object storage that may exist without a
-- track row, so that a file and its row end up stored together or not at all.
--
-- A row is added here *before* an upload writes its object and removed in
-- the same transaction that inserts the track row; a track delete adds one
-- in the transaction that deletes the row, and removes it once the object is
-- gone. Whatever crashes or fails in between, the key stays listed and the
-- background sweep deletes the object later. Keys are never reused (each
-- holds a fresh track id), so a listed key never belongs to a live track.

-- +goose Up
CREATE TABLE IF NOT EXISTS m_storage_pending (
    storage_key varchar   NOT NULL PRIMARY KEY,
    reason      varchar   NOT NULL CONSTRAINT m_storage_pending_reason_check CHECK (reason IN ('upload', 'delete')),
    created_at  timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')
);
CREATE INDEX IF NOT EXISTS ix_m_storage_pending_created_at ON m_storage_pending (created_at);

-- The library lists a skater's tracks and playlists newest first.
CREATE INDEX IF NOT EXISTS ix_m_tracks_skater_created    ON m_tracks ("uSkaterUUID", created_at DESC, id);
CREATE INDEX IF NOT EXISTS ix_m_playlists_skater_created ON m_playlists ("uSkaterUUID", created_at DESC, id);

-- +goose Down
DROP INDEX IF EXISTS ix_m_playlists_skater_created;
DROP INDEX IF EXISTS ix_m_tracks_skater_created;
DROP TABLE IF EXISTS m_storage_pending;
