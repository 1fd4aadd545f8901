package apitest_test

import (
	"time"

	"github.com/skatetrax/skatetrax-api/internal/auth/token"
)

// family runs the examples of the family area (guardians, minor profiles,
// coaches) with the people they need: a guardian with a profile of their
// own, a second guardian who accepts the invitation, and the coach the
// examples name (coach_kim). The ids of the examples stand for the records
// the earlier steps created, as in the main run.
func (r *exampleRun) family() {
	r.t.Helper()
	s := r.s
	main := r.c
	defer func() { r.c = main }()

	guardian := s.Register("doe_parent", "guardian")
	gc := s.Login(guardian)
	gc.Post("/api/v4/auth/onboard", map[string]any{"first_name": "Jane", "last_name": "Doe", "timezone": "America/Denver"}).Expect(200)
	second := s.Login(s.Register("doe_second_parent", "guardian"))
	s.Register("coach_kim", "coach")

	r.c = gc
	for _, op := range []string{"createFamilySkater", "listFamilySkaters", "createGuardianInvite", "listGuardianInvites", "revokeGuardianInvite"} {
		r.run(op, "")
	}
	// The accept example's token is made real: an invite with that very token.
	exToken, _ := r.requestExample("acceptGuardianInvite", "").(map[string]any)["token"].(string)
	minor := r.subs["6d1b2c55-3a0e-4c1f-9b7e-2f4d8a9c0e11"]
	if _, err := s.Pool.Exec(r.t.Context(), `INSERT INTO guardian_invites (token_sha256, skater_uuid, created_by, expires_at)
		VALUES ($1, $2, $3, $4)`, token.Digest(exToken), minor, guardian.UserID, time.Now().Add(time.Hour)); err != nil {
		r.t.Fatalf("seed the example's guardian invite: %v", err)
	}
	r.c = second
	r.run("acceptGuardianInvite", "")

	r.c = gc
	for _, op := range []string{"setActiveSkater", "grantCoachAccess", "listCoachAccess", "revokeCoachAccess"} {
		r.run(op, "")
	}
	// The erasure example's password stands for the guardian's.
	r.subs[r.requestExample("deleteFamilySkater", "").(map[string]any)["current_password"].(string)] = guardian.Password
	r.run("deleteFamilySkater", "")
	gc.Request("PUT", "/api/v4/auth/active_skater", map[string]any{"uSkaterUUID": minor}).Expect(404)
}
