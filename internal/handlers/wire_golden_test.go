package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// updateGolden rewrites testdata/wire.golden from the current code.
var updateGolden = flag.Bool("update", false, "rewrite testdata/wire.golden")

// wireDay is the day the wire test runs on: the server's clock is pinned to it, so month
// windows, "today" defaults and the graph's labels do not depend on the day CI runs.
var wireDay = time.Date(2026, time.December, 2, 15, 0, 0, 0, time.UTC)

// TestWireGolden calls every route of api/openapi.yaml as an anonymous client, as a user
// without a skater profile and as a skater with data in every area (sessions, equipment,
// maintenance, events with entries and scores, a shared card, music with a shared playlist),
// error paths included, and compares every status, wire header and body with
// testdata/wire.golden. Values that differ between runs (random ids, tokens, instants the
// database stamps) are replaced by placeholders; everything else must stay byte for byte.
// It is the before/after proof for refactors that must not change the wire:
// `go test ./internal/handlers -run TestWireGolden -update` rewrites the file.
func TestWireGolden(t *testing.T) {
	s := newWireServer(t)
	site := newResultsSite(t)
	g := newGolden(t, s)
	g.known(site.URL, "<results-site>")

	anon := s.Client()
	newbieAcc := s.Register("wire_newbie")
	newbie := s.Login(newbieAcc)
	admin := s.Login(s.Register("wire_admin", "admin"))
	c, acc := s.Skater("wire_jane", "America/New_York")
	g.known(acc.Skater, "<skater>")
	g.known(newbieAcc.Skater, "<newbie-skater>")

	// Utils, probes, public lookups.
	g.do("liveness", anon, "GET", "/healthz", nil)
	g.do("readiness", anon, "GET", "/readyz", nil)
	g.do("health", anon, "GET", "/api/v4/utils/health", nil)
	g.do("version", anon, "GET", "/api/v4/utils/version", nil)
	g.do("rinks_all", anon, "GET", "/api/v4/public/rinks", nil)
	g.do("rinks_state", anon, "GET", "/api/v4/public/rinks?state=NC", nil)
	g.do("rinks_one", anon, "GET", "/api/v4/public/rinks?id="+testRink, nil)
	g.do("rinks_unknown_id_is_404", anon, "GET", "/api/v4/public/rinks?id="+unknownID, nil)
	g.do("rinks_bad_id_is_404", anon, "GET", "/api/v4/public/rinks?id=nope", nil)
	g.do("rinks_unknown_state_is_404", anon, "GET", "/api/v4/public/rinks?state=ZZ", nil)
	g.do("clubs", anon, "GET", "/api/v4/public/clubs", nil)
	g.do("coaches", c, "GET", "/api/v4/lookup/coaches", nil)
	g.do("coaches_one", c, "GET", "/api/v4/lookup/coaches?id="+testCoach, nil)
	g.do("coaches_bad_id", c, "GET", "/api/v4/lookup/coaches?id=nope", nil)
	g.do("ice_types", c, "GET", "/api/v4/lookup/ice_types", nil)
	g.do("event_types", c, "GET", "/api/v4/lookup/event_types", nil)
	// The contract and its viewer: their bytes change with every change of the contract, so only
	// the status and type are recorded.
	g.document("openapi_json", anon, "/openapi.json")
	g.document("openapi_yaml", anon, "/openapi.yaml")
	g.document("docs", anon, "/docs/")
	g.do("head_is_answered_like_get", anon, "HEAD", "/api/v4/utils/version", nil)
	g.do("unknown_path_is_404", anon, "GET", "/api/v4/nope", nil)
	g.do("wrong_method_is_405", anon, "DELETE", "/api/v4/utils/version", nil)

	// Auth.
	inv := s.Invite(1)
	g.known(inv, "<invite>")
	g.do("validate_token_ok", anon, "GET", "/api/v4/auth/register/validate-token?token="+inv, nil)
	g.do("validate_token_unknown", anon, "GET", "/api/v4/auth/register/validate-token?token=unknown-token", nil)
	g.do("validate_token_missing", anon, "GET", "/api/v4/auth/register/validate-token", nil)
	g.do("register_ok", anon, "POST", "/api/v4/auth/register", map[string]any{
		"aLogin": "wire_bob", "aEmail": "bob@example.com", "aPasswordHash": "a long password", "invite_token": inv})
	g.do("register_used_invite", anon, "POST", "/api/v4/auth/register", map[string]any{
		"aLogin": "wire_bob2", "aEmail": "bob2@example.com", "aPasswordHash": "a long password", "invite_token": inv})
	inv2 := s.Invite(1)
	g.known(inv2, "<invite-2>")
	g.do("register_short_password", anon, "POST", "/api/v4/auth/register", map[string]any{
		"aLogin": "wire_bob3", "aEmail": "bob3@example.com", "aPasswordHash": "short", "invite_token": inv2})
	g.do("register_not_json_is_400", anon, "POST", "/api/v4/auth/register", "{")
	bob := s.Client()
	g.do("login_wrong_password_is_401", bob, "POST", "/api/v4/auth/login", map[string]any{"aLogin": "wire_bob", "aPasswordHash": "wrong password"})
	g.do("login_ok", bob, "POST", "/api/v4/auth/login", map[string]any{"aLogin": "wire_bob", "aPasswordHash": "a long password"})
	g.do("session_anonymous", anon, "GET", "/api/v4/auth/session", nil)
	g.do("session_not_onboarded", bob, "GET", "/api/v4/auth/session", nil)
	g.do("session_onboarded", c, "GET", "/api/v4/auth/session", nil)
	g.do("onboard_bad_zone", bob, "POST", "/api/v4/auth/onboard", map[string]any{"first_name": "Bob", "last_name": "B", "timezone": "Mars/Olympus"})
	g.do("onboard_ok", bob, "POST", "/api/v4/auth/onboard", map[string]any{"first_name": "Bob", "last_name": "B", "timezone": "Europe/Berlin", "zip": "02134"})
	g.do("change_password_wrong_current", bob, "POST", "/api/v4/auth/change-password", map[string]any{"current_password": "nope nope nope", "new_password": "an even longer one"})
	g.do("change_password_ok", bob, "POST", "/api/v4/auth/change-password", map[string]any{"current_password": "a long password", "new_password": "an even longer one"})
	g.do("reset_request_without_mail_is_503", anon, "POST", "/api/v4/auth/reset-request", map[string]any{"email": "bob@example.com"})
	g.do("reset_confirm_unknown_token", anon, "POST", "/api/v4/auth/reset-confirm", map[string]any{"token": "unknown", "new_password": "a brand new password"})
	g.do("sessions_list", bob, "GET", "/api/v4/auth/sessions", nil)
	g.do("end_unknown_session", bob, "DELETE", "/api/v4/auth/sessions/"+unknownID, nil)
	g.do("end_session_bad_id_is_400", bob, "DELETE", "/api/v4/auth/sessions/nope", nil)

	// Admin.
	g.do("admin_invites_forbidden", c, "GET", "/api/v4/admin/invites", nil)
	created := g.do("admin_create_invite", admin, "POST", "/api/v4/admin/invites", map[string]any{"max_uses": 2, "expires_in_hours": 24, "note": "club"})
	var invite struct {
		ID int64 `json:"id"`
	}
	created.JSON(&invite)
	g.do("admin_list_invites", admin, "GET", "/api/v4/admin/invites", nil)
	g.do("admin_revoke_invite", admin, "DELETE", fmt.Sprintf("/api/v4/admin/invites/%d", invite.ID), nil)
	g.do("admin_revoke_unknown_invite", admin, "DELETE", "/api/v4/admin/invites/999999", nil)
	g.do("admin_audit", admin, "GET", "/api/v4/admin/audit?limit=5&event=login_success", nil)
	g.do("admin_audit_bad_limit_is_400", admin, "GET", "/api/v4/admin/audit?limit=0", nil)

	// Members: equipment.
	g.do("equipment_empty", c, "GET", "/api/v4/members/equipment", nil)
	boots := g.id(g.do("boots_create", c, "POST", "/api/v4/members/equipment/boots", map[string]any{
		"bootsName": "Jackson", "bootsModel": "Freestyle", "bootsSize": "7", "bootsPurchaseAmount": 250.5, "purchased_on": "2026-09-01"}), "bootsID")
	g.do("boots_create_today", c, "POST", "/api/v4/members/equipment/boots", map[string]any{"bootsName": "Edea", "bootsModel": "Ice Fly"})
	g.do("boots_create_empty_name_is_400", c, "POST", "/api/v4/members/equipment/boots", map[string]any{"bootsName": "  "})
	g.do("boots_update", c, "PUT", "/api/v4/members/equipment/boots/"+boots, map[string]any{"bootsName": "Jackson", "bootsModel": "Elite", "bootsPurchaseAmount": 260})
	g.do("boots_update_unknown_is_404", c, "PUT", "/api/v4/members/equipment/boots/"+unknownID, map[string]any{"bootsName": "X"})
	blades := g.id(g.do("blades_create", c, "POST", "/api/v4/members/equipment/blades", map[string]any{
		"bladesName": "John Wilson", "bladesModel": "Coronation Ace", "bladesPurchaseAmount": 350, "purchased_on": "2026-09-01"}), "bladesID")
	blades2 := g.id(g.do("blades_create_second", c, "POST", "/api/v4/members/equipment/blades", map[string]any{
		"bladesName": "Paramount", "bladesModel": "Freestyle", "purchased_on": "2026-10-01"}), "bladesID")
	g.do("blades_update", c, "PUT", "/api/v4/members/equipment/blades/"+blades2, map[string]any{"bladesName": "Paramount", "bladesModel": "Revolution", "retired": true})
	g.do("blades_update_unknown_is_404", c, "PUT", "/api/v4/members/equipment/blades/"+unknownID, map[string]any{"bladesName": "X"})
	g.do("blades_update_bad_amount_is_400", c, "PUT", "/api/v4/members/equipment/blades/"+blades, map[string]any{"bladesName": "X", "bladesPurchaseAmount": -1})
	config := g.id(g.do("config_create", c, "POST", "/api/v4/members/equipment/configs", map[string]any{"bootsID": boots, "bladesID": blades}), "sConfigID")
	g.do("config_create_retired_blade_is_400", c, "POST", "/api/v4/members/equipment/configs", map[string]any{"bootsID": boots, "bladesID": blades2})
	g.do("config_create_unknown_boots_is_400", c, "POST", "/api/v4/members/equipment/configs", map[string]any{"bootsID": unknownID, "bladesID": blades})
	g.do("blades_back_in_use", c, "PUT", "/api/v4/members/equipment/blades/"+blades2, map[string]any{"bladesName": "Paramount", "retired": false})
	config2 := g.id(g.do("config_create_second", c, "POST", "/api/v4/members/equipment/configs", map[string]any{"bootsID": boots, "bladesID": blades2}), "sConfigID")
	g.do("config_retire", c, "PUT", "/api/v4/members/equipment/configs/"+config2, map[string]any{"retired": true})
	g.do("config_retire_unknown_is_404", c, "PUT", "/api/v4/members/equipment/configs/"+unknownID, map[string]any{"retired": true})
	g.do("active_config_set", c, "PUT", "/api/v4/members/equipment/active_config", map[string]any{"sConfigID": config})
	g.do("active_config_unknown_is_400", c, "PUT", "/api/v4/members/equipment/active_config", map[string]any{"sConfigID": unknownID})

	// Members: sessions.
	sessions := []struct {
		date           string
		minutes, coach int
		kind, coachID  string
		cost           float64
	}{
		{"2026-08-20", 60, 0, typeWalkOn, coachNone, 12},
		{"2026-09-15", 90, 30, typeWalkOn, testCoach, 15.5},
		{"2026-10-03", 45, 0, typeGroup, coachNone, 10},
		{"2026-10-31", 60, 20, typeClubIce, testCoach, 18},
		{"2026-11-01", 30, 0, typeWalkOn, coachNone, 8.25},
		{"2026-11-30", 75, 0, typeWalkOn, coachNone, 14},
		{"2026-12-01", 50, 25, typeWalkOn, testCoach, 12},
		{"2026-12-02", 40, 0, typeGroup, coachNone, 9},
	}
	var lastSession string
	for i, se := range sessions {
		res := g.do(fmt.Sprintf("session_create_%d", i), c, "POST", pathSubmit, map[string]any{
			"date": se.date, "ice_time": se.minutes, "ice_cost": se.cost, "coach_time": se.coach, "coach_cost": 30,
			"skate_type": se.kind, "rink_id": testRink, "coach_id": se.coachID, "has_video": 1})
		lastSession = fmt.Sprint(res.Map()["ice_time_id"])
	}
	g.do("session_create_no_date_is_400", c, "POST", pathSubmit, map[string]any{"ice_time": 30, "ice_cost": 1, "coach_time": 0, "coach_cost": 0, "skate_type": typeWalkOn, "rink_id": testRink})
	g.do("session_create_bad_day_is_400", c, "POST", pathSubmit, sessionBody("2026-02-30", 30, map[string]any{"rink_id": testRink}))
	g.do("session_create_coach_over_ice_is_400", c, "POST", pathSubmit, sessionBody("2026-11-02", 30, map[string]any{"rink_id": testRink, "coach_time": 40}))
	g.do("session_create_unknown_rink_is_400", c, "POST", pathSubmit, sessionBody("2026-11-02", 30, map[string]any{"rink_id": unknownID}))
	g.do("session_create_other_config_is_400", c, "POST", pathSubmit, sessionBody("2026-11-02", 30, map[string]any{"rink_id": testRink, "config_id": unknownID}))
	g.do("session_update", c, "PUT", "/api/v4/members/ice_time/"+lastSession, sessionBody("2026-12-02", 55, map[string]any{"rink_id": testRink, "config_id": config2}))
	g.do("session_update_unknown_is_404", c, "PUT", "/api/v4/members/ice_time/999999", sessionBody("2026-12-02", 55, map[string]any{"rink_id": testRink}))
	g.do("session_update_bad_id_is_400", c, "PUT", "/api/v4/members/ice_time/nope", sessionBody("2026-12-02", 55, map[string]any{"rink_id": testRink}))
	gone := fmt.Sprint(c.Post(pathSubmit, sessionBody("2026-07-01", 10, map[string]any{"rink_id": testRink})).Expect(201).Map()["ice_time_id"])
	g.do("session_delete", c, "DELETE", "/api/v4/members/ice_time/"+gone, nil)
	g.do("session_delete_again_is_404", c, "DELETE", "/api/v4/members/ice_time/"+gone, nil)

	// Members: maintenance.
	g.do("maintenance_empty_clock", c, "GET", "/api/v4/members/maintenance", nil)
	m1 := g.id(g.do("maintenance_create_active", c, "POST", "/api/v4/members/maintenance", map[string]any{
		"m_date": "2026-10-15", "m_hours_on": 2.5, "m_cost": 25, "m_location": testRink, "m_roh": "1/2", "m_notes": "sharp"}), "id")
	g.do("maintenance_create_other_blade", c, "POST", "/api/v4/members/maintenance", map[string]any{
		"m_date": "2026-11-20", "m_cost": 20, "blade_id": blades2})
	g.do("maintenance_create_unknown_rink_is_400", c, "POST", "/api/v4/members/maintenance", map[string]any{"m_date": "2026-11-20", "m_location": unknownID})
	g.do("maintenance_create_foreign_blade_is_400", c, "POST", "/api/v4/members/maintenance", map[string]any{"m_date": "2026-11-20", "blade_id": unknownID})
	g.do("maintenance_update", c, "PUT", "/api/v4/members/maintenance/"+m1, map[string]any{"m_date": "2026-10-16", "m_hours_on": 3, "m_cost": 30.1})
	g.do("maintenance_update_unknown_is_404", c, "PUT", "/api/v4/members/maintenance/999999", map[string]any{"m_date": "2026-10-16"})
	m3 := g.id(c.Post("/api/v4/members/maintenance", map[string]any{"m_date": "2026-01-01"}).Expect(201), "id")
	g.do("maintenance_delete", c, "DELETE", "/api/v4/members/maintenance/"+m3, nil)
	g.do("maintenance_delete_again_is_404", c, "DELETE", "/api/v4/members/maintenance/"+m3, nil)
	g.do("maintenance", c, "GET", "/api/v4/members/maintenance", nil)

	// Events.
	ev := g.id(g.do("event_create", c, "POST", "/api/v4/events", map[string]any{
		"event_label": "Skate Carolina", "event_date": "2026-10-10", "event_location": testRink, "hosting_club": testClub,
		"coach_id": testCoach, "notes": "first", "costs": []map[string]any{
			{"category": "Competition Entry", "amount": 125}, {"category": "Practice Ice", "amount": 15.25, "quantity": 2, "note": "Fri"}}}), "event_id")
	g.do("event_create_empty_label_is_400", c, "POST", "/api/v4/events", map[string]any{"event_label": " ", "event_date": "2026-10-10"})
	g.do("event_create_unknown_rink_is_400", c, "POST", "/api/v4/events", map[string]any{"event_label": "X", "event_date": "2026-10-10", "event_location": unknownID})
	entry := g.id(g.do("entry_add_ijs", c, "POST", "/api/v4/events/"+ev+"/entries", map[string]any{
		"entry_date": "2026-10-11", "event_segment": "Adult Bronze Women / Free Skate", "event_level": "Adult Bronze",
		"status": "Scored", "category": "Competition", "scoring_system": "IJS", "governing_body": "usfsa",
		"placement": 1, "field_size": 3, "total_segment_score": 29.69,
		"scores": []map[string]any{
			{"scoring_system": "IJS_element", "element_number": 1, "element_name": "2S", "base_value": 1.3, "goe": 0.13, "final_score": 1.43},
			{"scoring_system": "IJS_component", "judge_number": 0, "composition": 3.25, "presentation": 3.5, "skating_skills": 3}},
		"deductions": []map[string]any{{"deduction_type": "Falls", "value": 1}}}), "entry_id")
	g.do("entry_add_6_0", c, "POST", "/api/v4/events/"+ev+"/entries", map[string]any{"event_segment": "Free", "status": "Scored",
		"category": "Competition", "scoring_system": "6.0", "placement": 2, "field_size": 4,
		"scores": []map[string]any{{"scoring_system": "6.0", "judge_number": 1, "ordinal": 2, "technical_merit": 3.1, "presentation": 3.2}}})
	g.do("entry_add_cjs", c, "POST", "/api/v4/events/"+ev+"/entries", map[string]any{"category": "Showcase", "scoring_system": "CJS", "entry_date": "2026-10-12",
		"scores": []map[string]any{{"scoring_system": "CJS", "judge_number": 1, "artistic_appeal": 5.5, "performance": 5.25, "skating_skills": 5}}})
	g.do("entry_add_bad_status_is_400", c, "POST", "/api/v4/events/"+ev+"/entries", map[string]any{"status": "Won"})
	g.do("entry_add_unknown_event_is_404", c, "POST", "/api/v4/events/"+unknownID+"/entries", map[string]any{"event_segment": "X"})
	g.do("entry_update", c, "PUT", "/api/v4/events/"+ev+"/entries/"+entry, map[string]any{"event_segment": "Free Skate", "status": "Scored",
		"category": "Competition", "scoring_system": "IJS", "placement": 2, "field_size": 3, "video_url": "https://example.com/v"})
	g.do("entry_update_unknown_is_404", c, "PUT", "/api/v4/events/"+ev+"/entries/"+unknownID, map[string]any{"event_segment": "X"})
	g.do("import_6_0", c, "POST", "/api/v4/events/"+ev+"/entries/import", map[string]any{"url": site.URL + "/r/218c1.htm", "skater_name": "ashley young"})
	g.do("import_again_is_409", c, "POST", "/api/v4/events/"+ev+"/entries/import", map[string]any{"url": site.URL + "/r/218c1.htm", "skater_name": "ashley young"})
	g.do("import_name_not_found", c, "POST", "/api/v4/events/"+ev+"/entries/import", map[string]any{"url": site.URL + "/r/SEGM001.html", "skater_name": "Nobody Here"})
	g.do("import_ambiguous_name", c, "POST", "/api/v4/events/"+ev+"/entries/import", map[string]any{"url": site.URL + "/r/SEGM002.html", "skater_name": "a"})
	g.do("import_truncated_page", c, "POST", "/api/v4/events/"+ev+"/entries/import", map[string]any{"url": site.URL + "/r/cut.htm", "skater_name": "ashley young"})
	g.do("import_not_results", c, "POST", "/api/v4/events/"+ev+"/entries/import", map[string]any{"url": site.URL + "/r/index.asp", "skater_name": "ashley young"})
	g.do("import_upstream_500", c, "POST", "/api/v4/events/"+ev+"/entries/import", map[string]any{"url": site.URL + "/r/broken", "skater_name": "ashley young"})
	g.do("import_refused_host", c, "POST", "/api/v4/events/"+ev+"/entries/import", map[string]any{"url": "https://example.com/r/1.htm", "skater_name": "ashley young"})
	g.do("import_unknown_event_is_404", c, "POST", "/api/v4/events/"+unknownID+"/entries/import", map[string]any{"url": site.URL + "/r/218c1.htm", "skater_name": "ashley young"})
	ev2 := g.id(c.Post("/api/v4/events", map[string]any{"event_label": "Gala", "event_date": "2026-11-05"}).Expect(201), "event_id")
	g.do("events_list", c, "GET", "/api/v4/events", nil)
	g.do("events_list_category", c, "GET", "/api/v4/events?category=Showcase,%20Exhibition", nil)
	g.do("event_get", c, "GET", "/api/v4/events/"+ev, nil)
	g.do("event_get_unknown_is_404", c, "GET", "/api/v4/events/"+unknownID, nil)
	g.do("event_get_bad_id_is_400", c, "GET", "/api/v4/events/nope", nil)
	g.do("event_update", c, "PUT", "/api/v4/events/"+ev2, map[string]any{"event_label": "Winter Gala", "event_date": "2026-11-06",
		"costs": []map[string]any{{"category": "Other", "amount": 2.675}}})
	g.do("event_update_unknown_is_404", c, "PUT", "/api/v4/events/"+unknownID, map[string]any{"event_label": "X", "event_date": "2026-11-06"})
	entryGone := g.id(c.Post("/api/v4/events/"+ev2+"/entries", map[string]any{"event_segment": "Warm-up"}).Expect(201), "entry_id")
	g.do("entry_delete", c, "DELETE", "/api/v4/events/"+ev2+"/entries/"+entryGone, nil)
	g.do("entry_delete_again_is_404", c, "DELETE", "/api/v4/events/"+ev2+"/entries/"+entryGone, nil)
	ev3 := g.id(c.Post("/api/v4/events", map[string]any{"event_label": "Gone", "event_date": "2026-11-07"}).Expect(201), "event_id")
	g.do("event_delete", c, "DELETE", "/api/v4/events/"+ev3, nil)
	g.do("event_delete_again_is_404", c, "DELETE", "/api/v4/events/"+ev3, nil)

	// Music.
	track := g.id(g.do("track_upload", c, "POST", "music:upload", "Free Skate"), "id")
	g.do("track_upload_no_title_is_400", c, "POST", "music:upload-no-title", nil)
	track2 := g.id(c.Do(uploadRequest(t, s, "Short Program", map[string]any{"title": "Short Program"})).Expect(201), "id")
	g.do("tracks_list", c, "GET", "/api/v4/music/tracks", nil)
	g.do("track_stream_whole", c, "GET", "/api/v4/music/tracks/"+track+"/audio", nil)
	g.do("track_stream_range", c, "GET", "/api/v4/music/tracks/"+track+"/audio", nil, "Range", "bytes=0-99")
	g.do("track_stream_range_past_end_is_416", c, "GET", "/api/v4/music/tracks/"+track+"/audio", nil, "Range", "bytes=99999999-")
	g.do("track_stream_unknown_is_404", c, "GET", "/api/v4/music/tracks/"+unknownID+"/audio", nil)
	pl := g.id(g.do("playlist_create", c, "POST", "/api/v4/music/playlists", map[string]any{"name": "Season", "description": "2026", "playlist_type": "competition"}), "id")
	g.do("playlist_create_empty_name_is_400", c, "POST", "/api/v4/music/playlists", map[string]any{"name": ""})
	g.do("playlist_update", c, "PUT", "/api/v4/music/playlists/"+pl, map[string]any{"name": "Season 2026"})
	g.do("playlist_update_unknown_is_404", c, "PUT", "/api/v4/music/playlists/"+unknownID, map[string]any{"name": "X"})
	g.do("playlist_tracks", c, "PUT", "/api/v4/music/playlists/"+pl+"/tracks", map[string]any{"track_ids": []string{track2, track}})
	g.do("playlist_tracks_unknown_track_is_400", c, "PUT", "/api/v4/music/playlists/"+pl+"/tracks", map[string]any{"track_ids": []string{unknownID}})
	token := g.token(g.do("playlist_share", c, "POST", "/api/v4/music/playlists/"+pl+"/share", nil), "share_token")
	g.do("playlist_share_again", c, "POST", "/api/v4/music/playlists/"+pl+"/share", nil)
	g.do("playlists_list", c, "GET", "/api/v4/music/playlists", nil)
	g.do("shared_playlist", anon, "GET", "/api/v4/music/shared/"+token, nil)
	g.do("shared_playlist_unknown_is_404", anon, "GET", "/api/v4/music/shared/"+unknownID, nil)
	g.do("shared_track_stream", anon, "GET", "/api/v4/music/shared/"+token+"/tracks/"+track+"/audio", nil, "Range", "bytes=10-19")
	g.do("shared_track_range_past_end_is_416", anon, "GET", "/api/v4/music/shared/"+token+"/tracks/"+track+"/audio", nil, "Range", "bytes=99999999-")
	g.do("shared_track_not_in_playlist_is_404", anon, "GET", "/api/v4/music/shared/"+token+"/tracks/"+unknownID+"/audio", nil)

	// Card (after everything else, so it shows all of it).
	g.do("contact_preference_set", c, "PATCH", "/api/v4/members/contact_preference", map[string]any{"contact_preference": "email"})
	g.do("contact_preference_bad_is_400", c, "PATCH", "/api/v4/members/contact_preference", map[string]any{"contact_preference": "pigeon"})
	cardToken := g.token(g.do("card_share", c, "POST", "/api/v4/members/skater_card/share", nil), "share_token")
	g.do("card", c, "GET", "/api/v4/members/skater_card", nil)
	g.do("shared_card", anon, "GET", "/api/v4/members/shared_card/"+cardToken, nil)
	g.do("shared_card_unknown_is_404", anon, "GET", "/api/v4/members/shared_card/"+unknownID, nil)

	// Member reads with everything in place.
	g.do("dashboard", c, "GET", pathDash, nil)
	g.do("ice_time", c, "GET", pathIceTime, nil)
	first := g.do("ice_time_page_1", c, "GET", pathIceTime+"?limit=3&months_back=2&window=6", nil)
	var page struct {
		Next *string `json:"next_cursor"`
	}
	first.JSON(&page)
	if page.Next != nil {
		g.known(*page.Next, "<cursor-1>")
		g.do("ice_time_page_2", c, "GET", pathIceTime+"?limit=3&cursor="+*page.Next, nil)
	}
	g.do("ice_time_bad_cursor_is_400", c, "GET", pathIceTime+"?cursor=nope", nil)
	g.do("ice_time_limit_out_of_range_is_400", c, "GET", pathIceTime+"?limit=0", nil)
	g.do("equipment", c, "GET", "/api/v4/members/equipment", nil)
	g.do("overview", c, "GET", pathOverview, nil)

	// Cleanup routes last.
	g.do("playlist_unshare", c, "DELETE", "/api/v4/music/playlists/"+pl+"/share", nil)
	g.do("shared_playlist_after_unshare_is_404", anon, "GET", "/api/v4/music/shared/"+token, nil)
	g.do("playlist_delete", c, "DELETE", "/api/v4/music/playlists/"+pl, nil)
	g.do("playlist_delete_again_is_404", c, "DELETE", "/api/v4/music/playlists/"+pl, nil)
	g.do("track_delete", c, "DELETE", "/api/v4/music/tracks/"+track2, nil)
	g.do("track_delete_again_is_404", c, "DELETE", "/api/v4/music/tracks/"+track2, nil)
	g.do("card_unshare", c, "DELETE", "/api/v4/members/skater_card/share", nil)
	g.do("shared_card_after_unshare_is_404", anon, "GET", "/api/v4/members/shared_card/"+cardToken, nil)

	// Every protected route without a session, and every member route without a profile.
	for _, r := range memberRoutes(ev, entry, boots, blades, config, lastSession, m1, track, pl) {
		g.do("anonymous_"+r.name, anon, r.method, r.path, r.body)
		g.do("no_profile_"+r.name, newbie, r.method, r.path, r.body)
	}
	g.do("anonymous_onboard", anon, "POST", "/api/v4/auth/onboard", map[string]any{"first_name": "A", "last_name": "B", "timezone": "UTC"})
	g.do("anonymous_logout_all", anon, "POST", "/api/v4/auth/logout-all", nil)

	g.do("logout_all", bob, "POST", "/api/v4/auth/logout-all", nil)
	g.do("logout", c, "POST", "/api/v4/auth/logout", nil)
	g.do("after_logout_is_401", c, "GET", pathDash, nil)
	g.do("logout_anonymous", anon, "POST", "/api/v4/auth/logout", nil)

	g.compare(filepath.Join("testdata", "wire.golden"))
}

