package accounts

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/reqinfo"
)

// User is an authenticated account.
type User struct {
	ID     int32
	Skater uuid.UUID
}

func invalidCredentials() *apperr.Error {
	return apperr.New(apperr.Unauthorized, "Invalid credentials")
}

// Login checks the password of the account named by identifier (a login or
// an email, exact first, then without regard to case when unambiguous). An
// unknown account costs the same hashing time as a wrong password.
func (s *Service) Login(ctx context.Context, identifier, pw string) (User, error) {
	if identifier == "" || pw == "" {
		return User{}, apperr.New(apperr.BadRequest, "aLogin or aEmail and aPasswordHash required")
	}
	if err := s.limit(ctx, "login:ip:"+reqinfo.From(ctx).IP, s.limits.LoginPerIP); err != nil {
		return User{}, err
	}
	account := "login:account:" + strings.ToLower(identifier)
	if d, err := s.limiter.Check(ctx, account, s.rule(s.limits.LoginPerAccount)); err != nil {
		return User{}, wrap("login limit", err)
	} else if !d.Allowed {
		s.Audit(ctx, EventRateLimited, nil, identifier, map[string]any{"bucket": "login:account"})
		return User{}, tooMany(d.RetryAfter)
	}

	rows, err := s.q.FindUsersByIdentifier(ctx, identifier)
	if err != nil {
		return User{}, wrap("find user", err)
	}
	user, found := pick(rows)
	if !found {
		s.hasher.verifyDummy(ctx, pw)
		return User{}, s.loginFailed(ctx, account, identifier, nil)
	}
	ok, rehash, err := s.hasher.verify(ctx, user.APasswordHash, pw)
	if err != nil {
		s.logger.WarnContext(ctx, "stored password hash not verifiable", "user_id", user.ID, "err", err)
	}
	if !ok {
		return User{}, s.loginFailed(ctx, account, identifier, &user.ID)
	}
	if rehash {
		if h, err := s.hasher.hash(ctx, pw); err == nil {
			if err := s.q.UpgradePasswordHash(ctx, db.UpgradePasswordHashParams{ID: user.ID, NewHash: h, OldHash: user.APasswordHash}); err != nil {
				s.logger.WarnContext(ctx, "upgrade password hash", "user_id", user.ID, "err", err)
			}
		}
	}
	s.Audit(ctx, EventLoginSuccess, &user.ID, identifier, map[string]any{"rehashed": rehash})
	return User{ID: user.ID, Skater: user.USkaterUUID}, nil
}

func (s *Service) loginFailed(ctx context.Context, account, identifier string, userID *int32) error {
	if _, err := s.limiter.Hit(ctx, account, s.rule(s.limits.LoginPerAccount)); err != nil {
		return wrap("count failed login", err)
	}
	s.Audit(ctx, EventLoginFailure, userID, identifier, nil)
	return invalidCredentials()
}

// pick chooses the account: an exact match, else a single case-insensitive one.
func pick(rows []db.FindUsersByIdentifierRow) (db.FindUsersByIdentifierRow, bool) {
	if len(rows) == 0 {
		return db.FindUsersByIdentifierRow{}, false
	}
	if rows[0].Exact || len(rows) == 1 {
		return rows[0], true
	}
	return db.FindUsersByIdentifierRow{}, false
}
