package family_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// coached is a family whose first child granted a coach read access.
type coached struct {
	*household
	coach   apitest.Account
	cc      *apitest.Client // the coach's session
	grantID string
}

func newCoached(t *testing.T, s *apitest.Server) *coached {
	t.Helper()
	f := newFamily(t, s, "gwen")
	switchTo(t, f.c, f.kids[0], 200)
	seed(t, f.c, "ava7", 42)
	switchTo(t, f.c, f.kids[1], 200)
	seed(t, f.c, "ben7", 53)
	coach := s.Register("coach_kim", "coach")
	cc := s.Login(coach)
	cc.Post("/api/v4/auth/onboard", map[string]any{"first_name": "Kim", "last_name": "Lee"}).Expect(200)
	switchTo(t, f.c, f.kids[0], 200)
	g := f.c.Post(pathCoaches, map[string]any{"coach": "coach_kim"}).Expect(http.StatusCreated).Map()
	if g["coach_login"] != "coach_kim" || g["coach_name"] != "Kim Lee" {
		t.Fatalf("grant %v", g)
	}
	return &coached{household: f, coach: coach, cc: cc, grantID: g["id"].(string)}
}

func TestCoachReadsOneStudentReadOnly(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	f := newCoached(t, s)

	t.Run("coach_lists_own_profile_and_the_granting_child_only", func(t *testing.T) {
		var body struct {
			Skaters []map[string]any `json:"skaters"`
		}
		f.cc.Get(pathFamily).Expect(200).JSON(&body)
		if len(body.Skaters) != 2 || body.Skaters[1]["uSkaterUUID"] != f.kids[0] || body.Skaters[1]["relation"] != "coach" ||
			body.Skaters[1]["may_write"] != false {
			t.Fatalf("coach sees %v", body.Skaters)
		}
		if _, ok := body.Skaters[1]["date_of_birth"]; ok {
			t.Errorf("a coach sees the child's date of birth: %v", body.Skaters[1])
		}
	})
	t.Run("switching_to_a_skater_without_permission_is_404_like_an_unknown_id", func(t *testing.T) {
		other := f.cc.Request(http.MethodPut, pathActive, map[string]any{"uSkaterUUID": f.kids[1]}).Expect(404).Body
		unknown := f.cc.Request(http.MethodPut, pathActive, map[string]any{"uSkaterUUID": unknownID}).Expect(404).Body
		if string(other) != string(unknown) {
			t.Errorf("404 bodies differ: %s vs %s", other, unknown)
		}
		if _, rel := actingOf(t, f.cc.Get(pathSession).Expect(200).Map()); rel != "self" {
			t.Error("a refused switch changed the session")
		}
	})
	st := switchTo(t, f.cc, f.kids[0], 200)
	if st["acting_as"] != "coach" || st["may_write"] != false {
		t.Fatalf("coach switch %v", st)
	}
	t.Run("coach_reads_every_member_route_of_the_student_and_nothing_of_the_sibling", func(t *testing.T) {
		if got := iceMinutes(t, f.cc); !slices.Equal(got, []int{42}) {
			t.Errorf("coach sees minutes %v", got)
		}
		for _, path := range memberReads(t) {
			r := f.cc.Get(path)
			if r.Status != 200 {
				t.Errorf("GET %s -> %d: %s", path, r.Status, r.Body)
			}
			if strings.Contains(string(r.Body), "ben7") || strings.Contains(string(r.Body), "gwen7") {
				t.Errorf("GET %s shows another skater's data: %s", path, r.Body)
			}
		}
		if body := string(f.cc.Get(pathEquip).Expect(200).Body); !strings.Contains(body, "Boots-ava7") {
			t.Errorf("equipment of the student missing: %s", body)
		}
	})
	t.Run("every_member_write_is_403_read_only_and_changes_nothing", func(t *testing.T) {
		before := count(t, s, `SELECT count(*) FROM ice_time WHERE "uSkaterUUID" = $1`, f.kids[0])
		writes := memberWrites(t)
		if len(writes) < 20 {
			t.Fatalf("only %d member writes in the contract", len(writes))
		}
		for _, w := range writes {
			t.Run(w.name, func(t *testing.T) {
				var r *apitest.Response
				if w.contentType == "" || w.contentType == "application/json" {
					r = f.cc.Request(w.method, w.path, w.body)
				} else {
					req, err := http.NewRequest(w.method, s.URL+w.path, strings.NewReader("--x--\r\n"))
					must(t, err, "request")
					req.Header.Set("Content-Type", w.contentType+"; boundary=x")
					r = f.cc.Do(req)
				}
				if r.Status != http.StatusForbidden || !strings.Contains(string(r.Body), readOnlyText) {
					t.Errorf("%s %s -> %d %s, want 403 %q", w.method, w.path, r.Status, r.Body, readOnlyText)
				}
			})
		}
		if after := count(t, s, `SELECT count(*) FROM ice_time WHERE "uSkaterUUID" = $1`, f.kids[0]); after != before {
			t.Errorf("ice_time rows %d -> %d", before, after)
		}
	})
	t.Run("coach_sees_share_state_but_cannot_share_or_unshare", func(t *testing.T) {
		switchTo(t, f.c, f.kids[0], 200)
		tok := f.c.Post(pathCard+"/share", nil).Expect(200).Map()["share_token"]
		card := f.cc.Get(pathCard).Expect(200).Map()
		if card["share_token"] != tok {
			t.Errorf("coach sees share token %v, want %v", card["share_token"], tok)
		}
		f.cc.Post(pathCard+"/share", nil).Expect(403)
		f.cc.Request(http.MethodDelete, pathCard+"/share", nil).Expect(403)
		if f.cc.Get(pathCard).Expect(200).Map()["share_token"] != tok {
			t.Error("share state changed")
		}
	})
	t.Run("coach_cannot_invite_guardians_or_accept_for_the_student", func(t *testing.T) {
		if r := f.cc.Post("/api/v4/family/skaters/"+f.kids[0]+"/guardian_invites", nil); r.Status != 404 {
			t.Errorf("coach invite: %d %s", r.Status, r.Body)
		}
		tok := f.c.Post("/api/v4/family/skaters/"+f.kids[0]+"/guardian_invites", nil).Expect(201).Map()["token"]
		if r := f.cc.Post(pathAccept, map[string]any{"token": tok}); r.Status != 403 {
			t.Errorf("coach without the guardian role accepted: %d %s", r.Status, r.Body)
		}
	})
	t.Run("coach_sees_only_their_own_grant", func(t *testing.T) {
		f.s.Register("coach_two", "coach")
		f.c.Post(pathCoaches, map[string]any{"coach": "coach_two@example.com"}).Expect(201)
		if n := len(listOf(t, f.c.Get(pathCoaches).Expect(200))); n != 2 {
			t.Errorf("guardian sees %d grants, want 2", n)
		}
		mine := listOf(t, f.cc.Get(pathCoaches).Expect(200))
		if len(mine) != 1 || mine[0]["coach_login"] != "coach_kim" {
			t.Errorf("coach sees %v", mine)
		}
	})
	t.Run("coach_session_acting_for_student_still_owns_its_account_routes", func(t *testing.T) {
		f.cc.Get("/api/v4/auth/sessions").Expect(200)
		if st := f.cc.Get(pathSession).Expect(200).Map(); st["uSkaterUUID"] != f.coach.Skater || st["onboarding_complete"] != true {
			t.Errorf("session %v", st)
		}
	})
}

