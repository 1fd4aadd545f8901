-- Music library (issue 7): tracks, playlists, share links and the list of
-- storage objects awaiting clean-up. Every query of a skater's records is
-- scoped by the skater, so another skater's id simply matches nothing.

-- name: MusicProfileExists :one
SELECT EXISTS (SELECT 1 FROM "uSkaterConfig" WHERE "uSkaterUUID" = @skater::uuid) AS exists;

-- name: ListTracks :many
SELECT t.id, t.title, t.artist, t.duration_seconds, COALESCE(t.is_performance_cut, false)::boolean AS is_performance_cut,
       t.cut_duration_seconds, t.storage_key, t.clearance_status, t.clearance_provider, t.clearance_ref,
       t.apple_music_url, t.spotify_url, t.youtube_url, t.created_at
FROM m_tracks t
WHERE t."uSkaterUUID" = @skater::uuid
ORDER BY t.created_at DESC, t.id;

-- name: InsertTrack :one
INSERT INTO m_tracks (id, "uSkaterUUID", title, artist, duration_seconds, is_performance_cut, storage_key,
                      clearance_status, clearance_provider, clearance_ref, apple_music_url, spotify_url, youtube_url)
VALUES (@id, @skater, @title, sqlc.narg(artist), sqlc.narg(duration_seconds), @is_performance_cut, @storage_key,
        @clearance_status, sqlc.narg(clearance_provider), sqlc.narg(clearance_ref),
        sqlc.narg(apple_music_url), sqlc.narg(spotify_url), sqlc.narg(youtube_url))
RETURNING id, title, artist, duration_seconds, COALESCE(is_performance_cut, false)::boolean AS is_performance_cut,
          cut_duration_seconds, storage_key, clearance_status, clearance_provider, clearance_ref,
          apple_music_url, spotify_url, youtube_url, created_at;

-- name: TrackStorageKey :one
-- The file of one of the skater's tracks (NULL when the track has none).
SELECT storage_key FROM m_tracks WHERE id = @id::uuid AND "uSkaterUUID" = @skater::uuid;

-- name: PlaylistsWithTrack :many
SELECT DISTINCT pt.playlist_id FROM m_playlist_tracks pt WHERE pt.track_id = @track::uuid;

-- name: DeleteTrack :one
DELETE FROM m_tracks WHERE id = @id::uuid AND "uSkaterUUID" = @skater::uuid RETURNING storage_key;

-- name: UnshareEmptyPlaylists :exec
-- Playlists among ids that have no track left stop being shared.
UPDATE m_playlists p SET share_token = NULL
WHERE p.id = ANY(@ids::uuid[])
  AND p.share_token IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM m_playlist_tracks pt WHERE pt.playlist_id = p.id);

-- name: ListPlaylists :many
SELECT p.id, p.name, p.description, p.playlist_type, p.share_token, p.created_at,
       COALESCE((SELECT array_agg(pt.track_id ORDER BY pt.position, pt.track_id)
                 FROM m_playlist_tracks pt WHERE pt.playlist_id = p.id), '{}')::uuid[] AS track_ids
FROM m_playlists p
WHERE p."uSkaterUUID" = @skater::uuid
ORDER BY p.created_at DESC, p.id;

-- name: GetPlaylist :one
SELECT p.id, p.name, p.description, p.playlist_type, p.share_token, p.created_at,
       COALESCE((SELECT array_agg(pt.track_id ORDER BY pt.position, pt.track_id)
                 FROM m_playlist_tracks pt WHERE pt.playlist_id = p.id), '{}')::uuid[] AS track_ids
FROM m_playlists p
WHERE p.id = @id::uuid AND p."uSkaterUUID" = @skater::uuid;

-- name: CreatePlaylist :one
INSERT INTO m_playlists (id, "uSkaterUUID", name, description, playlist_type)
VALUES (@id, @skater, @name, sqlc.narg(description), @playlist_type)
RETURNING id;

-- name: UpdatePlaylist :execrows
-- Only the fields given (non-null) change.
UPDATE m_playlists
SET name          = COALESCE(sqlc.narg(name), name),
    description   = COALESCE(sqlc.narg(description), description),
    playlist_type = COALESCE(sqlc.narg(playlist_type), playlist_type)
