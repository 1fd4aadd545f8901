-- The ORIGINAL Python service's production schema, used by adopt_test.go.
--
-- This is what a production database of the Flask/SQLAlchemy service looks
-- like: tables created by `Base.metadata.create_all` of the 4.0 models, then
-- upgraded by alembic 001_equip_fk .. 016_add_compete_usa (the original's schema
-- as its models and migrations leave it). Therefore:
--   * tables that create_all made carry PostgreSQL's default constraint names
--     (<table>_pkey, <table>_<col>_key, <table>_<col>_fkey) and no server
--     defaults for the Python-side defaults;
--   * the uSkaterUUID FKs of the three equipment tables carry migration 001's
--     names; fs_uniquifier (002), contact_preference/share_token (015),
--     entry_date (009), status (011) and hosting_club's FK (012) were added by
--     alembic, at the end of their tables, with the migrations' names and
--     server defaults;
--   * role, user_roles, invite_tokens, password_reset_tokens, e_*, m_* were
--     created by their migrations (003-014), with those migrations' defaults;
--   * the original's typing bugs are kept: integer "uSkaterZip" and
--     coach_phone, timestamp WITHOUT time zone everywhere, plaintext tokens.
-- The seed rows at the end are what setup_db and the migrations inserted.
-- Note: migration 003 inserted role ids explicitly WITHOUT setval, so
-- role_id_seq still stands at 1 (auth.md §9.2): the Go seed must cope.
--
-- Do not "fix" anything here: this file is evidence of the original.

CREATE TABLE locations (
    rink_id uuid NOT NULL,
    rink_name character varying,
    rink_address character varying,
    rink_city character varying,
    rink_state character varying,
    rink_country character varying,
    rink_zip character varying NOT NULL,
    rink_url character varying,
    rink_phone character varying,
    rink_tz character varying,
    data_source character varying,
    date_created timestamp without time zone,
    CONSTRAINT locations_pkey PRIMARY KEY (rink_id)
);

CREATE TABLE ice_type (
    ice_type_id uuid NOT NULL,
    ice_type character varying,
    CONSTRAINT ice_type_pkey PRIMARY KEY (ice_type_id)
);

CREATE TABLE coaches (
    id serial NOT NULL,
    coach_id uuid NOT NULL,
    "coach_Fname" character varying,
    "coach_Lname" character varying,
    coach_rate double precision,
    coach_usfsa_id integer,
    coach_ijs_id integer,
    coach_phone integer,
    coach_email character varying,
    "uSkaterUUID" uuid,
    CONSTRAINT coaches_pkey PRIMARY KEY (id),
    CONSTRAINT coaches_coach_id_key UNIQUE (coach_id)
);

CREATE TABLE club_directory (
    club_id uuid NOT NULL,
    club_name character varying,
    club_home_rink uuid,
    club_cost double precision,
    CONSTRAINT club_directory_pkey PRIMARY KEY (club_id),
    CONSTRAINT club_directory_club_home_rink_fkey FOREIGN KEY (club_home_rink)
        REFERENCES locations (rink_id) ON DELETE CASCADE
);

CREATE TABLE "uAuthTable" (
    id serial NOT NULL,
    "aLogin" character varying(80) NOT NULL,
    "aPasswordHash" text NOT NULL,
    "aEmail" character varying(120) NOT NULL,
    phone_number character varying(20),
    "uSkaterUUID" uuid NOT NULL,
    created_at timestamp without time zone,
    updated_at timestamp without time zone,
    fs_uniquifier character varying(64) NOT NULL,
    CONSTRAINT "uAuthTable_pkey" PRIMARY KEY (id),
    CONSTRAINT "uAuthTable_aLogin_key" UNIQUE ("aLogin"),
    CONSTRAINT "uAuthTable_aEmail_key" UNIQUE ("aEmail"),
    CONSTRAINT "uAuthTable_phone_number_key" UNIQUE (phone_number),
    CONSTRAINT "uAuthTable_uSkaterUUID_key" UNIQUE ("uSkaterUUID"),
    CONSTRAINT uq_uauthtable_fs_uniquifier UNIQUE (fs_uniquifier)
);

