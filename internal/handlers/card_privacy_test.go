package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// richSkater is a skater with every card field filled, and everything the
// public card must not show.
type richSkater struct {
	client     *apitest.Client
	acc        apitest.Account
	phone      string
	secrets    []string // text that must never appear in the public card
	sharedTok  uuid.UUID
	privateIDs []uuid.UUID
}

func newRichSkater(t *testing.T, s *apitest.Server, login string) richSkater {
	t.Helper()
	club := uuid.New()
	mustExec(t, s, `INSERT INTO club_directory (club_id, club_name) VALUES ($1, 'Triangle FSC')`, club)
	coach := newCoach(t, s, "Carla", "Camel")
	home := newRink(t, s, "Secret Home Rink", "Hometown", "NC")
	visited := newRink(t, s, "Hidden Practice Rink", "Sideville", "NC")
	venue := newRink(t, s, "Competition Arena", "Raleigh", "NC")

	acc := s.Register(login)
	c := s.Login(acc)
	c.Post("/api/v4/auth/onboard", map[string]any{
		"first_name": "Jane", "middle_name": "Quintessa", "last_name": "Doe", "city": "Hometown", "state": "NC",
		"country": "US", "zip": "27513", "timezone": "America/Chicago", "coach_id": coach, "rink_id": home,
		"club_id": club, "usfsa_number": 987654,
	}).Expect(200)
	phone := "919-555-0142"
	mustExec(t, s, `UPDATE "uAuthTable" SET phone_number = $1 WHERE id = $2`, phone, acc.UserID)
	sk := uuid.MustParse(acc.Skater)

	boots, blades, cfg := uuid.New(), uuid.New(), uuid.New()
	mustExec(t, s, `INSERT INTO "uSkaterBoots" ("bootsID", "bootsName", "bootsModel", "uSkaterUUID") VALUES ($1, 'Edea', 'Ice Fly', $2)`, boots, sk)
	mustExec(t, s, `INSERT INTO "uSkaterBlades" ("bladesID", "bladesName", "bladesModel", "uSkaterUUID") VALUES ($1, 'John Wilson', 'Gold Seal', $2)`, blades, sk)
	mustExec(t, s, `INSERT INTO "uSkateConfig" ("sConfigID", "uSkaterUUID", "uSkaterBootsID", "uSkaterBladesID", "sConfigType", "sActiveFlag") VALUES ($1, $2, $3, $4, 1, 1)`,
		cfg, sk, boots, blades)
	mustExec(t, s, `UPDATE "uSkaterConfig" SET "uSkaterComboIce" = $1 WHERE "uSkaterUUID" = $2`, cfg, sk)

	// Two sessions today in Chicago: 8 ice minutes, 1 coached (12.5 % -> 12),
	// 3 in a group class (37.5 % -> 38), 4 solo (50 %), 4 minutes each.
	chicago := mustZone(t, "America/Chicago")
	now := testNow().In(chicago) // the server's pinned clock
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, chicago).UTC()
	insertSessions(t, s, acc.Skater, []session{
		{at: &today, ice: ptr(int32(5)), coach: ptr(int32(1)), skateType: freestyle, coachID: &coach, rinkID: &visited},
		{at: &today, ice: ptr(int32(3)), coach: ptr(int32(0)), skateType: groupClass, rinkID: &home},
	})
	event := newEvent(t, s, acc.Skater, "Snowflake Open", time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC), &venue,
		entry{typ: competition6, placement: ptr(int32(2))})

	shared, sharedTok := newPlaylist(t, s, acc.Skater, "Competition Programs", time.Now().Add(-time.Hour), true, 2)
	private, _ := newPlaylist(t, s, acc.Skater, "Private Mix", time.Now(), false, 1)
	emptyShared, emptyTok := newPlaylist(t, s, acc.Skater, "Empty Shared", time.Now(), true, 0)
	// An unshared playlist has no token; a shared but empty one has one, and
	// it must not be listed (nor its name).
	r := richSkater{client: c, acc: acc, phone: phone, sharedTok: *sharedTok}
	r.secrets = []string{acc.Email, acc.Login, phone, "9195550142", acc.Skater, strings.ReplaceAll(acc.Skater, "-", ""),
		"Quintessa", "Hometown", "987654", "Carla", "Camel", "Secret Home Rink", "Hidden Practice Rink", "27513",
		emptyTok.String(), "Private Mix", "Empty Shared"}
	r.privateIDs = []uuid.UUID{club, coach, home, visited, venue, boots, blades, cfg, event, shared, private, emptyShared, sk}
	for _, id := range r.privateIDs {
		r.secrets = append(r.secrets, id.String())
	}
	return r
}

