package accounts

import (
	"context"
	"errors"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/auth/password"
	"github.com/skatetrax/skatetrax-api/internal/auth/token"
	"github.com/skatetrax/skatetrax-api/internal/database"
	"github.com/skatetrax/skatetrax-api/internal/reqinfo"
)

// SelfRegisterRoles may be chosen at registration.
var selfRegisterRoles = map[string]bool{"adult": true, "coach": true, "guardian": true}

// ValidateInvite is the registration pre-flight: it does not consume the invite.
func (s *Service) ValidateInvite(ctx context.Context, plain string) error {
	if err := s.limit(ctx, "invite-check:ip:"+reqinfo.From(ctx).IP, s.limits.TokenCheckPerIP); err != nil {
		return err
	}
	if plain == "" {
		return inviteRefused("Registration is currently invite-only.")
	}
	ok, err := s.q.InviteUsable(ctx, token.Digest(plain))
	if err != nil {
		return wrap("check invite", err)
	}
	if !ok {
		return inviteRefused("This invite has expired or has already been used.")
	}
	return nil
}

func inviteRefused(msg string) *apperr.Error {
	return &apperr.Error{Code: apperr.Forbidden, Message: msg}
}

// RegisterInput is a registration request.
type RegisterInput struct {
	Login, Email, Password, Phone, Invite string
	Roles                                 []string // nil means the default
}

// Register creates an account: user, roles and invite use in one transaction.
func (s *Service) Register(ctx context.Context, in RegisterInput) error {
	if err := s.limit(ctx, "register:ip:"+reqinfo.From(ctx).IP, s.limits.RegisterPerIP); err != nil {
		return err
	}
	if in.Invite == "" {
		return apperr.New(apperr.Forbidden, "Registration is invite-only. A valid invite token is required.")
	}
	if strings.TrimSpace(in.Login) == "" || strings.TrimSpace(in.Email) == "" || in.Password == "" {
		return apperr.New(apperr.BadRequest, "aLogin, aEmail, and aPasswordHash required")
	}
	roles, err := normaliseRoles(in.Roles)
	if err != nil {
		return err
	}
	if err := password.Check(in.Password); err != nil {
		return apperr.New(apperr.BadRequest, err.Error())
	}
	if !plausibleEmail(in.Email) {
		return apperr.New(apperr.BadRequest, "aEmail must be an email address")
	}
	hash, err := s.hasher.hash(ctx, in.Password)
	if err != nil {
		return wrap("hash password", err)
	}
	var phone *string
	if p := strings.TrimSpace(in.Phone); p != "" {
		phone = &p
	}
	var userID int32
	err = database.InTx(ctx, s.pool, func(q *db.Queries) error {
		// Lock the identities first so concurrent registrations of the same
		// login or email (in any case) queue up behind each other.
		for _, k := range []string{"login:" + strings.ToLower(in.Login), "email:" + strings.ToLower(in.Email)} {
			if err := q.LockIdentity(ctx, k); err != nil {
				return err
			}
		}
		inviteID, err := q.ConsumeInvite(ctx, token.Digest(in.Invite))
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.New(apperr.Forbidden, "Invalid or expired invite token.")
		}
		if err != nil {
			return err
		}
		taken, err := q.UserTaken(ctx, db.UserTakenParams{Login: in.Login, Email: in.Email})
		if err != nil {
			return err
		}
		if taken {
			return apperr.New(apperr.BadRequest, "User already exists")
		}
		u, err := q.CreateUser(ctx, db.CreateUserParams{Login: in.Login, PasswordHash: hash, Email: in.Email, Phone: phone})
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "23505" {
			return apperr.New(apperr.BadRequest, "User already exists")
		}
		if err != nil {
			return err
		}
		userID = u.ID
		n, err := q.CountRoles(ctx, roles)
		if err != nil {
			return err
		}
		if int(n) != len(roles) {
			// The original silently dropped roles whose row was missing.
			return errors.New("role rows missing: run migrations")
		}
		if _, err := q.AssignRoles(ctx, db.AssignRolesParams{UserID: u.ID, Names: roles}); err != nil {
			return err
		}
		if err := q.RecordInviteUse(ctx, db.RecordInviteUseParams{InviteID: inviteID, UserID: u.ID}); err != nil {
			return err
		}
		s.audit(ctx, q, EventRegister, &u.ID, in.Login, map[string]any{"roles": roles})
		s.audit(ctx, q, EventInviteUsed, &u.ID, in.Login, map[string]any{"invite_id": inviteID})
		return nil
	})
	if err != nil {
		return wrap("register", err)
	}
	s.logger.InfoContext(ctx, "user registered", "user_id", userID)
	return nil
}

func normaliseRoles(in []string) ([]string, error) {
	if len(in) == 0 {
		return []string{"adult"}, nil
	}
	seen := map[string]bool{}
	var out, invalid []string
	minor := false
	for _, r := range in {
		r = strings.ToLower(strings.TrimSpace(r))
		switch {
		case r == "minor":
			minor = true
		case !selfRegisterRoles[r]:
			if !seen["!"+r] {
				invalid = append(invalid, r)
				seen["!"+r] = true
			}
		case !seen[r]:
			seen[r] = true
			out = append(out, r)
		}
	}
	if minor {
		return nil, apperr.New(apperr.BadRequest, "Minors cannot self-register. A guardian must create a minor profile.")
	}
	if len(invalid) > 0 {
		sort.Strings(invalid)
		return nil, apperr.Newf(apperr.BadRequest, "Invalid role(s): %s. Allowed: adult, coach, guardian", strings.Join(invalid, ", "))
	}
	return out, nil
}

// plausibleEmail is a light check (one @, a dot in the domain, no spaces);
// ownership is proven by the reset mail, not here.
func plausibleEmail(e string) bool {
	at := strings.LastIndexByte(e, '@')
	if at < 1 || at == len(e)-1 || strings.ContainsAny(e, " \t\r\n<>") {
		return false
	}
	return strings.Contains(e[at+1:], ".")
}
