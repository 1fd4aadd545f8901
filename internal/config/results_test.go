package config

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestResults(t *testing.T) {
	t.Parallel()
	c, _, err := load(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Results.AllowedHosts, []string{"ijs.usfigureskating.org"}) || c.Results.AllowLoopback ||
		c.Results.Timeout != 15*time.Second || c.RateLimits.ImportPerSkater != 30 {
		t.Errorf("defaults = %+v, import limit %d", c.Results, c.RateLimits.ImportPerSkater)
	}

	c, _, err = load(map[string]string{
		"RESULTS_ALLOWED_HOSTS": " IJS.usfigureskating.org , 127.0.0.1,,::1", "RESULTS_ALLOW_LOOPBACK": "true",
		"RESULTS_FETCH_TIMEOUT": "3s", "RATE_LIMIT_IMPORT": "5",
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Results.AllowedHosts, []string{"ijs.usfigureskating.org", "127.0.0.1", "::1"}) ||
		!c.Results.AllowLoopback || c.Results.Timeout != 3*time.Second || c.RateLimits.ImportPerSkater != 5 {
		t.Errorf("configured = %+v, import limit %d", c.Results, c.RateLimits.ImportPerSkater)
	}

	for _, tc := range []struct{ name, hosts string }{
		{"host_with_scheme_is_refused", "https://ijs.usfigureskating.org"},
		{"host_with_path_is_refused", "ijs.usfigureskating.org/leaderboard"},
		{"host_with_port_is_refused", "ijs.usfigureskating.org:443"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := load(map[string]string{"RESULTS_ALLOWED_HOSTS": tc.hosts}); err == nil || !strings.Contains(err.Error(), "RESULTS_ALLOWED_HOSTS") {
				t.Errorf("%q: error %v", tc.hosts, err)
			}
		})
	}
	_, warns, err := load(map[string]string{"FLASK_ENV": "production", "FLASK_SECRET_KEY": strings.Repeat("k", 40),
		"SESSION_COOKIE_SECURE": "true", "RESULTS_ALLOW_LOOPBACK": "true"})
	if err != nil || !strings.Contains(strings.Join(warns, "\n"), "RESULTS_ALLOW_LOOPBACK") {
		t.Errorf("production loopback: warnings %v, error %v", warns, err)
	}
}