type wireRoute struct {
	name, method, path string
	body               any
}

// memberRoutes are the protected routes with valid bodies for the skater's records.
func memberRoutes(ev, entry, boots, blades, config, session, maint, track, pl string) []wireRoute {
	sess := sessionBody("2026-11-02", 30, map[string]any{"rink_id": testRink})
	return []wireRoute{
		{"change_password", "POST", "/api/v4/auth/change-password", map[string]any{"current_password": "x", "new_password": "an even longer one"}},
		{"sessions", "GET", "/api/v4/auth/sessions", nil},
		{"end_session", "DELETE", "/api/v4/auth/sessions/" + unknownID, nil},
		{"admin_invites", "GET", "/api/v4/admin/invites", nil},
		{"admin_create_invite", "POST", "/api/v4/admin/invites", map[string]any{}},
		{"admin_revoke_invite", "DELETE", "/api/v4/admin/invites/1", nil},
		{"admin_audit", "GET", "/api/v4/admin/audit", nil},
		{"dashboard", "GET", pathDash, nil},
		{"ice_time", "GET", pathIceTime, nil},
		{"session_create", "POST", pathSubmit, sess},
		{"session_update", "PUT", "/api/v4/members/ice_time/" + session, sess},
		{"session_delete", "DELETE", "/api/v4/members/ice_time/" + session, nil},
		{"equipment", "GET", "/api/v4/members/equipment", nil},
		{"boots_create", "POST", "/api/v4/members/equipment/boots", map[string]any{"bootsName": "X"}},
		{"boots_update", "PUT", "/api/v4/members/equipment/boots/" + boots, map[string]any{"bootsName": "X"}},
		{"blades_create", "POST", "/api/v4/members/equipment/blades", map[string]any{"bladesName": "X"}},
		{"blades_update", "PUT", "/api/v4/members/equipment/blades/" + blades, map[string]any{"bladesName": "X"}},
		{"config_create", "POST", "/api/v4/members/equipment/configs", map[string]any{"bootsID": boots, "bladesID": blades}},
		{"config_update", "PUT", "/api/v4/members/equipment/configs/" + config, map[string]any{"retired": false}},
		{"active_config", "PUT", "/api/v4/members/equipment/active_config", map[string]any{"sConfigID": config}},
		{"maintenance", "GET", "/api/v4/members/maintenance", nil},
		{"maintenance_create", "POST", "/api/v4/members/maintenance", map[string]any{"m_date": "2026-11-20"}},
		{"maintenance_update", "PUT", "/api/v4/members/maintenance/" + maint, map[string]any{"m_date": "2026-11-20"}},
		{"maintenance_delete", "DELETE", "/api/v4/members/maintenance/" + maint, nil},
		{"overview", "GET", pathOverview, nil},
		{"coaches", "GET", "/api/v4/lookup/coaches", nil},
		{"ice_types", "GET", "/api/v4/lookup/ice_types", nil},
		{"event_types", "GET", "/api/v4/lookup/event_types", nil},
		{"card", "GET", "/api/v4/members/skater_card", nil},
		{"card_share", "POST", "/api/v4/members/skater_card/share", nil},
		{"card_unshare", "DELETE", "/api/v4/members/skater_card/share", nil},
		{"contact_preference", "PATCH", "/api/v4/members/contact_preference", map[string]any{"contact_preference": "text"}},
		{"events", "GET", "/api/v4/events", nil},
		{"event_create", "POST", "/api/v4/events", map[string]any{"event_label": "X", "event_date": "2026-10-10"}},
		{"event_get", "GET", "/api/v4/events/" + ev, nil},
		{"event_update", "PUT", "/api/v4/events/" + ev, map[string]any{"event_label": "X", "event_date": "2026-10-10"}},
		{"event_delete", "DELETE", "/api/v4/events/" + ev, nil},
		{"entry_add", "POST", "/api/v4/events/" + ev + "/entries", map[string]any{"event_segment": "X"}},
		{"entry_import", "POST", "/api/v4/events/" + ev + "/entries/import", map[string]any{"url": "https://ijs.usfigureskating.org/x.htm", "skater_name": "X"}},
		{"entry_update", "PUT", "/api/v4/events/" + ev + "/entries/" + entry, map[string]any{"event_segment": "X"}},
		{"entry_delete", "DELETE", "/api/v4/events/" + ev + "/entries/" + entry, nil},
		{"tracks", "GET", "/api/v4/music/tracks", nil},
		{"track_upload", "POST", "music:upload", "X"},
		{"track_delete", "DELETE", "/api/v4/music/tracks/" + track, nil},
		{"track_stream", "GET", "/api/v4/music/tracks/" + track + "/audio", nil},
		{"playlists", "GET", "/api/v4/music/playlists", nil},
		{"playlist_create", "POST", "/api/v4/music/playlists", map[string]any{"name": "X"}},
		{"playlist_update", "PUT", "/api/v4/music/playlists/" + pl, map[string]any{"name": "X"}},
		{"playlist_delete", "DELETE", "/api/v4/music/playlists/" + pl, nil},
		{"playlist_tracks", "PUT", "/api/v4/music/playlists/" + pl + "/tracks", map[string]any{"track_ids": []string{}}},
		{"playlist_share", "POST", "/api/v4/music/playlists/" + pl + "/share", nil},
		{"playlist_unshare", "DELETE", "/api/v4/music/playlists/" + pl + "/share", nil},
	}
}

