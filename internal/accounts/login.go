package accounts

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/ratelimit"
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
	// The attempt is reserved before the password is hashed, atomically in
	// PostgreSQL, so parallel guesses (on any number of replicas) cannot all
	// pass a check made before any of them is counted. A failure keeps its
	// reservation; a success, or an attempt that never got to the password
	// check, gives it back.
	account := "login:account:" + strings.ToLower(identifier)
	rule := s.rule(s.limits.LoginPerAccount)
	d, err := s.limiter.Hit(ctx, account, rule)
	if err != nil {
		return User{}, wrap("login limit", err)
	}
	if !d.Allowed {
		s.refused(ctx, account, identifier)
		return User{}, tooMany(d.RetryAfter)
	}
	user, err := s.checkPassword(ctx, identifier, pw)
	if errors.Is(err, errWrongPassword) {
		return User{}, invalidCredentials()
	}
	s.releaseAttempt(ctx, account, rule)
	return user, err
}

// errWrongPassword marks a counted failed attempt.
var errWrongPassword = errors.New("wrong password")

// checkPassword verifies the password of the account named by identifier.
// It returns errWrongPassword for an unknown account or a wrong password
// (after the same hashing work), other errors when it could not decide.
func (s *Service) checkPassword(ctx context.Context, identifier, pw string) (User, error) {
	rows, err := s.q.FindUsersByIdentifier(ctx, identifier)
	if err != nil {
		return User{}, wrap("find user", err)
	}
	user, found := pick(rows)
	if !found {
		if err := s.hasher.verifyDummy(ctx, pw); err != nil {
			return User{}, wrap("wait for password check", err)
		}
		s.Audit(ctx, EventLoginFailure, nil, identifier, nil)
		return User{}, errWrongPassword
	}
	ok, rehash, err := s.hasher.verify(ctx, user.APasswordHash, pw)
	if ctx.Err() != nil {
		return User{}, wrap("wait for password check", ctx.Err())
	}
	if err != nil {
		s.logger.WarnContext(ctx, "stored password hash not verifiable", "user_id", user.ID, "err", err)
	}
	if !ok {
		s.Audit(ctx, EventLoginFailure, &user.ID, identifier, nil)
		return User{}, errWrongPassword
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

// releaseAttempt gives a reserved attempt back, even when the request's
// context has ended (a client that gave up must not cost the account a try).
func (s *Service) releaseAttempt(ctx context.Context, bucket string, rule ratelimit.Rule) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	if err := s.limiter.Release(rctx, bucket, rule); err != nil {
		s.logger.WarnContext(ctx, "release login attempt", "err", err)
	}
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
