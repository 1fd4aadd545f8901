package family

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/mail"
	"github.com/skatetrax/skatetrax-api/internal/reqinfo"
)

// Grant is a coach's read access to a skater.
type Grant struct {
	ID         uuid.UUID
	CoachLogin string
	CoachName  string
	CreatedAt  time.Time
}

func errNoCoach() *apperr.Error {
	return &apperr.Error{Code: apperr.NotFound, ErrorText: "Not found", Message: "No coach with that login or e-mail"}
}

// GrantCoach gives the coach named by login or e-mail read access to the
// acting skater, and tells the coach by mail when mail is configured.
func (s *Service) GrantCoach(ctx context.Context, a Acting, ident string) (Grant, error) {
	if !a.Relation.MayWrite() {
		return Grant{}, ErrReadOnly()
	}
	ident = strings.TrimSpace(ident)
	if ident == "" {
		return Grant{}, apperr.InvalidField("body", "coach", "a login or e-mail is required")
	}
	exists, err := s.q.ProfileExists(ctx, &a.Skater)
	if err != nil {
		return Grant{}, fmt.Errorf("check profile: %w", err)
	}
	if !exists {
		return Grant{}, &apperr.Error{Code: apperr.Conflict, ErrorText: "Profile not found",
			Message: "Complete onboarding (POST /api/v4/auth/onboard) before granting coach access."}
	}
	if err := s.limitCoachLookup(ctx, a.User); err != nil {
		return Grant{}, err
	}
	rows, err := s.q.FindCoachCandidates(ctx, ident)
	if err != nil {
		return Grant{}, fmt.Errorf("find coach: %w", err)
	}
	// An exact match wins; a case-insensitive one only when unambiguous. No
	// user, an ambiguous match and a user without the coach role answer the
	// same 404, so the lookup tells nothing about who has an account.
	if len(rows) == 0 || (!rows[0].Exact && len(rows) > 1) || !rows[0].IsCoach {
		return Grant{}, errNoCoach()
	}
	coach := rows[0]
	if coach.ID == a.User {
		return Grant{}, apperr.InvalidField("body", "coach", "you cannot grant coach access to yourself")
	}
	row, err := s.q.CreateCoachGrant(ctx, db.CreateCoachGrantParams{Skater: a.Skater, CoachUserID: coach.ID, GrantedBy: &a.User})
	if notFoundRows(err) {
		return Grant{}, &apperr.Error{Code: apperr.Conflict, ErrorText: "Conflict", Message: "This coach already has access"}
	}
	if err != nil {
		return Grant{}, fmt.Errorf("create coach grant: %w", err)
	}
	s.audit.Audit(ctx, EventCoachGranted, &a.User, "", map[string]any{
		"skater": a.Skater.String(), "relation": string(a.Relation), "coach_user_id": coach.ID, "grant_id": row.ID.String(),
	})
	s.notifyCoach(ctx, coach.AEmail, a.Skater)
	g := Grant{ID: row.ID, CoachLogin: coach.ALogin, CreatedAt: row.CreatedAt}
	if list, err := s.q.ListCoachGrants(ctx, db.ListCoachGrantsParams{Skater: a.Skater, OnlyCoach: &coach.ID}); err == nil && len(list) == 1 {
		g.CoachName = name(list[0].CoachFirstName, list[0].CoachLastName)
	}
	return g, nil
}

// CoachLookupUserBucket is the rate-limit bucket of a user's coach lookups
// (erasure deletes it with the account).
func CoachLookupUserBucket(user int32) string { return "coach-lookup:user:" + strconv.Itoa(int(user)) }

// limitCoachLookup counts one lookup against the user's and the client's
// bucket; over either, 429 with Retry-After. Every lookup counts, found or
// not: an enumeration is mostly hits on real accounts.
func (s *Service) limitCoachLookup(ctx context.Context, user int32) error {
	if s.o.Limiter == nil || s.o.CoachLookupRule.Max <= 0 {
		return nil
	}
	for _, bucket := range []string{CoachLookupUserBucket(user), "coach-lookup:ip:" + reqinfo.From(ctx).IP} {
		d, err := s.o.Limiter.Hit(ctx, bucket, s.o.CoachLookupRule)
		if err != nil {
			return err
		}
		if !d.Allowed {
			s.audit.Audit(ctx, "rate_limited", &user, "", map[string]any{"bucket": bucket})
			return &apperr.Error{Code: apperr.RateLimited, ErrorText: "Too many requests",
				Message: "Too many attempts. Try again later.", RetryAfter: max(1, int(d.RetryAfter/time.Second))}
		}
	}
	return nil
}

// notifyCoach queues the "you have access" mail. It names the skater by
// first name and last initial only: enough for a coach, little for a stray
// inbox. A lost mail never fails the grant.
func (s *Service) notifyCoach(ctx context.Context, to string, skater uuid.UUID) {
	if s.o.Mail == nil || to == "" {
		return
	}
	n, err := s.q.GetSkaterName(ctx, &skater)
	if err != nil {
		s.o.Logger.WarnContext(ctx, "coach grant mail: load skater name", "err", err)
		return
	}
	msg := mail.CoachGrantMessage(to, ShortName(n.FirstName, n.LastName))
	if !s.o.Mail.Enqueue(msg) {
		s.o.Logger.WarnContext(ctx, "coach grant mail not queued")
	}
}

// ListCoachGrants lists the acting skater's grants. A coach acting for a
// student sees only their own grant.
func (s *Service) ListCoachGrants(ctx context.Context, a Acting) ([]Grant, error) {
	p := db.ListCoachGrantsParams{Skater: a.Skater}
	if a.Relation == Coach {
		p.OnlyCoach = &a.User
	}
	rows, err := s.q.ListCoachGrants(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("list coach grants: %w", err)
	}
	out := make([]Grant, 0, len(rows))
	for _, r := range rows {
		out = append(out, Grant{ID: r.ID, CoachLogin: r.CoachLogin, CoachName: name(r.CoachFirstName, r.CoachLastName), CreatedAt: r.CreatedAt})
	}
	return out, nil
}

// RevokeCoach deletes one of the acting skater's grants. The coach's next
// request no longer reads the skater (the session load checks the grant).
func (s *Service) RevokeCoach(ctx context.Context, a Acting, id uuid.UUID) error {
	if !a.Relation.MayWrite() {
		return ErrReadOnly()
	}
	coach, err := s.q.DeleteCoachGrant(ctx, db.DeleteCoachGrantParams{ID: id, Skater: a.Skater})
	if notFoundRows(err) {
		return &apperr.Error{Code: apperr.NotFound, ErrorText: "Not found", Message: "Coach access not found"}
	}
	if err != nil {
		return fmt.Errorf("revoke coach grant: %w", err)
	}
	s.audit.Audit(ctx, EventCoachRevoked, &a.User, "", map[string]any{
		"skater": a.Skater.String(), "relation": string(a.Relation), "coach_user_id": coach, "grant_id": id.String(),
	})
	return nil
}

func name(first, last *string) string {
	f, l := "", ""
	if first != nil {
		f = *first
	}
	if last != nil {
		l = *last
	}
	return strings.TrimSpace(f + " " + l)
}

// ShortName is a first name and a last initial ("Emma D."), the most of a
// minor's name shown outside the family.
func ShortName(first, last *string) string {
	f := ""
	if first != nil {
		f = strings.TrimSpace(*first)
	}
	if last != nil {
		if l := []rune(strings.TrimSpace(*last)); len(l) > 0 {
			return strings.TrimSpace(f + " " + string(l[0]) + ".")
		}
	}
	return f
}
