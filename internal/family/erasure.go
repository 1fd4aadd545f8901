package family

import (
	"context"
	"fmt"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

// ReleaseGuardian is the erasure rule for a guardian's account: it refuses
// (409) while the user is the only guardian of any minor profile — those
// must first be erased or handed to another guardian (a guardian invite) —
// and otherwise removes the user's guardian links. Call it through q inside
// the transaction that deletes the account: the foreign key on
// skater_guardians (ON DELETE RESTRICT) makes a deletion that skipped it
// fail rather than orphan a child.
func ReleaseGuardian(ctx context.Context, q *db.Queries, user int32) error {
	sole, err := q.SoleGuardianSkaters(ctx, user)
	if err != nil {
		return fmt.Errorf("find sole-guardian skaters: %w", err)
	}
	if len(sole) > 0 {
		return &apperr.Error{Code: apperr.Conflict, ErrorText: "Conflict",
			Message: fmt.Sprintf("You are the only guardian of %d skater profile(s): erase them or invite another guardian first.", len(sole))}
	}
	if _, err := q.RemoveGuardianLinks(ctx, user); err != nil {
		return fmt.Errorf("remove guardian links: %w", err)
	}
	return nil
}
