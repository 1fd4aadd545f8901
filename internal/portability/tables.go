package portability

// table is one list of the export document: the rows of one database table
// that belong to the skater. Keys inside a row are the table's column names
// (the original's, which its admin tool's fixtures use too), so the document
// needs no second naming scheme and a column added by a later migration is
// exported without a code change.
//
// The SQL below is built only from these constants, never from input.
type table struct {
	key  string // list name in the document
	name string // quoted SQL table name
	// owner selects the skater's rows; $1 is the skater's uuid.
	owner string
	order string
	// drop lists columns never exported nor imported (secrets, internal keys,
	// the owner, which the importer sets).
	drop []string
	// serial is a generated key the importer leaves to the database.
	serial string
}

const bySkater = `"uSkaterUUID" = $1`

// tables are in import order: parents before children.
var tables = []table{
	{key: "boots", name: `"uSkaterBoots"`, owner: bySkater, order: `date_created, "bootsID"`},
	{key: "blades", name: `"uSkaterBlades"`, owner: bySkater, order: `date_created, "bladesID"`},
	{key: "skate_configs", name: `"uSkateConfig"`, owner: bySkater, order: `date_created, "sConfigID"`},
	{key: "other_gear", name: `"uSkaterEquipment"`, owner: bySkater, order: `id`, serial: "id"},
	{key: "sessions", name: `ice_time`, owner: bySkater, order: `date, ice_time_id`, serial: "ice_time_id"},
	{key: "maintenance", name: `maintenance`, owner: bySkater, order: `m_date, id`, serial: "id"},
	{key: "club_memberships", name: `club_members`, owner: bySkater, order: `id`, serial: "id"},
	{key: "school_classes", name: `classes_school`, owner: bySkater, order: `id`, serial: "id"},
	{key: "camps", name: `classes_camp`, owner: bySkater, order: `id`, serial: "id"},
	{key: "punch_cards", name: `punch_cards`, owner: bySkater, order: `purchase_date, card_id`},
	{key: "punched_sessions", name: `punched_sessions`,
		owner: `punchcard_id IN (SELECT card_id FROM punch_cards WHERE "uSkaterUUID" = $1)`, order: `datetime_punch, id`},
	{key: "journal_notes", name: `j_notes`, owner: bySkater, order: `id`, serial: "id"},
	{key: "journal_videos", name: `j_videos`, owner: bySkater, order: `id`, serial: "id"},
	{key: "tests", name: `e_tests`, owner: bySkater, order: `test_date, id`},
	{key: "events", name: `e_events`, owner: bySkater, order: `event_date, id`},
	{key: "event_costs", name: `e_event_costs`,
		owner: `event_id IN (SELECT id FROM e_events WHERE "uSkaterUUID" = $1)`, order: `event_id, id`},
	{key: "event_entries", name: `e_event_entries`, owner: bySkater, order: `event_id, entry_date, id`},
	{key: "scores_6_0", name: `e_scores_6_0`, owner: bySkater, order: `entry_id, judge_number, id`},
	{key: "scores_cjs", name: `e_scores_cjs`, owner: bySkater, order: `entry_id, judge_number, id`},
	{key: "scores_ijs_components", name: `e_scores_ijs_components`, owner: bySkater, order: `entry_id, judge_number, id`},
	{key: "scores_ijs_elements", name: `e_scores_ijs_elements`, owner: bySkater, order: `entry_id, element_number, id`},
	{key: "deductions", name: `e_deductions`, owner: bySkater, order: `entry_id, id`},
	{key: "results_imports", name: `e_import_log`, owner: bySkater, order: `created_at, id`},
	// The audio files stay behind: storage keys are internal.
	{key: "tracks", name: `m_tracks`, owner: bySkater, order: `created_at, id`, drop: []string{"storage_key"}},
	{key: "playlists", name: `m_playlists`, owner: bySkater, order: `created_at, id`, drop: []string{"share_token"}},
	{key: "playlist_tracks", name: `m_playlist_tracks`,
		owner: `playlist_id IN (SELECT id FROM m_playlists WHERE "uSkaterUUID" = $1)`, order: `playlist_id, position, id`},
}

// profileTable is the skater profile: one row, without its serial id and
// its share token (a secret).
var profileTable = table{key: "profile", name: `"uSkaterConfig"`, owner: bySkater, serial: "id", drop: []string{"share_token"}}

// Reference entries the skater's records name, or that are the skater's own.
// A shared coach's contact details are a third person's: left out.
var (
	rinkRefs = `rink_id IN (
	    SELECT rink_id FROM ice_time WHERE "uSkaterUUID" = $1
	    UNION SELECT m_location FROM maintenance WHERE "uSkaterUUID" = $1
	    UNION SELECT rink_id FROM punch_cards WHERE "uSkaterUUID" = $1
	    UNION SELECT location_id FROM classes_school WHERE "uSkaterUUID" = $1
	    UNION SELECT location_id FROM classes_camp WHERE "uSkaterUUID" = $1
	    UNION SELECT test_location FROM e_tests WHERE "uSkaterUUID" = $1
	    UNION SELECT event_location FROM e_events WHERE "uSkaterUUID" = $1
	    UNION SELECT "uSkaterRinkPref" FROM "uSkaterConfig" WHERE "uSkaterUUID" = $1
	    UNION SELECT club_home_rink FROM club_directory WHERE ` + clubRefsInner + `)
	  OR owner_skater = $1`
	clubRefsInner = `club_id IN (
	    SELECT club_id FROM club_members WHERE "uSkaterUUID" = $1
	    UNION SELECT hosting_club FROM e_events WHERE "uSkaterUUID" = $1
	    UNION SELECT "org_Club" FROM "uSkaterConfig" WHERE "uSkaterUUID" = $1)
	  OR owner_skater = $1`
	coachRefs = `coach_id IN (
	    SELECT coach_id FROM ice_time WHERE "uSkaterUUID" = $1
	    UNION SELECT coach_id FROM e_events WHERE "uSkaterUUID" = $1
	    UNION SELECT "activeCoach" FROM "uSkaterConfig" WHERE "uSkaterUUID" = $1)
	  OR owner_skater = $1`
)
