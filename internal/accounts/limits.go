package accounts

import "github.com/skatetrax/skatetrax-api/internal/ratelimit"

func (s *Service) rule(max int) ratelimit.Rule {
	return ratelimit.Rule{Max: max, Window: s.limits.Window}
}
