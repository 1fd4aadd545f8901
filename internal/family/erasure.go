package family

import (
	"context"
	"fmt"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

// ErrSoleGuardian is the one answer to deleting the account of a user who is
// the only guardian of n minor profiles: it names the routes that resolve it.
func ErrSoleGuardian(n int) *apperr.Error {
	return &apperr.Error{Code: apperr.Conflict, ErrorText: "Conflict", Message: fmt.Sprintf(
		"You are the only guardian of %d skater profile(s): erase them (DELETE /api/v4/family/skaters/{skater_id}) "+
			"or invite another guardian (POST /api/v4/family/skaters/{skater_id}/guardian_invites) first.", n)}
}

// ReleaseGuardian is the erasure rule for a guardian's account: it refuses
// (ErrSoleGuardian, 409) while the user is the only guardian of any minor
// profile — never an orphaned child — and otherwise removes the user's
// guardian links (the other guardians keep the children). Call it through q
// inside the transaction that deletes the account (erasure.Erase does): it
// locks the children's minor records, so two guardians of one child deleting
// their accounts at once cannot both be released, and the foreign key on
// skater_guardians (ON DELETE RESTRICT) makes a deletion that skipped it fail.
func ReleaseGuardian(ctx context.Context, q *db.Queries, user int32) error {
	if _, err := q.LockGuardedMinors(ctx, user); err != nil {
		return fmt.Errorf("lock guarded skaters: %w", err)
	}
	sole, err := q.SoleGuardianSkaters(ctx, user)
	if err != nil {
		return fmt.Errorf("find sole-guardian skaters: %w", err)
	}
	if len(sole) > 0 {
		return ErrSoleGuardian(len(sole))
	}
	if _, err := q.RemoveGuardianLinks(ctx, user); err != nil {
		return fmt.Errorf("remove guardian links: %w", err)
	}
	return nil
}
