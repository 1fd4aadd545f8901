-- Baseline: the original Python service's whole schema (create_all of the
-- 4.1.x models + alembic 001..016), table for table and column for column.
--
-- This migration must also ADOPT a database the original already created.
-- Such a database has no goose version table, so goose runs this file
-- against the existing tables. Every statement is therefore idempotent and
-- never rewrites a row:
--   * CREATE SEQUENCE / TABLE IF NOT EXISTS leave existing objects alone
--     (an existing table keeps its original constraint names, which differ
--     between create_all and alembic-built databases; nothing here or in the
--     Go code depends on constraint names);
--   * ADD COLUMN IF NOT EXISTS supplies columns that later alembic revisions
--     added, for databases created before them;
--   * SET DEFAULT only changes the default for future inserts.
-- Types are the original's on purpose (integer ZIP and coach_phone,
-- timestamp WITHOUT time zone holding naive UTC, plaintext tokens): 00003 and
-- 00004 change those, so an adopted database and a fresh one pass through the
-- same steps.

-- +goose Up

-- 1. Refuse databases the original itself had not finished migrating.
-- Alembic 007, 010, 012 and 013 reshaped tables rather than adding to them
-- (legacy e_competition tables, a column rename, a varchar->uuid cast, the
-- event_cost -> e_event_costs move). Emulating them here would duplicate the
-- original's data migrations; skipping them would silently lose event costs.
-- +goose StatementBegin
DO $$
DECLARE
    missing text;
BEGIN
    IF to_regclass('public.e_competition_types') IS NOT NULL THEN
        missing := '007_competition_results_schema';
    ELSIF EXISTS (SELECT 1 FROM information_schema.columns
                  WHERE table_schema = 'public' AND table_name = 'e_scores_cjs'
                    AND column_name = 'composition') THEN
        missing := '010_rename_cjs_composition';
    ELSIF EXISTS (SELECT 1 FROM information_schema.columns
                  WHERE table_schema = 'public' AND table_name = 'e_events'
                    AND column_name = 'hosting_club' AND data_type <> 'uuid') THEN
        missing := '012_hosting_club_fk';
    ELSIF EXISTS (SELECT 1 FROM information_schema.columns
                  WHERE table_schema = 'public' AND table_name = 'e_events'
                    AND column_name = 'event_cost') THEN
        missing := '013_event_cost_line_items';
    END IF;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'database predates alembic revision % of the original Skatetrax service', missing
            USING HINT = 'run the original''s `alembic upgrade head` first, then migrate again';
    END IF;
END
$$;
-- +goose StatementEnd

-- 2. Tables, parents before children. Serial columns are spelled out as
-- sequence + nextval so that the sequence names match the original's
-- (<table>_<col>_seq) whichever way the table came to exist.

-- Reference data -----------------------------------------------------------

CREATE TABLE IF NOT EXISTS locations (
    rink_id      uuid NOT NULL PRIMARY KEY,
    rink_name    varchar,
    rink_address varchar,
    rink_city    varchar,
    rink_state   varchar,
    rink_country varchar,
    rink_zip     varchar NOT NULL,
    rink_url     varchar,
    rink_phone   varchar,
    rink_tz      varchar,          -- IANA zone; NULL = use the skater's zone
    data_source  varchar,
    date_created timestamp
);

CREATE TABLE IF NOT EXISTS ice_type (
    ice_type_id uuid NOT NULL PRIMARY KEY,
    ice_type    varchar
);

CREATE SEQUENCE IF NOT EXISTS coaches_id_seq AS integer;
CREATE TABLE IF NOT EXISTS coaches (
    id             integer NOT NULL DEFAULT nextval('coaches_id_seq') PRIMARY KEY,
    coach_id       uuid NOT NULL UNIQUE,   -- what every FK points at; row id 1 is the "no coach" placeholder
    "coach_Fname"  varchar,
    "coach_Lname"  varchar,
    coach_rate     double precision,
    coach_usfsa_id integer,
    coach_ijs_id   integer,
    coach_phone    integer,                -- original bug, fixed in 00003
    coach_email    varchar,
    "uSkaterUUID"  uuid                    -- set when the coach is also a user; no FK
);
ALTER SEQUENCE coaches_id_seq OWNED BY coaches.id;

