package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// Lookup ids every installation has (migration 00002).
const (
	typeWalkOn   = "dc812842-a9a9-4902-b680-361420baffe5"
	typeGroup    = "db32094e-9b0d-42a5-b87f-cd47729b6c65"
	typeOffIce   = "a2250306-a238-4ff3-b772-ae86cbda0d7c"
	typeClubIce  = "e48d17a7-d092-4320-8e5b-6670d57b104b"
	rinkCary     = "48ca4fc1-6e40-4102-8ca7-85b85846db23"
	rinkVegas    = "92b3dcf8-3018-4d61-9cf7-f683846eb517"
	rinkOffIce   = "b261166b-9e7c-4a96-ab06-ec630deb3321"
	coachNone    = "487d43b5-0a4d-4dc4-8cc2-ab06870a10bf"
	unknownID    = "00000000-0000-4000-8000-000000000000"
	pathSubmit   = "/api/v4/submit/add_icetime"
	pathDash     = "/api/v4/members/dashboard"
	pathIceTime  = "/api/v4/members/ice_time"
	pathEquip    = "/api/v4/members/equipment"
	pathMaint    = "/api/v4/members/maintenance"
	pathOverview = "/api/v4/members/skater_overview"
)

// kit is one logged-in, onboarded skater with a boot+blade configuration.
type kit struct {
	t      testing.TB
	s      *apitest.Server
	c      *apitest.Client
	acc    apitest.Account
	boots  string
	blades string
	config string
}

// newKit registers a skater in zone tz and gives them active skates.
func newKit(t testing.TB, s *apitest.Server, login, tz string) *kit {
	t.Helper()
	c, acc := s.For(t).Skater(login, tz) // failures are reported to t, the (sub)test using the kit
	return equipKit(t, s, c, acc)
}

// equipKit gives the skater the client acts for (acc.Skater) active skates.
func equipKit(t testing.TB, s *apitest.Server, c *apitest.Client, acc apitest.Account) *kit {
	t.Helper()
	k := &kit{t: t, s: s, c: c, acc: acc}
	k.boots = asString(c.Post(pathEquip+"/boots", map[string]any{"bootsName": "Jackson", "bootsModel": "Freestyle", "bootsPurchaseAmount": 250.5}).Expect(201).Map()["bootsID"])
	k.blades = asString(c.Post(pathEquip+"/blades", map[string]any{"bladesName": "John Wilson", "bladesModel": "Coronation Ace", "bladesPurchaseAmount": 350}).Expect(201).Map()["bladesID"])
	k.config = asString(c.Post(pathEquip+"/configs", map[string]any{"bootsID": k.boots, "bladesID": k.blades}).Expect(201).Map()["sConfigID"])
	return k
}

// For returns the kit reporting its failures, and its client's, to t (a subtest).
func (k *kit) For(t testing.TB) *kit {
	cp := *k
	cp.t = t
	cp.c = k.c.For(t)
	cp.s = k.s.For(t)
	return &cp
}

// sessionBody is a valid add_icetime body; extra overrides fields (nil deletes one).
func sessionBody(date string, minutes int, extra map[string]any) map[string]any {
	b := map[string]any{
		"date": date, "ice_time": minutes, "ice_cost": 12, "coach_time": 0, "coach_cost": 0,
		"skate_type": typeWalkOn, "rink_id": rinkCary, "coach_id": coachNone,
	}
	for k, v := range extra {
		if v == nil {
			delete(b, k)
		} else {
			b[k] = v
		}
	}
	return b
}

// add logs a session and returns its id.
func (k *kit) add(date string, minutes int, extra map[string]any) int {
	k.t.Helper()
	return int(k.c.Post(pathSubmit, sessionBody(date, minutes, extra)).Expect(201).Map()["ice_time_id"].(float64))
}

func (k *kit) exec(sql string, args ...any) {
	k.t.Helper()
	if _, err := k.s.Pool.Exec(context.Background(), sql, args...); err != nil {
		k.t.Fatalf("%s: %v", sql, err)
	}
}

func asString(v any) string {
	s, _ := v.(string)
	return s
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func arr(v any) []any {
	a, _ := v.([]any)
	return a
}

// hmMinutes reads an {hours, minutes} object back as minutes.
func hmMinutes(v any) float64 {
	m := obj(v)
	return m["hours"].(float64)*60 + m["minutes"].(float64)
}

// testNow is the instant the clock of the members and card tests stands still at, so
// no result depends on the day CI runs: mid-afternoon UTC in the middle of a
// month, away from a DST change (month ends, leap days and DST days are
// pinned on purpose in members_clock_test.go).
func testNow() time.Time { return time.Date(2026, time.June, 17, 15, 0, 0, 0, time.UTC) }

// pinnedNowServer is a test server whose clock stands still at testNow.
func pinnedNowServer(t *testing.T) *apitest.Server {
	t.Helper()
	return pinnedServer(t, testNow())
}

// localToday is testNow's calendar day in zone tz (as midnight UTC), the
// "today" of a pinnedNowServer for a skater in tz.
func localToday(t testing.TB, tz string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(tz)
	if err != nil {
		t.Fatal(err)
	}
	y, m, d := testNow().In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func day(t time.Time) string { return t.Format("2006-01-02") }

// errorField returns the first details[].field of an error body.
func errorField(r *apitest.Response) string {
	d := arr(r.Map()["details"])
	if len(d) == 0 {
		return ""
	}
	return asString(obj(d[0])["field"])
}

func expectStatus(t *testing.T, r *apitest.Response, want int, ctx string) {
	t.Helper()
	if r.Status != want {
		t.Errorf("%s: status %d, want %d; body %s", ctx, r.Status, want, r.Body)
	}
}

var _ = fmt.Sprintf
var _ = http.MethodGet

// list decodes a JSON array body.
func list(r *apitest.Response) []any {
	var v []any
	r.JSON(&v)
	return v
}
