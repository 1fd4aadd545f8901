package handlers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

const (
	pathFamilySkaters  = "/api/v4/family/skaters"
	pathGuardianAccept = "/api/v4/family/guardian_invites/accept"
	pathActiveSkater   = "/api/v4/auth/active_skater"
	skaterNotFound     = "Skater not found"
)

// eraseMinor asks to erase a minor profile with a password.
func eraseMinor(c *apitest.Client, skater, password string) *apitest.Response {
	return c.Request(http.MethodDelete, pathFamilySkaters+"/"+skater, map[string]any{"current_password": password})
}

// unchangedBut reports the tables whose rows mentioning the needles changed,
// other than the audit trail (a refused attempt adds an audit row).
func unchangedBut(t *testing.T, before, after map[string]int) {
	t.Helper()
	for _, m := range []map[string]int{before, after} {
		for table := range m {
			if table != "auth_audit" && before[table] != after[table] {
				t.Errorf("%s: %d rows before, %d after a refused erasure", table, before[table], after[table])
			}
		}
	}
}

// TestMinorErasure: a guardian (here the second one) erases a child's
// profile with everything the child owns, through the account erasure's
// per-skater path; nobody else can, and a wrong password erases nothing;
// coaches, share links and sessions acting for the child end at once; the
// sole guardian's account deletion, refused while they guard a child, then
// succeeds.
func TestMinorErasure(t *testing.T) {
	s := apitest.New(t)
	gail := s.Register("guardian_gail", "guardian")
	g := s.Login(gail)
	g.Post("/api/v4/auth/onboard", map[string]any{"first_name": "Gail", "last_name": "Parent", "timezone": "America/Denver"}).Expect(200)
	newChild := func(first, last string) string {
		return asString(g.Post(pathFamilySkaters, map[string]any{"first_name": first, "last_name": last, "date_of_birth": "2014-05-06",
			"timezone": "America/Denver", "city": "Boulder", "state": "CO"}).Expect(http.StatusCreated).Map()["uSkaterUUID"])
	}
	minor := newChild("Zephyrine", "Quillfeather")
	sibling := newChild("Ben", "Parent")
	g.Request(http.MethodPut, pathActiveSkater, map[string]any{"uSkaterUUID": minor}).Expect(200)
	kid := fillSkater(t, s, equipKit(t, s, g, apitest.Account{Skater: minor}), "zephyrine")

	// A coach with access, reading the child right now.
	coach := s.Register("coach_cora", "coach")
	cc := s.Login(coach)
	g.Post("/api/v4/members/coach_access", map[string]any{"coach": coach.Login}).Expect(http.StatusCreated)
	cc.Request(http.MethodPut, pathActiveSkater, map[string]any{"uSkaterUUID": minor}).Expect(200)
	cc.Get(pathDash).Expect(200)
	// A second guardian, also acting for her, and a pending invite.
	invite := func() string {
		return asString(g.Post(pathFamilySkaters+"/"+minor+"/guardian_invites", nil).Expect(http.StatusCreated).Map()["token"])
	}
	gus := s.Register("guardian_gus", "guardian")
	co := s.Login(gus)
	co.Post(pathGuardianAccept, map[string]any{"token": invite()}).Expect(200)
	co.Request(http.MethodPut, pathActiveSkater, map[string]any{"uSkaterUUID": minor}).Expect(200)
	pending := invite()
	// Another login session of the first guardian acting for the child.
	g2 := s.Login(gail)
	g2.Request(http.MethodPut, pathActiveSkater, map[string]any{"uSkaterUUID": minor}).Expect(200)
	stan := s.Register("guardian_stan", "guardian")
	stranger := s.Login(stan)

	needles := []string{minor, "Zephyrine", "Quillfeather"}
	before := traces(t, s, 0, needles...)
	for _, table := range []string{"uSkaterConfig", "minor_skaters", "skater_guardians", "guardian_invites", "coach_grants",
		"auth_sessions", "ice_time", "maintenance", "e_events", "m_tracks", "m_playlists", "coaches", "locations",
		"punch_cards", "club_members", "j_notes", "uSkaterBoots"} {
		if before[table] == 0 {
			t.Fatalf("the fixture has no %s row of the child: %v", table, before)
		}
	}
	filesOfTrack := func() int {
		n := 0
		for _, f := range storedFiles(t, s.Config.Storage.Dir) {
			if strings.Contains(f, kid.track) {
				n++
			}
		}
		return n
	}
	if filesOfTrack() == 0 {
		t.Fatalf("the child's file is not stored: %v", storedFiles(t, s.Config.Storage.Dir))
	}

	t.Run("anyone_but_a_guardian_gets_the_same_404", func(t *testing.T) {
		unknown := eraseMinor(s.Login(stan).For(t), "00000000-0000-4000-8000-000000000000", stan.Password).Expect(404)
		if !strings.Contains(string(unknown.Body), skaterNotFound) {
			t.Fatalf("body %s", unknown.Body)
		}
		for name, try := range map[string]*apitest.Response{
			"coach_with_access":        eraseMinor(cc.For(t), minor, coach.Password),
			"another_guardian":         eraseMinor(stranger.For(t), minor, stan.Password),
			"an_adult_profile":         eraseMinor(g.For(t), gail.Skater, gail.Password),
			"another_adult_as_a_minor": eraseMinor(stranger.For(t), gail.Skater, stan.Password),
		} {
			if try.Status != 404 || string(try.Body) != string(unknown.Body) {
				t.Errorf("%s: %d %s, want the unknown id's 404 %s", name, try.Status, try.Body, unknown.Body)
			}
		}
		eraseMinor(s.Client().For(t), minor, gail.Password).Expect(401)
		g.For(t).Request(http.MethodDelete, pathFamilySkaters+"/not-a-uuid", map[string]any{"current_password": gail.Password}).Expect(400)
		unchangedBut(t, before, traces(t, s, 0, needles...))
		cc.For(t).Get(pathDash).Expect(200)
	})

	t.Run("wrong_password_is_401_and_erases_nothing", func(t *testing.T) {
		r := eraseMinor(g.For(t), minor, "not my password").Expect(401)
		if !strings.Contains(string(r.Body), "Current password is incorrect") {
			t.Errorf("body %s", r.Body)
		}
		g.For(t).Request(http.MethodDelete, pathFamilySkaters+"/"+minor, map[string]any{}).Expect(400)
		unchangedBut(t, before, traces(t, s, 0, needles...))
	})

	t.Run("a_sole_guardian_cannot_delete_the_account", func(t *testing.T) {
		// Gail is the only guardian of the sibling.
		r := g.For(t).Request(http.MethodDelete, "/api/v4/auth/account", map[string]any{"current_password": gail.Password}).Expect(409)
		if msg := asString(r.Map()["message"]); !strings.Contains(msg, "only guardian of 1 skater profile(s)") ||
			!strings.Contains(msg, "DELETE /api/v4/family/skaters/{skater_id}") {
			t.Errorf("message %q", msg)
		}
		g.For(t).Get(pathDash).Expect(200)
	})

	t.Run("the_second_guardian_erases_the_child_and_everything_she_owns", func(t *testing.T) {
		r := eraseMinor(co.For(t), minor, gus.Password).Expect(200)
		if got := r.Map()["message"]; got != "The skater profile and all of its data have been deleted." {
			t.Errorf("message %v", got)
		}
		// The audit trail keeps the guardians' records by skater id (a
		// random id, nothing left to link it to); nothing else remains.
		if left := traces(t, s, 0, needles...); len(left) != 1 || left["auth_audit"] == 0 {
			t.Errorf("rows that still mention the child: %v", left)
		}
		if left := traces(t, s, 0, "Zephyrine", "Quillfeather"); len(left) != 0 {
			t.Errorf("rows that still name the child: %v", left)
		}
		if filesOfTrack() != 0 {
			t.Errorf("the child's file is still stored: %v", storedFiles(t, s.Config.Storage.Dir))
		}
		if n := countRows(t, s, `SELECT count(*) FROM m_storage_pending`); n != 0 {
			t.Errorf("pending objects left: %d", n)
		}
		if n := countRows(t, s, `SELECT count(*) FROM auth_audit WHERE event = 'minor_erased' AND user_id = $1
			AND detail->>'skater' = $2 AND detail->'other_guardian_user_ids' = jsonb_build_array($3::int)`, gus.UserID, minor, gail.UserID); n != 1 {
			t.Errorf("minor_erased events with both identities: %d", n)
		}
		if n := countRows(t, s, `SELECT count(*) FROM "uSkaterConfig" WHERE "uSkaterUUID" IN ($1, $2)`, sibling, gail.Skater); n != 2 {
			t.Errorf("the sibling's and the guardian's profiles: %d, want 2", n)
		}
		eraseMinor(g.For(t), minor, gail.Password).Expect(404)
	})

	t.Run("sessions_coaches_invites_and_share_links_end_at_once", func(t *testing.T) {
		if n := countRows(t, s, `SELECT count(*) FROM auth_sessions WHERE active_skater = $1`, minor); n != 0 {
			t.Errorf("%d sessions still act for the child", n)
		}
		for name, c := range map[string]*apitest.Client{"coach": cc, "first_guardian": g, "its_other_session": g2, "second_guardian": co} {
			c := c.For(t)
			if m := c.Get("/api/v4/auth/session").Expect(200).Map(); m["active_skater"] != nil || m["acting_as"] != nil {
				t.Errorf("%s: the session still acts for someone: %v", name, m)
			}
			c.Request(http.MethodPut, pathActiveSkater, map[string]any{"uSkaterUUID": minor}).Expect(404)
			var list struct {
				Skaters []struct {
					ID string `json:"uSkaterUUID"`
				} `json:"skaters"`
			}
			c.Get(pathFamilySkaters).Expect(200).JSON(&list)
			for _, sk := range list.Skaters {
				if sk.ID == minor {
					t.Errorf("%s still lists the child", name)
				}
			}
		}
		g.For(t).Get(pathDash).Expect(200) // the guardian's own skater again
		s.Client().For(t).Get(sharedPath + kid.cardToken).Expect(404)
		s.Client().For(t).Get(sharedMusic + kid.playlistToken).Expect(404)
		stranger.For(t).Post(pathGuardianAccept, map[string]any{"token": pending}).Expect(400)
	})

	t.Run("the_guardian_can_delete_the_account_once_no_child_is_left", func(t *testing.T) {
		eraseMinor(g.For(t), sibling, gail.Password).Expect(200)
		g.For(t).Request(http.MethodDelete, "/api/v4/auth/account", map[string]any{"current_password": gail.Password}).Expect(200)
		if left := traces(t, s, gail.UserID, gail.Skater, gail.Login, gail.Email); len(left) != 0 {
			t.Errorf("rows that still mention the guardian: %v", left)
		}
		co.For(t).Request(http.MethodDelete, "/api/v4/auth/account", map[string]any{"current_password": gus.Password}).Expect(200)
		if n := countRows(t, s, `SELECT count(*) FROM minor_skaters`); n != 0 {
			t.Errorf("minor profiles left: %d", n)
		}
	})
}