CREATE TABLE IF NOT EXISTS club_directory (
    club_id        uuid NOT NULL PRIMARY KEY,
    club_name      varchar,
    club_home_rink uuid REFERENCES locations (rink_id) ON DELETE CASCADE,
    club_cost      double precision
);

-- Auth ---------------------------------------------------------------------

CREATE SEQUENCE IF NOT EXISTS "uAuthTable_id_seq" AS integer;
CREATE TABLE IF NOT EXISTS "uAuthTable" (
    id              integer NOT NULL DEFAULT nextval('"uAuthTable_id_seq"') PRIMARY KEY,
    "aLogin"        varchar(80) NOT NULL UNIQUE,
    "aPasswordHash" text NOT NULL,
    "aEmail"        varchar(120) NOT NULL UNIQUE,
    phone_number    varchar(20) UNIQUE,
    "uSkaterUUID"   uuid NOT NULL UNIQUE,  -- equals "uSkaterConfig"."uSkaterUUID"; no FK (profile comes later)
    created_at      timestamp,
    updated_at      timestamp,
    fs_uniquifier   varchar(64) NOT NULL CONSTRAINT uq_uauthtable_fs_uniquifier UNIQUE
);
ALTER SEQUENCE "uAuthTable_id_seq" OWNED BY "uAuthTable".id;

CREATE SEQUENCE IF NOT EXISTS role_id_seq AS integer;
CREATE TABLE IF NOT EXISTS role (
    id          integer NOT NULL DEFAULT nextval('role_id_seq') PRIMARY KEY,
    name        varchar(80) NOT NULL UNIQUE,
    description varchar(255)
);
ALTER SEQUENCE role_id_seq OWNED BY role.id;

CREATE SEQUENCE IF NOT EXISTS user_roles_id_seq AS integer;
CREATE TABLE IF NOT EXISTS user_roles (
    id      integer NOT NULL DEFAULT nextval('user_roles_id_seq') PRIMARY KEY,
    user_id integer NOT NULL REFERENCES "uAuthTable" (id),
    role_id integer NOT NULL REFERENCES role (id),
    CONSTRAINT uq_user_roles UNIQUE (user_id, role_id)
);
ALTER SEQUENCE user_roles_id_seq OWNED BY user_roles.id;

CREATE SEQUENCE IF NOT EXISTS invite_tokens_id_seq AS integer;
CREATE TABLE IF NOT EXISTS invite_tokens (
    id         integer NOT NULL DEFAULT nextval('invite_tokens_id_seq') PRIMARY KEY,
    token      varchar(64) NOT NULL UNIQUE,  -- plaintext in the original; hashed by 00004
    created_by integer REFERENCES "uAuthTable" (id),
    created_at timestamp,
    expires_at timestamp,                    -- NULL = never expires
    max_uses   integer NOT NULL,             -- <= 0 = unlimited
    use_count  integer NOT NULL
);
ALTER SEQUENCE invite_tokens_id_seq OWNED BY invite_tokens.id;

-- expires_at is NOT NULL as alembic 005 made it (production); create_all
-- left it nullable, and an adopted create_all database keeps that.
CREATE SEQUENCE IF NOT EXISTS password_reset_tokens_id_seq AS integer;
CREATE TABLE IF NOT EXISTS password_reset_tokens (
    id         integer NOT NULL DEFAULT nextval('password_reset_tokens_id_seq') PRIMARY KEY,
    token      varchar(64) NOT NULL UNIQUE,  -- plaintext in the original; hashed by 00004
    user_id    integer NOT NULL REFERENCES "uAuthTable" (id),
    created_at timestamp,
    expires_at timestamp NOT NULL,
    used       boolean NOT NULL
);
ALTER SEQUENCE password_reset_tokens_id_seq OWNED BY password_reset_tokens.id;

-- Skater profile and equipment ---------------------------------------------