func TestSkaterCardContents(t *testing.T) {
	t.Parallel()
	s := pinnedNowServer(t) // "today" in Chicago is testNow's day
	jane := newRichSkater(t, s, "jane.skater")
	tok := share(t, jane.client)

	var got map[string]any
	jane.client.Get(cardPath).Expect(200).JSON(&got)
	want := map[string]any{
		"identity": map[string]any{"first_name": "Jane", "middle_name": "Quintessa", "last_name": "Doe", "city": "Hometown",
			"state": "NC", "club": "Triangle FSC", "usfsa_number": 987654, "contact_preference": "email"},
		"lifetime": map[string]any{"skating_since": got["lifetime"].(map[string]any)["skating_since"], "coached_pct": 12, "group_pct": 38,
			"solo_pct": 50, "sessions_per_week": 2, "avg_session_min": 4, "events": 1, "entries": 1, "podiums": 1, "previous_coaches": 1},
		"recent": map[string]any{"coached_pct": 12, "group_pct": 38, "solo_pct": 50, "sessions_per_week": 2, "avg_session_min": 4,
			"last_event":     map[string]any{"name": "Snowflake Open", "date": "March 2026", "location": "Raleigh, NC"},
			"distinct_rinks": 2, "rinks": []string{"Hidden Practice Rink", "Secret Home Rink"}},
		"current": map[string]any{"coach": "Carla Camel", "home_rink": "Secret Home Rink", "boots": "Edea Ice Fly",
			"blades": "John Wilson Gold Seal", "equipment": "Edea Ice Fly / John Wilson Gold Seal",
			"shared_playlists": []map[string]any{{"name": "Competition Programs", "token": jane.sharedTok.String()}}},
		"share_token": tok,
	}
	if !diffMaps(t, "card", got, want) {
		t.Fatal("the owner's card differs")
	}
	since, err := time.Parse(time.RFC3339, got["lifetime"].(map[string]any)["skating_since"].(string))
	if err != nil || since.Location() != time.UTC || since.In(mustZone(t, "America/Chicago")).Hour() != 0 {
		t.Errorf("skating_since = %v: want the UTC instant of a Chicago midnight", got["lifetime"].(map[string]any)["skating_since"])
	}

	var pub map[string]any
	s.Client().Get(sharedPath + tok).Expect(200).JSON(&pub)
	wantPub := map[string]any{
		"identity": map[string]any{"first_name": "Jane", "last_name": "Doe", "state": "NC", "club": "Triangle FSC", "contact_preference": "email"},
		"lifetime": want["lifetime"],
		"recent": map[string]any{"coached_pct": 12, "group_pct": 38, "solo_pct": 50, "sessions_per_week": 2, "avg_session_min": 4,
			"last_event": want["recent"].(map[string]any)["last_event"], "distinct_rinks": 2},
		"current": map[string]any{"boots": "Edea Ice Fly", "blades": "John Wilson Gold Seal", "equipment": "Edea Ice Fly / John Wilson Gold Seal",
			"shared_playlists": []map[string]any{{"name": "Competition Programs", "token": jane.sharedTok.String()}}},
	}
	if !diffMaps(t, "public card", pub, wantPub) {
		t.Fatal("the public card differs")
	}
}

// walk calls fn for every object key and every scalar value in v.
func walk(v any, path string, fn func(path, key string, value any)) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			fn(path, k, nil)
			walk(val, path+"."+k, fn)
		}
	case []any:
		for i, val := range x {
			walk(val, fmt.Sprintf("%s[%d]", path, i), fn)
		}
	default:
		fn(path, "", x)
	}
}

