package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

func TestMetrics(t *testing.T) {
	t.Parallel()
	s := apitest.New(t, apitest.Options{Env: map[string]string{"RATE_LIMIT_LOGIN_IP": "1"}})
	c := s.Client()
	c.Get("/api/v4/public/clubs").Expect(http.StatusOK)
	c.Get("/api/v4/public/clubs").Expect(http.StatusOK)
	c.Get("/no/such/path").Expect(http.StatusNotFound)
	c.Post("/api/v4/auth/login", map[string]any{"aLogin": "x", "aPasswordHash": "a wrong password"}).Expect(http.StatusUnauthorized)
	c.Post("/api/v4/auth/login", map[string]any{"aLogin": "x", "aPasswordHash": "a wrong password"}).Expect(http.StatusTooManyRequests)

	res := c.Get("/metrics").Expect(http.StatusOK)
	body := string(res.Body)
	for _, want := range []string{
		`skatetrax_http_requests_total{method="GET",operation="listClubs",status_class="2xx"} 2`,
		`skatetrax_http_requests_total{method="GET",operation="other",status_class="4xx"} 1`,
		`skatetrax_http_requests_total{method="POST",operation="login",status_class="4xx"} 2`,
		`skatetrax_http_request_duration_seconds_count{method="GET",operation="listClubs"} 2`,
		`skatetrax_http_requests_in_flight 1`, // this request
		`skatetrax_rate_limit_refusals_total{bucket="login:ip"} 1`,
		`skatetrax_password_hash_queue 0`,
		`skatetrax_password_hash_wait_seconds_count 1`,
		`skatetrax_db_pool_max_connections `,
		`skatetrax_db_pool_acquired_connections `,
		`skatetrax_build_info{version="test"} 1`,
		`go_goroutines `,
	} {
		t.Run("exposes_"+strings.Fields(want)[0], func(t *testing.T) {
			if !strings.Contains(body, want) {
				t.Errorf("missing %q", want)
			}
		})
	}
	t.Run("content_type_is_prometheus_text", func(t *testing.T) {
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
			t.Errorf("Content-Type %q", ct)
		}
	})
	t.Run("metrics_address_moves_it_off_the_main_port", func(t *testing.T) {
		other := apitest.New(t, apitest.Options{Pool: s.Pool, Env: map[string]string{"METRICS_ADDRESS": "127.0.0.1:0"}})
		other.Client().Get("/metrics").Expect(http.StatusNotFound)
	})
}
