package family_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// TestMinorPublicCard: a minor's public card shows the first name and the
// last initial, and nothing that locates the child.
func TestMinorPublicCard(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	g := s.Login(s.Register("gwen", "guardian"))
	club := "5b0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d"
	_, err := s.Pool.Exec(context.Background(), `INSERT INTO club_directory (club_id, club_name, club_home_rink) VALUES ($1, 'Triangle FSC', $2)`, club, rinkCary)
	must(t, err, "insert club")
	kid := g.Post(pathFamily, map[string]any{"first_name": "Ava", "middle_name": "Mae", "last_name": "Parent", "date_of_birth": childBirth,
		"city": "Cary", "state": "NC", "zip": "27511", "club_id": club, "rink_id": rinkCary, "usfsa_number": 1234567}).Expect(201).Map()["uSkaterUUID"].(string)
	switchTo(t, g, kid, 200)
	seed(t, g, "ava7", 45)
	ev := g.Post(pathEvents, map[string]any{"event_label": "Spring Open", "event_date": "2026-02-01", "event_location": rinkCary}).Expect(201).Map()
	g.Post(pathEvents+"/"+asString(ev["event_id"])+"/entries", map[string]any{"category": "Competition", "scoring_system": "IJS", "governing_body": "USFSA"}).Expect(201)
	owner := g.Get(pathCard).Expect(200).Map()
	if owner["identity"].(map[string]any)["city"] != "Cary" {
		t.Fatalf("the guardian's own view lost fields: %v", owner["identity"])
	}
	tok := g.Post(pathCard+"/share", nil).Expect(200).Map()["share_token"].(string)
	pub := s.Client().Get("/api/v4/members/shared_card/" + tok).Expect(200).Map()
	id := pub["identity"].(map[string]any)
	t.Run("first_name_and_last_initial_only", func(t *testing.T) {
		if id["first_name"] != "Ava" || id["last_name"] != "P." {
			t.Errorf("identity %v", id)
		}
	})
	t.Run("nothing_that_locates_the_child", func(t *testing.T) {
		for _, k := range []string{"state", "club"} {
			if id[k] != nil {
				t.Errorf("%s shown: %v", k, id[k])
			}
		}
		for _, k := range []string{"city", "middle_name", "usfsa_number"} {
			if _, ok := id[k]; ok {
				t.Errorf("%s present", k)
			}
		}
		cur := pub["current"].(map[string]any)
		for _, k := range []string{"coach", "home_rink"} {
			if _, ok := cur[k]; ok {
				t.Errorf("current.%s present", k)
			}
		}
		recent := pub["recent"].(map[string]any)
		if _, ok := recent["rinks"]; ok {
			t.Error("recent.rinks present")
		}
		if ev, ok := recent["last_event"].(map[string]any); !ok || ev["name"] != "Spring Open" || ev["location"] != nil {
			t.Errorf("last_event %v", recent["last_event"])
		}
	})
	t.Run("an_adults_public_card_is_unchanged", func(t *testing.T) {
		adult, _ := s.Skater("adam", "UTC")
		adult.Request(http.MethodPatch, pathContact, map[string]any{"contact_preference": "email"}).Expect(200)
		tok := adult.Post(pathCard+"/share", nil).Expect(200).Map()["share_token"].(string)
		pid := s.Client().Get("/api/v4/members/shared_card/" + tok).Expect(200).Map()["identity"].(map[string]any)
		if pid["last_name"] != "adam" {
			t.Errorf("adult identity %v", pid)
		}
	})
	t.Run("a_minors_shared_playlist_names_the_first_name_only", func(t *testing.T) {
		lists := listOf(t, g.Get(pathLists).Expect(200))
		id := lists[0]["id"]
		ptok := g.Post(pathLists+"/"+asString(id)+"/share", nil).Expect(200).Map()["share_token"].(string)
		pl := s.Client().Get("/api/v4/music/shared/" + ptok).Expect(200).Map()
		if pl["owner"] != "Ava" {
			t.Errorf("owner %v", pl["owner"])
		}
	})
}

func asString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return fmtInt(int64(x))
	}
	return ""
}
