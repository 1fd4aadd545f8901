package handlers_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// fullSkater is a skater with something in every area: sessions with a
// shared and a private coach and rink, sharpenings, events with scores of
// every system, a shared card, a track with its file in a shared playlist,
// and rows of the tables no route writes (memberships, punch cards, classes).
type fullSkater struct {
	*kit
	coach, rink, track, playlist, playlistToken, cardToken string
}

func newFullSkater(t *testing.T, s *apitest.Server, login string) *fullSkater {
	t.Helper()
	return fillSkater(t, s, newKit(t, s, login, "America/Denver"), login)
}

// fillSkater gives the skater of k (the one its client acts for) the
// records of a fullSkater; login names them.
func fillSkater(t *testing.T, s *apitest.Server, k *kit, login string) *fullSkater {
	t.Helper()
	r := &fullSkater{kit: k}
	c := r.c
	r.coach = asString(c.Post("/api/v4/members/coaches", map[string]any{"coach_Fname": "Nadia", "coach_Lname": "Ivanova",
		"coach_rate": 60, "coach_phone": "+1 970 555 0100"}).Expect(201).Map()["coach_id"])
	r.rink = asString(c.Post("/api/v4/members/rinks", map[string]any{"rink_name": "Lakeside Pond " + login,
		"rink_tz": "America/Denver"}).Expect(201).Map()["rink_id"])
	r.add("2026-01-05", 60, map[string]any{"coach_id": r.coach, "coach_time": 30, "coach_cost": 30, "rink_id": r.rink})
	r.add("2026-01-12", 45, map[string]any{"skate_type": typeGroup, "ice_cost": 9.5})
	r.add("2026-02-02", 50, map[string]any{"rink_id": rinkVegas, "ice_cost": 18.25})
	r.add("2026-02-03", 30, map[string]any{"skate_type": typeOffIce, "rink_id": rinkOffIce, "ice_cost": 0})
	c.Post(pathMaint, map[string]any{"m_date": "2026-01-20", "m_hours_on": 20.5, "m_cost": 25, "m_location": r.rink, "m_roh": "1/2"}).Expect(201)
	c.Request(http.MethodPatch, contactPath, map[string]any{"contact_preference": "text"}).Expect(200)
	ev := createEvent(t, c, map[string]any{"event_label": "Skate Denver", "event_date": "2026-02-14", "event_location": r.rink,
		"coach_id": r.coach, "costs": []map[string]any{{"category": "Competition Entry", "amount": 85}}})
	addEntry(t, c, ev, map[string]any{"event_segment": "Adult Bronze Free Skate", "status": "Scored", "category": "Competition",
		"scoring_system": "6.0", "placement": 2, "field_size": 5,
		"scores":     []map[string]any{{"scoring_system": "6.0", "judge_number": 1, "ordinal": 2, "technical_merit": 3.1, "presentation": 3.2}},
		"deductions": []map[string]any{{"deduction_type": "Falls", "value": 1}}})
	addEntry(t, c, ev, map[string]any{"event_segment": "Adult Bronze Free Skate IJS", "status": "Scored", "category": "Competition",
		"scoring_system": "IJS", "total_segment_score": 29.69,
		"scores": []map[string]any{
			{"scoring_system": "IJS_element", "element_number": 1, "element_name": "2S", "base_value": 1.3, "goe": 0.13, "final_score": 1.43},
			{"scoring_system": "IJS_component", "judge_number": 0, "composition": 3.25, "presentation": 3.5, "skating_skills": 3}}})
	addEntry(t, c, ev, map[string]any{"event_segment": "Showcase", "category": "Showcase", "scoring_system": "CJS",
		"scores": []map[string]any{{"scoring_system": "CJS", "judge_number": 1, "artistic_appeal": 5.5, "performance": 5.25, "skating_skills": 5}}})
	r.track = uploadTrack(t, c, s, "Short Program "+login, fixture(t, "tone.ogg")).ID
	r.playlist = createPlaylist(t, c, "Competition "+login).ID
	setTracks(t, c, r.playlist, r.track)
	r.playlistToken = sharePlaylist(t, c, r.playlist)
	r.cardToken = share(t, c)
	r.exec(`INSERT INTO club_members (club_id, "uSkaterUUID", joined_date, membership_fee)
		VALUES ('c4dd2b9c-50f1-4f5b-a439-fd8f36a654d6', $1, '2025-07-01', 95)`, r.acc.Skater)
	r.exec(`INSERT INTO punch_cards (card_id, card_type, card_cost, punches_total, punch_session_minutes, purchase_date, rink_id, "uSkaterUUID")
		VALUES (gen_random_uuid(), '0bcb0d7a-f5f0-41e2-bccb-78e80eb6673f', 80, 10, 45, '2026-01-02', $2, $1)`, r.acc.Skater, r.rink)
	r.exec(`INSERT INTO punched_sessions (id, punchcard_id, session_id, datetime_punch, punches_used)
		SELECT gen_random_uuid(), p.card_id, i.ice_time_id, i.date, 1 FROM punch_cards p, ice_time i
		WHERE p."uSkaterUUID" = $1 AND i."uSkaterUUID" = $1 AND i.rink_id = $2`, r.acc.Skater, r.rink)
	r.exec(`INSERT INTO classes_school (location_id, class_cost, class_name, date_start, date_end, "uSkaterUUID")
		VALUES ($2, 120, 'Adult LTS', '2026-01-05', '2026-03-01', $1)`, r.acc.Skater, rinkCary)
	r.exec(`INSERT INTO j_notes (notes_date, notes, "uSkaterUUID") VALUES ('2026-01-05', 'landed the axel', $1)`, r.acc.Skater)
	return r
}

func countRows(t testing.TB, s *apitest.Server, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.Pool.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
