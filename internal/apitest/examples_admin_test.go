package apitest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
	"github.com/skatetrax/skatetrax-api/internal/mail"
)

// The ids the administration examples use for records that no example
// creates: a club an import made private to one skater (clubs have no
// "add my own" route), seeded directly.
const examplePrivateClub = "6b1d8e3f-9a2c-4e5d-b7f0-8c9d0e1f2a34"

// adminAndErasureSteps runs the examples of the administrators' operations
// with an administrator of its own (seeded with the admin role, as
// `skatetrax user grant <login> admin` does), and the erasure example with a
// separate account whose password is the one the example confirms, so that
// the demo account the other steps use is not erased. It runs after the
// demo account's steps: promoting needs the private coach and rink the demo
// account added (createPrivateCoach, createPrivateRink). It also runs the
// examples that need a record no other step makes: a second login session
// (deleteLoginSession), an unused invite (validateInviteToken) and a reset
// mail (resetSteps).
func (r *exampleRun) adminAndErasureSteps() {
	r.t.Helper()
	demo := r.c
	defer func() { r.c = demo }()

	admin := r.s.Register("demo-admin", "admin")
	r.c = r.s.Login(admin)

	var demoSkater string
	if err := r.s.Pool.QueryRow(r.t.Context(), `SELECT "uSkaterUUID"::text FROM "uAuthTable" WHERE "aLogin" = $1`, demoLogin).Scan(&demoSkater); err != nil {
		r.t.Fatalf("demo skater: %v", err)
	}
	var club string
	if err := r.s.Pool.QueryRow(r.t.Context(),
		`INSERT INTO club_directory (club_id, club_name, club_home_rink, club_cost, owner_skater)
		 VALUES (gen_random_uuid(), 'Boulder Skating Club', NULL, NULL, $1) RETURNING club_id::text`, demoSkater).Scan(&club); err != nil {
		r.t.Fatalf("seed a private club: %v", err)
	}
	r.subs[examplePrivateClub] = club
	// The invite example's id (7) is a number: let createInvite's answer say
	// which real invite it stands for, whatever an earlier step's 7 meant.
	delete(r.subs, "7")

	for _, st := range []struct{ op, example string }{
		{"createRink", ""}, {"updateRink", ""}, {"retireRink", ""}, {"promoteRink", ""},
		{"createCoach", ""}, {"updateCoach", ""}, {"retireCoach", ""}, {"promoteCoach", ""},
		{"createClub", ""}, {"updateClub", ""}, {"retireClub", ""}, {"promoteClub", ""},
		{"createIceType", ""}, {"updateIceType", ""}, {"retireIceType", ""},
		{"createEventType", ""}, {"updateEventType", ""}, {"retireEventType", ""},
		{"listAdminRinks", ""}, {"listAdminCoaches", ""}, {"listAdminClubs", ""},
		{"listAdminIceTypes", ""}, {"listAdminEventTypes", ""},
		{"createInvite", ""}, {"listInvites", ""}, {"revokeInvite", ""}, {"listAuditEvents", ""},
	} {
		r.run(st.op, st.example)
	}

	// Ending another login session: the administrator's second browser,
	// whose id the example stands for.
	second := r.s.Login(admin)
	var sessions []map[string]any
	r.c.Get("/api/v4/auth/sessions").Expect(http.StatusOK).JSON(&sessions)
	for _, ls := range sessions {
		if ls["current"] != true {
			r.subs[r.ops["deleteLoginSession"].params[0].Value.Example.(string)] = ls["id"].(string)
		}
	}
	r.run("deleteLoginSession", "")
	if m := second.Get("/api/v4/auth/session").Map(); m["logged_in"] == true {
		r.t.Errorf("deleteLoginSession: the ended session is still logged in: %v", m)
	}

	// An unused invite token, seeded directly (the example's token stands for it).
	r.runWithQuery("validateInviteToken", "token", r.s.Invite(1))

	// Erasure: an account of its own, registered with the password the
	// example confirms.
	ex, _ := r.requestExample("deleteAccount", "").(map[string]any)
	password, _ := ex["current_password"].(string)
	leaving := r.s.Client()
	leaving.Post("/api/v4/auth/register", map[string]any{"aLogin": "leaving", "aEmail": "leaving@example.com",
		"aPasswordHash": password, "invite_token": r.s.Invite(1)}).Expect(http.StatusOK)
	leaving.Post("/api/v4/auth/login", map[string]any{"aLogin": "leaving", "aPasswordHash": password}).Expect(http.StatusOK)
	r.c = leaving
	r.run("deleteAccount", "")
	r.resetSteps()
	r.importSteps()
	r.c = r.s.Client()
	r.c.Post("/api/v4/auth/login", map[string]any{"aLogin": "leaving", "aPasswordHash": password}).Expect(http.StatusUnauthorized)
}

