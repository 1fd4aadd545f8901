package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

const (
	cardPath     = "/api/v4/members/skater_card"
	sharePath    = "/api/v4/members/skater_card/share"
	sharedPath   = "/api/v4/members/shared_card/"
	contactPath  = "/api/v4/members/contact_preference"
	notSharedMsg = "Skater card not found or no longer shared"
)

func share(t testing.TB, c *apitest.Client) string {
	t.Helper()
	var body struct {
		ShareToken string `json:"share_token"`
	}
	c.Post(sharePath, nil).Expect(http.StatusOK).JSON(&body)
	id, err := uuid.Parse(body.ShareToken)
	if err != nil || id.Version() != 4 || id.Variant() != uuid.RFC4122 || id.String() != body.ShareToken {
		t.Fatalf("share token %q is not a canonical random UUID v4", body.ShareToken)
	}
	return body.ShareToken
}

func storedShareToken(t testing.TB, s *apitest.Server, skater string) *string {
	t.Helper()
	var tok *string
	if err := s.Pool.QueryRow(context.Background(),
		`SELECT share_token::text FROM "uSkaterConfig" WHERE "uSkaterUUID" = $1`, skater).Scan(&tok); err != nil {
		t.Fatalf("read share token: %v", err)
	}
	return tok
}

func TestSkaterCardNeedsLoginAndProfile(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	anon := s.Client()
	acc := s.Register("newbie")
	newbie := s.Login(acc) // logged in, never onboarded

	cases := []struct {
		name   string
		client *apitest.Client
		method string
		path   string
		body   any
		status int
		error  string
	}{
		{"anonymous card", anon, http.MethodGet, cardPath, nil, 401, "Authentication required"},
		{"anonymous share", anon, http.MethodPost, sharePath, nil, 401, "Authentication required"},
		{"anonymous revoke", anon, http.MethodDelete, sharePath, nil, 401, "Authentication required"},
		{"anonymous contact preference", anon, http.MethodPatch, contactPath, map[string]any{"contact_preference": "email"}, 401, "Authentication required"},
		{"not onboarded card", newbie, http.MethodGet, cardPath, nil, 404, "Profile not found"},
		{"not onboarded share", newbie, http.MethodPost, sharePath, nil, 404, "Profile not found"},
		{"not onboarded revoke", newbie, http.MethodDelete, sharePath, nil, 404, "Profile not found"},
		{"not onboarded contact preference", newbie, http.MethodPatch, contactPath, map[string]any{"contact_preference": "text"}, 404, "Profile not found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := tc.client.For(t).Request(tc.method, tc.path, tc.body).Expect(tc.status)
			m := res.Map()
			if m["error"] != tc.error {
				t.Errorf("error = %v, want %q", m["error"], tc.error)
			}
			if tc.status == 404 && !strings.Contains(m["message"].(string), "onboarding") {
				t.Errorf("message %q does not say what to do", m["message"])
			}
		})
	}
	// A not-onboarded user still has no profile row: nothing was created on the way.
	if rows := testdb.Int(t, s.Pool, `SELECT count(*) FROM "uSkaterConfig" WHERE "uSkaterUUID" = $1`, acc.Skater); rows != 0 {
		t.Fatalf("the refused calls created %d profile rows", rows)
	}
}