WHERE id = @id::uuid AND "uSkaterUUID" = @skater::uuid;

-- name: DeletePlaylist :execrows
DELETE FROM m_playlists WHERE id = @id::uuid AND "uSkaterUUID" = @skater::uuid;

-- name: LockPlaylist :one
-- Serialises concurrent replacements of one playlist's tracks.
SELECT id FROM m_playlists WHERE id = @id::uuid AND "uSkaterUUID" = @skater::uuid FOR UPDATE;

-- name: LockOwnedTracks :many
-- The given tracks that belong to the skater, locked so that none is deleted
-- before the playlist refers to it.
SELECT id FROM m_tracks WHERE id = ANY(@ids::uuid[]) AND "uSkaterUUID" = @skater::uuid FOR SHARE;

-- name: ClearPlaylistTracks :exec
DELETE FROM m_playlist_tracks WHERE playlist_id = @playlist::uuid;

-- name: InsertPlaylistTracks :exec
-- The tracks in order: position is the 0-based index in ids.
INSERT INTO m_playlist_tracks (id, playlist_id, track_id, position)
SELECT gen_random_uuid(), @playlist::uuid, t.id, (t.ord - 1)::integer
FROM unnest(@ids::uuid[]) WITH ORDINALITY AS t(id, ord);

-- name: SharePlaylist :one
-- Keeps an existing token (idempotent, also under concurrent calls: the row
-- is locked by the UPDATE); sets new_token only when there is none.
UPDATE m_playlists SET share_token = COALESCE(share_token, @new_token::uuid)
WHERE id = @id::uuid AND "uSkaterUUID" = @skater::uuid
RETURNING share_token::uuid AS share_token;

-- name: RevokePlaylistShare :execrows
UPDATE m_playlists SET share_token = NULL WHERE id = @id::uuid AND "uSkaterUUID" = @skater::uuid;

-- name: SharedPlaylist :one
-- The playlist shared under token, with its owner's first name.
SELECT p.id, p.name, p.description, c."uSkaterFname" AS owner_first_name
FROM m_playlists p
LEFT JOIN "uSkaterConfig" c ON c."uSkaterUUID" = p."uSkaterUUID"
WHERE p.share_token = @token::uuid;

-- name: SharedPlaylistTracks :many
SELECT t.id, t.title, t.artist, t.duration_seconds, (t.storage_key IS NOT NULL)::boolean AS has_file
FROM m_playlist_tracks pt
JOIN m_tracks t ON t.id = pt.track_id
WHERE pt.playlist_id = @playlist::uuid
ORDER BY pt.position, pt.track_id;

-- name: SharedTrackStorageKey :one
-- The file of a track in the playlist shared under token.
SELECT t.storage_key
FROM m_playlists p
JOIN m_playlist_tracks pt ON pt.playlist_id = p.id
JOIN m_tracks t ON t.id = pt.track_id
WHERE p.share_token = @token::uuid AND t.id = @track::uuid;

-- name: AddPendingObject :exec
INSERT INTO m_storage_pending (storage_key, reason) VALUES (@storage_key, @reason)
ON CONFLICT (storage_key) DO NOTHING;

-- name: RemovePendingObject :exec
DELETE FROM m_storage_pending WHERE storage_key = @storage_key;

-- name: ListStalePendingObjects :many
-- Keys listed longer than the grace period (uploads still running are younger).
SELECT storage_key FROM m_storage_pending
WHERE created_at <= (now() AT TIME ZONE 'UTC') - make_interval(secs => @older_than_seconds::float8)
ORDER BY created_at
LIMIT @max_rows::int;

-- name: RemoveSweptObject :execrows
-- Forgets a swept key, unless a track row refers to it after all.
DELETE FROM m_storage_pending p
WHERE p.storage_key = @storage_key
  AND NOT EXISTS (SELECT 1 FROM m_tracks t WHERE t.storage_key = p.storage_key);

-- name: TrackReferencesKey :one
SELECT EXISTS (SELECT 1 FROM m_tracks WHERE storage_key = @storage_key) AS referenced;
