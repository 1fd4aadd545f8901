-- Fixes to the original's schema that lose no data (docs/original.md, "Weaknesses fixed").

-- +goose Up

-- ZIP codes as text (§7 item 17). The original stored "02134" as 2134; the
-- lost leading zeros cannot be known (a 4-digit value may be a US ZIP with a
-- zero or a foreign postcode), so each value becomes the exact decimal text
-- of the stored integer, unpadded. New writes keep what the user typed.
-- An integer can need 11 characters ('-2147483648'); fail with a clear
-- message rather than a cast error if such garbage exists.
-- +goose StatementBegin
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM "uSkaterConfig"
               WHERE length("uSkaterZip"::text) > 10) THEN
        RAISE EXCEPTION '"uSkaterConfig"."uSkaterZip" holds values longer than 10 characters; fix them before migrating';
    END IF;
END
$$;
-- +goose StatementEnd
ALTER TABLE "uSkaterConfig"
    ALTER COLUMN "uSkaterZip" TYPE varchar(10) USING "uSkaterZip"::text;

-- Coach phone numbers as text (§7 item 17): a 10-digit number overflows
-- int32, so the original could only hold short or truncated values. Every
-- int32 fits in 11 characters, well within 32.
ALTER TABLE coaches
    ALTER COLUMN coach_phone TYPE varchar(32) USING coach_phone::text;

-- Indexes for the per-skater and per-date query paths (§3: the original has
-- none beyond PKs and UNIQUEs). They also serve the ON DELETE CASCADE from
-- "uSkaterConfig", which otherwise scans every per-skater table.
CREATE INDEX IF NOT EXISTS ice_time_skater_date_idx       ON ice_time ("uSkaterUUID", date);
CREATE INDEX IF NOT EXISTS maintenance_skater_date_idx    ON maintenance ("uSkaterUUID", m_date);
CREATE INDEX IF NOT EXISTS uskateconfig_skater_idx        ON "uSkateConfig" ("uSkaterUUID");
CREATE INDEX IF NOT EXISTS uskaterboots_skater_idx        ON "uSkaterBoots" ("uSkaterUUID");
CREATE INDEX IF NOT EXISTS uskaterblades_skater_idx       ON "uSkaterBlades" ("uSkaterUUID");
CREATE INDEX IF NOT EXISTS uskaterequipment_skater_idx    ON "uSkaterEquipment" ("uSkaterUUID");
CREATE INDEX IF NOT EXISTS club_members_skater_idx        ON club_members ("uSkaterUUID");
CREATE INDEX IF NOT EXISTS classes_school_skater_idx      ON classes_school ("uSkaterUUID");
CREATE INDEX IF NOT EXISTS e_tests_skater_idx             ON e_tests ("uSkaterUUID");
CREATE INDEX IF NOT EXISTS e_events_skater_date_idx       ON e_events ("uSkaterUUID", event_date);
CREATE INDEX IF NOT EXISTS e_event_costs_event_idx        ON e_event_costs (event_id);
CREATE INDEX IF NOT EXISTS e_event_entries_event_idx      ON e_event_entries (event_id);
CREATE INDEX IF NOT EXISTS e_event_entries_skater_idx     ON e_event_entries ("uSkaterUUID");
-- score and deduction rows are always read per entry
CREATE INDEX IF NOT EXISTS e_scores_6_0_entry_idx            ON e_scores_6_0 (entry_id);
CREATE INDEX IF NOT EXISTS e_scores_cjs_entry_idx            ON e_scores_cjs (entry_id);
CREATE INDEX IF NOT EXISTS e_scores_ijs_components_entry_idx ON e_scores_ijs_components (entry_id);
CREATE INDEX IF NOT EXISTS e_scores_ijs_elements_entry_idx   ON e_scores_ijs_elements (entry_id);
CREATE INDEX IF NOT EXISTS e_deductions_entry_idx            ON e_deductions (entry_id);

-- Music: the per-owner and per-playlist indexes are the original's (alembic
-- 014) and are created by 00001. Deleting a track cascades to its playlist
-- rows, which needs this one.
CREATE INDEX IF NOT EXISTS m_playlist_tracks_track_idx ON m_playlist_tracks (track_id);

-- Auth. user_roles(user_id) needs no index of its own: uq_user_roles
-- (user_id, role_id) already leads with it.
CREATE INDEX IF NOT EXISTS password_reset_tokens_user_idx ON password_reset_tokens (user_id);

-- Case-insensitive login and e-mail lookups. Deliberately NOT unique: the
-- original's UNIQUEs are case-sensitive, so an existing database may hold
-- "Ana" and "ana" as two users, and a unique index would fail to build.
-- Uniqueness across case is for the service to enforce on new writes.
CREATE INDEX IF NOT EXISTS uauthtable_login_lower_idx ON "uAuthTable" (lower("aLogin"));
CREATE INDEX IF NOT EXISTS uauthtable_email_lower_idx ON "uAuthTable" (lower("aEmail"));

-- +goose Down
DROP INDEX IF EXISTS
    ice_time_skater_date_idx, maintenance_skater_date_idx,
    uskateconfig_skater_idx, uskaterboots_skater_idx, uskaterblades_skater_idx,
    uskaterequipment_skater_idx, club_members_skater_idx, classes_school_skater_idx,
    e_tests_skater_idx, e_events_skater_date_idx, e_event_costs_event_idx,
    e_event_entries_event_idx, e_event_entries_skater_idx,
    e_scores_6_0_entry_idx, e_scores_cjs_entry_idx, e_scores_ijs_components_entry_idx,
    e_scores_ijs_elements_entry_idx, e_deductions_entry_idx,
    m_playlist_tracks_track_idx,
    password_reset_tokens_user_idx, uauthtable_login_lower_idx, uauthtable_email_lower_idx;

-- Back to the original's integer columns. This fails, rather than silently
-- dropping values, if the service has since stored text that is not an
-- int32 (a ZIP+4, a 10-digit phone): keep 00003 applied in that case.
ALTER TABLE coaches
    ALTER COLUMN coach_phone TYPE integer USING coach_phone::integer;
ALTER TABLE "uSkaterConfig"
    ALTER COLUMN "uSkaterZip" TYPE integer USING "uSkaterZip"::integer;
