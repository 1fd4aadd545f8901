-- Competitions: events, their cost lines, entries, score rows, deductions,
-- the event-type lookup and the results-import log. Every query that reads
-- or writes a skater's records is scoped by "uSkaterUUID" = @skater; entries
-- are only ever reached through an event of the same owner.

-- name: ListEventRows :many
-- One row per entry, plus one row (with NULL entry columns) for each event
-- that has no entries yet. With categories, entries whose type's category is
-- not among them (or who have no type) are left out; events without entries
-- stay, as they have no category to filter on.
SELECT e.id AS event_id, e.event_date, e.event_label,
       en.id AS entry_id, en.entry_date, en.event_segment, en.event_level, en.status,
       en.placement, en.field_size, en.video_url,
       et.category,
       cd.club_name AS hosting_club,
       l.rink_name AS location_name, l.rink_city AS location_city, l.rink_state AS location_state
FROM e_events e
LEFT JOIN e_event_entries en ON en.event_id = e.id AND en."uSkaterUUID" = e."uSkaterUUID"
LEFT JOIN e_event_types et ON et.id = en.event_type
LEFT JOIN club_directory cd ON cd.club_id = e.hosting_club
LEFT JOIN locations l ON l.rink_id = e.event_location
WHERE e."uSkaterUUID" = @skater
  AND (cardinality(@categories::text[]) = 0 OR en.id IS NULL
       OR lower(et.category) = ANY(@categories::text[]))
ORDER BY e.event_date DESC, e.event_label, e.id, en.entry_date DESC NULLS LAST, en.event_segment, en.id;

-- name: ListSkaterEventCosts :many
SELECT c.event_id, c.amount, c.quantity
FROM e_event_costs c
JOIN e_events e ON e.id = c.event_id
WHERE e."uSkaterUUID" = @skater;

-- name: GetEvent :one
SELECT e.id, e.event_label, e.event_date, e.event_location, e.hosting_club, e.coach_id, e.notes,
       cd.club_name AS hosting_club_name,
       l.rink_name, l.rink_city, l.rink_state, (l.rink_id IS NOT NULL)::boolean AS has_location,
       co."coach_Fname" AS coach_first_name, co."coach_Lname" AS coach_last_name
FROM e_events e
LEFT JOIN club_directory cd ON cd.club_id = e.hosting_club
LEFT JOIN locations l ON l.rink_id = e.event_location
LEFT JOIN coaches co ON co.coach_id = e.coach_id
WHERE e.id = @id AND e."uSkaterUUID" = @skater;

-- name: LockEvent :one
-- The owner's event, locked for a write that changes it or its entries.
SELECT id, event_date
FROM e_events
WHERE id = @id AND "uSkaterUUID" = @skater
FOR UPDATE;

-- name: ListEventCosts :many
-- In the order they were added: new ids are time-ordered (UUIDv7).
SELECT id, category, note, amount, quantity
FROM e_event_costs
WHERE event_id = @event_id
ORDER BY id;

-- name: ListEventEntries :many
SELECT en.id, en.entry_date, en.event_segment, en.event_level, en.status, en.placement,
       en.field_size, en.majority, en.total_segment_score, en.source_url, en.video_url,
       en.event_results, en.event_type,
       et.category, et.scoring_system, gb.short_name AS governing_body
FROM e_event_entries en
LEFT JOIN e_event_types et ON et.id = en.event_type
LEFT JOIN e_governing_bodies gb ON gb.id = et.governing_body_id
WHERE en.event_id = @event_id AND en."uSkaterUUID" = @skater
  AND (sqlc.narg(entry_id)::uuid IS NULL OR en.id = sqlc.narg(entry_id)::uuid)
ORDER BY en.entry_date NULLS LAST, en.id;

-- name: ListEventScores60 :many
SELECT s.entry_id, s.judge_number, s.ordinal, s.technical_merit, s.presentation
FROM e_scores_6_0 s
JOIN e_event_entries en ON en.id = s.entry_id
WHERE en.event_id = @event_id
  AND (sqlc.narg(entry_id)::uuid IS NULL OR en.id = sqlc.narg(entry_id)::uuid)
ORDER BY s.entry_id, s.judge_number, s.id;

-- name: ListEventScoresCJS :many
SELECT s.entry_id, s.judge_number, s.artistic_appeal, s.performance, s.skating_skills
FROM e_scores_cjs s
JOIN e_event_entries en ON en.id = s.entry_id
WHERE en.event_id = @event_id
  AND (sqlc.narg(entry_id)::uuid IS NULL OR en.id = sqlc.narg(entry_id)::uuid)
ORDER BY s.entry_id, s.judge_number, s.id;

