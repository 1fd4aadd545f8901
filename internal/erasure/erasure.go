// Package erasure deletes a user and everything they own (GDPR art. 17):
// every row in one transaction, then their uploaded files. What must stay
// for security, the audit trail, stays without personal data.
package erasure

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/family"
	"github.com/skatetrax/skatetrax-api/internal/storage"
)

// EventAccountDeleted is the audit event of an erasure (no user id, login,
// address or browser: only how it was asked for).
const EventAccountDeleted = "account_deleted"

// PasswordConfirmer checks a user's current password and writes the audit
// trail (accounts.Service).
type PasswordConfirmer interface {
	ConfirmPassword(ctx context.Context, userID int32, current string) error
	Audit(ctx context.Context, event string, userID *int32, login string, detail map[string]any)
}

// Service erases users.
type Service struct {
	pool    *pgxpool.Pool
	q       *db.Queries
	store   storage.Store
	confirm PasswordConfirmer
	logger  *slog.Logger
}

// New builds the service. store holds the music files (nil: no files).
func New(pool *pgxpool.Pool, store storage.Store, confirm PasswordConfirmer, logger *slog.Logger) *Service {
	return &Service{pool: pool, q: db.New(pool), store: store, confirm: confirm, logger: logger}
}

// Result says what an erasure removed.
type Result struct {
	Login string
	// Files is how many uploaded files were deleted; FilesPending how many
	// could not be deleted now and are left to the storage sweep.
	Files, FilesPending int
}

// DeleteAccount erases the logged-in user after checking their password.
func (s *Service) DeleteAccount(ctx context.Context, userID int32, currentPassword string) (Result, error) {
	if err := s.confirm.ConfirmPassword(ctx, userID, currentPassword); err != nil {
		return Result{}, err
	}
	return s.Erase(ctx, userID, "api")
}

// EraseLogin erases the user with this exact login (operators).
func (s *Service) EraseLogin(ctx context.Context, login string) (Result, error) {
	id, err := s.q.FindUserByLogin(ctx, login)
	if errors.Is(err, pgx.ErrNoRows) {
		return Result{}, apperr.Newf(apperr.NotFound, "no user with login %q", login)
	}
	if err != nil {
		return Result{}, fmt.Errorf("find user: %w", err)
	}
	return s.Erase(ctx, id, "cli")
}

// Erase deletes the user's rows in one transaction — nothing is erased if
// any step fails — and then their files. A user who is the only guardian of
// a minor profile is refused (family.ReleaseGuardian, the one rule); the
// links of a guardian who shares their children are removed.
func (s *Service) Erase(ctx context.Context, userID int32, via string) (Result, error) {
	var res Result
	var keys []string
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		q := s.q.WithTx(tx)
		u, err := q.LockUserForErasure(ctx, userID)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.New(apperr.NotFound, "User not found")
		}
		if err != nil {
			return fmt.Errorf("lock user: %w", err)
		}
		res.Login = u.ALogin
		if err := family.ReleaseGuardian(ctx, q, userID); err != nil {
			return err
		}
		keys, err = eraseRows(ctx, q, u, via)
		return err
	})
	if err != nil {
		return Result{}, err
	}
	res.Files, res.FilesPending = s.deleteFiles(ctx, keys)
	return res, nil
}

// deleteFiles deletes the erased skater's uploaded files after the commit.
// Every key was listed in m_storage_pending inside the transaction, so a
// file whose delete fails now is removed by the music sweep.
func (s *Service) deleteFiles(ctx context.Context, keys []string) (deleted, pending int) {
	for _, k := range keys {
		if s.store == nil {
			pending++
			continue
		}
		if err := s.store.Delete(ctx, k); err != nil {
			s.logger.WarnContext(ctx, "erasure: file delete failed; the sweep retries", "err", err)
			pending++
			continue
		}
		if _, err := s.q.RemoveSweptObject(ctx, k); err != nil {
			s.logger.WarnContext(ctx, "erasure: unlist deleted file", "err", err)
		}
		deleted++
	}
	return deleted, pending
}

type step struct {
	what string
	run  func() error
}

func runSteps(steps []step) error {
	for _, st := range steps {
		if err := st.run(); err != nil {
			return fmt.Errorf("erase %s: %w", st.what, err)
		}
	}
	return nil
}

// eraseRows erases the user's account rows and their own skater's data,
// and returns the storage keys of the skater's files.
func eraseRows(ctx context.Context, q *db.Queries, u db.LockUserForErasureRow, via string) ([]string, error) {
	id := u.ID
	if err := runSteps([]step{
		{"audit trail", func() error {
			_, err := q.ScrubAuditForErasure(ctx, db.ScrubAuditForErasureParams{UserID: &id, Login: u.ALogin, Email: u.AEmail})
			return err
		}},
		{"rate limits", func() error {
			return q.DeleteRateLimitsForErasure(ctx, []string{
				"login:account:" + strings.ToLower(u.ALogin), "login:account:" + strings.ToLower(u.AEmail),
				"reset-request:email:" + strings.ToLower(u.AEmail), "change-password:user:" + strconv.Itoa(int(id)),
				family.CoachLookupUserBucket(id),
			})
		}},
		{"invites", func() error { return q.UnlinkInvitesFromUser(ctx, &id) }},
		{"reset tokens", func() error { return q.DeletePasswordResetsOfUser(ctx, id) }},
		{"login sessions", func() error { return q.DeleteAuthSessionsOfUser(ctx, id) }},
		{"invite uses", func() error { return q.DeleteInviteUsesOfUser(ctx, id) }},
		{"roles", func() error { return q.DeleteRolesOfUser(ctx, id) }},
	}); err != nil {
		return nil, err
	}
	keys, err := eraseSkater(ctx, q, u.USkaterUUID)
	if err != nil {
		return nil, err
	}
	return keys, runSteps([]step{
		{"account", func() error { return q.DeleteUserAccount(ctx, id) }},
		{"erasure record", func() error {
			return q.InsertAudit(ctx, db.InsertAuditParams{Event: EventAccountDeleted, Detail: []byte(`{"via":"` + via + `"}`)})
		}},
	})
}

