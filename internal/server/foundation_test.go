package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

func TestUtils(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	c := s.Client()

	h := c.Get("/api/v4/utils/health").Expect(http.StatusOK).Map()
	if h["status"] != "ok" || h["details"] != "DB connection healthy" {
		t.Errorf("health = %v", h)
	}
	v := c.Get("/api/v4/utils/version").Expect(http.StatusOK).Map()
	if v["package"] != "skatetrax-api" || v["version"] != "test" {
		t.Errorf("version = %v", v)
	}
	if got := c.Get("/healthz").Expect(http.StatusOK).Map(); got["status"] != "ok" {
		t.Errorf("healthz = %v", got)
	}
	if got := c.Get("/readyz").Expect(http.StatusOK).Map(); got["status"] != "ok" {
		t.Errorf("readyz = %v", got)
	}
}

func TestPublicRinks(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	c := s.Client()

	var all []map[string]any
	c.Get("/api/v4/public/rinks").Expect(http.StatusOK).JSON(&all)
	var count int
	if err := s.Pool.QueryRow(t.Context(), "SELECT count(*) FROM locations").Scan(&count); err != nil {
		t.Fatal(err)
	}
	if len(all) != count || count < 21 {
		t.Fatalf("got %d rinks, table has %d (want the 20 seeded rinks and Off Ice)", len(all), count)
	}
	for i := 1; i < len(all); i++ {
		if all[i-1]["rink_name"].(string) > all[i]["rink_name"].(string) {
			t.Fatalf("rinks not ordered by name: %v before %v", all[i-1]["rink_name"], all[i]["rink_name"])
		}
	}

	var nc []map[string]any
	c.Get("/api/v4/public/rinks?state=nc").Expect(http.StatusOK).JSON(&nc)
	if len(nc) < 10 {
		t.Fatalf("state=nc gave %d rinks", len(nc))
	}
	for _, r := range nc {
		if r["rink_state"] != "NC" {
			t.Errorf("state filter let through %v", r["rink_state"])
		}
	}

	one := c.Get("/api/v4/public/rinks?id=92b3dcf8-3018-4d61-9cf7-f683846eb517").Expect(http.StatusOK).Map()
	if one["rink_name"] != "Las Vegas Ice Center" || one["rink_tz"] != "America/Los_Angeles" {
		t.Errorf("rink by id = %v", one)
	}
	// The state filter still applies before the id.
	c.Get("/api/v4/public/rinks?id=92b3dcf8-3018-4d61-9cf7-f683846eb517&state=NC").Expect(http.StatusNotFound)

	for _, tc := range []struct{ name, query string }{
		{"malformed_id_is_404", "id=not-a-uuid"},
		{"unknown_id_is_404", "id=00000000-0000-0000-0000-000000000000"},
		{"state_without_rinks_is_404", "state=ZZ"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := c.For(t).Get("/api/v4/public/rinks?" + tc.query).Expect(http.StatusNotFound).Map()
			if e["error"] != "No rinks found" {
				t.Errorf("%s: body %v", tc.query, e)
			}
		})
	}
	// Empty parameters count as absent.
	var again []map[string]any
	c.Get("/api/v4/public/rinks?state=&id=").Expect(http.StatusOK).JSON(&again)
	if len(again) != count {
		t.Errorf("empty filters gave %d rinks", len(again))
	}
}

func TestPublicClubs(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	if _, err := s.Pool.Exec(t.Context(), `INSERT INTO club_directory (club_id, club_name) VALUES
		('00000000-0000-4000-8000-0000000000c2', 'Ace FSC'), ('00000000-0000-4000-8000-0000000000c3', NULL)`); err != nil {
		t.Fatal(err)
	}
	var clubs []map[string]any
	s.Client().Get("/api/v4/public/clubs").Expect(http.StatusOK).JSON(&clubs)
	if len(clubs) < 3 {
		t.Fatalf("clubs = %v", clubs)
	}
	if clubs[0]["club_name"] != "Ace FSC" || clubs[len(clubs)-1]["club_name"] != nil {
		t.Errorf("clubs not ordered by name with nulls last: %v", clubs)
	}
	found := false
	for _, c := range clubs {
		found = found || c["club_name"] == "No Club"
	}
	if !found {
		t.Error("the No Club placeholder is missing")
	}
}

