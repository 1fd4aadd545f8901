package accounts

import (
	"context"
	"fmt"
)

// Identity is how the signed-in user is named to themselves (the account
// pages show it).
type Identity struct {
	Login, Email string
}

// Identity returns the user's login and e-mail address.
func (s *Service) Identity(ctx context.Context, userID int32) (Identity, error) {
	u, err := s.q.GetUser(ctx, userID)
	if err != nil {
		return Identity{}, fmt.Errorf("load user %d: %w", userID, err)
	}
	return Identity{Login: u.ALogin, Email: u.AEmail}, nil
}