// uploadRequest is a music upload of a small WAV file with the given metadata (nil: none).
func uploadRequest(t *testing.T, s *apitest.Server, title string, meta map[string]any) *http.Request {
	t.Helper()
	parts := []part{audioPart(wav(16044))}
	if meta != nil {
		parts = append(parts, metaPart(meta))
	}
	ct, body := multipartBody(t, parts...)
	req, err := http.NewRequest(http.MethodPost, s.URL+tracksPath, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ct)
	return req
}

// golden records normalised exchanges.
type golden struct {
	t     *testing.T
	s     *apitest.Server
	out   strings.Builder
	names map[string]string // volatile value -> placeholder
	uuids map[string]string // random uuid -> <uuid-N>, numbered by first appearance
	fixed map[string]bool   // uuids that are the same in every database (migrations, test constants)
	start time.Time
}

var (
	uuidRE    = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)
	tokenRE   = regexp.MustCompile(`"token":"[A-Za-z0-9_-]{40,}"`)
	etagRE    = regexp.MustCompile(`^"[0-9a-f]+-`)
	instantRE = regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})`)
)

func newGolden(t *testing.T, s *apitest.Server) *golden {
	g := &golden{t: t, s: s, names: map[string]string{}, uuids: map[string]string{}, fixed: map[string]bool{}, start: time.Now()}
	files, err := filepath.Glob(filepath.Join("..", "..", "sql", "migrations", "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("migrations: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range uuidRE.FindAllString(string(b), -1) {
			g.fixed[strings.ToLower(u)] = true
		}
	}
	for _, u := range []string{testRink, testClub, testCoach, unknownID} {
		g.fixed[u] = true
	}
	return g
}

// known registers a volatile value (a token, a skater id) under a placeholder.
func (g *golden) known(value, placeholder string) {
	if value != "" {
		g.names[value] = placeholder
	}
}

// normalise replaces every volatile value in text.
func (g *golden) normalise(text string) string {
	// A new invite's token is shown once, in the answer that creates it.
	text = tokenRE.ReplaceAllString(text, `"token":"<token>"`)
	for v, p := range g.names {
		text = strings.ReplaceAll(text, v, p)
	}
	text = uuidRE.ReplaceAllStringFunc(text, func(u string) string {
		u = strings.ToLower(u)
		if g.fixed[u] {
			return u
		}
		if p, ok := g.uuids[u]; ok {
			return p
		}
		p := fmt.Sprintf("<uuid-%d>", len(g.uuids)+1)
		g.uuids[u] = p
		return p
	})
	// Instants the database or the wall clock stamped (creation times, expiries, last use):
	// anything from shortly before the test started on. Instants derived from the pinned
	// day and the seeded dates stay as they are.
	return instantRE.ReplaceAllStringFunc(text, func(s string) string {
		ts, err := time.Parse(time.RFC3339Nano, s)
		if err != nil || ts.Before(g.start.Add(-time.Hour)) {
			return s
		}
		return "<instant>"
	})
}

// do sends one request, records it and returns the response. path "music:upload" is a music
// upload with body as the title; "music:upload-no-title" one with metadata lacking a title.
// headers are extra request header name, value pairs.
func (g *golden) do(name string, c *apitest.Client, method, path string, body any, headers ...string) *apitest.Response {
	g.t.Helper()
	var res *apitest.Response
	switch path {
	case "music:upload":
		title, _ := body.(string)
		res = c.Do(uploadRequest(g.t, g.s, title, map[string]any{"title": title, "artist": "Composer"}))
		path, body = tracksPath, "<multipart upload>"
	case "music:upload-no-title":
		res = c.Do(uploadRequest(g.t, g.s, "", map[string]any{"artist": "Composer"}))
		path, body = tracksPath, "<multipart upload without title>"
	default:
		if len(headers) == 0 {
			res = c.Request(method, path, body)
		} else {
			var raw []byte
			if body != nil {
				raw, _ = json.Marshal(body)
			}
			req, err := http.NewRequest(method, g.s.URL+path, bytes.NewReader(raw))
			if err != nil {
				g.t.Fatal(err)
			}
			for i := 0; i+1 < len(headers); i += 2 {
				req.Header.Set(headers[i], headers[i+1])
			}
			res = c.Do(req)
		}
	}
	fmt.Fprintf(&g.out, "### %s\n%s %s\n", name, method, g.normalise(path))
	if body != nil {
		raw, ok := body.(string)
		if !ok {
			b, _ := json.Marshal(body)
			raw = string(b)
		}
		fmt.Fprintf(&g.out, "> %s\n", g.normalise(raw))
	}
	for i := 0; i+1 < len(headers); i += 2 {
		fmt.Fprintf(&g.out, "> %s: %s\n", headers[i], headers[i+1])
	}
	fmt.Fprintf(&g.out, "< %d\n", res.Status)
	for _, h := range []string{"Content-Type", "Content-Length", "Content-Range", "Accept-Ranges", "Cache-Control",
		"Etag", "Retry-After", "X-Content-Type-Options", "Allow"} {
		if v := res.Header.Get(h); v != "" {
			if h == "Content-Length" && strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
				continue // follows the body, which is compared itself
			}
			if h == "Etag" {
				// A digest of the stored object's key, which is random; its size part stays.
				v = etagRE.ReplaceAllString(v, `"<etag>-`)
			}
			fmt.Fprintf(&g.out, "< %s: %s\n", h, g.normalise(v))
		}
	}
	switch ct := res.Header.Get("Content-Type"); {
	case strings.HasPrefix(ct, "application/json"):
		fmt.Fprintf(&g.out, "%s\n\n", g.normalise(string(res.Body)))
	default:
		fmt.Fprintf(&g.out, "<%d bytes>\n\n", len(res.Body))
	}
	return res
}