CREATE TABLE role (
    id serial NOT NULL,
    name character varying(80) NOT NULL,
    description character varying(255),
    CONSTRAINT role_pkey PRIMARY KEY (id),
    CONSTRAINT role_name_key UNIQUE (name)
);

CREATE TABLE user_roles (
    id serial NOT NULL,
    user_id integer NOT NULL,
    role_id integer NOT NULL,
    CONSTRAINT user_roles_pkey PRIMARY KEY (id),
    CONSTRAINT uq_user_roles UNIQUE (user_id, role_id),
    CONSTRAINT user_roles_user_id_fkey FOREIGN KEY (user_id) REFERENCES "uAuthTable" (id),
    CONSTRAINT user_roles_role_id_fkey FOREIGN KEY (role_id) REFERENCES role (id)
);

CREATE TABLE invite_tokens (
    id serial NOT NULL,
    token character varying(64) NOT NULL,
    created_by integer,
    created_at timestamp without time zone DEFAULT now(),
    expires_at timestamp without time zone,
    max_uses integer DEFAULT 1 NOT NULL,
    use_count integer DEFAULT 0 NOT NULL,
    CONSTRAINT invite_tokens_pkey PRIMARY KEY (id),
    CONSTRAINT invite_tokens_token_key UNIQUE (token),
    CONSTRAINT invite_tokens_created_by_fkey FOREIGN KEY (created_by) REFERENCES "uAuthTable" (id)
);

CREATE TABLE password_reset_tokens (
    id serial NOT NULL,
    token character varying(64) NOT NULL,
    user_id integer NOT NULL,
    created_at timestamp without time zone DEFAULT now(),
    expires_at timestamp without time zone NOT NULL,
    used boolean DEFAULT false NOT NULL,
    CONSTRAINT password_reset_tokens_pkey PRIMARY KEY (id),
    CONSTRAINT password_reset_tokens_token_key UNIQUE (token),
    CONSTRAINT password_reset_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES "uAuthTable" (id)
);

CREATE TABLE "uSkaterConfig" (
    id serial NOT NULL,
    date_created timestamp without time zone,
    "uSkaterUUID" uuid,
    "uSkaterFname" character varying,
    "uSkaterMname" character varying,
    "uSkaterLname" character varying,
    "uSkaterZip" integer,
    "uSkaterCity" character varying,
    "uSkaterState" character varying,
    "uSkaterCountry" character varying,
    "uSkaterTZ" character varying,
    "uSkaterComboIce" uuid,
    "uSkaterComboOff" uuid,
    "uSkaterRinkPref" uuid,
    "uSkaterMaintPref" integer,
    "activeCoach" uuid,
    "org_Club" uuid,
    "org_Club_Join_Date" timestamp without time zone,
    "org_USFSA_number" integer,
    contact_preference character varying DEFAULT 'email'::character varying,
    share_token uuid,
    CONSTRAINT "uSkaterConfig_pkey" PRIMARY KEY (id),
    CONSTRAINT "uSkaterConfig_uSkaterUUID_key" UNIQUE ("uSkaterUUID"),
    CONSTRAINT "uSkaterConfig_uSkaterComboIce_key" UNIQUE ("uSkaterComboIce"),
    CONSTRAINT "uSkaterConfig_uSkaterComboOff_key" UNIQUE ("uSkaterComboOff"),
    CONSTRAINT uq_skater_share_token UNIQUE (share_token),
    CONSTRAINT "uSkaterConfig_org_Club_fkey" FOREIGN KEY ("org_Club") REFERENCES club_directory (club_id)
);