func TestFrameworkErrorsAreJSON(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	c := s.Client()
	cases := []struct {
		name, method, path, body string
		status                   int
		code                     string
	}{
		{"unknown_path_is_404", "GET", "/api/v4/nope", "", 404, "not_found"},
		{"trailing_slash_is_404", "GET", "/api/v4/public/clubs/", "", 404, "not_found"},
		{"root_is_404", "GET", "/", "", 404, "not_found"},
		{"wrong_method_is_405", "DELETE", "/api/v4/public/clubs", "", 405, "method_not_allowed"},
		{"overlong_query_value_is_400", "GET", "/api/v4/public/rinks?state=" + strings.Repeat("x", 100), "", 400, "validation_error"},
		{"body_over_the_limit_is_413", "POST", "/api/v4/public/clubs", strings.Repeat("x", 2<<20), 413, "payload_too_large"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var body *strings.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
			} else {
				body = strings.NewReader("")
			}
			req, _ := http.NewRequest(tc.method, s.URL+tc.path, body)
			res := c.For(t).Do(req).Expect(tc.status)
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Fatalf("content type %q", ct)
			}
			if got := res.Map()["code"]; got != tc.code {
				t.Errorf("code = %v, want %s", got, tc.code)
			}
			if strings.Contains(string(res.Body), "<html") {
				t.Error("HTML in an error body")
			}
		})
	}
}

func TestDocsAndSpec(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	c := s.Client()
	y := c.Get("/openapi.yaml").Expect(http.StatusOK)
	if !strings.Contains(string(y.Body), "openapi: 3.0.3") {
		t.Error("openapi.yaml is not the spec")
	}
	j := c.Get("/openapi.json").Expect(http.StatusOK).Map()
	if j["openapi"] != "3.0.3" {
		t.Errorf("openapi.json = %v", j["openapi"])
	}
	d := c.Get("/docs/").Expect(http.StatusOK)
	if !strings.Contains(string(d.Body), "swagger") || strings.Contains(string(d.Body), "https://") && strings.Contains(string(d.Body), "unpkg") {
		t.Error("docs page is not the offline Swagger UI")
	}
}

func TestCORS(t *testing.T) {
	t.Parallel()
	s := apitest.New(t, apitest.Options{})
	cases := []struct {
		name   string
		origin string
		allow  bool
	}{
		{"localhost_dev_server_is_allowed", "http://localhost:3000", true},
		{"loopback_dev_server_is_allowed", "http://127.0.0.1:3000", true},
		{"lan_dev_server_is_allowed", "http://192.168.1.20:3000", true},
		{"other_port_is_refused", "http://localhost:30000", false},
		{"lookalike_host_is_refused", "http://localhost:3000.evil.example", false},
		{"foreign_origin_is_refused", "https://evil.example", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest("GET", s.URL+"/api/v4/public/clubs", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Origin", tc.origin)
			res := s.For(t).Client().Do(req).Expect(http.StatusOK)
			got := res.Header.Get("Access-Control-Allow-Origin")
			if tc.allow && (got != tc.origin || res.Header.Get("Access-Control-Allow-Credentials") != "true") {
				t.Errorf("%s: not allowed (ACAO %q)", tc.origin, got)
			}
			if !tc.allow && got != "" {
				t.Errorf("%s: allowed (ACAO %q)", tc.origin, got)
			}
		})
	}

	explicit := apitest.New(t, apitest.Options{Env: map[string]string{"CORS_ORIGIN": "https://app.skatetrax.com, http://localhost:3000"}})
	req, _ := http.NewRequest("OPTIONS", explicit.URL+"/api/v4/public/clubs", nil)
	req.Header.Set("Origin", "https://app.skatetrax.com")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "content-type")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Access-Control-Allow-Origin") != "https://app.skatetrax.com" ||
		!strings.Contains(resp.Header.Get("Access-Control-Allow-Methods"), "PATCH") {
		t.Errorf("preflight: %d %v", resp.StatusCode, resp.Header)
	}
	req2, _ := http.NewRequest("GET", explicit.URL+"/api/v4/public/clubs", nil)
	req2.Header.Set("Origin", "http://192.168.1.20:3000")
	if got := explicit.Client().Do(req2).Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("CORS_ORIGIN set, yet the default origins are still allowed: %q", got)
	}
}

func TestHeadIsAnsweredLikeGet(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	for _, tc := range []struct{ name, path string }{
		{"liveness_answers_head", "/healthz"},
		{"public_route_answers_head", "/api/v4/public/clubs"},
		{"utils_route_answers_head", "/api/v4/utils/version"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodHead, s.URL+tc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
				t.Errorf("HEAD %s: %d %s", tc.path, res.StatusCode, res.Header.Get("Content-Type"))
			}
		})
	}
}
