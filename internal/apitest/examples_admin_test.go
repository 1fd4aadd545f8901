package apitest_test

import "net/http"

// The ids the administration examples use for records that no example
// creates: a club an import made private to one skater (clubs have no
// "add my own" route), seeded directly.
const examplePrivateClub = "6b1d8e3f-9a2c-4e5d-b7f0-8c9d0e1f2a34"

// adminAndErasureSteps runs the examples of the administrators' operations
// with an administrator of its own (seeded with the admin role, as
// `skatetrax user grant <login> admin` does), and the erasure example with a
// separate account whose password is the one the example confirms, so that
// the demo account the other steps use is not erased. It runs after the
// demo account's steps: promoting needs the private coach and rink the demo
// account added (createPrivateCoach, createPrivateRink).
func (r *exampleRun) adminAndErasureSteps() {
	r.t.Helper()
	demo := r.c
	defer func() { r.c = demo }()

	admin := r.s.Register("demo-admin", "admin")
	r.c = r.s.Login(admin)

	var demoSkater string
	if err := r.s.Pool.QueryRow(r.t.Context(), `SELECT "uSkaterUUID"::text FROM "uAuthTable" WHERE "aLogin" = $1`, demoLogin).Scan(&demoSkater); err != nil {
		r.t.Fatalf("demo skater: %v", err)
	}
	var club string
	if err := r.s.Pool.QueryRow(r.t.Context(),
		`INSERT INTO club_directory (club_id, club_name, club_home_rink, club_cost, owner_skater)
		 VALUES (gen_random_uuid(), 'Boulder Skating Club', NULL, NULL, $1) RETURNING club_id::text`, demoSkater).Scan(&club); err != nil {
		r.t.Fatalf("seed a private club: %v", err)
	}
	r.subs[examplePrivateClub] = club
	// The invite example's id (7) is a number: let createInvite's answer say
	// which real invite it stands for, whatever an earlier step's 7 meant.
	delete(r.subs, "7")

	for _, st := range []struct{ op, example string }{
		{"createRink", ""}, {"updateRink", ""}, {"retireRink", ""}, {"promoteRink", ""},
		{"createCoach", ""}, {"updateCoach", ""}, {"retireCoach", ""}, {"promoteCoach", ""},
		{"createClub", ""}, {"updateClub", ""}, {"retireClub", ""}, {"promoteClub", ""},
		{"createIceType", ""}, {"updateIceType", ""}, {"retireIceType", ""},
		{"createEventType", ""}, {"updateEventType", ""}, {"retireEventType", ""},
		{"listAdminRinks", ""}, {"listAdminCoaches", ""}, {"listAdminClubs", ""},
		{"listAdminIceTypes", ""}, {"listAdminEventTypes", ""},
		{"createInvite", ""}, {"listInvites", ""}, {"revokeInvite", ""}, {"listAuditEvents", ""},
	} {
		r.run(st.op, st.example)
	}

	// Erasure: an account of its own, registered with the password the
	// example confirms.
	ex, _ := r.requestExample("deleteAccount", "").(map[string]any)
	password, _ := ex["current_password"].(string)
	leaving := r.s.Client()
	leaving.Post("/api/v4/auth/register", map[string]any{"aLogin": "leaving", "aEmail": "leaving@example.com",
		"aPasswordHash": password, "invite_token": r.s.Invite(1)}).Expect(http.StatusOK)
	leaving.Post("/api/v4/auth/login", map[string]any{"aLogin": "leaving", "aPasswordHash": password}).Expect(http.StatusOK)
	r.c = leaving
	r.run("deleteAccount", "")
	r.c = r.s.Client()
	r.c.Post("/api/v4/auth/login", map[string]any{"aLogin": "leaving", "aPasswordHash": password}).Expect(http.StatusUnauthorized)
}
