package family_test

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apitest"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/family"
)

// TestErasureNeverOrphansAChild: the erasure rule refuses a sole guardian,
// releases a guardian who shares the child, and the schema refuses deleting
// a guardian's account that skipped the rule.
func TestErasureNeverOrphansAChild(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	f := newFamily(t, s, "gwen")
	ctx := context.Background()
	q := db.New(s.Pool)

	t.Run("sole_guardian_is_409", func(t *testing.T) {
		err := family.ReleaseGuardian(ctx, q, f.guardian.UserID)
		if e, ok := apperr.As(err); !ok || e.Code != apperr.Conflict {
			t.Fatalf("err %v, want a conflict", err)
		}
		if n := count(t, s, `SELECT count(*) FROM skater_guardians WHERE guardian_user_id = $1`, f.guardian.UserID); n != 2 {
			t.Errorf("links removed on refusal: %d left", n)
		}
	})
	t.Run("deleting_the_account_without_the_rule_fails_instead_of_orphaning", func(t *testing.T) {
		_, err := s.Pool.Exec(ctx, `DELETE FROM "uAuthTable" WHERE id = $1`, f.guardian.UserID)
		if err == nil {
			t.Fatal("a sole guardian's account was deleted")
		}
	})
	t.Run("guardian_sharing_every_child_is_released", func(t *testing.T) {
		s := s.For(t)
		gc := s.Login(s.Register("gus", "guardian"))
		for _, kid := range f.kids {
			tok := f.c.Post("/api/v4/family/skaters/"+kid+"/guardian_invites", nil).Expect(201).Map()["token"]
			gc.Post(pathAccept, map[string]any{"token": tok}).Expect(200)
		}
		err := pgx.BeginFunc(ctx, s.Pool, func(tx pgx.Tx) error {
			if err := family.ReleaseGuardian(ctx, q.WithTx(tx), f.guardian.UserID); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `DELETE FROM auth_sessions WHERE user_id = $1`, f.guardian.UserID)
			return err
		})
		must(t, err, "release")
		if n := count(t, s, `SELECT count(*) FROM skater_guardians WHERE guardian_user_id = $1`, f.guardian.UserID); n != 0 {
			t.Errorf("%d links left", n)
		}
		if n := count(t, s, `SELECT count(*) FROM skater_guardians g JOIN minor_skaters m USING (skater_uuid)`); n != 2 {
			t.Errorf("children have %d guardian links, want 2 (gus)", n)
		}
	})
}

// TestConcurrentMinorErasure: two guardians erasing one child at once, and
// an erasure racing an invite's acceptance, end with one erasure, clean
// answers (never a 5xx) and no guardian link to a child that is gone.
func TestConcurrentMinorErasure(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	f := newFamily(t, s, "cora")
	co := s.Register("conrad", "guardian")
	cc := s.Login(co)
	kid := f.kids[0]
	cc.Post(pathAccept, map[string]any{"token": f.c.Post(pathFamily+"/"+kid+"/guardian_invites", nil).Expect(201).Map()["token"]}).Expect(200)
	tok := f.c.Post(pathFamily+"/"+f.kids[1]+"/guardian_invites", nil).Expect(201).Map()["token"]

	erase := func(c *apitest.Client, skater, pw string) *apitest.Response {
		return c.Request(http.MethodDelete, pathFamily+"/"+skater, map[string]any{"current_password": pw})
	}
	g2 := s.Login(f.guardian) // another session of the first guardian
	var wg sync.WaitGroup
	var a, b, accept, second *apitest.Response
	wg.Add(4)
	go func() { defer wg.Done(); a = erase(f.c, kid, f.guardian.Password) }()
	go func() { defer wg.Done(); b = erase(cc, kid, co.Password) }()
	go func() { defer wg.Done(); accept = cc.Post(pathAccept, map[string]any{"token": tok}) }()
	go func() { defer wg.Done(); second = erase(g2, f.kids[1], f.guardian.Password) }()
	wg.Wait()
	if got := []int{a.Status, b.Status}; !(got[0] == 200 && got[1] == 404 || got[0] == 404 && got[1] == 200) {
		t.Errorf("two guardians erasing at once: %v, want one 200 and one 404", got)
	}
	if second.Status != 200 || (accept.Status != 200 && accept.Status != 400) {
		t.Errorf("erasure %d racing acceptance %d: %s", second.Status, accept.Status, accept.Body)
	}
	if n := count(t, s, `SELECT count(*) FROM skater_guardians g WHERE g.skater_uuid = ANY($1::uuid[])`, []string{kid, f.kids[1]}); n != 0 {
		t.Errorf("%d guardian links to erased children", n)
	}
	if n := count(t, s, `SELECT count(*) FROM "uSkaterConfig" WHERE "uSkaterUUID" = ANY($1::uuid[])`, []string{kid, f.kids[1]}); n != 0 {
		t.Errorf("%d erased profiles left", n)
	}
}
