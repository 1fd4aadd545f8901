// Package lookups serves the shared reference lists every skater reads
// (coaches, session types, rinks, clubs) and names the fixed seed rows the
// rules depend on. It knows nothing of HTTP.
package lookups

import "github.com/google/uuid"

// Fixed ids of the seed rows every installation has. They are inserted by
// sql/migrations/00002_seed_lookups.sql; SQL refers to the group class only
// through the st_is_group function (sql/migrations/00005_members.sql). Go
// code uses these names, never the literals.
var (
	// GroupClass is the "Group Class" session type: its minutes are group
	// time (the original's GROUP_SESSION_IDS; docs/members.md).
	GroupClass = uuid.MustParse("db32094e-9b0d-42a5-b87f-cd47729b6c65")
	// WalkOn is the "Free Style (Walk On)" session type, listed first.
	WalkOn = uuid.MustParse("dc812842-a9a9-4902-b680-361420baffe5")
	// NoCoach is the "no coach" placeholder coach ("- -"): a session without
	// a coach names it.
	NoCoach = uuid.MustParse("487d43b5-0a4d-4dc4-8cc2-ab06870a10bf")
	// NoClub is the "No Club" placeholder club.
	NoClub = uuid.MustParse("c4dd2b9c-50f1-4f5b-a439-fd8f36a654d6")
)
