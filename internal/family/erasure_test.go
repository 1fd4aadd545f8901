package family_test

import (
	"context"
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