-- name: ListEventScoresIJS :many
SELECT s.entry_id, s.judge_number, s.composition, s.presentation, s.skating_skills
FROM e_scores_ijs_components s
JOIN e_event_entries en ON en.id = s.entry_id
WHERE en.event_id = @event_id
  AND (sqlc.narg(entry_id)::uuid IS NULL OR en.id = sqlc.narg(entry_id)::uuid)
ORDER BY s.entry_id, s.judge_number, s.id;

-- name: ListEventElements :many
SELECT s.entry_id, s.element_number, s.element_name, s.base_value, s.goe, s.final_score
FROM e_scores_ijs_elements s
JOIN e_event_entries en ON en.id = s.entry_id
WHERE en.event_id = @event_id
  AND (sqlc.narg(entry_id)::uuid IS NULL OR en.id = sqlc.narg(entry_id)::uuid)
ORDER BY s.entry_id, s.element_number, s.id;

-- name: ListEventDeductions :many
SELECT d.entry_id, d.deduction_type, d.value, d.notes
FROM e_deductions d
JOIN e_event_entries en ON en.id = d.entry_id
WHERE en.event_id = @event_id
  AND (sqlc.narg(entry_id)::uuid IS NULL OR en.id = sqlc.narg(entry_id)::uuid)
ORDER BY d.entry_id, d.id;

-- name: InsertEvent :exec
INSERT INTO e_events (id, event_label, event_date, event_location, hosting_club, coach_id, notes, "uSkaterUUID")
VALUES (@id, @event_label, @event_date, sqlc.narg(event_location), sqlc.narg(hosting_club),
        sqlc.narg(coach_id), sqlc.narg(notes), @skater);

-- name: UpdateEvent :execrows
UPDATE e_events
SET event_label = @event_label, event_date = @event_date, event_location = sqlc.narg(event_location),
    hosting_club = sqlc.narg(hosting_club), coach_id = sqlc.narg(coach_id), notes = sqlc.narg(notes)
WHERE id = @id AND "uSkaterUUID" = @skater;

-- name: DeleteEvent :execrows
-- Entries, cost lines, score rows and deductions go with it (ON DELETE
-- CASCADE); import-log rows keep their history with event_id set to NULL.
DELETE FROM e_events WHERE id = @id AND "uSkaterUUID" = @skater;

-- name: InsertEventCost :exec
INSERT INTO e_event_costs (id, event_id, category, note, amount, quantity)
VALUES (@id, @event_id, @category, sqlc.narg(note), @amount, @quantity);

-- name: DeleteEventCosts :exec
DELETE FROM e_event_costs WHERE event_id = @event_id;

-- name: InsertEntry :exec
INSERT INTO e_event_entries (id, event_id, entry_date, event_segment, event_level, event_type,
    placement, field_size, majority, total_segment_score, status, source_url, video_url, "uSkaterUUID")
VALUES (@id, @event_id, @entry_date, sqlc.narg(event_segment), sqlc.narg(event_level), sqlc.narg(event_type),
    sqlc.narg(placement), sqlc.narg(field_size), sqlc.narg(majority), sqlc.narg(total_segment_score),
    @status, sqlc.narg(source_url), sqlc.narg(video_url), @skater);

-- name: UpdateEntry :execrows
-- event_results is the original's legacy column: read-only, kept as is.
UPDATE e_event_entries
SET entry_date = @entry_date, event_segment = sqlc.narg(event_segment), event_level = sqlc.narg(event_level),
    event_type = sqlc.narg(event_type), placement = sqlc.narg(placement), field_size = sqlc.narg(field_size),
    majority = sqlc.narg(majority), total_segment_score = sqlc.narg(total_segment_score), status = @status,
    source_url = sqlc.narg(source_url), video_url = sqlc.narg(video_url)
WHERE id = @id AND event_id = @event_id AND "uSkaterUUID" = @skater;

-- name: DeleteEntry :execrows
DELETE FROM e_event_entries WHERE id = @id AND event_id = @event_id AND "uSkaterUUID" = @skater;

-- name: CountEntryScores :one
-- How many rows of each scoring system's tables an entry has.
SELECT (SELECT count(*) FROM e_scores_6_0 s WHERE s.entry_id = @entry_id)::int AS scores_60,
       (SELECT count(*) FROM e_scores_cjs s WHERE s.entry_id = @entry_id)::int AS scores_cjs,
       (SELECT count(*) FROM e_scores_ijs_components s WHERE s.entry_id = @entry_id)::int AS scores_ijs,
       (SELECT count(*) FROM e_scores_ijs_elements s WHERE s.entry_id = @entry_id)::int AS elements;

