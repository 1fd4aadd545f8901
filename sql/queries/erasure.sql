-- Erasure of one user (issue 14, GDPR art. 17) or of one minor skater
-- profile (issue 15). Called in this order inside one transaction by
-- internal/erasure; children before parents, so that no step depends on a
-- cascade. Foreign keys that cascade from the profile or the account catch
-- anything a later migration adds. The "...OfSkater" steps are shared by
-- both erasures: a skater's data is erased by one path.

-- name: LockUserForErasure :one
SELECT id, "aLogin", "aEmail", "uSkaterUUID" FROM "uAuthTable" WHERE id = @user_id FOR UPDATE;

-- name: FindUserByLogin :one
SELECT id FROM "uAuthTable" WHERE "aLogin" = @login;

-- name: ErasureStorageKeys :many
SELECT storage_key::text FROM m_tracks WHERE "uSkaterUUID" = @skater AND storage_key IS NOT NULL;

-- name: ScrubAuditForErasure :execrows
-- The trail stays (security), without anything that identifies the person.
UPDATE auth_audit SET user_id = NULL, login = '', ip = '', user_agent = '', detail = '{}'::jsonb
WHERE user_id = @user_id OR (login <> '' AND lower(login) IN (lower(@login::text), lower(@email::text)));

-- name: DeleteRateLimitsForErasure :exec
DELETE FROM rate_limits WHERE bucket = ANY(@buckets::text[]);

-- name: UnlinkCoachFromUser :exec
UPDATE coaches SET "uSkaterUUID" = NULL WHERE "uSkaterUUID" = @skater;

-- name: UnlinkInvitesFromUser :exec
UPDATE invite_tokens SET created_by = NULL WHERE created_by = @user_id;

-- name: DeletePasswordResetsOfUser :exec
DELETE FROM password_reset_tokens WHERE user_id = @user_id;

-- name: DeleteAuthSessionsOfUser :exec
DELETE FROM auth_sessions WHERE user_id = @user_id;

-- name: DeleteInviteUsesOfUser :exec
DELETE FROM invite_uses WHERE user_id = @user_id;

-- name: DeleteRolesOfUser :exec
DELETE FROM user_roles WHERE user_id = @user_id;

-- name: DeletePlaylistTracksOfSkater :exec
DELETE FROM m_playlist_tracks
WHERE playlist_id IN (SELECT p.id FROM m_playlists p WHERE p."uSkaterUUID" = @skater)
   OR track_id IN (SELECT t.id FROM m_tracks t WHERE t."uSkaterUUID" = @skater);

-- name: DeletePlaylistsOfSkater :exec
DELETE FROM m_playlists WHERE "uSkaterUUID" = @skater;

-- name: DeleteTracksOfSkater :exec
DELETE FROM m_tracks WHERE "uSkaterUUID" = @skater;

-- name: DeleteImportLogOfSkater :exec
DELETE FROM e_import_log WHERE "uSkaterUUID" = @skater;

-- name: DeleteDeductionsOfSkater :exec
DELETE FROM e_deductions x
WHERE x."uSkaterUUID" = @skater
   OR x.entry_id IN (SELECT en.id FROM e_event_entries en WHERE en."uSkaterUUID" = @skater);

-- name: DeleteScores60OfSkater :exec
DELETE FROM e_scores_6_0 x
WHERE x."uSkaterUUID" = @skater
   OR x.entry_id IN (SELECT en.id FROM e_event_entries en WHERE en."uSkaterUUID" = @skater);

-- name: DeleteScoresCjsOfSkater :exec
DELETE FROM e_scores_cjs x
WHERE x."uSkaterUUID" = @skater
   OR x.entry_id IN (SELECT en.id FROM e_event_entries en WHERE en."uSkaterUUID" = @skater);

-- name: DeleteScoresIjsComponentsOfSkater :exec
DELETE FROM e_scores_ijs_components x
WHERE x."uSkaterUUID" = @skater
   OR x.entry_id IN (SELECT en.id FROM e_event_entries en WHERE en."uSkaterUUID" = @skater);

-- name: DeleteScoresIjsElementsOfSkater :exec
DELETE FROM e_scores_ijs_elements x
WHERE x."uSkaterUUID" = @skater
   OR x.entry_id IN (SELECT en.id FROM e_event_entries en WHERE en."uSkaterUUID" = @skater);

-- name: DeleteEntriesOfSkater :exec
DELETE FROM e_event_entries x
WHERE x."uSkaterUUID" = @skater OR x.event_id IN (SELECT e.id FROM e_events e WHERE e."uSkaterUUID" = @skater);