// TestCoGuardianAccountErasure: a guardian who shares every child is erased;
// the other guardian keeps the children.
func TestCoGuardianAccountErasure(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	first := s.Register("guardian_fay", "guardian")
	f := s.Login(first)
	kid := asString(f.Post(pathFamilySkaters, map[string]any{"first_name": "Ivy", "last_name": "Parent", "date_of_birth": "2016-01-02",
		"timezone": "America/Denver"}).Expect(http.StatusCreated).Map()["uSkaterUUID"])
	second := s.Register("guardian_flo", "guardian")
	fl := s.Login(second)
	fl.Post(pathGuardianAccept, map[string]any{"token": f.Post(pathFamilySkaters+"/"+kid+"/guardian_invites", nil).Expect(201).Map()["token"]}).Expect(200)
	f.Post(pathFamilySkaters+"/"+kid+"/guardian_invites", nil).Expect(201) // pending, created by the one who leaves
	f.Request(http.MethodDelete, "/api/v4/auth/account", map[string]any{"current_password": first.Password}).Expect(200)
	if left := traces(t, s, first.UserID, first.Skater, first.Login, first.Email); len(left) != 0 {
		t.Errorf("rows that still mention the erased guardian: %v", left)
	}
	fl.Request(http.MethodPut, pathActiveSkater, map[string]any{"uSkaterUUID": kid}).Expect(200)
	fl.Get(pathDash).Expect(200)
}
