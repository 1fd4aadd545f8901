package music

import (
	"context"
	"fmt"
	"time"

	"github.com/skatetrax/skatetrax-api/gen/db"
)

// SweepGrace is how long a listed key waits before Sweep deletes its
// object: far longer than an upload takes between listing its key and
// committing its row.
const SweepGrace = time.Hour

// sweepBatch bounds the keys one Sweep handles.
const sweepBatch = 200

// Sweep deletes the objects whose keys were listed in m_storage_pending
// longer than olderThan ago (uploads that failed or crashed, deletes whose
// object removal failed) and unlists them. A key that a track row refers to
// is only unlisted, never deleted. It returns how many keys it settled;
// keys whose delete fails stay listed for the next sweep.
func (s *Service) Sweep(ctx context.Context, olderThan time.Duration) (int, error) {
	keys, err := s.q.ListStalePendingObjects(ctx, db.ListStalePendingObjectsParams{
		OlderThanSeconds: olderThan.Seconds(), MaxRows: sweepBatch})
	if err != nil {
		return 0, fmt.Errorf("list pending objects: %w", err)
	}
	done := 0
	for _, key := range keys {
		referenced, err := s.q.TrackReferencesKey(ctx, &key)
		if err != nil {
			return done, fmt.Errorf("check pending object %s: %w", key, err)
		}
		if referenced {
			if err := s.q.RemovePendingObject(ctx, key); err != nil {
				return done, fmt.Errorf("unlist referenced object %s: %w", key, err)
			}
			done++
			continue
		}
		if err := s.store.Delete(ctx, key); err != nil {
			s.logger.WarnContext(ctx, "music sweep: delete failed; will retry", "key", key, "err", err)
			continue
		}
		if _, err := s.q.RemoveSweptObject(ctx, key); err != nil {
			return done, fmt.Errorf("unlist pending object %s: %w", key, err)
		}
		done++
	}
	return done, nil
}