func listOf(t *testing.T, r *apitest.Response) []map[string]any {
	t.Helper()
	var v []map[string]any
	r.JSON(&v)
	return v
}

// TestRevocationEndsAccessOnTheNextRequest, on the same process and on a
// second one sharing the database, for every way access can end.
func TestRevocationEndsAccessOnTheNextRequest(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	f := newCoached(t, s)
	replica := apitest.New(t, apitest.Options{Pool: s.Pool})
	// The coach's second device talks to the other replica.
	onReplica := replica.Client()
	onReplica.Header.Set("Cookie", "session="+f.cc.Cookie("session"))
	switchTo(t, f.cc, f.kids[0], 200)
	if got := iceMinutes(t, onReplica); !slices.Equal(got, []int{42}) {
		t.Fatalf("replica: coach sees %v before revocation", got)
	}

	t.Run("revoked_grant", func(t *testing.T) {
		f.c.Request(http.MethodDelete, pathCoaches+"/"+f.grantID, nil).Expect(200)
		for name, c := range map[string]*apitest.Client{"same_process": f.cc, "replica": onReplica} {
			if got := iceMinutes(t, c); len(got) != 0 {
				t.Errorf("%s: coach still sees %v", name, got)
			}
			if st := c.Get(pathSession).Expect(200).Map(); len(st) != 4 || st["uSkaterUUID"] != f.coach.Skater {
				t.Errorf("%s: session %v, want the original's four keys", name, st)
			}
		}
		switchTo(t, f.cc, f.kids[0], 404)
		f.c.Request(http.MethodDelete, pathCoaches+"/"+f.grantID, nil).Expect(404)
	})
	t.Run("coach_role_taken_away", func(t *testing.T) {
		f.c.Post(pathCoaches, map[string]any{"coach": "coach_kim"}).Expect(201)
		switchTo(t, onReplica, f.kids[0], 200)
		_, err := s.Pool.Exec(context.Background(),
			`DELETE FROM user_roles WHERE user_id = $1 AND role_id = (SELECT id FROM role WHERE name = 'coach')`, f.coach.UserID)
		must(t, err, "remove role")
		if got := iceMinutes(t, f.cc); len(got) != 0 {
			t.Errorf("coach without the role still sees %v", got)
		}
	})
	t.Run("guardian_link_removed", func(t *testing.T) {
		g2 := s.Register("gus", "guardian")
		gc := s.Login(g2)
		inv := f.c.Post("/api/v4/family/skaters/"+f.kids[1]+"/guardian_invites", nil).Expect(201).Map()
		gc.Post(pathAccept, map[string]any{"token": inv["token"]}).Expect(200)
		gr := replica.Client()
		gr.Header.Set("Cookie", "session="+gc.Cookie("session"))
		switchTo(t, gr, f.kids[1], 200)
		if got := iceMinutes(t, gc); !slices.Equal(got, []int{53}) {
			t.Fatalf("second guardian sees %v", got)
		}
		_, err := s.Pool.Exec(context.Background(), `DELETE FROM skater_guardians WHERE guardian_user_id = $1`, g2.UserID)
		must(t, err, "remove link")
		for name, c := range map[string]*apitest.Client{"same_process": gc, "replica": gr} {
			if got := iceMinutes(t, c); len(got) != 0 {
				t.Errorf("%s: former guardian still sees %v", name, got)
			}
			c.Post(pathSubmit, map[string]any{"date": "2026-01-11", "ice_time": 10, "ice_cost": 1, "coach_time": 0, "coach_cost": 0,
				"skate_type": typeWalkOn, "rink_id": rinkCary, "coach_id": coachNone}).Expect(409) // own account: no profile
		}
		if n := count(t, s, `SELECT count(*) FROM ice_time WHERE "uSkaterUUID" = $1`, f.kids[1]); n != 1 {
			t.Errorf("child has %d sessions, want 1", n)
		}
	})
}