-- name: DeleteEventCostsOfSkater :exec
DELETE FROM e_event_costs x WHERE x.event_id IN (SELECT e.id FROM e_events e WHERE e."uSkaterUUID" = @skater);

-- name: DeleteEventsOfSkater :exec
DELETE FROM e_events WHERE "uSkaterUUID" = @skater;

-- name: DeleteTestsOfSkater :exec
DELETE FROM e_tests WHERE "uSkaterUUID" = @skater;

-- name: DeletePunchedSessionsOfSkater :exec
DELETE FROM punched_sessions x
WHERE x.punchcard_id IN (SELECT c.card_id FROM punch_cards c WHERE c."uSkaterUUID" = @skater)
   OR x.session_id IN (SELECT i.ice_time_id FROM ice_time i WHERE i."uSkaterUUID" = @skater);

-- name: DeletePunchCardsOfSkater :exec
DELETE FROM punch_cards WHERE "uSkaterUUID" = @skater;

-- name: DeleteJNotesOfSkater :exec
DELETE FROM j_notes WHERE "uSkaterUUID" = @skater;

-- name: DeleteJVideosOfSkater :exec
DELETE FROM j_videos WHERE "uSkaterUUID" = @skater;

-- name: DeleteClubMembersOfSkater :exec
DELETE FROM club_members WHERE "uSkaterUUID" = @skater;

-- name: DeleteClassesSchoolOfSkater :exec
DELETE FROM classes_school WHERE "uSkaterUUID" = @skater;

-- name: DeleteClassesCampOfSkater :exec
DELETE FROM classes_camp WHERE "uSkaterUUID" = @skater;

-- name: DeleteMaintenanceOfSkater :exec
DELETE FROM maintenance WHERE "uSkaterUUID" = @skater;

-- name: DeleteIceTimeOfSkater :exec
DELETE FROM ice_time WHERE "uSkaterUUID" = @skater;

-- name: DeleteIceTimeRollupOfSkater :exec
DELETE FROM ice_time_rollup WHERE "uSkaterUUID" = @skater;

-- name: DeleteUSkaterEquipmentOfSkater :exec
DELETE FROM "uSkaterEquipment" WHERE "uSkaterUUID" = @skater;

-- name: DeleteUSkateConfigOfSkater :exec
DELETE FROM "uSkateConfig" WHERE "uSkaterUUID" = @skater;

-- name: DeleteUSkaterBladesOfSkater :exec
DELETE FROM "uSkaterBlades" WHERE "uSkaterUUID" = @skater;

-- name: DeleteUSkaterBootsOfSkater :exec
DELETE FROM "uSkaterBoots" WHERE "uSkaterUUID" = @skater;

-- name: DeletePrivateCoachesOfSkater :exec
DELETE FROM coaches WHERE owner_skater = @skater;

-- name: DeletePrivateClubsOfSkater :exec
DELETE FROM club_directory WHERE owner_skater = @skater;

-- name: DeletePrivateRinksOfSkater :exec
DELETE FROM locations WHERE owner_skater = @skater;

-- name: DeleteProfileOfSkater :exec
DELETE FROM "uSkaterConfig" WHERE "uSkaterUUID" = @skater;

-- name: DeleteUserAccount :exec
DELETE FROM "uAuthTable" WHERE id = @user_id;

-- name: LockMinorForErasure :one
-- The minor profile, locked against a concurrent erasure, guardian
-- acceptance or guardian's account deletion, when the user guards it.
SELECT m.skater_uuid FROM minor_skaters m
WHERE m.skater_uuid = @skater
  AND EXISTS (SELECT 1 FROM skater_guardians g WHERE g.skater_uuid = m.skater_uuid AND g.guardian_user_id = @user_id)
FOR UPDATE OF m;

-- name: DeleteCoachGrantsOfSkater :exec
-- Coaches lose access at their next request (the session load checks the grant).
DELETE FROM coach_grants WHERE skater_uuid = @skater;

-- name: DeleteGuardianInvitesOfSkater :exec
DELETE FROM guardian_invites WHERE skater_uuid = @skater;

-- name: DeleteGuardianLinksOfSkater :exec
DELETE FROM skater_guardians WHERE skater_uuid = @skater;

-- name: DeleteMinorRecordOfSkater :exec
DELETE FROM minor_skaters WHERE skater_uuid = @skater;

-- name: ResetSessionsActingForSkater :exec
-- Sessions (of guardians and coaches) that acted for the skater act for
-- their user's own skater again.
UPDATE auth_sessions SET active_skater = NULL WHERE active_skater = @skater;
