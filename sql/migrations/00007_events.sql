-- Events: the event types the API resolves to instead of creating them on
-- the fly, and an index for the importer's duplicate check.

-- +goose Up

-- The original's resolve_event_type inserted an e_event_types row for any
-- category / scoring system / body a user sent (events-music-card.md §5.6,
-- §5.7). The Go service never writes this table: a manual entry's category
-- (Competition, Showcase, Exhibition) and scoring system (6.0, CJS, IJS or
-- none) must name an existing row. The frontend sends no governing body,
-- which the API reads as the seeded "None" body, so every category and
-- scoring-system pair gets a "None" row here (007 seeded three of the
-- twelve). Competition / CJS / USFSA is what a CJS results import records
-- (the original auto-created it). Rows are added only where no row with the
-- same triple exists, so a database where the original already auto-created
-- one keeps using it.
-- +goose StatementBegin
INSERT INTO e_event_types (id, category, scoring_system, governing_body_id, single_mark)
SELECT s.id::uuid, s.category, s.scoring_system, b.id, false
FROM (VALUES
    ('b0000000-0000-0000-0000-00000000000b', 'Competition', 'CJS', 'a0000000-0000-0000-0000-000000000002'),
    ('b0000000-0000-0000-0000-00000000000c', 'Competition', NULL,  'a0000000-0000-0000-0000-000000000001'),
    ('b0000000-0000-0000-0000-00000000000d', 'Competition', 'IJS', 'a0000000-0000-0000-0000-000000000001'),
    ('b0000000-0000-0000-0000-00000000000e', 'Competition', 'CJS', 'a0000000-0000-0000-0000-000000000001'),
    ('b0000000-0000-0000-0000-00000000000f', 'Showcase',    '6.0', 'a0000000-0000-0000-0000-000000000001'),
    ('b0000000-0000-0000-0000-000000000010', 'Showcase',    'CJS', 'a0000000-0000-0000-0000-000000000001'),
    ('b0000000-0000-0000-0000-000000000011', 'Showcase',    'IJS', 'a0000000-0000-0000-0000-000000000001'),
    ('b0000000-0000-0000-0000-000000000012', 'Exhibition',  '6.0', 'a0000000-0000-0000-0000-000000000001'),
    ('b0000000-0000-0000-0000-000000000013', 'Exhibition',  'CJS', 'a0000000-0000-0000-0000-000000000001'),
    ('b0000000-0000-0000-0000-000000000014', 'Exhibition',  'IJS', 'a0000000-0000-0000-0000-000000000001')
) AS s (id, category, scoring_system, body)
JOIN e_governing_bodies b ON b.id = s.body::uuid
WHERE NOT EXISTS (
    SELECT 1 FROM e_event_types t
    WHERE t.category = s.category
      AND t.scoring_system IS NOT DISTINCT FROM s.scoring_system
      AND t.governing_body_id = b.id
)
ON CONFLICT (id) DO NOTHING;
-- +goose StatementEnd

-- "Already imported?" looks up the skater's log rows for one URL.
CREATE INDEX IF NOT EXISTS e_import_log_skater_url_idx ON e_import_log ("uSkaterUUID", source_url);

-- +goose Down
DROP INDEX IF EXISTS e_import_log_skater_url_idx;
-- Only the rows nothing points at: an entry or test may use them by now.
DELETE FROM e_event_types t
WHERE t.id IN (
    'b0000000-0000-0000-0000-00000000000b', 'b0000000-0000-0000-0000-00000000000c',
    'b0000000-0000-0000-0000-00000000000d', 'b0000000-0000-0000-0000-00000000000e',
    'b0000000-0000-0000-0000-00000000000f', 'b0000000-0000-0000-0000-000000000010',
    'b0000000-0000-0000-0000-000000000011', 'b0000000-0000-0000-0000-000000000012',
    'b0000000-0000-0000-0000-000000000013', 'b0000000-0000-0000-0000-000000000014')
  AND NOT EXISTS (SELECT 1 FROM e_event_entries e WHERE e.event_type = t.id)
  AND NOT EXISTS (SELECT 1 FROM e_tests x WHERE x.test_type = t.id);
