package server_test

import (
	"bytes"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/http/httpguts"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// hostile request parts: every combination must get a documented answer and
// never a 5xx.
var (
	fuzzMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "BREW"}
	fuzzPaths   = []string{
		"/", "/api", "/api/v4", "/api/v4/auth/login", "/api/v4/auth/register", "/api/v4/auth/session",
		"/api/v4/auth/onboard", "/api/v4/auth/change-password", "/api/v4/auth/reset-request", "/api/v4/auth/reset-confirm",
		"/api/v4/auth/logout", "/api/v4/auth/logout-all", "/api/v4/auth/sessions", "/api/v4/auth/sessions/x",
		"/api/v4/auth/sessions/00000000-0000-0000-0000-000000000000", "/api/v4/auth/register/validate-token?token=%00",
		"/api/v4/admin/invites", "/api/v4/admin/invites/-1", "/api/v4/admin/invites/99999999999", "/api/v4/admin/audit?limit=0",
		"/api/v4/admin/audit?before=abc", "/api/v4/public/rinks?id=%27%3B--", "/api/v4/public/rinks?state=%E2%98%83",
		"/api/v4/public/clubs", "/api/v4/utils/health", "/api/v4/utils/version", "/healthz", "/readyz",
		"/api/v4/../../etc/passwd", "/api/v4/public/rinks/../clubs", "//api//v4//public//clubs", "/api/v4/public/clubs%00",
		"/docs/", "/openapi.json", "/api/v4/members/dashboard", "/api/v4/members/ice_time?months_back=-99999999999",
		"/api/v4/music/tracks", "/api/v4/music/tracks/x/audio", "/api/v4/music/playlists/00000000-0000-0000-0000-000000000000/tracks",
		"/api/v4/music/shared/x", "/api/v4/music/shared/00000000-0000-0000-0000-000000000000/tracks/x/audio",
	}
	fuzzBodies = []string{
		"", "null", "[]", "{}", "[1,2,3]", `"str"`, "42", "{", `{"aLogin":`, "\x00\x01\x02", strings.Repeat("[", 5000),
		`{"aLogin":"a\u0000b","aPasswordHash":"x\u0000y"}`, `{"aLogin":{"$ne":null},"aPasswordHash":true}`,
		`{"aLogin":"` + strings.Repeat("a", 5000) + `","aPasswordHash":"p"}`, `{"email":"x@y.z"}`,
		`{"first_name":"A","last_name":"B","zip":99999,"timezone":"../../etc/passwd"}`, `{"roles":[null]}`,
		`{"token":"` + strings.Repeat("t", 300) + `","new_password":"12345678"}`, `{"max_uses":-1,"expires_in_hours":1e308}`,
		`{"aLogin":"x","aPasswordHash":1e999}`, `{"current_password":[],"new_password":{}}`,
	}
	fuzzTypes = []string{"application/json", "", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
		"application/json; charset=utf-16", "application/merge-patch+json", "*/*"}
)

func send(t *testing.T, s *apitest.Server, contract *apitest.Contract, cookie, method, path, ctype, body string) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil || !httpguts.ValidHeaderFieldValue(ctype) {
		return // not a request a client could send
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if cookie != "" {
		req.Header.Set("Cookie", "session="+cookie)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	check, _ := http.NewRequest(method, s.URL+path, nil)
	if problem := contract.Check(check, res.StatusCode, res.Header, raw); problem != "" {
		t.Fatalf("%s %s (%s) body %q -> %d: %s\n%s", method, path, ctype, truncate(body), res.StatusCode, problem, truncate(string(raw)))
	}
	if res.StatusCode >= 500 && res.StatusCode != 503 {
		t.Fatalf("%s %s -> %d", method, path, res.StatusCode)
	}
	if res.StatusCode >= 400 && bytes.Contains(raw, []byte("<html")) {
		t.Fatalf("%s %s -> HTML error page", method, path)
	}
}

func truncate(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

// TestHostileRequests sends a fixed-seed random sample of hostile requests,
// anonymous and logged in (as an admin, to reach every handler).
func TestHostileRequests(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	contract := apitest.LoadContract(t)
	admin := s.Login(s.Register("fuzzadmin", "admin"))
	cookie := admin.Cookie("session")
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	for i := 0; i < 600; i++ {
		c := ""
		if i%2 == 0 {
			c = cookie
		}
		send(t, s, contract, c, pick(fuzzMethods), pick(fuzzPaths), pick(fuzzTypes), pick(fuzzBodies))
	}
}

// FuzzRequests explores the same surface with the coverage-guided fuzzer
// (make fuzz); plain `go test` runs the seeds.
func FuzzRequests(f *testing.F) {
	s := apitest.New(f)
	contract := apitest.LoadContract(f)
	for i, p := range fuzzPaths {
		f.Add(fuzzMethods[i%len(fuzzMethods)], p, fuzzTypes[i%len(fuzzTypes)], fuzzBodies[i%len(fuzzBodies)])
	}
	f.Fuzz(func(t *testing.T, method, path, ctype, body string) {
		if !strings.HasPrefix(path, "/") || len(path) > 2048 || strings.ContainsAny(method, " \t\r\n") || method == "" {
			return
		}
		// A request line with spaces or control bytes is malformed HTTP: net/http
		// answers it with its own plain-text 400 before any handler runs.
		if strings.IndexFunc(path, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 {
			return
		}
		send(t, s, contract, "", method, path, ctype, body)
	})
}