func TestShareLifecycle(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	owner, acc := s.Skater("owner", "America/New_York")
	stranger := s.Client()

	var card struct {
		ShareToken *string `json:"share_token"`
	}
	owner.Get(cardPath).Expect(200).JSON(&card)
	if card.ShareToken != nil {
		t.Fatalf("a new card is shared: %v", *card.ShareToken)
	}

	// Sharing is idempotent: the same token every time.
	first := share(t, owner)
	if again := share(t, owner); again != first {
		t.Fatalf("second share gave %s, want the existing %s", again, first)
	}
	if got := storedShareToken(t, s, acc.Skater); got == nil || *got != first {
		t.Fatalf("stored token %v, want %s", got, first)
	}
	owner.Get(cardPath).Expect(200).JSON(&card)
	if card.ShareToken == nil || *card.ShareToken != first {
		t.Fatalf("card share_token = %v, want %s", card.ShareToken, first)
	}
	pub := stranger.Get(sharedPath + first).Expect(200).Map()
	if _, ok := pub["share_token"]; ok {
		t.Fatal("the public card carries share_token")
	}
	// Upper-case hex is the same UUID.
	stranger.Get(sharedPath + strings.ToUpper(first)).Expect(200)

	// Revoke: the link is dead at once, and revoking again is fine.
	for range 2 {
		res := owner.Request(http.MethodDelete, sharePath, nil).Expect(200).Map()
		if res["status"] != "ok" {
			t.Fatalf("revoke answered %v", res)
		}
	}
	if got := storedShareToken(t, s, acc.Skater); got != nil {
		t.Fatalf("token %s survived the revoke", *got)
	}
	gone := stranger.Get(sharedPath + first).Expect(404)
	owner.Get(cardPath).Expect(200).JSON(&card)
	if card.ShareToken != nil {
		t.Fatalf("card still shows token %s after revoke", *card.ShareToken)
	}

	// Sharing again makes a new token; the old one stays dead.
	second := share(t, owner)
	if second == first {
		t.Fatal("re-sharing after a revoke reused the old token")
	}
	stranger.Get(sharedPath + second).Expect(200)
	again := stranger.Get(sharedPath + first).Expect(404)
	if !bytes.Equal(gone.Body, again.Body) {
		t.Fatalf("revoked token answers differ: %s vs %s", gone.Body, again.Body)
	}
}

func TestShareIsIdempotentUnderConcurrency(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	owner, acc := s.Skater("racer", "UTC")
	const n = 12
	tokens := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var body struct {
				ShareToken string `json:"share_token"`
			}
			res := owner.Post(sharePath, nil)
			if res.Status == 200 {
				json.Unmarshal(res.Body, &body)
			}
			tokens[i] = body.ShareToken
		}()
	}
	wg.Wait()
	stored := storedShareToken(t, s, acc.Skater)
	for i, tok := range tokens {
		if stored == nil || tok != *stored {
			t.Fatalf("call %d got token %q, stored %v: concurrent shares must agree on one token", i, tok, stored)
		}
	}
}

// A token that is no UUID at all answers the original's 400 "Invalid share
// link"; other spellings of a live UUID find the card (as the original's
// uuid.UUID did); unknown, nil and revoked UUIDs get one identical 404. Every
// failed lookup counts against the client's address.
func TestSharedCardTokenForms(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	owner, _ := s.Skater("owner", "UTC")
	valid := share(t, owner)
	revoked := func() string {
		other, _ := s.Skater("other", "UTC")
		tok := share(t, other)
		other.Request(http.MethodDelete, sharePath, nil).Expect(200)
		return tok
	}()
	compact := strings.ReplaceAll(valid, "-", "")
	cases := []struct {
		name, token string
		status      int
	}{
		{"unknown_uuid_is_404", uuid.NewString(), 404},
		{"revoked_is_404", revoked, 404},
		{"nil_uuid_is_404", uuid.Nil.String(), 404},
		{"not_a_uuid_is_400", "not-a-uuid", 400},
		{"digits_are_400", "12345", 400},
		{"trailing_character_is_400", valid + "0", 400},
		{"one_character_short_is_400", valid[:35], 400},
		{"very_long_is_400", strings.Repeat("a", 3000), 400},
		{"sql_is_400", "'%20OR%201=1--", 400},
		{"percent_encoded_nul_is_400", "%00", 400},
		{"hyphens_removed_finds_the_card", compact, 200},
		{"braces_find_the_card", "%7B" + valid + "%7D", 200},
		{"urn_prefix_finds_the_card", "urn:uuid:" + valid, 200},
		{"upper_case_finds_the_card", strings.ToUpper(valid), 200},
	}
	c := s.Client()
	var notFound []byte
	misses := 0
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.For(t).Get(sharedPath + tc.token).Expect(tc.status)
			m := res.Map()
			switch tc.status {
			case 400:
				misses++
				if m["error"] != "Invalid share link" || m["code"] != "bad_request" {
					t.Errorf("400 body = %s", res.Body)
				}
			case 404:
				misses++
				if notFound == nil {
					notFound = res.Body
					if m["error"] != notSharedMsg || m["message"] != notSharedMsg || m["code"] != "not_found" {
						t.Errorf("404 body = %s", res.Body)
					}
				} else if !bytes.Equal(res.Body, notFound) {
					t.Errorf("body %s differs from %s", res.Body, notFound)
				}
			case 200:
				if _, ok := m["identity"]; !ok {
					t.Errorf("200 body = %s", res.Body)
				}
			}
		})
	}
	hits := testdb.Int(t, s.Pool, `SELECT COALESCE(sum(hits), 0) FROM rate_limits WHERE bucket LIKE 'card-share:ip:%'`)
	if hits != misses {
		t.Errorf("%d misses counted, want %d", hits, misses)
	}
}

