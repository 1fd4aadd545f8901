-- Skater card: the contact preference may only hold the values the API
-- accepts (events-music-card.md §6.16: the original had no CHECK).
--
-- NOT VALID: the rule applies to every new write, but rows of an adopted
-- database are not checked, so a legacy value cannot stop the migration.
-- The card shows any value outside the list as null.

-- +goose Up
ALTER TABLE "uSkaterConfig"
    DROP CONSTRAINT IF EXISTS uskaterconfig_contact_preference_check,
    ADD CONSTRAINT uskaterconfig_contact_preference_check
        CHECK (contact_preference IN ('email', 'phone', 'social', 'text')) NOT VALID;

-- +goose Down
ALTER TABLE "uSkaterConfig"
    DROP CONSTRAINT IF EXISTS uskaterconfig_contact_preference_check;