-- "uSkaterUUID" here is the key every per-skater table cascades from.
-- The "no FK" columns below are the original's (docs/original.md, "Weaknesses fixed", 18); adding
-- FKs could fail on an adopted database with dangling ids.
CREATE SEQUENCE IF NOT EXISTS "uSkaterConfig_id_seq" AS integer;
CREATE TABLE IF NOT EXISTS "uSkaterConfig" (
    id                   integer NOT NULL DEFAULT nextval('"uSkaterConfig_id_seq"') PRIMARY KEY,
    date_created         timestamp,
    "uSkaterUUID"        uuid UNIQUE,
    "uSkaterFname"       varchar,
    "uSkaterMname"       varchar,
    "uSkaterLname"       varchar,
    "uSkaterZip"         integer,        -- original bug, fixed in 00003
    "uSkaterCity"        varchar,
    "uSkaterState"       varchar,
    "uSkaterCountry"     varchar,
    "uSkaterTZ"          varchar,        -- IANA zone name
    "uSkaterComboIce"    uuid UNIQUE,    -- -> "uSkateConfig"."sConfigID", no FK
    "uSkaterComboOff"    uuid UNIQUE,
    "uSkaterRinkPref"    uuid,           -- -> locations.rink_id, no FK
    "uSkaterMaintPref"   integer,        -- sharpening interval in HOURS
    "activeCoach"        uuid,           -- -> coaches.coach_id, no FK
    "org_Club"           uuid REFERENCES club_directory (club_id),
    "org_Club_Join_Date" timestamp,
    "org_USFSA_number"   integer,
    contact_preference   varchar,        -- email / text / phone / social
    share_token          uuid CONSTRAINT uq_skater_share_token UNIQUE
);
ALTER SEQUENCE "uSkaterConfig_id_seq" OWNED BY "uSkaterConfig".id;

