package accountpages_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// The /account sections that came with the other issues: export, delete
// account, a guardian's children.

// login signs the browser in through the pages.
func (b *browser) login(acc apitest.Account) {
	b.t.Helper()
	b.visit("/account", "login-for-account", 200)
	b.fill("aLogin", acc.Login)
	b.fill("aPasswordHash", acc.Password)
	b.submit("form[action='/account/login'] button[type=submit]", "account", 200)
	if got := b.location(); got != "/account" {
		b.t.Fatalf("%s: after login at %s", b.name, got)
	}
}

// download clicks the link and returns the file's suggested name and bytes,
// once Chromium reports the download complete.
func (b *browser) download(link string) (string, []byte) {
	b.t.Helper()
	dir := b.t.TempDir()
	events := true
	if _, err := chromedp.CallBrowser(b.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &events}); err != nil {
		b.t.Fatalf("%s: allow downloads: %v", b.name, err)
	}
	type done struct{ guid, name, state string }
	names := map[string]string{}
	ch := make(chan done, 16)
	lctx, cancel := context.WithCancel(b.ctx)
	defer cancel()
	err := chromedp.ListenBrowser(lctx, func(ev any) {
		switch e := ev.(type) {
		case *cdpbrowser.EventDownloadWillBegin:
			ch <- done{guid: e.GUID, name: e.SuggestedFilename}
		case *cdpbrowser.EventDownloadProgress:
			if e.State == cdpbrowser.DownloadProgressStateCompleted || e.State == cdpbrowser.DownloadProgressStateCanceled {
				ch <- done{guid: e.GUID, state: string(e.State)}
			}
		}
	})
	if err != nil {
		b.t.Fatalf("%s: listen for downloads: %v", b.name, err)
	}
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(link))); err != nil {
		b.t.Fatalf("%s: click %s: %v", b.name, link, err)
	}
	for {
		select {
		case <-b.ctx.Done():
			b.t.Fatalf("%s: download of %s did not finish", b.name, link)
		case d := <-ch:
			if d.name != "" {
				names[d.guid] = d.name
				continue
			}
			if d.state != string(cdpbrowser.DownloadProgressStateCompleted) {
				b.t.Fatalf("%s: download of %s %s", b.name, link, d.state)
			}
			raw, err := os.ReadFile(filepath.Join(dir, d.guid))
			if err != nil {
				b.t.Fatalf("read the download: %v", err)
			}
			return names[d.guid], raw
		}
	}
}