// document records a served document by its status and content type only.
func (g *golden) document(name string, c *apitest.Client, path string) {
	g.t.Helper()
	res := c.Get(path)
	if len(res.Body) == 0 {
		g.t.Errorf("%s: empty body", path)
	}
	fmt.Fprintf(&g.out, "### %s\nGET %s\n< %d\n< Content-Type: %s\n<document>\n\n", name, path, res.Status, res.Header.Get("Content-Type"))
}

// id reads a string or number field of a JSON answer.
func (g *golden) id(res *apitest.Response, field string) string {
	g.t.Helper()
	v, ok := res.Map()[field]
	if !ok {
		g.t.Fatalf("no %s in %s", field, res.Body)
	}
	if f, ok := v.(float64); ok {
		return fmt.Sprint(int64(f))
	}
	return fmt.Sprint(v)
}

// token reads a share token (a uuid, numbered like every other).
func (g *golden) token(res *apitest.Response, field string) string { return g.id(res, field) }

// newWireServer is the events test server with its clock pinned to wireDay.
func newWireServer(t *testing.T) *apitest.Server {
	t.Helper()
	s := apitest.New(t, apitest.Options{
		Env: map[string]string{"RESULTS_ALLOWED_HOSTS": "127.0.0.1", "RESULTS_ALLOW_LOOPBACK": "true"},
		Now: func() time.Time { return wireDay },
	})
	for _, q := range []string{
		`INSERT INTO locations (rink_id, rink_name, rink_city, rink_state, rink_zip) VALUES ('` + testRink + `', 'Polar Ice House Cary', 'Cary', 'NC', '27513')`,
		`INSERT INTO club_directory (club_id, club_name) VALUES ('` + testClub + `', 'Carolinas FSC')`,
		`INSERT INTO coaches (coach_id, "coach_Fname", "coach_Lname", coach_rate) VALUES ('` + testCoach + `', 'Pat', 'Coach', 60)`,
	} {
		if _, err := s.Pool.Exec(context.Background(), q); err != nil {
			t.Fatalf("seed: %v", err)
		}
	}
	return s
}

func (g *golden) compare(path string) {
	g.t.Helper()
	got := g.out.String()
	if *updateGolden {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			g.t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			g.t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		g.t.Fatalf("read %s (run with -update to create it): %v", path, err)
	}
	if got == string(want) {
		return
	}
	gotBlocks, wantBlocks := strings.Split(got, "\n### "), strings.Split(string(want), "\n### ")
	shown := 0
	for i := 0; i < max(len(gotBlocks), len(wantBlocks)) && shown < 5; i++ {
		var a, b string
		if i < len(gotBlocks) {
			a = gotBlocks[i]
		}
		if i < len(wantBlocks) {
			b = wantBlocks[i]
		}
		if a != b {
			g.t.Errorf("wire changed:\n--- want\n%s\n+++ got\n%s", b, a)
			shown++
		}
	}
	g.t.Errorf("the wire differs from %s in %d of %d exchanges", path, shown, len(wantBlocks))
}
