package family_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// TestGuardianActsForEachSkater is the story: a guardian creates two
// children, switches between them and themself, logs training for each, and
// every member route then shows only the active skater's data.
func TestGuardianActsForEachSkater(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	f := newFamily(t, s, "gwen")
	who := []struct {
		name, skater, tag, pref string
		minutes                 int
	}{
		{"self", f.self, "gwen7", "email", 31},
		{"first_child", f.kids[0], "ava7", "text", 42},
		{"second_child", f.kids[1], "ben7", "phone", 53},
	}
	for _, w := range who {
		switchTo(t, f.c, w.skater, 200)
		seed(t, f.c, w.tag, w.minutes)
		f.c.Request(http.MethodPatch, pathContact, map[string]any{"contact_preference": w.pref}).Expect(200)
	}
	reads := memberReads(t)
	if len(reads) < 10 {
		t.Fatalf("only %d member reads found in the contract: %v", len(reads), reads)
	}
	for _, w := range who {
		t.Run(w.name+"_sees_only_own_data_on_every_member_route", func(t *testing.T) {
			st := switchTo(t, f.c, w.skater, 200)
			wantRel := "guardian"
			if w.skater == f.self {
				wantRel = "self"
			}
			if st["active_skater"] != w.skater || st["acting_as"] != wantRel || st["may_write"] != true {
				t.Fatalf("switch answered %v", st)
			}
			sess := f.c.Get(pathSession).Expect(200).Map()
			if sk, rel := actingOf(t, sess); sess["uSkaterUUID"] != f.self || sk != w.skater || rel != wantRel || sess["onboarding_complete"] != true {
				t.Fatalf("session %v", sess)
			}
			if got := iceMinutes(t, f.c); !slices.Equal(got, []int{w.minutes}) {
				t.Fatalf("ice_time minutes %v, want [%d]", got, w.minutes)
			}
			for _, path := range reads {
				r := f.c.Get(path)
				if r.Status != 200 {
					t.Errorf("GET %s -> %d: %s", path, r.Status, r.Body)
					continue
				}
				for _, other := range who {
					if other.tag != w.tag && strings.Contains(string(r.Body), other.tag) {
						t.Errorf("GET %s acting for %s shows %s's data: %s", path, w.name, other.name, r.Body)
					}
				}
			}
			for path, want := range map[string]string{
				pathEquip: "Boots-" + w.tag, pathEvents: "Event-" + w.tag, pathLists: "List-" + w.tag,
			} {
				if body := string(f.c.Get(path).Expect(200).Body); !strings.Contains(body, want) {
					t.Errorf("GET %s lacks %s: %s", path, want, body)
				}
			}
			card := f.c.Get(pathCard).Expect(200).Map()
			id := card["identity"].(map[string]any)
			if id["contact_preference"] != w.pref {
				t.Errorf("card identity %v, want contact preference %s", id, w.pref)
			}
			dash := f.c.Get("/api/v4/members/dashboard").Expect(200).Map()
			if !strings.Contains(string(mustJSON(t, dash)), `"minutes":`) {
				t.Errorf("dashboard without totals: %v", dash)
			}
		})
	}
	t.Run("rows_belong_to_the_skater_they_were_logged_for", func(t *testing.T) {
		for _, w := range who {
			if n := count(t, s, `SELECT count(*) FROM ice_time WHERE "uSkaterUUID" = $1 AND ice_time = $2`, w.skater, w.minutes); n != 1 {
				t.Errorf("%s: %d ice_time rows with %d minutes", w.name, n, w.minutes)
			}
		}
	})
	t.Run("family_list_shows_self_and_both_children_with_relations", func(t *testing.T) {
		switchTo(t, f.c, f.kids[1], 200)
		var body struct {
			Skaters []struct {
				ID       string `json:"uSkaterUUID"`
				First    string `json:"first_name"`
				Relation string `json:"relation"`
				MayWrite bool   `json:"may_write"`
				Minor    bool   `json:"minor"`
				DOB      string `json:"date_of_birth"`
				Active   bool   `json:"active"`
			} `json:"skaters"`
		}
		f.c.Get(pathFamily).Expect(200).JSON(&body)
		if len(body.Skaters) != 3 {
			t.Fatalf("skaters %+v", body.Skaters)
		}
		self := body.Skaters[0]
		if self.ID != f.self || self.Relation != "self" || !self.MayWrite || self.Minor || self.DOB != "" || self.Active {
			t.Errorf("self entry %+v", self)
		}
		for _, k := range body.Skaters[1:] {
			if k.Relation != "guardian" || !k.MayWrite || !k.Minor || k.DOB != childBirth {
				t.Errorf("child entry %+v", k)
			}
			if k.Active != (k.ID == f.kids[1]) {
				t.Errorf("active flag wrong: %+v", k)
			}
		}
	})
	t.Run("switching_to_own_skater_clears_the_choice", func(t *testing.T) {
		switchTo(t, f.c, f.self, 200)
		if n := count(t, s, `SELECT count(*) FROM auth_sessions WHERE user_id = $1 AND active_skater IS NOT NULL`, f.guardian.UserID); n != 0 {
			t.Errorf("%d sessions still carry an active skater", n)
		}
		if got := iceMinutes(t, f.c); !slices.Equal(got, []int{31}) {
			t.Errorf("own ice time %v", got)
		}
	})
	t.Run("a_new_login_starts_on_the_own_skater", func(t *testing.T) {
		switchTo(t, f.c, f.kids[0], 200)
		c2 := s.Login(f.guardian)
		if st := c2.Get(pathSession).Expect(200).Map(); len(st) != 4 || st["uSkaterUUID"] != f.self {
			t.Errorf("new session %v", st)
		}
		if got := iceMinutes(t, f.c); !slices.Equal(got, []int{42}) {
			t.Errorf("the first session lost its switch: %v", got)
		}
	})
}