func TestExportAndDeleteAccount(t *testing.T) {
	requireBrowser(t)
	s := apitest.New(t)
	s.Register("pete") // another account: the export must not be his
	acc := s.Register("olga")
	b := newBrowser(t, s.URL, "olga")
	b.login(acc)

	name, raw := b.download("#export-json")
	if !strings.HasPrefix(name, "skatetrax-olga-") || !strings.HasSuffix(name, ".json") {
		t.Errorf("JSON export named %q", name)
	}
	var doc struct {
		Account struct {
			Login string `json:"aLogin"`
			Email string `json:"aEmail"`
		} `json:"account"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("JSON export %q: %v", raw, err)
	}
	if doc.Account.Login != "olga" || doc.Account.Email != "olga@example.com" {
		t.Errorf("the JSON export is of %+v, want olga's", doc.Account)
	}
	name, raw = b.download("#export-csv")
	if !strings.HasPrefix(name, "skatetrax-olga-") || !strings.HasSuffix(name, ".csv") {
		t.Errorf("CSV export named %q", name)
	}
	if !strings.HasPrefix(string(raw), "ice_time_id,date,local_date,") {
		t.Errorf("CSV export %q", raw)
	}

	// A wrong password: the error beside the field, nothing erased.
	b.visit("/account/delete", "delete", 200)
	b.fill("current_password", "not my password")
	b.submit("form[action='/account/delete'] button[type=submit]", "delete-wrong-password", http.StatusUnauthorized)
	if got := b.text("#current_password-error"); got != "Current password is incorrect" {
		t.Errorf("wrong-password error %q", got)
	}
	if got := b.value("#current_password"); got != "" {
		t.Errorf("the password was sent back into the page: %q", got)
	}
	s.Login(acc) // still there

	b.fill("current_password", acc.Password)
	b.submit("form[action='/account/delete'] button[type=submit]", "deleted", 200)
	if got := b.text(".notice"); got != "Your account and all of your data have been deleted." {
		t.Errorf("confirmation %q", got)
	}
	s.Client().Post("/api/v4/auth/login", map[string]any{"aLogin": acc.Login, "aPasswordHash": acc.Password}).Expect(401)
	b.visit("/account", "after-delete", 200)
	if got := b.location(); !strings.HasPrefix(got, "/account/login") {
		t.Errorf("still signed in after the erasure: %s", got)
	}
}

func TestGuardianChildrenOnTheAccountPage(t *testing.T) {
	requireBrowser(t)
	s := apitest.New(t)
	acc := s.Register("gina", "guardian")
	b := newBrowser(t, s.URL, "gina")
	b.login(acc)
	setDate := func(v string) {
		var ok bool
		b.eval(`(() => { const el = document.getElementById('date_of_birth'); el.value = `+jsString(v)+`; return el.value === `+jsString(v)+`; })()`, &ok)
		if !ok {
			t.Fatalf("could not set the date of birth to %q", v)
		}
	}

	b.fill("first_name", "Emma")
	b.fill("last_name", "Doe")
	setDate("2015-04-02")
	b.submit("form[action='/account/skaters'] button[type=submit]", "child-created", 200)
	if got := b.text(".notice"); got != "Skater created" {
		t.Fatalf("notice %q; page: %s", got, b.text("main"))
	}

	// A refused child keeps what was typed, the error beside its field.
	b.fill("first_name", "Liam")
	b.fill("last_name", "Doe")
	b.fill("city", "Denver")
	setDate("1990-01-01")
	b.submit("form[action='/account/skaters'] button[type=submit]", "child-refused", http.StatusBadRequest)
	if got := b.text("#date_of_birth-error"); got != "the skater must be under 18; adults register themselves" {
		t.Errorf("date of birth error %q", got)
	}
	if got := b.value("#first_name") + "|" + b.value("#last_name") + "|" + b.value("#city") + "|" + b.value("#date_of_birth"); got != "Liam|Doe|Denver|1990-01-01" {
		t.Errorf("typed values lost: %q", got)
	}
	setDate("2017-09-30")
	b.submit("form[action='/account/skaters'] button[type=submit]", "second-child", 200)

	kids := map[string]string{}
	rows, err := s.Pool.Query(context.Background(), `SELECT c."uSkaterFname", c."uSkaterUUID"::text FROM skater_guardians g
		JOIN "uSkaterConfig" c ON c."uSkaterUUID" = g.skater_uuid WHERE g.guardian_user_id = $1`, acc.UserID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n, id string
		if err := rows.Scan(&n, &id); err != nil {
			t.Fatal(err)
		}
		kids[n] = id
	}
	if rows.Err() != nil || len(kids) != 2 || kids["Emma"] == "" || kids["Liam"] == "" {
		t.Fatalf("children stored %v (%v)", kids, rows.Err())
	}
	if got := b.text(".skaters"); !strings.Contains(got, "Emma Doe") || !strings.Contains(got, "Liam Doe") {
		t.Errorf("the list lacks the children: %q", got)
	}

	// Switch to Emma: the API's session answer shows it.
	b.submit("#skater-"+kids["Emma"]+" form[action='/account/skaters/switch'] button", "switched", 200)
	sess := b.apiJSON("/api/v4/auth/session")
	if sess["active_skater"] != kids["Emma"] || sess["acting_as"] != "guardian" {
		t.Errorf("after switching the session answers %v", sess)
	}
	b.visit("/account", "account-acting-for-emma", 200)
	if got := b.text("#skater-" + kids["Emma"]); !strings.Contains(got, "this session acts for this skater") {
		t.Errorf("Emma's row does not say the session acts for her: %q", got)
	}
	var switches int
	if err := s.Pool.QueryRow(context.Background(), `SELECT count(*) FROM auth_audit WHERE event = 'active_skater_switched'
		AND user_id = $1 AND detail->>'skater' = $2`, acc.UserID, kids["Emma"]).Scan(&switches); err != nil {
		t.Fatal(err)
	}
	if switches != 1 {
		t.Errorf("%d switch audit entries, want 1", switches)
	}

	// A guardian invite for Liam: the token once.
	b.submit("#skater-"+kids["Liam"]+" form[action='/account/skaters/guardian-invite'] button", "guardian-invite", http.StatusCreated)
	if tok := b.value("#new-guardian-token"); len(tok) < 20 {
		t.Errorf("guardian invite token %q", tok)
	}
	b.visit("/account", "account-children", 200)
	var html string
	b.eval(`document.documentElement.outerHTML`, &html)
	if strings.Contains(html, "new-guardian-token") {
		t.Error("the guardian invite token is shown again")
	}

	// The only guardian cannot delete the account: the page says what to do first.
	b.visit("/account/delete", "delete-guardian", 200)
	b.fill("current_password", acc.Password)
	b.submit("form[action='/account/delete'] button[type=submit]", "delete-sole-guardian", http.StatusConflict)
	if got := b.text("#form-error"); !strings.Contains(got, "guardian of 2 skater profile(s)") {
		t.Errorf("409 message %q", got)
	}
	if got := b.text("#children-first"); !strings.Contains(got, "Go to your children's profiles") {
		t.Errorf("no explanation of the 409: %q", got)
	}
	s.Login(acc) // nothing erased

	// A coach sees the student in the same list, read only.
	coach := s.Register("kim", "coach")
	g := s.Login(acc)
	g.Request(http.MethodPut, "/api/v4/auth/active_skater", map[string]any{"uSkaterUUID": kids["Emma"]}).Expect(200)
	g.Post("/api/v4/members/coach_access", map[string]any{"coach": coach.Login}).Expect(201)
	cb := newBrowser(t, s.URL, "kim")
	cb.login(coach)
	if got := cb.text("#skater-" + kids["Emma"]); !strings.Contains(got, "your student (read only)") {
		t.Errorf("the coach's list: %q", got)
	}
	cb.submit("#skater-"+kids["Emma"]+" form[action='/account/skaters/switch'] button", "coach-switched", 200)
	csess := cb.apiJSON("/api/v4/auth/session")
	if csess["active_skater"] != kids["Emma"] || csess["acting_as"] != "coach" {
		t.Errorf("coach session %v", csess)
	}
}

// apiJSON opens an API GET in the browser (its cookie session; the pages'
// CSP lets no page script fetch) and decodes the JSON it shows.
func (b *browser) apiJSON(path string) map[string]any {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Navigate(b.base+path)); err != nil {
		b.t.Fatalf("%s: open %s: %v", b.name, path, err)
	}
	var out map[string]any
	if err := json.Unmarshal([]byte(b.text("body")), &out); err != nil {
		b.t.Fatalf("%s: %s is not JSON: %v", b.name, path, err)
	}
	b.mu.Lock()
	b.requests = nil
	b.mu.Unlock()
	return out
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