func TestSharedCardIsPublicAndNeverUnauthorized(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	owner, _ := s.Skater("owner", "UTC")
	tok := share(t, owner)

	forged := s.Client()
	forged.Header.Set("Cookie", "session=forged-"+strings.Repeat("x", 40))
	stale := s.Login(s.Register("stale"))
	staleCookie := stale.Cookie("session")
	stale.Post("/api/v4/auth/logout", nil).Expect(200)
	replayed := s.Client()
	replayed.Header.Set("Cookie", "session="+staleCookie)
	viewer, _ := s.Skater("viewer", "Europe/London") // logged in as someone else
	clients := map[string]*apitest.Client{
		"anonymous": s.Client(), "forged cookie": forged, "logged-out cookie": replayed, "other skater": viewer,
	}
	for name, c := range clients {
		t.Run(name, func(t *testing.T) {
			c := c.For(t) // failures land on this subtest
			pub := c.Get(sharedPath + tok).Expect(200).Map()
			id := pub["identity"].(map[string]any)
			if id["last_name"] != "owner" {
				t.Errorf("public card shows %v, want the owner's", id)
			}
			if _, ok := pub["share_token"]; ok {
				t.Error("public card has share_token")
			}
			c.Get(sharedPath + uuid.NewString()).Expect(404)
			c.Get(sharedPath + "garbage").Expect(400)
		})
	}
	// The forged cookie is no login anywhere else either.
	forged.Get(cardPath).Expect(401)
	replayed.Get(cardPath).Expect(401)
}

func TestSharedCardRateLimit(t *testing.T) {
	t.Parallel()
	s := apitest.New(t, apitest.Options{Env: map[string]string{"RATE_LIMIT_TOKEN_IP": "3"}})
	owner, _ := s.Skater("owner", "UTC")
	tok := share(t, owner)
	c := s.Client()
	// Successful views are not counted.
	for range 10 {
		c.Get(sharedPath + tok).Expect(200)
	}
	for i := range 3 {
		c.Get(sharedPath + uuid.NewString()).Expect(404)
		_ = i
	}
	res := c.Get(sharedPath + uuid.NewString()).Expect(429)
	if res.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	if res.Map()["code"] != "rate_limited" {
		t.Errorf("429 body = %s", res.Body)
	}
	// Once over the limit, even a valid token is refused: guessing cannot go on.
	c.Get(sharedPath + tok).Expect(429)
	// The owner's own routes are not affected.
	owner.Get(cardPath).Expect(200)
}