CREATE TABLE "uSkaterBoots" (
    "bootsID" uuid NOT NULL,
    date_created timestamp without time zone,
    "bootsName" character varying,
    "bootsModel" character varying,
    "bootsSize" character varying,
    "bootsPurchaseAmount" double precision,
    "uSkaterUUID" uuid,
    CONSTRAINT "uSkaterBoots_pkey" PRIMARY KEY ("bootsID"),
    CONSTRAINT fk_uskaterboots_uskateruuid FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE "uSkaterBlades" (
    "bladesID" uuid NOT NULL,
    date_created timestamp without time zone,
    "bladesName" character varying,
    "bladesModel" character varying,
    "bladesSize" character varying,
    "bladesPurchaseAmount" double precision,
    "uSkaterUUID" uuid,
    CONSTRAINT "uSkaterBlades_pkey" PRIMARY KEY ("bladesID"),
    CONSTRAINT fk_uskaterblades_uskateruuid FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE "uSkateConfig" (
    "sConfigID" uuid NOT NULL,
    date_created timestamp without time zone,
    "uSkaterUUID" uuid,
    "uSkaterBladesID" uuid,
    "uSkaterBootsID" uuid,
    "sConfigType" integer,
    "sActiveFlag" integer,
    CONSTRAINT "uSkateConfig_pkey" PRIMARY KEY ("sConfigID"),
    CONSTRAINT fk_uskateconfig_uskateruuid FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE "uSkaterEquipment" (
    id serial NOT NULL,
    date_created timestamp without time zone,
    equip_manufacturer character varying,
    equip_model character varying,
    equip_notes character varying,
    equip_size character varying,
    equip_color character varying,
    equip_vendor character varying,
    equip_url character varying,
    equip_cost double precision,
    "uSkaterUUID" uuid,
    CONSTRAINT "uSkaterEquipment_pkey" PRIMARY KEY (id),
    CONSTRAINT "uSkaterEquipment_uSkaterUUID_fkey" FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE ice_time (
    ice_time_id serial NOT NULL,
    date timestamp without time zone,
    ice_time integer,
    ice_cost double precision,
    skate_type uuid,
    coach_time integer,
    coach_id uuid,
    coach_cost double precision,
    has_video integer,
    has_notes integer,
    rink_id uuid,
    "uSkaterUUID" uuid,
    "uSkaterConfig" uuid,
    "uSkaterType" integer,
    CONSTRAINT ice_time_pkey PRIMARY KEY (ice_time_id),
    CONSTRAINT ice_time_skate_type_fkey FOREIGN KEY (skate_type) REFERENCES ice_type (ice_type_id) ON DELETE CASCADE,
    CONSTRAINT ice_time_coach_id_fkey FOREIGN KEY (coach_id) REFERENCES coaches (coach_id) ON DELETE CASCADE,
    CONSTRAINT ice_time_rink_id_fkey FOREIGN KEY (rink_id) REFERENCES locations (rink_id) ON DELETE CASCADE,
    CONSTRAINT "ice_time_uSkaterUUID_fkey" FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE,
    CONSTRAINT "ice_time_uSkaterConfig_fkey" FOREIGN KEY ("uSkaterConfig")
        REFERENCES "uSkateConfig" ("sConfigID") ON DELETE CASCADE
);

CREATE TABLE maintenance (
    id serial NOT NULL,
    m_date timestamp without time zone,
    m_hours_on integer,
    m_cost double precision,
    m_location uuid,
    m_notes character varying,
    m_roh character varying,
    m_pref_hours double precision,
    "uSkaterBladesID" uuid,
    "uSkaterConfig" uuid,
    "uSkaterUUID" uuid,
    CONSTRAINT maintenance_pkey PRIMARY KEY (id),
    CONSTRAINT "maintenance_uSkaterBladesID_fkey" FOREIGN KEY ("uSkaterBladesID")
        REFERENCES "uSkaterBlades" ("bladesID") ON DELETE CASCADE,
    CONSTRAINT "maintenance_uSkaterConfig_fkey" FOREIGN KEY ("uSkaterConfig")
        REFERENCES "uSkateConfig" ("sConfigID") ON DELETE CASCADE,
    CONSTRAINT "maintenance_uSkaterUUID_fkey" FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE club_members (
    id serial NOT NULL,
    club_id uuid,
    "uSkaterUUID" uuid,
    joined_date timestamp without time zone,
    expiration_date timestamp without time zone,
    membership_fee double precision,
    CONSTRAINT club_members_pkey PRIMARY KEY (id),
    CONSTRAINT club_members_club_id_fkey FOREIGN KEY (club_id) REFERENCES club_directory (club_id) ON DELETE CASCADE,
    CONSTRAINT "club_members_uSkaterUUID_fkey" FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE classes_school (
    id serial NOT NULL,
    location_id uuid,
    class_cost double precision,
    class_name character varying,
    date_start timestamp without time zone,
    date_end timestamp without time zone,
    "uSkaterUUID" uuid,
    CONSTRAINT classes_school_pkey PRIMARY KEY (id),
    CONSTRAINT classes_school_location_id_fkey FOREIGN KEY (location_id) REFERENCES locations (rink_id) ON DELETE CASCADE,
    CONSTRAINT "classes_school_uSkaterUUID_fkey" FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE classes_camp (
    id serial NOT NULL,
    location_id uuid,
    camp_cost double precision,
    camp_name character varying,
    date_start timestamp without time zone,
    date_end timestamp without time zone,
    "uSkaterUUID" uuid,
    CONSTRAINT classes_camp_pkey PRIMARY KEY (id),
    CONSTRAINT classes_camp_location_id_fkey FOREIGN KEY (location_id) REFERENCES locations (rink_id) ON DELETE CASCADE,
    CONSTRAINT "classes_camp_uSkaterUUID_fkey" FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE punch_cards (
    card_id uuid NOT NULL,
    card_type uuid,
    card_cost double precision,
    punches_total integer,
    punch_session_minutes integer,
    purchase_date timestamp without time zone,
    expiration_date timestamp without time zone,
    rink_id uuid,
    "uSkaterUUID" uuid,
    CONSTRAINT punch_cards_pkey PRIMARY KEY (card_id),
    CONSTRAINT punch_cards_card_type_fkey FOREIGN KEY (card_type) REFERENCES ice_type (ice_type_id) ON DELETE CASCADE,
    CONSTRAINT punch_cards_rink_id_fkey FOREIGN KEY (rink_id) REFERENCES locations (rink_id) ON DELETE CASCADE,
    CONSTRAINT "punch_cards_uSkaterUUID_fkey" FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE punched_sessions (
    id uuid NOT NULL,
    punchcard_id uuid,
    session_id integer,
    datetime_punch timestamp without time zone,
    punches_used integer,
    notes character varying,
    CONSTRAINT punched_sessions_pkey PRIMARY KEY (id),
    CONSTRAINT punched_sessions_punchcard_id_fkey FOREIGN KEY (punchcard_id)
        REFERENCES punch_cards (card_id) ON DELETE CASCADE,
    CONSTRAINT punched_sessions_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES ice_time (ice_time_id) ON DELETE CASCADE
);

CREATE TABLE j_notes (
    id serial NOT NULL,
    notes_date timestamp without time zone,
    notes character varying,
    "uSkaterUUID" uuid,
    CONSTRAINT j_notes_pkey PRIMARY KEY (id),
    CONSTRAINT "j_notes_uSkaterUUID_fkey" FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE j_videos (
    id serial NOT NULL,
    video_date timestamp without time zone,
    video_url character varying,
    video_platform character varying,
    video_type character varying,
    video_name character varying,
    "uSkaterUUID" uuid,
    CONSTRAINT j_videos_pkey PRIMARY KEY (id),
    CONSTRAINT "j_videos_uSkaterUUID_fkey" FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

-- alembic 007 ------------------------------------------------------------
CREATE TABLE e_governing_bodies (
    id uuid NOT NULL,
    short_name character varying NOT NULL,
    full_name character varying,
    CONSTRAINT e_governing_bodies_pkey PRIMARY KEY (id)
);

CREATE TABLE e_event_types (
    id uuid NOT NULL,
    category character varying NOT NULL,
    scoring_system character varying,
    governing_body_id uuid,
    single_mark boolean DEFAULT false,
    CONSTRAINT e_event_types_pkey PRIMARY KEY (id),
    CONSTRAINT e_event_types_governing_body_id_fkey FOREIGN KEY (governing_body_id)
        REFERENCES e_governing_bodies (id)
);

-- e_tests came from create_all; 007 re-pointed its test_type FK.
CREATE TABLE e_tests (
    id uuid NOT NULL,
    test_cost double precision,
    test_label character varying,
    test_level character varying,
    test_type uuid,
    test_results character varying,
    test_date timestamp without time zone,
    test_location uuid,
    "uSkaterUUID" uuid,
    "uSkaterConfig" uuid,
    CONSTRAINT e_tests_pkey PRIMARY KEY (id),
    CONSTRAINT e_tests_test_type_fkey FOREIGN KEY (test_type) REFERENCES e_event_types (id) ON DELETE CASCADE,
    CONSTRAINT e_tests_test_location_fkey FOREIGN KEY (test_location) REFERENCES locations (rink_id) ON DELETE CASCADE,
    CONSTRAINT "e_tests_uSkaterUUID_fkey" FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE,
    CONSTRAINT "e_tests_uSkaterConfig_fkey" FOREIGN KEY ("uSkaterConfig")
        REFERENCES "uSkateConfig" ("sConfigID") ON DELETE CASCADE
);

-- 007, then 012 (hosting_club varchar -> uuid + FK) and 013 (event_cost dropped)
CREATE TABLE e_events (
    id uuid NOT NULL,
    event_label character varying NOT NULL,
    event_date date NOT NULL,
    event_location uuid,
    hosting_club uuid,
    coach_id uuid,
    notes text,
    "uSkaterUUID" uuid NOT NULL,
    "uSkaterConfig" uuid,
    CONSTRAINT e_events_pkey PRIMARY KEY (id),
    CONSTRAINT e_events_event_location_fkey FOREIGN KEY (event_location) REFERENCES locations (rink_id) ON DELETE SET NULL,
    CONSTRAINT fk_e_events_hosting_club FOREIGN KEY (hosting_club) REFERENCES club_directory (club_id) ON DELETE SET NULL,
    CONSTRAINT e_events_coach_id_fkey FOREIGN KEY (coach_id) REFERENCES coaches (coach_id) ON DELETE SET NULL,
    CONSTRAINT "e_events_uSkaterUUID_fkey" FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE,
    CONSTRAINT "e_events_uSkaterConfig_fkey" FOREIGN KEY ("uSkaterConfig")
        REFERENCES "uSkateConfig" ("sConfigID") ON DELETE SET NULL
);

-- 007, then 009 (entry_date) and 011 (status) appended
CREATE TABLE e_event_entries (
    id uuid NOT NULL,
    event_id uuid NOT NULL,
    event_segment character varying,
    event_level character varying,
    event_type uuid,
    placement integer,
    field_size integer,
    majority character varying,
    total_segment_score double precision,
    source_url character varying,
    video_url character varying,
    event_results character varying,
    "uSkaterUUID" uuid NOT NULL,
    entry_date date,
    status character varying DEFAULT 'Committed'::character varying NOT NULL,
    CONSTRAINT e_event_entries_pkey PRIMARY KEY (id),
    CONSTRAINT e_event_entries_event_id_fkey FOREIGN KEY (event_id) REFERENCES e_events (id) ON DELETE CASCADE,
    CONSTRAINT e_event_entries_event_type_fkey FOREIGN KEY (event_type) REFERENCES e_event_types (id),
    CONSTRAINT "e_event_entries_uSkaterUUID_fkey" FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE e_scores_6_0 (
    id uuid NOT NULL,
    entry_id uuid NOT NULL,
    judge_number integer NOT NULL,
    ordinal double precision,
    technical_merit double precision,
    presentation double precision,
    "uSkaterUUID" uuid NOT NULL,
    CONSTRAINT e_scores_6_0_pkey PRIMARY KEY (id),
    CONSTRAINT e_scores_6_0_entry_id_fkey FOREIGN KEY (entry_id) REFERENCES e_event_entries (id) ON DELETE CASCADE,
    CONSTRAINT "e_scores_6_0_uSkaterUUID_fkey" FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

-- 010 renamed composition -> performance
CREATE TABLE e_scores_cjs (
    id uuid NOT NULL,
    entry_id uuid NOT NULL,
    judge_number integer NOT NULL,
    artistic_appeal double precision,
    performance double precision,
    skating_skills double precision,
    "uSkaterUUID" uuid NOT NULL,
    CONSTRAINT e_scores_cjs_pkey PRIMARY KEY (id),
    CONSTRAINT e_scores_cjs_entry_id_fkey FOREIGN KEY (entry_id) REFERENCES e_event_entries (id) ON DELETE CASCADE,
    CONSTRAINT "e_scores_cjs_uSkaterUUID_fkey" FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE e_scores_ijs_components (
    id uuid NOT NULL,
    entry_id uuid NOT NULL,
    judge_number integer NOT NULL,
    composition double precision,
    presentation double precision,
    skating_skills double precision,
    "uSkaterUUID" uuid NOT NULL,
    CONSTRAINT e_scores_ijs_components_pkey PRIMARY KEY (id),
    CONSTRAINT e_scores_ijs_components_entry_id_fkey FOREIGN KEY (entry_id) REFERENCES e_event_entries (id) ON DELETE CASCADE,
    CONSTRAINT "e_scores_ijs_components_uSkaterUUID_fkey" FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE e_scores_ijs_elements (
    id uuid NOT NULL,
    entry_id uuid NOT NULL,
    element_number integer NOT NULL,
    element_name character varying,
    base_value double precision,
    goe double precision,
    final_score double precision,
    "uSkaterUUID" uuid NOT NULL,
    CONSTRAINT e_scores_ijs_elements_pkey PRIMARY KEY (id),
    CONSTRAINT e_scores_ijs_elements_entry_id_fkey FOREIGN KEY (entry_id) REFERENCES e_event_entries (id) ON DELETE CASCADE,
    CONSTRAINT "e_scores_ijs_elements_uSkaterUUID_fkey" FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

CREATE TABLE e_deductions (
    id uuid NOT NULL,
    entry_id uuid NOT NULL,
    deduction_type character varying NOT NULL,
    value double precision DEFAULT '0'::double precision NOT NULL,
    notes text,
    "uSkaterUUID" uuid NOT NULL,
    CONSTRAINT e_deductions_pkey PRIMARY KEY (id),
    CONSTRAINT e_deductions_entry_id_fkey FOREIGN KEY (entry_id) REFERENCES e_event_entries (id) ON DELETE CASCADE,
    CONSTRAINT "e_deductions_uSkaterUUID_fkey" FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

-- alembic 008 ------------------------------------------------------------
CREATE TABLE e_import_log (
    id uuid NOT NULL,
    source_url character varying NOT NULL,
    source_type character varying DEFAULT 'usfsa_6.0'::character varying NOT NULL,
    status character varying NOT NULL,
    skater_name_searched character varying NOT NULL,
    skater_name_matched character varying,
    event_id uuid,
    entry_id uuid,
    raw_html text,
    error_message text,
    created_at timestamp without time zone NOT NULL,
    "uSkaterUUID" uuid NOT NULL,
    CONSTRAINT e_import_log_pkey PRIMARY KEY (id),
    CONSTRAINT e_import_log_event_id_fkey FOREIGN KEY (event_id) REFERENCES e_events (id) ON DELETE SET NULL,
    CONSTRAINT e_import_log_entry_id_fkey FOREIGN KEY (entry_id) REFERENCES e_event_entries (id) ON DELETE SET NULL,
    CONSTRAINT "e_import_log_uSkaterUUID_fkey" FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);

-- alembic 013 ------------------------------------------------------------
CREATE TABLE e_event_costs (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    event_id uuid NOT NULL,
    category character varying NOT NULL,
    note character varying,
    amount double precision NOT NULL,
    quantity integer DEFAULT 1 NOT NULL,
    CONSTRAINT e_event_costs_pkey PRIMARY KEY (id),
    CONSTRAINT e_event_costs_event_id_fkey FOREIGN KEY (event_id) REFERENCES e_events (id) ON DELETE CASCADE
);

-- alembic 014 ------------------------------------------------------------
CREATE TABLE m_tracks (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    "uSkaterUUID" uuid NOT NULL,
    title character varying NOT NULL,
    artist character varying,
    duration_seconds integer,
    is_performance_cut boolean DEFAULT false,
    cut_duration_seconds integer,
    storage_key character varying,
    clearance_status character varying DEFAULT 'not_required'::character varying NOT NULL,
    clearance_provider character varying,
    clearance_ref character varying,
    apple_music_url character varying,
    spotify_url character varying,
    youtube_url character varying,
    created_at timestamp without time zone DEFAULT now() NOT NULL,
    CONSTRAINT m_tracks_pkey PRIMARY KEY (id),
    CONSTRAINT "m_tracks_uSkaterUUID_fkey" FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);
CREATE INDEX "ix_m_tracks_uSkaterUUID" ON m_tracks USING btree ("uSkaterUUID");

CREATE TABLE m_playlists (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    "uSkaterUUID" uuid NOT NULL,
    name character varying NOT NULL,
    description text,
    playlist_type character varying DEFAULT 'practice'::character varying NOT NULL,
    share_token uuid,
    created_at timestamp without time zone DEFAULT now() NOT NULL,
    CONSTRAINT m_playlists_pkey PRIMARY KEY (id),
    CONSTRAINT m_playlists_share_token_key UNIQUE (share_token),
    CONSTRAINT "m_playlists_uSkaterUUID_fkey" FOREIGN KEY ("uSkaterUUID")
        REFERENCES "uSkaterConfig" ("uSkaterUUID") ON DELETE CASCADE
);
CREATE INDEX "ix_m_playlists_uSkaterUUID" ON m_playlists USING btree ("uSkaterUUID");

CREATE TABLE m_playlist_tracks (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    playlist_id uuid NOT NULL,
    track_id uuid NOT NULL,
    "position" integer DEFAULT 0 NOT NULL,
    CONSTRAINT m_playlist_tracks_pkey PRIMARY KEY (id),
    CONSTRAINT uq_playlist_track UNIQUE (playlist_id, track_id),
    CONSTRAINT m_playlist_tracks_playlist_id_fkey FOREIGN KEY (playlist_id) REFERENCES m_playlists (id) ON DELETE CASCADE,
    CONSTRAINT m_playlist_tracks_track_id_fkey FOREIGN KEY (track_id) REFERENCES m_tracks (id) ON DELETE CASCADE
);
CREATE INDEX ix_m_playlist_tracks_playlist_id ON m_playlist_tracks USING btree (playlist_id);

-- alembic's own bookkeeping
CREATE TABLE alembic_version (
    version_num character varying(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- ----------------------------------------------------------------------
-- Seed rows, as setup_db -c, admin.py restore and the migrations left them
-- ----------------------------------------------------------------------
INSERT INTO alembic_version (version_num) VALUES ('016_add_compete_usa');

INSERT INTO ice_type (ice_type_id, ice_type) VALUES
    ('dc812842-a9a9-4902-b680-361420baffe5', 'Free Style (Walk On)'),
    ('cedbb4e9-ab5b-4a14-a273-fd9783aaac86', 'Public'),
    ('12208eeb-9ffe-4ac3-90d3-976741a34249', 'Coaching Session'),
    ('7a3b3441-04d6-4b5a-afb6-eb556022c2e7', 'Competition'),
    ('88f87085-927d-4b77-b1c9-77d6de7c2d28', 'Performance'),
    ('e48d17a7-d092-4320-8e5b-6670d57b104b', 'Club Ice'),
    ('db32094e-9b0d-42a5-b87f-cd47729b6c65', 'Group Class'),
    ('0bcb0d7a-f5f0-41e2-bccb-78e80eb6673f', 'Free Style (Punch Card)'),
    ('a2250306-a238-4ff3-b772-ae86cbda0d7c', 'Off Ice - Concrete or Asphalt'),
    ('43cae2d2-909c-47a1-ac7d-a1a923c25d4e', 'Off Ice - Rink');

-- Only two of the pooled rinks were restored here, and an admin later edited
-- Cary's phone: the Go seed must not overwrite either.
INSERT INTO locations (rink_id, rink_name, rink_address, rink_city, rink_state, rink_country,
                       rink_zip, rink_url, rink_phone, rink_tz, data_source, date_created) VALUES
    ('b261166b-9e7c-4a96-ab06-ec630deb3321', 'Off Ice', '-', '-', '-', '-',
     '00000', '-', '-', NULL, 'skatetrax', '2025-01-05 17:22:10.123456'),
    ('92b3dcf8-3018-4d61-9cf7-f683846eb517', 'Las Vegas Ice Center', '9295 W Flamingo Rd UNIT 130',
     'Las Vegas', 'NV', 'US', '89147', 'https://lasvegasice.com/', '(702) 320-7777',
     'America/Los_Angeles', 'skatetrax', '2025-01-05 17:25:00'),
    ('48ca4fc1-6e40-4102-8ca7-85b85846db23', 'Cary Polar Ice House', '1410 Buck Jones Road',
     'Raleigh', 'NC', 'US', '27606', 'https://www.polaricecary.com/', '(919) 460-0000',
     'America/New_York', 'skatetrax', '2025-01-05 17:25:00');

-- setup_db inserted the placeholder coach without an id: serial gave it 1.
INSERT INTO coaches (coach_id, "coach_Fname", "coach_Lname", coach_rate)
VALUES ('487d43b5-0a4d-4dc4-8cc2-ab06870a10bf', '-', '-', 0);

INSERT INTO club_directory (club_id, club_name, club_home_rink, club_cost)
VALUES ('c4dd2b9c-50f1-4f5b-a439-fd8f36a654d6', 'No Club', NULL, 0);

-- 003 copied u_skater_types with explicit ids and no setval.
INSERT INTO role (id, name, description) VALUES
    (1, 'adult', 'Adult'),
    (2, 'coach', 'Coach'),
    (3, 'minor', 'Minor'),
    (4, 'guardian', 'Guardian');

INSERT INTO e_governing_bodies (id, short_name, full_name) VALUES
    ('a0000000-0000-0000-0000-000000000001', 'None', 'Unaffiliated'),
    ('a0000000-0000-0000-0000-000000000002', 'USFSA', 'U.S. Figure Skating Association'),
    ('a0000000-0000-0000-0000-000000000003', 'ISI', 'Ice Sports Industry'),
    ('a0000000-0000-0000-0000-000000000004', 'Other', 'Other'),
    ('a0000000-0000-0000-0000-000000000005', 'Compete USA', 'Compete USA');

INSERT INTO e_event_types (id, category, scoring_system, governing_body_id, single_mark) VALUES
    ('b0000000-0000-0000-0000-000000000001', 'Competition', '6.0', 'a0000000-0000-0000-0000-000000000002', false),
    ('b0000000-0000-0000-0000-000000000002', 'Competition', '6.0', 'a0000000-0000-0000-0000-000000000001', false),
    ('b0000000-0000-0000-0000-000000000003', 'Showcase', 'CJS', 'a0000000-0000-0000-0000-000000000002', false),
    ('b0000000-0000-0000-0000-000000000004', 'Showcase', NULL, 'a0000000-0000-0000-0000-000000000001', false),
    ('b0000000-0000-0000-0000-000000000005', 'Exhibition', NULL, 'a0000000-0000-0000-0000-000000000001', false),
    ('b0000000-0000-0000-0000-000000000006', 'Competition', 'IJS', 'a0000000-0000-0000-0000-000000000002', false),
    ('b0000000-0000-0000-0000-000000000007', 'Competition', '6.0', 'a0000000-0000-0000-0000-000000000005', true),
    ('b0000000-0000-0000-0000-000000000008', 'Competition', '6.0', 'a0000000-0000-0000-0000-000000000005', false),
    ('b0000000-0000-0000-0000-000000000009', 'Competition', 'IJS', 'a0000000-0000-0000-0000-000000000005', false),
    ('b0000000-0000-0000-0000-00000000000a', 'Competition', 'CJS', 'a0000000-0000-0000-0000-000000000005', false);
