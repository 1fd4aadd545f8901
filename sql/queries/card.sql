-- Skater card (issue 5). A card is read with a fixed number of queries,
-- whatever the size of the history: every sum and count is taken here.

-- name: GetCardProfile :one
-- The profile row with the names it points at. Placeholders ("No Club",
-- the "no coach" coach) come back as ids so the caller can treat them as none.
SELECT c."uSkaterFname" AS first_name,
       c."uSkaterMname" AS middle_name,
       c."uSkaterLname" AS last_name,
       c."uSkaterCity" AS city,
       c."uSkaterState" AS state,
       c."uSkaterTZ" AS tz,
       c."org_USFSA_number" AS usfsa_number,
       c.contact_preference,
       c.share_token,
       c."org_Club" AS club_id,
       club.club_name,
       c."activeCoach" AS coach_id,
       co."coach_Fname" AS coach_first_name,
       co."coach_Lname" AS coach_last_name,
       rink.rink_name AS home_rink,
       boots."bootsName" AS boots_name,
       boots."bootsModel" AS boots_model,
       blades."bladesName" AS blades_name,
       blades."bladesModel" AS blades_model
FROM "uSkaterConfig" c
LEFT JOIN club_directory club ON club.club_id = c."org_Club"
LEFT JOIN coaches co ON co.coach_id = c."activeCoach"
LEFT JOIN locations rink ON rink.rink_id = c."uSkaterRinkPref"
-- only a configuration of the skater's own counts as theirs
LEFT JOIN "uSkateConfig" cfg ON cfg."sConfigID" = c."uSkaterComboIce" AND cfg."uSkaterUUID" = c."uSkaterUUID"
LEFT JOIN "uSkaterBoots" boots ON boots."bootsID" = cfg."uSkaterBootsID"
LEFT JOIN "uSkaterBlades" blades ON blades."bladesID" = cfg."uSkaterBladesID"
WHERE c."uSkaterUUID" = @skater::uuid;

-- name: GetCardTraining :one
-- Lifetime and recent-window sums without reading the session log:
-- lifetime from ice_time_rollup and ice_time_coach_rollup (a few rows per
-- skater), the window from ice_time_daily (one row per skated day and rink),
-- the first session from the (skater, date) index. The window is a
-- half-open range of naive-UTC instants [recent_start, recent_end). A
-- session with NULL minutes still counts as a session. Group minutes are
-- those of st_is_group (the Group Class type, card.GroupClassType).
SELECT life.sessions, life.ice_minutes, coach.coach_minutes, life.group_minutes,
       (SELECT min(i.date) FROM ice_time i WHERE i."uSkaterUUID" = @skater::uuid) AS first_session,
       coach.coaches,
       recent.sessions AS recent_sessions, recent.ice_minutes AS recent_ice_minutes,
       recent.coach_minutes AS recent_coach_minutes, recent.group_minutes AS recent_group_minutes,
       recent.rinks AS recent_rinks
FROM (SELECT coalesce(sum(r.sessions), 0)::bigint AS sessions,
             coalesce(sum(r.ice_minutes), 0)::bigint AS ice_minutes,
             coalesce(sum(r.group_minutes), 0)::bigint AS group_minutes
      FROM ice_time_rollup r WHERE r."uSkaterUUID" = @skater::uuid) life,
     (SELECT coalesce(sum(c.coach_minutes), 0)::bigint AS coach_minutes,
             count(*) FILTER (WHERE c.coached_sessions > 0 AND c.coach_key <> @no_coach::uuid
                                AND c.coach_key <> '00000000-0000-0000-0000-000000000000')::bigint AS coaches
      FROM ice_time_coach_rollup c WHERE c."uSkaterUUID" = @skater::uuid) coach,
     (SELECT coalesce(sum(d.sessions), 0)::bigint AS sessions,
             coalesce(sum(d.ice_minutes), 0)::bigint AS ice_minutes,
             coalesce(sum(d.coach_minutes), 0)::bigint AS coach_minutes,
             coalesce(sum(d.group_minutes), 0)::bigint AS group_minutes,
             count(DISTINCT d.rink_key) FILTER (WHERE d.rink_key <> '00000000-0000-0000-0000-000000000000')::bigint AS rinks
      FROM ice_time_daily d
      WHERE d."uSkaterUUID" = @skater::uuid
        AND d.at >= @recent_start::timestamp AND d.at < @recent_end::timestamp) recent;

-- name: ListCardRecentRinkNames :many
-- Names of the rinks skated at in the window, once each (sorted by the caller).
SELECT DISTINCT l.rink_name::text AS rink_name
FROM ice_time_daily d
JOIN locations l ON l.rink_id = d.rink_key
WHERE d."uSkaterUUID" = @skater::uuid
  AND d.at >= @recent_start::timestamp AND d.at < @recent_end::timestamp
  AND l.rink_name IS NOT NULL AND btrim(l.rink_name) <> '';

-- name: GetCardCompetitionCounts :one
-- Competition entries the skater owns, of events the skater owns.
SELECT count(DISTINCT e.id)::bigint AS events,
       count(en.id)::bigint AS entries,
       count(en.id) FILTER (WHERE en.placement BETWEEN 1 AND 3)::bigint AS podiums
FROM e_event_entries en
JOIN e_events e ON e.id = en.event_id
JOIN e_event_types ty ON ty.id = en.event_type
WHERE en."uSkaterUUID" = @skater::uuid
  AND e."uSkaterUUID" = @skater::uuid
  AND ty.category = 'Competition';

-- name: GetCardLastCompetition :one
-- The most recent competition entered, all time; ties by label, then id.
SELECT e.event_label, e.event_date, l.rink_city, l.rink_state
FROM e_events e
LEFT JOIN locations l ON l.rink_id = e.event_location
WHERE e."uSkaterUUID" = @skater::uuid
  AND EXISTS (SELECT 1
              FROM e_event_entries en
              JOIN e_event_types ty ON ty.id = en.event_type
              WHERE en.event_id = e.id
                AND en."uSkaterUUID" = @skater::uuid
                AND ty.category = 'Competition')
ORDER BY e.event_date DESC, e.event_label, e.id
LIMIT 1;

-- name: ListCardSharedPlaylists :many
-- Playlists the skater shared that have at least one track, newest first.
SELECT p.name, p.share_token::uuid AS token
FROM m_playlists p
WHERE p."uSkaterUUID" = @skater::uuid
  AND p.share_token IS NOT NULL
  AND EXISTS (SELECT 1 FROM m_playlist_tracks pt WHERE pt.playlist_id = p.id)
ORDER BY p.created_at DESC, p.id;

-- name: ShareCard :one
-- Keeps an existing token (idempotent, also under concurrent calls: the row
-- is locked by the UPDATE); sets new_token only when there is none.
UPDATE "uSkaterConfig"
SET share_token = COALESCE(share_token, @new_token::uuid)
WHERE "uSkaterUUID" = @skater::uuid
RETURNING share_token::uuid AS share_token;

-- name: RevokeCardShare :execrows
UPDATE "uSkaterConfig" SET share_token = NULL WHERE "uSkaterUUID" = @skater::uuid;

-- name: SkaterByCardShareToken :one
SELECT "uSkaterUUID"::uuid AS skater FROM "uSkaterConfig" WHERE share_token = @token::uuid;

-- name: SetContactPreference :one
UPDATE "uSkaterConfig" SET contact_preference = sqlc.narg(preference)::varchar
WHERE "uSkaterUUID" = @skater::uuid
RETURNING contact_preference;
