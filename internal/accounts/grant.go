package accounts

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

// EventRoleGranted is the audit event of an operator granting a role.
const EventRoleGranted = "role_granted"

// GrantRoleByLogin gives the user with this exact login a role (operators,
// e.g. the first administrator of a new installation).
func (s *Service) GrantRoleByLogin(ctx context.Context, login, role string) error {
	id, err := s.q.FindUserByLogin(ctx, login)
	if errors.Is(err, pgx.ErrNoRows) {
		return apperr.Newf(apperr.NotFound, "no user with login %q", login)
	}
	if err != nil {
		return wrap("find user", err)
	}
	n, err := s.q.CountRoles(ctx, []string{role})
	if err != nil {
		return wrap("check role", err)
	}
	if n == 0 {
		return apperr.Newf(apperr.Invalid, "no role %q (roles: adult, coach, minor, guardian, admin)", role)
	}
	if err := s.q.GrantRole(ctx, db.GrantRoleParams{UserID: id, Role: role}); err != nil {
		return wrap("grant role", err)
	}
	s.Audit(ctx, EventRoleGranted, &id, login, map[string]any{"role": role, "via": "cli"})
	return nil
}
