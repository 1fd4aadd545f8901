package erasure

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/family"
)

// EventMinorErased is the audit event of a minor profile's erasure: the
// guardian in user_id, the skater id and the other guardians' user ids in
// the detail, nothing of the child.
const EventMinorErased = "minor_erased"

// MinorResult says what a minor erasure removed.
type MinorResult struct {
	// OtherGuardians are the user ids of the guardians who shared the child.
	OtherGuardians []int32
	// Files and FilesPending as in Result.
	Files, FilesPending int
}

// DeleteMinor erases a minor skater profile and everything it owns, asked
// for by guardian after checking their current password. Any guardian of
// the child may; a skater the user does not guard (a coach's student, a
// stranger's child, an adult's profile, an unknown id) answers 404 "Skater
// not found", before the password is looked at, so the answer reveals
// nothing. The rows go in one transaction through the same per-skater path
// as account erasure (eraseSkater), then the files.
func (s *Service) DeleteMinor(ctx context.Context, guardian int32, skater uuid.UUID, currentPassword string) (MinorResult, error) {
	rel, err := s.q.SkaterRelation(ctx, db.SkaterRelationParams{UserID: guardian, Skater: skater})
	if err != nil {
		return MinorResult{}, fmt.Errorf("skater relation: %w", err)
	}
	if family.Relation(rel) != family.Guardian {
		return MinorResult{}, family.ErrSkaterNotFound()
	}
	if err := s.confirm.ConfirmPassword(ctx, guardian, currentPassword); err != nil {
		return MinorResult{}, err
	}
	var res MinorResult
	var keys []string
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		q := s.q.WithTx(tx)
		// Locked and checked again: another guardian may have erased the
		// child, or removed this one, since the check above.
		if _, err := q.LockMinorForErasure(ctx, db.LockMinorForErasureParams{Skater: skater, UserID: guardian}); errors.Is(err, pgx.ErrNoRows) {
			return family.ErrSkaterNotFound()
		} else if err != nil {
			return fmt.Errorf("lock minor: %w", err)
		}
		all, err := q.GuardiansOf(ctx, skater)
		if err != nil {
			return fmt.Errorf("list guardians: %w", err)
		}
		for _, g := range all {
			if g != guardian {
				res.OtherGuardians = append(res.OtherGuardians, g)
			}
		}
		keys, err = eraseSkater(ctx, q, skater)
		return err
	})
	if err != nil {
		return MinorResult{}, err
	}
	others := make([]int32, 0, len(res.OtherGuardians))
	others = append(others, res.OtherGuardians...)
	s.confirm.Audit(ctx, EventMinorErased, &guardian, "", map[string]any{
		"skater": skater.String(), "other_guardian_user_ids": others,
	})
	res.Files, res.FilesPending = s.deleteFiles(ctx, keys)
	return res, nil
}
