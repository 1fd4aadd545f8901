package accountpages_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// The new forms of /account refuse a post without this browser's token and
// change nothing; a skater the user may not act for is "not found".
func TestAccountSectionFormsNeedTheirCSRFToken(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	acc := s.Register("gus", "guardian")
	stranger := s.Register("sam")
	p := newPage(t, s)
	p.login(acc.Login, acc.Password)
	count := func(q string, args ...any) int {
		var n int
		if err := s.Pool.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	minor := url.Values{"first_name": {"Ada"}, "last_name": {"Gus"}, "date_of_birth": {"2016-05-05"}}
	for _, tc := range []struct {
		path string
		form url.Values
	}{
		{"/account/delete", url.Values{"current_password": {acc.Password}}},
		{"/account/skaters", minor},
		{"/account/skaters/switch", url.Values{"uSkaterUUID": {acc.Skater}}},
		{"/account/skaters/guardian-invite", url.Values{"skater_id": {acc.Skater}}},
	} {
		t.Run(strings.ReplaceAll(strings.TrimPrefix(tc.path, "/account/"), "/", "_"), func(t *testing.T) {
			p := p.For(t)
			a := p.post(tc.path, tc.form)
			if a.Status != http.StatusForbidden || !strings.Contains(a.Body, "This form has expired") {
				t.Errorf("%d %s", a.Status, a.Body)
			}
		})
	}
	if n := count(`SELECT count(*) FROM "uAuthTable" WHERE id = $1`, acc.UserID); n != 1 {
		t.Fatal("the account was erased without a valid token")
	}
	if n := count(`SELECT count(*) FROM skater_guardians WHERE guardian_user_id = $1`, acc.UserID); n != 0 {
		t.Fatal("a child was created without a valid token")
	}

	tok := p.token("/account")
	t.Run("switch_to_a_stranger_is_not_found", func(t *testing.T) {
		a := p.For(t).post("/account/skaters/switch", url.Values{"csrf_token": {tok}, "uSkaterUUID": {stranger.Skater}})
		if a.Status != http.StatusNotFound || !strings.Contains(a.Body, "Skater not found") {
			t.Errorf("%d %s", a.Status, a.Body)
		}
	})
	t.Run("invite_for_a_stranger_is_not_found", func(t *testing.T) {
		a := p.For(t).post("/account/skaters/guardian-invite", url.Values{"csrf_token": {tok}, "skater_id": {stranger.Skater}})
		if a.Status != http.StatusNotFound || !strings.Contains(a.Body, "Skater not found") {
			t.Errorf("%d %s", a.Status, a.Body)
		}
	})
	t.Run("a_non_guardian_is_refused_in_the_APIs_words", func(t *testing.T) {
		q := newPage(t, s).For(t)
		q.login(stranger.Login, stranger.Password)
		if strings.Contains(q.get("/account").Body, `action="/account/skaters"`) {
			t.Error("a user without the guardian role is offered the child form")
		}
		form := url.Values{"csrf_token": {q.token("/account")}}
		for k, v := range minor {
			form[k] = v
		}
		a := q.post("/account/skaters", form)
		if a.Status != http.StatusForbidden || !strings.Contains(a.Body, "Only a guardian can create a minor profile") {
			t.Errorf("%d %s", a.Status, a.Body)
		}
	})
}

// After the erasure the cookie is cleared and the confirmation links back
// to FRONTEND_URL.
func TestDeleteAccountConfirmationLinksToTheFrontend(t *testing.T) {
	t.Parallel()
	s := apitest.New(t, apitest.Options{Env: map[string]string{"FRONTEND_URL": "https://skatetrax.example/app"}})
	acc := s.Register("dora")
	p := newPage(t, s)
	p.login(acc.Login, acc.Password)
	a := p.post("/account/delete", url.Values{"csrf_token": {p.token("/account/delete")}, "current_password": {acc.Password}})
	if a.Status != http.StatusOK || !strings.Contains(a.Body, `href="https://skatetrax.example/app"`) ||
		!strings.Contains(a.Body, "Your account and all of your data have been deleted.") {
		t.Fatalf("%d %s", a.Status, a.Body)
	}
	if !strings.Contains(strings.Join(a.Header.Values("Set-Cookie"), "\n"), "Max-Age=0") {
		t.Errorf("the session cookie was not cleared: %v", a.Header.Values("Set-Cookie"))
	}
	if got := p.get("/account"); got.Status != http.StatusSeeOther || !strings.HasPrefix(got.Header.Get("Location"), "/account/login") {
		t.Errorf("still signed in after the erasure: %d %v", got.Status, got.Header)
	}
}
