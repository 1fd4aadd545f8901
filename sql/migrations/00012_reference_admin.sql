-- Administration (issue 14): reference data that can be retired instead of
-- deleted, and coaches, rinks and clubs that belong to one skater.
--
-- retired_at: a retired rink, coach, club, ice type or event type leaves the
-- lookup lists but stays in the table, so every session, sharpening or event
-- that names it still renders it. Nothing here ever deletes a reference row
-- (ice_time's foreign keys to them do not cascade since 00005).
--
-- owner_skater: NULL = shared (every skater sees it); otherwise only that
-- skater's lookups, sessions and events may use it. An administrator promotes
-- a private entry by setting it back to NULL: the id stays the same, so the
-- skater's records keep pointing at it. Clubs get the column too, because an
-- imported export may name a club the new installation does not list; the
-- importer creates it privately rather than adding to the shared list.
-- The foreign key cascades: erasing a skater erases their private entries
-- (no other skater can have used them).

-- +goose Up
ALTER TABLE locations
    ADD COLUMN IF NOT EXISTS retired_at   timestamptz,
    ADD COLUMN IF NOT EXISTS owner_skater uuid
        CONSTRAINT locations_owner_skater_fk REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE;
ALTER TABLE coaches
    ADD COLUMN IF NOT EXISTS retired_at   timestamptz,
    ADD COLUMN IF NOT EXISTS owner_skater uuid
        CONSTRAINT coaches_owner_skater_fk REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE;
ALTER TABLE club_directory
    ADD COLUMN IF NOT EXISTS retired_at   timestamptz,
    ADD COLUMN IF NOT EXISTS owner_skater uuid
        CONSTRAINT club_directory_owner_skater_fk REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE;
ALTER TABLE ice_type      ADD COLUMN IF NOT EXISTS retired_at timestamptz;
ALTER TABLE e_event_types ADD COLUMN IF NOT EXISTS retired_at timestamptz;

CREATE INDEX IF NOT EXISTS locations_owner_skater_idx      ON locations (owner_skater) WHERE owner_skater IS NOT NULL;
CREATE INDEX IF NOT EXISTS coaches_owner_skater_idx        ON coaches (owner_skater) WHERE owner_skater IS NOT NULL;
CREATE INDEX IF NOT EXISTS club_directory_owner_skater_idx ON club_directory (owner_skater) WHERE owner_skater IS NOT NULL;

-- +goose Down
DROP INDEX IF EXISTS club_directory_owner_skater_idx, coaches_owner_skater_idx, locations_owner_skater_idx;
ALTER TABLE e_event_types  DROP COLUMN IF EXISTS retired_at;
ALTER TABLE ice_type       DROP COLUMN IF EXISTS retired_at;
ALTER TABLE club_directory DROP COLUMN IF EXISTS owner_skater, DROP COLUMN IF EXISTS retired_at;
ALTER TABLE coaches        DROP COLUMN IF EXISTS owner_skater, DROP COLUMN IF EXISTS retired_at;
ALTER TABLE locations      DROP COLUMN IF EXISTS owner_skater, DROP COLUMN IF EXISTS retired_at;
