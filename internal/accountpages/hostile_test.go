package accountpages_test

import (
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// TestHostileRequestsToPages throws a fixed-seed sample of odd methods,
// content types and bodies at the pages, anonymous and logged in: never a
// 5xx (503 aside), never a write without the form's token.
func TestHostileRequestsToPages(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	acc := s.Register("hal", "admin")
	logged := newPage(t, s)
	logged.login(acc.Login, acc.Password)
	anon := newPage(t, s)

	methods := []string{"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"}
	paths := []string{"/account", "/account/", "/account/login?next=%00", "/account/register?invite=%FF", "/account/onboard",
		"/account/forgot", "/account/reset?token=" + strings.Repeat("t", 5000), "/account/password", "/account/sessions/end",
		"/account/logout", "/account/logout-all", "/account/admin/invites", "/account/admin/invites/revoke",
		"/account/static/../pages.go", "/account/static/%2e%2e/pages.go", "/account/static/", "/account/nope"}
	types := []string{"", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "multipart/form-data",
		"application/json", "text/plain"}
	bodies := []string{"", "%", "a=%ZZ", "csrf_token=x&aLogin=" + strings.Repeat("a", 200000), "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n",
		"session_id=not-a-uuid&csrf_token=", "invite_id=-1", "max_uses=1e309&expires_in_hours=99999999999", "roles=minor&roles=admin",
		"\x00\x01\x02", "timezone=../../etc/passwd&first_name=A&last_name=B"}
	rng := rand.New(rand.NewPCG(16, 16))
	for i := 0; i < 400; i++ {
		p := anon
		if i%2 == 1 {
			p = logged
		}
		method, path := methods[rng.IntN(len(methods))], paths[rng.IntN(len(paths))]
		ctype, body := types[rng.IntN(len(types))], bodies[rng.IntN(len(bodies))]
		req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		resp, err := p.c.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 && resp.StatusCode != 503 {
			t.Fatalf("%s %s (%s) %q -> %d: %s", method, path, ctype, body, resp.StatusCode, raw)
		}
		if (strings.Contains(path, "pages.go") || strings.HasSuffix(path, "/static/")) && resp.StatusCode == 200 {
			t.Fatalf("%s %s served a file outside static/ or a listing", method, path)
		}
	}
	// Without a token nothing changed: the logged-in browser is still logged in.
	if a := logged.get("/account"); a.Status != 200 {
		t.Errorf("the hostile sample logged the browser out: %d", a.Status)
	}
}