// runWithQuery runs a GET whose optional query parameter name (not sent by
// run, which sends only the required ones) carries value, the real record
// its example stands for; the answer is checked like run's.
func (r *exampleRun) runWithQuery(opID, name, value string) {
	r.t.Helper()
	ref := r.ops[opID]
	r.done[opID] = true
	want, respExample := successExample(ref.op)
	res := r.c.Get(ref.path + "?" + url.Values{name: {value}}.Encode())
	if res.Status != want {
		r.t.Errorf("%s: answered %d, the spec documents %d: %s", opID, res.Status, want, res.Body)
		return
	}
	var real any
	if err := json.Unmarshal(res.Body, &real); err != nil {
		r.t.Errorf("%s: %v", opID, err)
		return
	}
	for _, problem := range shape(opID, respExample, real) {
		r.t.Errorf("%s: response example: %s", opID, problem)
	}
	// The example is the whole answer (valid: true), so it must be exactly that.
	if a, b := jsonText(respExample), jsonText(real); respExample != nil && a != b {
		r.t.Errorf("%s: answered %s, the example shows %s", opID, b, a)
	}
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// mailbox is a Mailer that hands each message to the test: the reset mail's
// arrival is the synchronisation, no polling.
type mailbox chan mail.Message

func (m mailbox) Send(ctx context.Context, msg mail.Message) error {
	select {
	case m <- msg:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

var resetToken = regexp.MustCompile(`[?&]token=([A-Za-z0-9_-]+)`)

// resetSteps runs the password reset examples on a server of their own that
// sends mail (the main run's sends none, so its reset-request answers 503):
// the demo account asks for a reset with the example's address, and the
// token from the mail stands for the example's token.
func (r *exampleRun) resetSteps() {
	r.t.Helper()
	box := make(mailbox, 1)
	s := apitest.New(r.t, apitest.Options{Mailer: box})
	c := s.Client()
	c.Post("/api/v4/auth/register", map[string]any{"aLogin": demoLogin, "aEmail": "jane@example.com",
		"aPasswordHash": demoPassword, "invite_token": s.Invite(1)}).Expect(http.StatusOK)
	demo, server := r.c, r.s
	defer func() { r.c, r.s = demo, server }()
	r.c, r.s = c, s

	r.run("requestPasswordReset", "")
	msg := <-box
	if msg.To != "jane@example.com" {
		r.t.Errorf("requestPasswordReset: the mail went to %q", msg.To)
	}
	m := resetToken.FindStringSubmatch(msg.Body)
	if m == nil {
		r.t.Fatalf("requestPasswordReset: no token in the mail:\n%s", msg.Body)
	}
	ex, _ := r.requestExample("confirmPasswordReset", "").(map[string]any)
	r.subs[ex["token"].(string)] = m[1]
	r.run("confirmPasswordReset", "")
	c.Post("/api/v4/auth/login", map[string]any{"aLogin": demoLogin, "aPasswordHash": ex["new_password"]}).Expect(http.StatusOK)
}

// importSteps runs the results import example on a server of its own whose
// importer may fetch from this machine: a local site stands in for
// ijs.usfigureskating.org and serves the parser's IJS fixture page (the one
// with Alyson Hansen) at the example's path, so the example's URL stands for
// the local one. The example's event is an event of the demo account there.
func (r *exampleRun) importSteps() {
	r.t.Helper()
	page, err := os.ReadFile(filepath.Join("..", "results", "testdata", "ijs_segm.html"))
	if err != nil {
		r.t.Fatal(err)
	}
	ex, _ := r.requestExample("importEventResult", "").(map[string]any)
	exampleURL, err := url.Parse(ex["url"].(string))
	if err != nil {
		r.t.Fatal(err)
	}
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path != exampleURL.Path {
			http.NotFound(w, req)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(page)
	}))
	defer site.Close()
	s := apitest.New(r.t, apitest.Options{Env: map[string]string{"RESULTS_ALLOWED_HOSTS": "127.0.0.1", "RESULTS_ALLOW_LOOPBACK": "true"}})
	c := s.Client()
	c.Post("/api/v4/auth/register", map[string]any{"aLogin": demoLogin, "aEmail": "jane@example.com",
		"aPasswordHash": demoPassword, "invite_token": s.Invite(1)}).Expect(http.StatusOK)
	c.Post("/api/v4/auth/login", map[string]any{"aLogin": demoLogin, "aPasswordHash": demoPassword}).Expect(http.StatusOK)
	c.Post("/api/v4/auth/onboard", map[string]any{"first_name": "Jane", "last_name": "Doe", "timezone": "America/New_York"}).Expect(http.StatusOK)
	event := c.Post("/api/v4/events", map[string]any{"event_label": "2025 Skate Carolina", "event_date": "2025-03-15"}).
		Expect(http.StatusCreated).Map()["event_id"].(string)

	demo, server := r.c, r.s
	defer func() { r.c, r.s = demo, server }()
	r.c, r.s = c, s
	eventParam := r.ops["importEventResult"].params[0].Value
	saved := map[string]string{}
	for k, v := range map[string]string{fmtExample(eventParam.Example): event, exampleURL.String(): site.URL + exampleURL.Path} {
		if old, ok := r.subs[k]; ok {
			saved[k] = old
		}
		r.subs[k] = v
	}
	r.run("importEventResult", "")
	for k, v := range saved { // the main run's records again
		r.subs[k] = v
	}
}

func fmtExample(v any) string {
	s, _ := v.(string)
	return s
}