// eraseSkater deletes everything a skater profile owns, the profile last,
// and lists its files for deletion: the one path of both the account
// erasure (the user's own skater) and the minor erasure. It returns the
// storage keys of the files, to delete after the commit.
func eraseSkater(ctx context.Context, q *db.Queries, sk uuid.UUID) ([]string, error) {
	keys, err := q.ErasureStorageKeys(ctx, sk)
	if err != nil {
		return nil, fmt.Errorf("list files: %w", err)
	}
	for _, k := range keys {
		if err := q.AddPendingObject(ctx, db.AddPendingObjectParams{StorageKey: k, Reason: "delete"}); err != nil {
			return nil, fmt.Errorf("list file for deletion: %w", err)
		}
	}
	return keys, runSteps([]step{
		{"rate limits of the skater", func() error {
			return q.DeleteRateLimitsForErasure(ctx, []string{"events.import:" + sk.String()})
		}},
		{"sessions acting for the skater", func() error { return q.ResetSessionsActingForSkater(ctx, &sk) }},
		{"coach grants", func() error { return q.DeleteCoachGrantsOfSkater(ctx, sk) }},
		{"guardian invites", func() error { return q.DeleteGuardianInvitesOfSkater(ctx, sk) }},
		{"guardian links", func() error { return q.DeleteGuardianLinksOfSkater(ctx, sk) }},
		{"minor record", func() error { return q.DeleteMinorRecordOfSkater(ctx, sk) }},
		{"coach link", func() error { return q.UnlinkCoachFromUser(ctx, &sk) }},
		{"playlist tracks", func() error { return q.DeletePlaylistTracksOfSkater(ctx, sk) }},
		{"playlists", func() error { return q.DeletePlaylistsOfSkater(ctx, sk) }},
		{"tracks", func() error { return q.DeleteTracksOfSkater(ctx, sk) }},
		{"results imports", func() error { return q.DeleteImportLogOfSkater(ctx, sk) }},
		{"deductions", func() error { return q.DeleteDeductionsOfSkater(ctx, sk) }},
		{"6.0 scores", func() error { return q.DeleteScores60OfSkater(ctx, sk) }},
		{"CJS scores", func() error { return q.DeleteScoresCjsOfSkater(ctx, sk) }},
		{"IJS components", func() error { return q.DeleteScoresIjsComponentsOfSkater(ctx, sk) }},
		{"IJS elements", func() error { return q.DeleteScoresIjsElementsOfSkater(ctx, sk) }},
		{"entries", func() error { return q.DeleteEntriesOfSkater(ctx, sk) }},
		{"event costs", func() error { return q.DeleteEventCostsOfSkater(ctx, sk) }},
		{"events", func() error { return q.DeleteEventsOfSkater(ctx, sk) }},
		{"tests", func() error { return q.DeleteTestsOfSkater(ctx, &sk) }},
		{"punched sessions", func() error { return q.DeletePunchedSessionsOfSkater(ctx, &sk) }},
		{"punch cards", func() error { return q.DeletePunchCardsOfSkater(ctx, &sk) }},
		{"journal notes", func() error { return q.DeleteJNotesOfSkater(ctx, &sk) }},
		{"journal videos", func() error { return q.DeleteJVideosOfSkater(ctx, &sk) }},
		{"club memberships", func() error { return q.DeleteClubMembersOfSkater(ctx, &sk) }},
		{"classes", func() error { return q.DeleteClassesSchoolOfSkater(ctx, &sk) }},
		{"camps", func() error { return q.DeleteClassesCampOfSkater(ctx, &sk) }},
		{"sharpenings", func() error { return q.DeleteMaintenanceOfSkater(ctx, &sk) }},
		{"sessions", func() error { return q.DeleteIceTimeOfSkater(ctx, &sk) }},
		{"session totals", func() error { return q.DeleteIceTimeRollupOfSkater(ctx, sk) }},
		{"other gear", func() error { return q.DeleteUSkaterEquipmentOfSkater(ctx, &sk) }},
		{"skate configurations", func() error { return q.DeleteUSkateConfigOfSkater(ctx, &sk) }},
		{"blades", func() error { return q.DeleteUSkaterBladesOfSkater(ctx, &sk) }},
		{"boots", func() error { return q.DeleteUSkaterBootsOfSkater(ctx, &sk) }},
		{"private coaches", func() error { return q.DeletePrivateCoachesOfSkater(ctx, &sk) }},
		{"private clubs", func() error { return q.DeletePrivateClubsOfSkater(ctx, &sk) }},
		{"private rinks", func() error { return q.DeletePrivateRinksOfSkater(ctx, &sk) }},
		{"profile", func() error { return q.DeleteProfileOfSkater(ctx, &sk) }},
	})
}