func TestContactPreference(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	c, acc := s.Skater("pref", "UTC")
	stored := func(t *testing.T) *string {
		t.Helper()
		var v *string
		testdb.QueryRow(t, s.Pool, `SELECT contact_preference FROM "uSkaterConfig" WHERE "uSkaterUUID" = $1`, acc.Skater).Scan(&v)
		return v
	}
	cardPref := func(t *testing.T) any {
		t.Helper()
		return c.For(t).Get(cardPath).Expect(200).Map()["identity"].(map[string]any)["contact_preference"]
	}
	if v := stored(t); v == nil || *v != "email" {
		t.Fatalf("onboarding default = %v, want email", v)
	}
	for _, v := range []string{"text", "phone", "social", "email"} {
		t.Run(v+"_is_stored_and_shown", func(t *testing.T) {
			res := c.For(t).Request(http.MethodPatch, contactPath, map[string]any{"contact_preference": v}).Expect(200).Map()
			if res["contact_preference"] != v {
				t.Fatalf("set %s: answered %v", v, res)
			}
			if got := stored(t); got == nil || *got != v {
				t.Fatalf("set %s: stored %v", v, got)
			}
			if got := cardPref(t); got != v {
				t.Fatalf("set %s: card shows %v", v, got)
			}
		})
	}
	res := c.Request(http.MethodPatch, contactPath, `{"contact_preference": null}`).Expect(200).Map()
	if v, ok := res["contact_preference"]; !ok || v != nil {
		t.Fatalf("clear answered %v", res)
	}
	if got := stored(t); got != nil {
		t.Fatalf("clear stored %q", *got)
	}
	if got := cardPref(t); got != nil {
		t.Fatalf("card shows %v after clearing", got)
	}

	c.Request(http.MethodPatch, contactPath, map[string]any{"contact_preference": "phone"}).Expect(200)
	bad := []struct {
		name    string
		body    any
		message string
	}{
		{"unknown_value_is_400", `{"contact_preference": "fax"}`, "Invalid preference. Must be one of: email, phone, social, text"},
		{"wrong_case_is_400", `{"contact_preference": "Email"}`, "Invalid preference. Must be one of: email, phone, social, text"},
		{"padded_value_is_400", `{"contact_preference": " text"}`, "Invalid preference. Must be one of: email, phone, social, text"},
		{"empty_value_is_400", `{"contact_preference": ""}`, "Invalid preference. Must be one of: email, phone, social, text"},
		{"number_is_400", `{"contact_preference": 5}`, ""},
		{"array_value_is_400", `{"contact_preference": ["email"]}`, ""},
		{"missing_key_is_400", `{"other": "email"}`, "contact_preference is required"},
		{"empty_object_is_400", `{}`, "contact_preference is required"},
		{"array_body_is_400", `["email"]`, ""},
		{"null_body_is_400", `null`, ""},
		{"truncated_json_is_400", `{"contact_preference":`, ""},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			res := c.For(t).Request(http.MethodPatch, contactPath, tc.body).Expect(400)
			if tc.message != "" && !strings.Contains(res.Map()["message"].(string), tc.message) {
				t.Errorf("message %q, want %q", res.Map()["message"], tc.message)
			}
			// The original sent its text under `error`.
			if strings.HasPrefix(tc.message, "Invalid preference.") && res.Map()["error"] != tc.message {
				t.Errorf("error %q, want the original's %q", res.Map()["error"], tc.message)
			}
			if got := stored(t); got == nil || *got != "phone" {
				t.Fatalf("a refused request changed the preference to %v", got)
			}
		})
	}
	// Without a JSON content type.
	req, err := http.NewRequest(http.MethodPatch, s.URL+contactPath, strings.NewReader(`{"contact_preference":"text"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "text/plain")
	c.Do(req).Expect(415)

	// A legacy value the API would not accept is shown as null, never passed on.
	testdb.Exec(t, s.Pool, `ALTER TABLE "uSkaterConfig" DROP CONSTRAINT uskaterconfig_contact_preference_check`)
	if n := testdb.Exec(t, s.Pool, `UPDATE "uSkaterConfig" SET contact_preference = 'carrier pigeon' WHERE "uSkaterUUID" = $1`, acc.Skater); n != 1 {
		t.Fatalf("updated %d profiles, want 1", n)
	}
	if got := cardPref(t); got != nil {
		t.Fatalf("legacy preference shown as %v", got)
	}
}

func TestContactPreferenceCheckConstraint(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	_, acc := s.Skater("checked", "UTC")
	_, err := s.Pool.Exec(t.Context(), `UPDATE "uSkaterConfig" SET contact_preference = 'fax' WHERE "uSkaterUUID" = $1`, acc.Skater)
	if err == nil {
		t.Fatal("the database accepted contact_preference 'fax'")
	}
	if _, err := s.Pool.Exec(t.Context(), `UPDATE "uSkaterConfig" SET contact_preference = NULL WHERE "uSkaterUUID" = $1`, acc.Skater); err != nil {
		t.Fatalf("clearing refused: %v", err)
	}
}