-- name: InsertScore60 :exec
INSERT INTO e_scores_6_0 (id, entry_id, judge_number, ordinal, technical_merit, presentation, "uSkaterUUID")
VALUES (@id, @entry_id, @judge_number, sqlc.narg(ordinal), sqlc.narg(technical_merit), sqlc.narg(presentation), @skater);

-- name: InsertScoreCJS :exec
INSERT INTO e_scores_cjs (id, entry_id, judge_number, artistic_appeal, performance, skating_skills, "uSkaterUUID")
VALUES (@id, @entry_id, @judge_number, sqlc.narg(artistic_appeal), sqlc.narg(performance), sqlc.narg(skating_skills), @skater);

-- name: InsertScoreIJS :exec
INSERT INTO e_scores_ijs_components (id, entry_id, judge_number, composition, presentation, skating_skills, "uSkaterUUID")
VALUES (@id, @entry_id, @judge_number, sqlc.narg(composition), sqlc.narg(presentation), sqlc.narg(skating_skills), @skater);

-- name: InsertElement :exec
INSERT INTO e_scores_ijs_elements (id, entry_id, element_number, element_name, base_value, goe, final_score, "uSkaterUUID")
VALUES (@id, @entry_id, @element_number, sqlc.narg(element_name), sqlc.narg(base_value), sqlc.narg(goe), sqlc.narg(final_score), @skater);

-- name: InsertDeduction :exec
INSERT INTO e_deductions (id, entry_id, deduction_type, value, notes, "uSkaterUUID")
VALUES (@id, @entry_id, @deduction_type, @value, sqlc.narg(notes), @skater);

-- name: DeleteEntryScores60 :exec
DELETE FROM e_scores_6_0 WHERE entry_id = @entry_id;

-- name: DeleteEntryScoresCJS :exec
DELETE FROM e_scores_cjs WHERE entry_id = @entry_id;

-- name: DeleteEntryScoresIJS :exec
DELETE FROM e_scores_ijs_components WHERE entry_id = @entry_id;

-- name: DeleteEntryElements :exec
DELETE FROM e_scores_ijs_elements WHERE entry_id = @entry_id;

-- name: DeleteEntryDeductions :exec
DELETE FROM e_deductions WHERE entry_id = @entry_id;

-- name: FindGoverningBody :one
-- Short names are not unique in the original schema: the oldest id wins.
SELECT id, short_name
FROM e_governing_bodies
WHERE lower(short_name) = lower(@short_name)
ORDER BY id
LIMIT 1;

-- name: FindEventType :one
-- The type for a category, scoring system (NULL for none) and body. Two
-- seeded Compete USA 6.0 types differ only in single_mark: the ordinary
-- (not single-mark) one is chosen, then the lowest id; a retired type only
-- when nothing else matches (old imports keep resolving).
SELECT id
FROM e_event_types
WHERE lower(category) = lower(@category)
  AND scoring_system IS NOT DISTINCT FROM sqlc.narg(scoring_system)::text
  AND governing_body_id = @governing_body_id
ORDER BY (retired_at IS NOT NULL), coalesce(single_mark, false), id
LIMIT 1;

-- name: ListEventTypes :many
SELECT t.id, t.category, t.scoring_system, coalesce(t.single_mark, false)::boolean AS single_mark,
       gb.short_name AS governing_body, gb.full_name AS governing_body_name
FROM e_event_types t
LEFT JOIN e_governing_bodies gb ON gb.id = t.governing_body_id
WHERE t.retired_at IS NULL
ORDER BY t.category, t.scoring_system NULLS FIRST, gb.short_name NULLS FIRST, t.id;

-- name: LockImportURL :exec
-- Serialises imports of one URL by one skater, so a double submit cannot
-- create two entries.
SELECT pg_advisory_xact_lock(hashtextextended(@skater::text || ' ' || @source_url::text, 0));

-- name: FindImported :one
-- A successful import of this URL whose entry still exists.
SELECT l.created_at, l.entry_id
FROM e_import_log l
WHERE l."uSkaterUUID" = @skater AND l.source_url = @source_url AND l.status = 'success'
  AND l.entry_id IS NOT NULL
ORDER BY l.created_at
LIMIT 1;

-- name: InsertImportLog :exec
INSERT INTO e_import_log (id, source_url, source_type, status, skater_name_searched, skater_name_matched,
    event_id, entry_id, raw_html, error_message, created_at, "uSkaterUUID")
VALUES (@id, @source_url, @source_type, @status, @skater_name_searched, sqlc.narg(skater_name_matched),
    sqlc.narg(event_id), sqlc.narg(entry_id), NULL, sqlc.narg(error_message), now() AT TIME ZONE 'UTC', @skater);