func TestPublicCardCarriesNoPrivateData(t *testing.T) {
	t.Parallel()
	s := pinnedNowServer(t) // "today" in Chicago is testNow's day
	jane := newRichSkater(t, s, "jane.skater")
	tok := share(t, jane.client)
	// The owner's card does carry these (so the check below can fail).
	ownerRaw := string(jane.client.Get(cardPath).Expect(200).Body)
	for _, must := range []string{"Quintessa", "Hometown", "987654", "Carla Camel", "Secret Home Rink", "Hidden Practice Rink", tok} {
		if !strings.Contains(ownerRaw, must) {
			t.Fatalf("fixture problem: the owner's card lacks %q", must)
		}
	}

	forbiddenKeys := map[string]bool{"share_token": true, "uSkaterUUID": true, "email": true, "phone": true, "phone_number": true,
		"username": true, "aLogin": true, "aEmail": true, "id": true, "user_id": true, "middle_name": true, "city": true,
		"usfsa_number": true, "coach": true, "home_rink": true, "rinks": true, "zip": true, "storage_key": true}
	res := s.Client().Get(sharedPath + tok).Expect(200)
	var pub any
	res.JSON(&pub)
	walk(pub, "$", func(path, key string, value any) {
		if key != "" {
			if forbiddenKeys[key] {
				t.Errorf("public card has key %s.%s", path, key)
			}
			return
		}
		switch v := value.(type) {
		case string:
			for _, secret := range jane.secrets {
				if strings.Contains(strings.ToLower(v), strings.ToLower(secret)) {
					t.Errorf("public card %s = %q reveals %q", path, v, secret)
				}
			}
			if strings.EqualFold(v, tok) {
				t.Errorf("public card %s carries the card's share token", path)
			}
			if id, err := uuid.Parse(v); err == nil && id != jane.sharedTok {
				t.Errorf("public card %s carries the id %s", path, v)
			}
		case float64:
			if v == 987654 {
				t.Errorf("public card %s carries the USFSA number", path)
			}
		}
	})
	// Belt and braces on the raw bytes (any casing or escaping of the UUID).
	raw := strings.ToLower(string(res.Body))
	for _, secret := range []string{strings.ToLower(jane.acc.Skater), strings.ToLower(tok), strings.ToLower(jane.acc.Email)} {
		if strings.Contains(raw, secret) {
			t.Errorf("public card bytes contain %q", secret)
		}
	}
}

func TestOneSkaterNeverSeesAnothersCard(t *testing.T) {
	t.Parallel()
	s := pinnedNowServer(t) // "today" in Chicago is testNow's day
	jane := newRichSkater(t, s, "jane.skater")
	janeTok := share(t, jane.client)
	bob, bobAcc := s.Skater("bob", "Europe/Berlin")

	var bobCard map[string]any
	bob.Get(cardPath).Expect(200).JSON(&bobCard)
	walk(bobCard, "$", func(path, key string, value any) {
		if v, ok := value.(string); ok {
			for _, secret := range append(jane.secrets, janeTok) {
				if strings.Contains(strings.ToLower(v), strings.ToLower(secret)) {
					t.Errorf("bob's card %s = %q shows jane's %q", path, v, secret)
				}
			}
		}
	})
	if bobCard["identity"].(map[string]any)["last_name"] != "bob" || bobCard["lifetime"].(map[string]any)["events"] != 0.0 {
		t.Errorf("bob's card is not bob's: %v", bobCard)
	}
	// Bob's share and preference calls touch only bob's row.
	bobTok := share(t, bob)
	if bobTok == janeTok {
		t.Fatal("bob got jane's token")
	}
	bob.Request(http.MethodPatch, contactPath, map[string]any{"contact_preference": "social"}).Expect(200)
	bob.Request(http.MethodDelete, sharePath, nil).Expect(200)
	if got := storedShareToken(t, s, jane.acc.Skater); got == nil || *got != janeTok {
		t.Fatalf("bob's revoke changed jane's token to %v", got)
	}
	if pref := jane.client.Get(cardPath).Expect(200).Map()["identity"].(map[string]any)["contact_preference"]; pref != "email" {
		t.Fatalf("bob's preference reached jane's card: %v", pref)
	}
	// Through jane's token bob sees jane's public card, nothing more.
	pub := bob.Get(sharedPath + janeTok).Expect(200).Map()
	if pub["identity"].(map[string]any)["last_name"] != "Doe" {
		t.Fatalf("jane's token shows %v", pub["identity"])
	}
	if _, ok := pub["identity"].(map[string]any)["middle_name"]; ok {
		t.Fatal("a logged-in viewer gets more than the public card")
	}
	_ = bobAcc
}
