package handlers_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// parallelWrongLogins sends n wrong-password logins for login at once,
// spread over the servers, and counts the answers by status.
func parallelWrongLogins(t *testing.T, servers []*apitest.Server, login string, n int) map[int]int {
	t.Helper()
	var mu sync.Mutex
	got := map[int]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		c := servers[i%len(servers)].Client()
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res := c.Post("/api/v4/auth/login", map[string]any{"aLogin": login, "aPasswordHash": "a wrong password"})
			mu.Lock()
			got[res.Status]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return got
}

func TestFailedLoginLimitIsExactUnderConcurrency(t *testing.T) {
	t.Parallel()
	env := map[string]string{"RATE_LIMIT_LOGIN_ACCOUNT": "10"}
	one := apitest.New(t, apitest.Options{Env: env})
	// A second replica on the same database.
	two := apitest.New(t, apitest.Options{Env: env, Pool: one.Pool})

	cases := []struct {
		name    string
		servers []*apitest.Server
	}{
		{"one_server_lets_exactly_the_limit_through", []*apitest.Server{one}},
		{"two_replicas_let_exactly_the_limit_through", []*apitest.Server{one, two}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			acc := one.Register("limit-" + tc.name[:3])
			got := parallelWrongLogins(t, tc.servers, acc.Login, 24)
			if got[http.StatusUnauthorized] != 10 || got[http.StatusTooManyRequests] != 14 {
				t.Errorf("answers by status: %v, want 10×401 and 14×429", got)
			}
			// The account is locked for the window, the right password too.
			one.Client().Post("/api/v4/auth/login", map[string]any{"aLogin": acc.Login, "aPasswordHash": acc.Password}).
				Expect(http.StatusTooManyRequests)
		})
	}
	t.Run("successful_logins_do_not_use_up_the_limit", func(t *testing.T) {
		acc := one.Register("limit-ok")
		for range 20 {
			one.Login(acc)
		}
		got := parallelWrongLogins(t, []*apitest.Server{one, two}, acc.Login, 12)
		if got[http.StatusUnauthorized] != 10 || got[http.StatusTooManyRequests] != 2 {
			t.Errorf("after 20 good logins: %v, want 10×401 and 2×429", got)
		}
	})
}