// TestGuardianWithoutOwnProfile: a guardian who never onboarded manages
// children; onboarding_complete keeps describing their own profile.
func TestGuardianWithoutOwnProfile(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	acc := s.Register("gina", "guardian")
	c := s.Login(acc)
	kid := createChild(t, c, "Cleo")
	var body struct {
		Skaters []map[string]any `json:"skaters"`
	}
	c.Get(pathFamily).Expect(200).JSON(&body)
	if len(body.Skaters) != 1 || body.Skaters[0]["uSkaterUUID"] != kid {
		t.Fatalf("skaters %v", body.Skaters)
	}
	switchTo(t, c, kid, 200)
	st := c.Get(pathSession).Expect(200).Map()
	if sk, rel := actingOf(t, st); st["onboarding_complete"] != false || st["uSkaterUUID"] != acc.Skater || sk != kid || rel != "guardian" {
		t.Errorf("session %v", st)
	}
	seed(t, c, "cleo7", 25)
	if got := iceMinutes(t, c); !slices.Equal(got, []int{25}) {
		t.Errorf("child minutes %v", got)
	}
	t.Run("onboarding_while_acting_creates_the_own_profile", func(t *testing.T) {
		c.Post("/api/v4/auth/onboard", map[string]any{"first_name": "Gina", "last_name": "Parent"}).Expect(200)
		if n := count(t, s, `SELECT count(*) FROM "uSkaterConfig" WHERE "uSkaterUUID" = $1 AND "uSkaterFname" = 'Gina'`, acc.Skater); n != 1 {
			t.Errorf("own profile rows: %d", n)
		}
		if n := count(t, s, `SELECT count(*) FROM "uSkaterConfig" WHERE "uSkaterUUID" = $1 AND "uSkaterFname" = 'Cleo'`, kid); n != 1 {
			t.Errorf("child profile changed: %d", n)
		}
	})
}