func TestCoachGrantRules(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	skater, acc := s.Skater("sam", "UTC")
	s.Register("coach_kim", "coach")
	s.Register("plain_adult")
	// sam coaches too, so only the self rule refuses a grant to sam.
	_, err := s.Pool.Exec(context.Background(), `INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM role WHERE name = 'coach'`, acc.UserID)
	must(t, err, "grant role")
	cases := []struct {
		name  string
		coach string
		want  int
	}{
		{"unknown_login_is_404", "nobody", 404},
		{"user_without_the_coach_role_is_404", "plain_adult", 404},
		{"granting_yourself_is_400", "sam", 400},
		{"empty_is_400", "  ", 400},
		{"login_without_regard_to_case_is_201", "COACH_KIM", 201},
		{"second_grant_to_the_same_coach_is_409", "coach_kim@example.com", 409},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if r := skater.Post(pathCoaches, map[string]any{"coach": tc.coach}); r.Status != tc.want {
				t.Errorf("status %d, want %d: %s", r.Status, tc.want, r.Body)
			}
		})
	}
	t.Run("a_user_without_profile_cannot_grant_409", func(t *testing.T) {
		c := s.Login(s.Register("noprofile"))
		c.Post(pathCoaches, map[string]any{"coach": "coach_kim"}).Expect(409)
	})
	t.Run("another_skaters_grant_is_404_and_stays", func(t *testing.T) {
		id := listOf(t, skater.Get(pathCoaches).Expect(200))[0]["id"].(string)
		other, _ := s.Skater("olga", "UTC")
		other.Request(http.MethodDelete, pathCoaches+"/"+id, nil).Expect(404)
		if n := count(t, s, `SELECT count(*) FROM coach_grants WHERE skater_uuid = $1`, acc.Skater); n != 1 {
			t.Errorf("%d grants left", n)
		}
	})
	t.Run("grant_and_revoke_are_audited", func(t *testing.T) {
		id := listOf(t, skater.Get(pathCoaches).Expect(200))[0]["id"].(string)
		skater.Request(http.MethodDelete, pathCoaches+"/"+id, nil).Expect(200)
		for _, ev := range []string{"coach_access_granted", "coach_access_revoked"} {
			if n := count(t, s, `SELECT count(*) FROM auth_audit WHERE event = $1 AND user_id = $2 AND detail->>'skater' = $3`, ev, acc.UserID, acc.Skater); n != 1 {
				t.Errorf("%s: %d audit rows", ev, n)
			}
		}
	})
}