CREATE TABLE IF NOT EXISTS "uSkaterBoots" (
    "bootsID"             uuid NOT NULL PRIMARY KEY,
    date_created          timestamp,
    "bootsName"           varchar,
    "bootsModel"          varchar,
    "bootsSize"           varchar,
    "bootsPurchaseAmount" double precision,
    "uSkaterUUID"         uuid CONSTRAINT fk_uskaterboots_uskateruuid
                               REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "uSkaterBlades" (
    "bladesID"             uuid NOT NULL PRIMARY KEY,
    date_created           timestamp,
    "bladesName"           varchar,
    "bladesModel"          varchar,
    "bladesSize"           varchar,
    "bladesPurchaseAmount" double precision,
    "uSkaterUUID"          uuid CONSTRAINT fk_uskaterblades_uskateruuid
                                REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "uSkateConfig" (
    "sConfigID"       uuid NOT NULL PRIMARY KEY,
    date_created      timestamp,
    "uSkaterUUID"     uuid CONSTRAINT fk_uskateconfig_uskateruuid
                           REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE,
    "uSkaterBladesID" uuid,      -- -> "uSkaterBlades", no FK
    "uSkaterBootsID"  uuid,      -- -> "uSkaterBoots", no FK
    "sConfigType"     integer,   -- 1 = ice, 2 = off-ice
    "sActiveFlag"     integer    -- 1 = in use, 0 = retired
);

CREATE SEQUENCE IF NOT EXISTS "uSkaterEquipment_id_seq" AS integer;
CREATE TABLE IF NOT EXISTS "uSkaterEquipment" (
    id                 integer NOT NULL DEFAULT nextval('"uSkaterEquipment_id_seq"') PRIMARY KEY,
    date_created       timestamp,
    equip_manufacturer varchar,
    equip_model        varchar,
    equip_notes        varchar,
    equip_size         varchar,
    equip_color        varchar,
    equip_vendor       varchar,
    equip_url          varchar,
    equip_cost         double precision,
    "uSkaterUUID"      uuid REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);
ALTER SEQUENCE "uSkaterEquipment_id_seq" OWNED BY "uSkaterEquipment".id;

-- Sessions and maintenance -------------------------------------------------

-- The CASCADEs to coaches, locations and ice_type are the original's
-- (docs/original.md, "Weaknesses fixed", 19): deleting a coach deletes their sessions. Kept so that
-- both paths have one schema; the Go service must never delete those rows.
CREATE SEQUENCE IF NOT EXISTS ice_time_ice_time_id_seq AS integer;
CREATE TABLE IF NOT EXISTS ice_time (
    ice_time_id     integer NOT NULL DEFAULT nextval('ice_time_ice_time_id_seq') PRIMARY KEY,
    date            timestamp,         -- naive UTC instant of local 00:00 of the skating day
    ice_time        integer,           -- minutes
    ice_cost        double precision,
    skate_type      uuid REFERENCES ice_type (ice_type_id) ON DELETE CASCADE,
    coach_time      integer,           -- minutes
    coach_id        uuid REFERENCES coaches (coach_id) ON DELETE CASCADE,
    coach_cost      double precision,
    has_video       integer,
    has_notes       integer,
    rink_id         uuid REFERENCES locations (rink_id) ON DELETE CASCADE,
    "uSkaterUUID"   uuid REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE,
    "uSkaterConfig" uuid REFERENCES "uSkateConfig" ("sConfigID") ON DELETE CASCADE,
    "uSkaterType"   integer
);
ALTER SEQUENCE ice_time_ice_time_id_seq OWNED BY ice_time.ice_time_id;

CREATE SEQUENCE IF NOT EXISTS maintenance_id_seq AS integer;
CREATE TABLE IF NOT EXISTS maintenance (
    id                integer NOT NULL DEFAULT nextval('maintenance_id_seq') PRIMARY KEY,
    m_date            timestamp,          -- local date at 00:00, NOT UTC-converted (docs/original.md, "Stored days")
    m_hours_on        integer,            -- minutes on the blade since the previous sharpening
    m_cost            double precision,
    m_location        uuid,               -- -> locations.rink_id, no FK
    m_notes           varchar,
    m_roh             varchar,
    m_pref_hours      double precision,
    "uSkaterBladesID" uuid REFERENCES "uSkaterBlades" ("bladesID") ON DELETE CASCADE,
    "uSkaterConfig"   uuid REFERENCES "uSkateConfig" ("sConfigID") ON DELETE CASCADE,
    "uSkaterUUID"     uuid REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);
ALTER SEQUENCE maintenance_id_seq OWNED BY maintenance.id;

-- Clubs, classes, punch cards, journal ---------------------------------------

CREATE SEQUENCE IF NOT EXISTS club_members_id_seq AS integer;
CREATE TABLE IF NOT EXISTS club_members (
    id              integer NOT NULL DEFAULT nextval('club_members_id_seq') PRIMARY KEY,
    club_id         uuid REFERENCES club_directory (club_id) ON DELETE CASCADE,
    "uSkaterUUID"   uuid REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE,
    joined_date     timestamp,
    expiration_date timestamp,
    membership_fee  double precision
);
ALTER SEQUENCE club_members_id_seq OWNED BY club_members.id;

CREATE SEQUENCE IF NOT EXISTS classes_school_id_seq AS integer;
CREATE TABLE IF NOT EXISTS classes_school (
    id            integer NOT NULL DEFAULT nextval('classes_school_id_seq') PRIMARY KEY,
    location_id   uuid REFERENCES locations (rink_id) ON DELETE CASCADE,
    class_cost    double precision,
    class_name    varchar,
    date_start    timestamp,
    date_end      timestamp,
    "uSkaterUUID" uuid REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);
ALTER SEQUENCE classes_school_id_seq OWNED BY classes_school.id;

CREATE SEQUENCE IF NOT EXISTS classes_camp_id_seq AS integer;
CREATE TABLE IF NOT EXISTS classes_camp (
    id            integer NOT NULL DEFAULT nextval('classes_camp_id_seq') PRIMARY KEY,
    location_id   uuid REFERENCES locations (rink_id) ON DELETE CASCADE,
    camp_cost     double precision,
    camp_name     varchar,
    date_start    timestamp,
    date_end      timestamp,
    "uSkaterUUID" uuid REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);
ALTER SEQUENCE classes_camp_id_seq OWNED BY classes_camp.id;

CREATE TABLE IF NOT EXISTS punch_cards (
    card_id               uuid NOT NULL PRIMARY KEY,
    card_type             uuid REFERENCES ice_type (ice_type_id) ON DELETE CASCADE,
    card_cost             double precision,
    punches_total         integer,
    punch_session_minutes integer,   -- minutes one punch is worth
    purchase_date         timestamp,
    expiration_date       timestamp,
    rink_id               uuid REFERENCES locations (rink_id) ON DELETE CASCADE,
    "uSkaterUUID"         uuid REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS punched_sessions (
    id             uuid NOT NULL PRIMARY KEY,
    punchcard_id   uuid REFERENCES punch_cards (card_id) ON DELETE CASCADE,
    session_id     integer REFERENCES ice_time (ice_time_id) ON DELETE CASCADE,
    datetime_punch timestamp,
    punches_used   integer,
    notes          varchar
);

CREATE SEQUENCE IF NOT EXISTS j_notes_id_seq AS integer;
CREATE TABLE IF NOT EXISTS j_notes (
    id            integer NOT NULL DEFAULT nextval('j_notes_id_seq') PRIMARY KEY,
    notes_date    timestamp,
    notes         varchar,
    "uSkaterUUID" uuid REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);
ALTER SEQUENCE j_notes_id_seq OWNED BY j_notes.id;

CREATE SEQUENCE IF NOT EXISTS j_videos_id_seq AS integer;
CREATE TABLE IF NOT EXISTS j_videos (
    id             integer NOT NULL DEFAULT nextval('j_videos_id_seq') PRIMARY KEY,
    video_date     timestamp,
    video_url      varchar,
    video_platform varchar,
    video_type     varchar,
    video_name     varchar,
    "uSkaterUUID"  uuid REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);
ALTER SEQUENCE j_videos_id_seq OWNED BY j_videos.id;

-- Events, tests, results (alembic 007-013) ----------------------------------

CREATE TABLE IF NOT EXISTS e_governing_bodies (
    id         uuid NOT NULL PRIMARY KEY,
    short_name varchar NOT NULL,   -- not unique in the original
    full_name  varchar
);

CREATE TABLE IF NOT EXISTS e_event_types (
    id                uuid NOT NULL PRIMARY KEY,
    category          varchar NOT NULL,   -- Competition / Showcase / Exhibition (free text)
    scoring_system    varchar,            -- 6.0 / CJS / IJS / NULL
    governing_body_id uuid REFERENCES e_governing_bodies (id),
    single_mark       boolean
);

CREATE TABLE IF NOT EXISTS e_tests (
    id              uuid NOT NULL PRIMARY KEY,
    test_cost       double precision,
    test_label      varchar,
    test_level      varchar,
    test_type       uuid REFERENCES e_event_types (id) ON DELETE CASCADE,
    test_results    varchar,
    test_date       timestamp,
    test_location   uuid REFERENCES locations (rink_id) ON DELETE CASCADE,
    "uSkaterUUID"   uuid REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE,
    "uSkaterConfig" uuid REFERENCES "uSkateConfig" ("sConfigID") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS e_events (
    id              uuid NOT NULL PRIMARY KEY,
    event_label     varchar NOT NULL,
    event_date      date NOT NULL,
    event_location  uuid REFERENCES locations (rink_id) ON DELETE SET NULL,
    hosting_club    uuid CONSTRAINT fk_e_events_hosting_club
                         REFERENCES club_directory (club_id) ON DELETE SET NULL,
    coach_id        uuid REFERENCES coaches (coach_id) ON DELETE SET NULL,
    notes           text,
    "uSkaterUUID"   uuid NOT NULL REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE,
    "uSkaterConfig" uuid REFERENCES "uSkateConfig" ("sConfigID") ON DELETE SET NULL
);

-- An event's total cost is SUM(amount * quantity) of its lines.
CREATE TABLE IF NOT EXISTS e_event_costs (
    id       uuid NOT NULL PRIMARY KEY,
    event_id uuid NOT NULL REFERENCES e_events (id) ON DELETE CASCADE,
    category varchar NOT NULL,   -- the API enforces the category list; no CHECK in the original
    note     varchar,
    amount   double precision NOT NULL,
    quantity integer NOT NULL
);

CREATE TABLE IF NOT EXISTS e_event_entries (
    id                  uuid NOT NULL PRIMARY KEY,
    event_id            uuid NOT NULL REFERENCES e_events (id) ON DELETE CASCADE,
    entry_date          date,        -- per-segment date of multi-day events
    event_segment       varchar,
    event_level         varchar,
    event_type          uuid REFERENCES e_event_types (id),
    placement           integer,
    field_size          integer,
    majority            varchar,     -- 6.0 majority cell text
    total_segment_score double precision,
    status              varchar NOT NULL,   -- Committed / Scored / Withdrew (free text)
    source_url          varchar,
    video_url           varchar,
    event_results       varchar,     -- legacy, read-only
    "uSkaterUUID"       uuid NOT NULL REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS e_scores_6_0 (
    id              uuid NOT NULL PRIMARY KEY,
    entry_id        uuid NOT NULL REFERENCES e_event_entries (id) ON DELETE CASCADE,
    judge_number    integer NOT NULL,
    ordinal         double precision,
    technical_merit double precision,
    presentation    double precision,
    "uSkaterUUID"   uuid NOT NULL REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS e_scores_cjs (
    id              uuid NOT NULL PRIMARY KEY,
    entry_id        uuid NOT NULL REFERENCES e_event_entries (id) ON DELETE CASCADE,
    judge_number    integer NOT NULL,
    artistic_appeal double precision,
    performance     double precision,
    skating_skills  double precision,
    "uSkaterUUID"   uuid NOT NULL REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS e_scores_ijs_components (
    id             uuid NOT NULL PRIMARY KEY,
    entry_id       uuid NOT NULL REFERENCES e_event_entries (id) ON DELETE CASCADE,
    judge_number   integer NOT NULL,
    composition    double precision,
    presentation   double precision,
    skating_skills double precision,
    "uSkaterUUID"  uuid NOT NULL REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS e_scores_ijs_elements (
    id             uuid NOT NULL PRIMARY KEY,
    entry_id       uuid NOT NULL REFERENCES e_event_entries (id) ON DELETE CASCADE,
    element_number integer NOT NULL,
    element_name   varchar,
    base_value     double precision,
    goe            double precision,
    final_score    double precision,
    "uSkaterUUID"  uuid NOT NULL REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS e_deductions (
    id             uuid NOT NULL PRIMARY KEY,
    entry_id       uuid NOT NULL REFERENCES e_event_entries (id) ON DELETE CASCADE,
    deduction_type varchar NOT NULL,
    value          double precision NOT NULL,
    notes          text,
    "uSkaterUUID"  uuid NOT NULL REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS e_import_log (
    id                   uuid NOT NULL PRIMARY KEY,
    source_url           varchar NOT NULL,
    source_type          varchar NOT NULL,
    status               varchar NOT NULL,   -- success / fetch_error / parse_error / skater_not_found
    skater_name_searched varchar NOT NULL,
    skater_name_matched  varchar,
    event_id             uuid REFERENCES e_events (id) ON DELETE SET NULL,
    entry_id             uuid REFERENCES e_event_entries (id) ON DELETE SET NULL,
    raw_html             text,
    error_message        text,
    created_at           timestamp NOT NULL,
    "uSkaterUUID"        uuid NOT NULL REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

-- Music (alembic 014) ------------------------------------------------------

CREATE TABLE IF NOT EXISTS m_tracks (
    id                   uuid NOT NULL PRIMARY KEY,
    "uSkaterUUID"        uuid NOT NULL REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE,
    title                varchar NOT NULL,
    artist               varchar,
    duration_seconds     integer,
    is_performance_cut   boolean,
    cut_duration_seconds integer,
    storage_key          varchar,   -- object-store key; NULL = no file
    clearance_status     varchar NOT NULL,
    clearance_provider   varchar,
    clearance_ref        varchar,
    apple_music_url      varchar,
    spotify_url          varchar,
    youtube_url          varchar,
    created_at           timestamp NOT NULL
);

CREATE TABLE IF NOT EXISTS m_playlists (
    id            uuid NOT NULL PRIMARY KEY,
    "uSkaterUUID" uuid NOT NULL REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE,
    name          varchar NOT NULL,
    description   text,
    playlist_type varchar NOT NULL,
    share_token   uuid UNIQUE,
    created_at    timestamp NOT NULL
);

CREATE TABLE IF NOT EXISTS m_playlist_tracks (
    id          uuid NOT NULL PRIMARY KEY,
    playlist_id uuid NOT NULL REFERENCES m_playlists (id) ON DELETE CASCADE,
    track_id    uuid NOT NULL REFERENCES m_tracks (id) ON DELETE CASCADE,
    position    integer NOT NULL,   -- 0-based; gaps possible
    CONSTRAINT uq_playlist_track UNIQUE (playlist_id, track_id)
);

-- Alembic 014 indexed these (index=True), under these names; create_all
-- databases lack them. Same names, so an adopted database gets no duplicates.
CREATE INDEX IF NOT EXISTS "ix_m_tracks_uSkaterUUID"        ON m_tracks ("uSkaterUUID");
CREATE INDEX IF NOT EXISTS "ix_m_playlists_uSkaterUUID"     ON m_playlists ("uSkaterUUID");
CREATE INDEX IF NOT EXISTS ix_m_playlist_tracks_playlist_id ON m_playlist_tracks (playlist_id);

-- 3. Columns that alembic revisions added to tables that already existed,
-- for databases created before those revisions. Each fills existing rows as
-- the revision did.

-- 002: back-filled with 32 random hex characters, then NOT NULL UNIQUE.
ALTER TABLE "uAuthTable"
    ADD COLUMN IF NOT EXISTS fs_uniquifier varchar(64) NOT NULL
        DEFAULT replace(gen_random_uuid()::text, '-', '')
        CONSTRAINT uq_uauthtable_fs_uniquifier UNIQUE;

-- 009
ALTER TABLE e_event_entries ADD COLUMN IF NOT EXISTS entry_date date;

-- 011 marked entries that existed before it as 'Scored'; new ones default to
-- 'Committed' (set in section 4, which also covers the column existing).
ALTER TABLE e_event_entries
    ADD COLUMN IF NOT EXISTS status varchar NOT NULL DEFAULT 'Scored';

-- 015 back-filled 'email'.
ALTER TABLE "uSkaterConfig"
    ADD COLUMN IF NOT EXISTS contact_preference varchar DEFAULT 'email',
    ADD COLUMN IF NOT EXISTS share_token uuid CONSTRAINT uq_skater_share_token UNIQUE;

-- 4. Server defaults, for fresh and adopted databases alike. The original set
-- most of these in Python only; the Go service relies on the database.
-- Timestamps are naive UTC by convention (auth.md §11.0), so the defaults are
-- now() AT TIME ZONE 'UTC', correct whatever the session TimeZone.
ALTER TABLE locations        ALTER COLUMN rink_id      SET DEFAULT gen_random_uuid(),
                             ALTER COLUMN date_created SET DEFAULT (now() AT TIME ZONE 'UTC');
ALTER TABLE ice_type         ALTER COLUMN ice_type_id  SET DEFAULT gen_random_uuid();
ALTER TABLE coaches          ALTER COLUMN coach_id     SET DEFAULT gen_random_uuid();
ALTER TABLE club_directory   ALTER COLUMN club_id      SET DEFAULT gen_random_uuid();

ALTER TABLE "uAuthTable"     ALTER COLUMN "uSkaterUUID"  SET DEFAULT gen_random_uuid(),
                             ALTER COLUMN fs_uniquifier  SET DEFAULT replace(gen_random_uuid()::text, '-', ''),
                             ALTER COLUMN created_at     SET DEFAULT (now() AT TIME ZONE 'UTC'),
                             ALTER COLUMN updated_at     SET DEFAULT (now() AT TIME ZONE 'UTC');
ALTER TABLE invite_tokens    ALTER COLUMN created_at SET DEFAULT (now() AT TIME ZONE 'UTC'),
                             ALTER COLUMN max_uses   SET DEFAULT 1,
                             ALTER COLUMN use_count  SET DEFAULT 0;
ALTER TABLE password_reset_tokens
                             ALTER COLUMN created_at SET DEFAULT (now() AT TIME ZONE 'UTC'),
                             ALTER COLUMN used       SET DEFAULT false;

ALTER TABLE "uSkaterConfig"  ALTER COLUMN date_created       SET DEFAULT (now() AT TIME ZONE 'UTC'),
                             ALTER COLUMN "uSkaterTZ"        SET DEFAULT 'UTC',
                             ALTER COLUMN contact_preference SET DEFAULT 'email';
ALTER TABLE "uSkaterBoots"   ALTER COLUMN "bootsID"     SET DEFAULT gen_random_uuid(),
                             ALTER COLUMN date_created  SET DEFAULT (now() AT TIME ZONE 'UTC');
ALTER TABLE "uSkaterBlades"  ALTER COLUMN "bladesID"    SET DEFAULT gen_random_uuid(),
                             ALTER COLUMN date_created  SET DEFAULT (now() AT TIME ZONE 'UTC');
ALTER TABLE "uSkateConfig"   ALTER COLUMN "sConfigID"   SET DEFAULT gen_random_uuid(),
                             ALTER COLUMN date_created  SET DEFAULT (now() AT TIME ZONE 'UTC');
ALTER TABLE "uSkaterEquipment"
                             ALTER COLUMN date_created  SET DEFAULT (now() AT TIME ZONE 'UTC');

ALTER TABLE punch_cards      ALTER COLUMN card_id SET DEFAULT gen_random_uuid();
ALTER TABLE punched_sessions ALTER COLUMN id      SET DEFAULT gen_random_uuid();

ALTER TABLE e_governing_bodies ALTER COLUMN id SET DEFAULT gen_random_uuid();
ALTER TABLE e_event_types    ALTER COLUMN id          SET DEFAULT gen_random_uuid(),
                             ALTER COLUMN single_mark SET DEFAULT false;
ALTER TABLE e_tests          ALTER COLUMN id SET DEFAULT gen_random_uuid();
ALTER TABLE e_events         ALTER COLUMN id SET DEFAULT gen_random_uuid();
ALTER TABLE e_event_costs    ALTER COLUMN id       SET DEFAULT gen_random_uuid(),
                             ALTER COLUMN quantity SET DEFAULT 1;
ALTER TABLE e_event_entries  ALTER COLUMN id     SET DEFAULT gen_random_uuid(),
                             ALTER COLUMN status SET DEFAULT 'Committed';
ALTER TABLE e_scores_6_0            ALTER COLUMN id SET DEFAULT gen_random_uuid();
ALTER TABLE e_scores_cjs            ALTER COLUMN id SET DEFAULT gen_random_uuid();
ALTER TABLE e_scores_ijs_components ALTER COLUMN id SET DEFAULT gen_random_uuid();
ALTER TABLE e_scores_ijs_elements   ALTER COLUMN id SET DEFAULT gen_random_uuid();
ALTER TABLE e_deductions     ALTER COLUMN id    SET DEFAULT gen_random_uuid(),
                             ALTER COLUMN value SET DEFAULT 0;
ALTER TABLE e_import_log     ALTER COLUMN id          SET DEFAULT gen_random_uuid(),
                             ALTER COLUMN source_type SET DEFAULT 'usfsa_6.0',
                             ALTER COLUMN created_at  SET DEFAULT (now() AT TIME ZONE 'UTC');

ALTER TABLE m_tracks         ALTER COLUMN id                 SET DEFAULT gen_random_uuid(),
                             ALTER COLUMN is_performance_cut SET DEFAULT false,
                             ALTER COLUMN clearance_status   SET DEFAULT 'not_required',
                             ALTER COLUMN created_at         SET DEFAULT (now() AT TIME ZONE 'UTC');
ALTER TABLE m_playlists      ALTER COLUMN id            SET DEFAULT gen_random_uuid(),
                             ALTER COLUMN playlist_type SET DEFAULT 'practice',
                             ALTER COLUMN created_at    SET DEFAULT (now() AT TIME ZONE 'UTC');
ALTER TABLE m_playlist_tracks ALTER COLUMN id       SET DEFAULT gen_random_uuid(),
                              ALTER COLUMN position SET DEFAULT 0;

-- +goose Down
-- Drops the whole schema, including the original's data on an adopted
-- database: only for development and tests.
DROP TABLE IF EXISTS
    m_playlist_tracks, m_playlists, m_tracks,
    e_import_log, e_deductions, e_scores_ijs_elements, e_scores_ijs_components,
    e_scores_cjs, e_scores_6_0, e_event_entries, e_event_costs, e_events,
    e_tests, e_event_types, e_governing_bodies,
    j_videos, j_notes, punched_sessions, punch_cards,
    classes_camp, classes_school, club_members,
    maintenance, ice_time,
    "uSkaterEquipment", "uSkateConfig", "uSkaterBlades", "uSkaterBoots",
    "uSkaterConfig",
    password_reset_tokens, invite_tokens, user_roles, role, "uAuthTable",
    club_directory, coaches, ice_type, locations;
