package family_test

import (
	"context"
	"crypto/sha256"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

func TestOnlyGuardiansCreateMinors(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	adult, _ := s.Skater("adam", "UTC")
	coach := s.Login(s.Register("coach_kim", "coach"))
	guardian := s.Login(s.Register("gwen", "guardian"))
	body := map[string]any{"first_name": "Ava", "last_name": "Parent", "date_of_birth": childBirth}
	for name, c := range map[string]*apitest.Client{"adult": adult, "coach": coach} {
		t.Run(name+"_is_403", func(t *testing.T) {
			r := c.Post(pathFamily, body)
			if r.Status != 403 || !strings.Contains(string(r.Body), "Only a guardian can create a minor profile") {
				t.Errorf("%d %s", r.Status, r.Body)
			}
		})
	}
	t.Run("anonymous_is_401", func(t *testing.T) {
		if r := s.Client().Post(pathFamily, body); r.Status != 401 {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})
	if n := count(t, s, `SELECT count(*) FROM minor_skaters`); n != 0 {
		t.Fatalf("%d minor profiles after refusals", n)
	}
	today := time.Now().UTC()
	cases := []struct {
		name string
		body map[string]any
		want int
	}{
		{"birthday_in_the_future_is_400", map[string]any{"first_name": "A", "last_name": "B", "date_of_birth": today.AddDate(0, 0, 2).Format(time.DateOnly)}, 400},
		{"eighteen_or_older_is_400", map[string]any{"first_name": "A", "last_name": "B", "date_of_birth": today.AddDate(-18, 0, -2).Format(time.DateOnly)}, 400},
		{"missing_birthday_is_400", map[string]any{"first_name": "A", "last_name": "B"}, 400},
		{"missing_last_name_is_400", map[string]any{"first_name": "A", "date_of_birth": childBirth}, 400},
		{"unknown_time_zone_is_400", map[string]any{"first_name": "A", "last_name": "B", "date_of_birth": childBirth, "timezone": "Mars/Olympus"}, 400},
		{"unknown_rink_is_400", map[string]any{"first_name": "A", "last_name": "B", "date_of_birth": childBirth, "rink_id": unknownID}, 400},
		{"seventeen_is_201", map[string]any{"first_name": "A", "last_name": "B", "date_of_birth": today.AddDate(-17, 0, 0).Format(time.DateOnly)}, 201},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if r := guardian.Post(pathFamily, tc.body); r.Status != tc.want {
				t.Errorf("status %d, want %d: %s", r.Status, tc.want, r.Body)
			}
		})
	}
	t.Run("a_minor_profile_has_no_login_and_one_guardian", func(t *testing.T) {
		if n := count(t, s, `SELECT count(*) FROM minor_skaters m JOIN "uAuthTable" u ON u."uSkaterUUID" = m.skater_uuid`); n != 0 {
			t.Errorf("%d minor profiles with a login", n)
		}
		if n := count(t, s, `SELECT count(*) FROM minor_skaters m JOIN skater_guardians g USING (skater_uuid)`); n != 1 {
			t.Errorf("%d guardian links, want 1", n)
		}
		if n := count(t, s, `SELECT count(*) FROM "uSkaterConfig"`); n != 2 {
			t.Errorf("%d profiles, want 2 (adam and the child): a refused create left a row", n)
		}
	})
}

