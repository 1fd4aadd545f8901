package family_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// withHeader returns a copy of c that also sends the header k: v.
func withHeader(t *testing.T, c *apitest.Client, k, v string) *apitest.Client {
	cp := c.For(t)
	cp.Header = c.Header.Clone()
	cp.Header.Set(k, v)
	return cp
}

func invitesPath(skater string) string { return pathFamily + "/" + skater + "/guardian_invites" }

const pathInvite = "/api/v4/family/guardian_invites/"

// TestPendingGuardianInvites: a guardian lists the pending invites of a
// child (never the tokens) and revokes one; nobody else sees or revokes
// them; a revoked token then fails acceptance exactly like an unknown one.
func TestPendingGuardianInvites(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	f := newFamily(t, s, "gina")
	kid := f.kids[0]
	used := f.c.Post(invitesPath(kid), nil).Expect(201).Map()["token"].(string)
	keep := f.c.Post(invitesPath(kid), nil).Expect(201).Map()["token"].(string)
	revoked := f.c.Post(invitesPath(kid), nil).Expect(201).Map()["token"].(string)
	expired := f.c.Post(invitesPath(kid), nil).Expect(201).Map()["token"].(string)
	_, err := s.Pool.Exec(t.Context(), `UPDATE guardian_invites SET expires_at = now() - interval '1 second'
		WHERE id = (SELECT max(id) FROM guardian_invites)`)
	must(t, err, "expire an invite")
	co := s.Login(s.Register("gideon", "guardian"))
	co.Post(pathAccept, map[string]any{"token": used}).Expect(200)
	stranger := s.Login(s.Register("greta", "guardian"))
	strangerKid := createChild(t, stranger, "Cal")
	coach := s.Register("coach_carl", "coach")
	cc := s.Login(coach)
	switchTo(t, f.c, kid, 200)
	f.c.Post(pathCoaches, map[string]any{"coach": coach.Login}).Expect(201)
	switchTo(t, cc, kid, 200)

	var ids []int64
	t.Run("a_guardian_lists_the_pending_ones_without_tokens", func(t *testing.T) {
		var list []map[string]any
		for _, c := range []*apitest.Client{f.c, co} { // any guardian of the child
			c.For(t).Get(invitesPath(kid)).Expect(200).JSON(&list)
			if len(list) != 2 {
				t.Fatalf("%d pending invites, want 2 (one used, one expired): %v", len(list), list)
			}
			for _, inv := range list {
				if len(inv) != 4 || inv["created_by"] != f.guardian.Login || inv["id"] == nil || inv["expires_at"] == nil || inv["created_at"] == nil {
					t.Errorf("invite %v", inv)
				}
			}
		}
		ids = []int64{int64(list[0]["id"].(float64)), int64(list[1]["id"].(float64))}
		if got := f.c.For(t).Get(invitesPath(f.kids[1])).Expect(200).Body; string(got) != "[]\n" && string(got) != "[]" {
			t.Errorf("the sibling's invites: %s", got)
		}
	})
	t.Run("nobody_else_lists_them", func(t *testing.T) {
		for name, c := range map[string]*apitest.Client{"coach_with_access": cc, "another_guardian": stranger} {
			if msg := c.For(t).Get(invitesPath(kid)).Expect(404).Map()["message"]; msg != "Skater not found" {
				t.Errorf("%s: %v", name, msg)
			}
		}
		f.c.For(t).Get(invitesPath(unknownID)).Expect(404)
		f.c.For(t).Get(invitesPath(f.self)).Expect(404)
		f.c.For(t).Get(invitesPath(strangerKid)).Expect(404)
	})
	t.Run("nobody_else_revokes_them", func(t *testing.T) {
		for name, c := range map[string]*apitest.Client{"coach_with_access": cc, "another_guardian": stranger} {
			if msg := c.For(t).Request(http.MethodDelete, pathInvite+fmtInt(ids[1]), nil).Expect(404).Map()["message"]; msg != "Guardian invite not found" {
				t.Errorf("%s: %v", name, msg)
			}
		}
		f.c.For(t).Request(http.MethodDelete, pathInvite+"999999", nil).Expect(404)
		f.c.For(t).Request(http.MethodDelete, pathInvite+"0", nil).Expect(400)
		usedID := count(t, s, `SELECT id::int FROM guardian_invites WHERE used_at IS NOT NULL`)
		f.c.For(t).Request(http.MethodDelete, pathInvite+strconv.Itoa(usedID), nil).Expect(404)
		if n := count(t, s, `SELECT count(*) FROM guardian_invites WHERE skater_uuid = $1`, kid); n != 4 {
			t.Errorf("%d invites left, want 4", n)
		}
	})
	t.Run("the_guardian_revokes_one_and_its_token_is_unknown", func(t *testing.T) {
		// The list is oldest first: ids[1] is the third invite (revoked).
		f.c.For(t).Request(http.MethodDelete, pathInvite+fmtInt(ids[1]), nil).Expect(200)
		f.c.For(t).Request(http.MethodDelete, pathInvite+fmtInt(ids[1]), nil).Expect(404)
		var list []map[string]any
		f.c.For(t).Get(invitesPath(kid)).Expect(200).JSON(&list)
		if len(list) != 1 || int64(list[0]["id"].(float64)) != ids[0] {
			t.Errorf("after revoking: %v", list)
		}
		unknown := stranger.For(t).Post(pathAccept, map[string]any{"token": "no-such-token"}).Expect(400)
		again := stranger.For(t).Post(pathAccept, map[string]any{"token": revoked}).Expect(400)
		if string(again.Body) != string(unknown.Body) {
			t.Errorf("revoked token: %s, unknown token: %s", again.Body, unknown.Body)
		}
		stranger.For(t).Post(pathAccept, map[string]any{"token": expired}).Expect(400)
		if n := count(t, s, `SELECT count(*) FROM auth_audit WHERE event = 'guardian_invite_revoked' AND user_id = $1
			AND detail->>'skater' = $2 AND (detail->>'invite_id')::bigint = $3`, f.guardian.UserID, kid, ids[1]); n != 1 {
			t.Errorf("revocation audit rows: %d", n)
		}
		stranger.For(t).Post(pathAccept, map[string]any{"token": keep}).Expect(200) // the other one still works
	})
}