func TestSwitchingRules(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	f := newFamily(t, s, "gwen")
	other := newFamily(t, s, "olga")
	stranger, strangerAcc := s.Skater("sam", "UTC")
	cases := []struct {
		name   string
		c      *apitest.Client
		skater string
		want   int
	}{
		{"own_child_is_200", f.c, f.kids[0], 200},
		{"own_skater_is_200", f.c, f.self, 200},
		{"another_guardians_child_is_404", f.c, other.kids[0], 404},
		{"another_adults_skater_is_404", f.c, strangerAcc.Skater, 404},
		{"unknown_id_is_404", f.c, unknownID, 404},
		{"adult_to_a_child_is_404", stranger, f.kids[1], 404},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if r := tc.c.Request(http.MethodPut, pathActive, map[string]any{"uSkaterUUID": tc.skater}); r.Status != tc.want {
				t.Errorf("status %d, want %d: %s", r.Status, tc.want, r.Body)
			}
		})
	}
	t.Run("malformed_id_is_400", func(t *testing.T) {
		if r := f.c.Request(http.MethodPut, pathActive, map[string]any{"uSkaterUUID": "nope"}); r.Status != 400 {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("anonymous_is_401", func(t *testing.T) {
		if r := s.Client().Request(http.MethodPut, pathActive, map[string]any{"uSkaterUUID": f.kids[0]}); r.Status != 401 {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("records_of_a_sibling_are_404_while_acting_for_the_other_child", func(t *testing.T) {
		switchTo(t, f.c, f.kids[1], 200)
		seed(t, f.c, "ben7", 20)
		var id int64
		must(t, s.Pool.QueryRow(context.Background(), `SELECT ice_time_id FROM ice_time WHERE "uSkaterUUID" = $1`, f.kids[1]).Scan(&id), "load session id")
		switchTo(t, f.c, f.kids[0], 200)
		if r := f.c.Request(http.MethodDelete, pathIceTime+"/"+fmtInt(id), nil); r.Status != 404 {
			t.Errorf("deleting the sibling's session: %d %s", r.Status, r.Body)
		}
		if n := count(t, s, `SELECT count(*) FROM ice_time WHERE ice_time_id = $1`, id); n != 1 {
			t.Errorf("the sibling's session is gone")
		}
		switchTo(t, f.c, f.kids[1], 200)
		f.c.Request(http.MethodDelete, pathIceTime+"/"+fmtInt(id), nil).Expect(200)
	})
	t.Run("switch_is_audited_with_both_identities", func(t *testing.T) {
		const q = `SELECT count(*) FROM auth_audit WHERE event = 'active_skater_switched' AND user_id = $1 AND detail->>'skater' = $2 AND detail->>'relation' = 'guardian'`
		before := count(t, s, q, f.guardian.UserID, f.kids[1])
		switchTo(t, f.c, f.kids[1], 200)
		if n := count(t, s, q, f.guardian.UserID, f.kids[1]); n != before+1 {
			t.Errorf("%d audit rows, want %d", n, before+1)
		}
	})
	t.Run("writes_for_a_child_are_audited_with_both_identities", func(t *testing.T) {
		switchTo(t, f.c, f.kids[1], 200)
		const q = `SELECT count(*) FROM auth_audit WHERE event = 'acted_for_skater' AND user_id = $1 AND detail->>'skater' = $2 AND detail->>'operation' = 'CreateIceSession'`
		before := count(t, s, q, f.guardian.UserID, f.kids[1])
		seed(t, f.c, "ben7", 20)
		if n := count(t, s, q, f.guardian.UserID, f.kids[1]); n != before+1 {
			t.Errorf("%d audit rows for CreateIceSession, want %d", n, before+1)
		}
		switchTo(t, f.c, f.self, 200)
		seed(t, f.c, "gwen7", 20)
		if n := count(t, s, `SELECT count(*) FROM auth_audit WHERE event = 'acted_for_skater' AND detail->>'skater' = $1`, f.self); n != 0 {
			t.Errorf("own writes audited as acting for someone: %d", n)
		}
	})
}

// TestConcurrentSwitches: switches of one session race and leave it on one
// of the targets; sessions of one user switch independently.
func TestConcurrentSwitches(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	f := newFamily(t, s, "gwen")
	for i, tag := range []string{"ava7", "ben7"} {
		switchTo(t, f.c, f.kids[i], 200)
		seed(t, f.c, tag, 40+i)
	}
	t.Run("one_session_racing_ends_on_one_target", func(t *testing.T) {
		var wg sync.WaitGroup
		statuses := make([]int, 20)
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = f.c.Request(http.MethodPut, pathActive, map[string]any{"uSkaterUUID": f.kids[i%2]}).Status
			}()
		}
		wg.Wait()
		for i, st := range statuses {
			if st != 200 {
				t.Errorf("switch %d: %d", i, st)
			}
		}
		st := f.c.Get(pathSession).Expect(200).Map()
		sk, _ := actingOf(t, st)
		idx := slices.Index(f.kids[:], sk)
		if idx < 0 {
			t.Fatalf("session on %v", st["active_skater"])
		}
		if got := iceMinutes(t, f.c); !slices.Equal(got, []int{40 + idx}) {
			t.Errorf("data %v does not match the active skater %d", got, idx)
		}
	})
	t.Run("two_sessions_of_one_guardian_act_independently", func(t *testing.T) {
		other := s.Login(f.guardian)
		switchTo(t, f.c, f.kids[0], 200)
		switchTo(t, other, f.kids[1], 200)
		var wg sync.WaitGroup
		wrong := make(chan string, 40)
		for i := 0; i < 10; i++ {
			for j, c := range []*apitest.Client{f.c, other} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					// Each reader switches its own session again, racing the other's switch.
					if r := c.Request(http.MethodPut, pathActive, map[string]any{"uSkaterUUID": f.kids[j]}); r.Status != 200 {
						wrong <- "switch " + string(r.Body)
						return
					}
					r := c.Get(pathIceTime)
					if r.Status != 200 || !strings.Contains(string(r.Body), `"ice_time":`+[]string{"40", "41"}[j]) {
						wrong <- string(r.Body)
					}
				}()
			}
		}
		wg.Wait()
		close(wrong)
		for w := range wrong {
			t.Errorf("a session read the other's skater: %s", w)
		}
	})
}

func TestGuardianInvites(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	f := newFamily(t, s, "gwen")
	second := s.Register("gus", "guardian")
	gc := s.Login(second)
	invitePath := "/api/v4/family/skaters/" + f.kids[0] + "/guardian_invites"

	t.Run("only_a_guardian_of_the_child_can_invite_404_otherwise", func(t *testing.T) {
		if r := gc.Post(invitePath, nil); r.Status != 404 {
			t.Errorf("other guardian: %d", r.Status)
		}
		if r := f.c.Post("/api/v4/family/skaters/"+f.self+"/guardian_invites", nil); r.Status != 404 {
			t.Errorf("own adult profile: %d", r.Status)
		}
		if r := f.c.Post("/api/v4/family/skaters/"+unknownID+"/guardian_invites", nil); r.Status != 404 {
			t.Errorf("unknown: %d", r.Status)
		}
	})
	inv := f.c.Post(invitePath, nil).Expect(201).Map()
	tok := inv["token"].(string)
	t.Run("token_is_stored_hashed", func(t *testing.T) {
		sum := sha256.Sum256([]byte(tok))
		if n := count(t, s, `SELECT count(*) FROM guardian_invites WHERE token_sha256 = $1`, sum[:]); n != 1 {
			t.Errorf("%d rows with the token's digest", n)
		}
	})
	t.Run("a_user_without_the_guardian_role_is_403_and_the_token_stays", func(t *testing.T) {
		adult := s.Login(s.Register("adam"))
		if r := adult.Post(pathAccept, map[string]any{"token": tok}); r.Status != 403 {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("the_inviting_guardian_is_409_and_the_token_stays", func(t *testing.T) {
		if r := f.c.Post(pathAccept, map[string]any{"token": tok}); r.Status != 409 {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("unknown_token_is_400", func(t *testing.T) {
		if r := gc.Post(pathAccept, map[string]any{"token": "not-a-token"}); r.Status != 400 {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("second_guardian_accepts_and_may_write", func(t *testing.T) {
		r := gc.Post(pathAccept, map[string]any{"token": tok}).Expect(200).Map()
		if r["uSkaterUUID"] != f.kids[0] {
			t.Fatalf("accept %v", r)
		}
		switchTo(t, gc, f.kids[0], 200)
		seed(t, gc, "ava7", 33)
		switchTo(t, f.c, f.kids[0], 200)
		if got := iceMinutes(t, f.c); !slices.Equal(got, []int{33}) {
			t.Errorf("first guardian sees %v", got)
		}
		switchTo(t, gc, f.kids[1], 404) // the invite was for one child only
	})
	t.Run("used_token_is_400", func(t *testing.T) {
		third := s.Login(s.Register("gia", "guardian"))
		if r := third.Post(pathAccept, map[string]any{"token": tok}); r.Status != 400 {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("expired_token_is_400", func(t *testing.T) {
		tok2 := f.c.Post("/api/v4/family/skaters/"+f.kids[1]+"/guardian_invites", nil).Expect(201).Map()["token"].(string)
		_, err := s.Pool.Exec(context.Background(), `UPDATE guardian_invites SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`)
		must(t, err, "expire")
		if r := gc.Post(pathAccept, map[string]any{"token": tok2}); r.Status != 400 {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("concurrent_acceptances_make_one_guardian", func(t *testing.T) {
		tok3 := f.c.Post("/api/v4/family/skaters/"+f.kids[1]+"/guardian_invites", nil).Expect(201).Map()["token"].(string)
		clients := []*apitest.Client{s.Login(s.Register("g1", "guardian")), s.Login(s.Register("g2", "guardian")), s.Login(s.Register("g3", "guardian"))}
		var wg sync.WaitGroup
		ok := make(chan int, len(clients))
		for _, c := range clients {
			wg.Add(1)
			go func() { defer wg.Done(); ok <- c.Post(pathAccept, map[string]any{"token": tok3}).Status }()
		}
		wg.Wait()
		close(ok)
		won := 0
		for st := range ok {
			if st == 200 {
				won++
			} else if st != 400 {
				t.Errorf("status %d", st)
			}
		}
		if won != 1 || count(t, s, `SELECT count(*) FROM skater_guardians WHERE skater_uuid = $1`, f.kids[1]) != 2 {
			t.Errorf("%d acceptances won", won)
		}
	})
	t.Run("invite_rate_limit_is_429", func(t *testing.T) {
		limited := apitest.New(t, apitest.Options{Env: map[string]string{"RATE_LIMIT_TOKEN_IP": "2"}})
		c := limited.Login(limited.Register("gg", "guardian"))
		for i := 0; i < 2; i++ {
			c.Post(pathAccept, map[string]any{"token": "wrong"}).Expect(400)
		}
		r := c.Post(pathAccept, map[string]any{"token": "wrong"})
		if r.Status != 429 || r.Header.Get("Retry-After") == "" {
			t.Errorf("%d %v", r.Status, r.Header)
		}
	})
}
