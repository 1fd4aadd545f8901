package family_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	apispec "github.com/skatetrax/skatetrax-api/api"
	"github.com/skatetrax/skatetrax-api/internal/acting"
	"github.com/skatetrax/skatetrax-api/internal/apitest"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

const (
	pathActive   = "/api/v4/auth/active_skater"
	pathSession  = "/api/v4/auth/session"
	pathFamily   = "/api/v4/family/skaters"
	pathCoaches  = "/api/v4/members/coach_access"
	pathIceTime  = "/api/v4/members/ice_time"
	pathSubmit   = "/api/v4/submit/add_icetime"
	pathEquip    = "/api/v4/members/equipment"
	pathEvents   = "/api/v4/events"
	pathLists    = "/api/v4/music/playlists"
	pathCard     = "/api/v4/members/skater_card"
	pathContact  = "/api/v4/members/contact_preference"
	pathAccept   = "/api/v4/family/guardian_invites/accept"
	typeWalkOn   = "dc812842-a9a9-4902-b680-361420baffe5"
	rinkCary     = "48ca4fc1-6e40-4102-8ca7-85b85846db23"
	coachNone    = "487d43b5-0a4d-4dc4-8cc2-ab06870a10bf"
	unknownID    = "00000000-0000-4000-8000-000000000000"
	childBirth   = "2015-04-02"
	readOnlyText = "read-only access to this skater"
)

// household is a guardian with a profile of their own and two children.
type household struct {
	s        *apitest.Server
	guardian apitest.Account
	c        *apitest.Client
	self     string // the guardian's own skater id
	kids     [2]string
}

// newFamily registers a guardian (with a profile named "Gwen") and creates
// two children, "Ava" and "Ben".
func newFamily(t *testing.T, s *apitest.Server, login string) *household {
	t.Helper()
	acc := s.Register(login, "guardian")
	c := s.Login(acc)
	c.Post("/api/v4/auth/onboard", map[string]any{"first_name": "Gwen", "last_name": "Parent", "timezone": "America/New_York"}).Expect(200)
	f := &household{s: s, guardian: acc, c: c, self: acc.Skater}
	for i, name := range []string{"Ava", "Ben"} {
		f.kids[i] = createChild(t, c, name)
	}
	return f
}

func createChild(t *testing.T, c *apitest.Client, first string) string {
	t.Helper()
	r := c.Post(pathFamily, map[string]any{"first_name": first, "last_name": "Parent", "date_of_birth": childBirth,
		"timezone": "America/New_York", "city": "Cary", "state": "NC"}).Expect(http.StatusCreated).Map()
	return r["uSkaterUUID"].(string)
}

// switchTo makes the client's session act for skater and expects want.
func switchTo(t *testing.T, c *apitest.Client, skater string, want int) map[string]any {
	t.Helper()
	return c.Request(http.MethodPut, pathActive, map[string]any{"uSkaterUUID": skater}).Expect(want).Map()
}

// seed writes one recognisable record of every kind for the skater the
// client acts for; tag names them and minutes is the session's length.
func seed(t *testing.T, c *apitest.Client, tag string, minutes int) {
	t.Helper()
	c.Post(pathSubmit, map[string]any{
		"date": "2026-01-10", "ice_time": minutes, "ice_cost": 12, "coach_time": 0, "coach_cost": 0,
		"skate_type": typeWalkOn, "rink_id": rinkCary, "coach_id": coachNone,
	}).Expect(http.StatusCreated)
	c.Post(pathEquip+"/boots", map[string]any{"bootsName": "Boots-" + tag, "bootsModel": "Freestyle", "bootsPurchaseAmount": 250}).Expect(http.StatusCreated)
	c.Post(pathEvents, map[string]any{"event_label": "Event-" + tag, "event_date": "2026-01-15"}).Expect(http.StatusCreated)
	c.Post(pathLists, map[string]any{"name": "List-" + tag, "playlist_type": "competition"}).Expect(http.StatusCreated)
}

// iceMinutes returns the ice_time of every session the client's skater has.
func iceMinutes(t *testing.T, c *apitest.Client) []int {
	t.Helper()
	var body struct {
		Sessions []struct {
			IceTime int `json:"ice_time"`
		} `json:"session_table"`
	}
	c.Get(pathIceTime).Expect(200).JSON(&body)
	out := []int{}
	for _, s := range body.Sessions {
		out = append(out, s.IceTime)
	}
	sort.Ints(out)
	return out
}

// memberReads lists, from the contract, every GET operation of the member
// tags without path or required query parameters: "every member route".
func memberReads(t *testing.T) []string {
	t.Helper()
	spec, err := openapi3.NewLoader().LoadFromData(apispec.YAML)
	if err != nil {
		t.Fatalf("load spec: %v", err)
	}
	tags := map[string]bool{}
	for _, tg := range acting.MemberTags {
		tags[tg] = true
	}
	var out []string
	for path, item := range spec.Paths.Map() {
		op := item.Get
		if op == nil || strings.Contains(path, "{") || (op.Security != nil && len(*op.Security) == 0) {
			continue
		}
		member := false
		for _, tg := range op.Tags {
			member = member || tags[tg]
		}
		required := false
		for _, p := range append(item.Parameters, op.Parameters...) {
			required = required || p.Value.Required
		}
		// The export is the signed-in account's own document (its login,
		// e-mail and own profile), not a read of the skater acted for.
		if op.OperationID == "exportMyData" {
			continue
		}
		if member && !required {
			out = append(out, path)
		}
	}
	sort.Strings(out)
	return out
}

// writeOp is a write operation of the member tags with a body built from
// the contract's example.
type writeOp struct {
	name, method, path string
	body               any
	contentType        string
}

// memberWrites lists every non-GET operation of the member tags, with path
// parameters filled with ids that exist nowhere and the request example as
// the body.
func memberWrites(t *testing.T) []writeOp {
	t.Helper()
	spec, err := openapi3.NewLoader().LoadFromData(apispec.YAML)
	if err != nil {
		t.Fatalf("load spec: %v", err)
	}
	tags := map[string]bool{}
	for _, tg := range acting.MemberTags {
		tags[tg] = true
	}
	var out []writeOp
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			if method == http.MethodGet || method == http.MethodHead {
				continue
			}
			member := false
			for _, tg := range op.Tags {
				member = member || tags[tg]
			}
			if !member {
				continue
			}
			w := writeOp{name: op.OperationID, method: method, path: fillPath(path, append(item.Parameters, op.Parameters...))}
			if op.RequestBody != nil {
				for ct, mt := range op.RequestBody.Value.Content {
					switch {
					case ct == "application/json" && mt.Example != nil:
						w.body, w.contentType = mt.Example, ct
					case ct == "application/json":
						for _, ex := range mt.Examples {
							w.body, w.contentType = ex.Value.Value, ct
							break
						}
					default:
						w.contentType = ct
					}
				}
			}
			out = append(out, w)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func fillPath(path string, params openapi3.Parameters) string {
	for _, p := range params {
		if p.Value.In != "path" {
			continue
		}
		v := unknownID
		if s := p.Value.Schema.Value; s != nil && s.Type.Is("integer") {
			v = "987654"
		}
		path = strings.ReplaceAll(path, "{"+p.Value.Name+"}", v)
	}
	return path
}

func must(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func count(t *testing.T, s *apitest.Server, query string, args ...any) int {
	t.Helper()
	var n int
	must(t, s.Pool.QueryRow(context.Background(), query, args...).Scan(&n), fmt.Sprintf("count %q", query))
	return n
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	must(t, err, "marshal")
	return b
}

func fmtInt(n int64) string { return fmt.Sprint(n) }

// actingOf reads whom a GET /auth/session body says the session acts for:
// active_skater and acting_as, or, without them, the user's own skater.
func actingOf(t *testing.T, st map[string]any) (skater, relation string) {
	t.Helper()
	a, okA := st["active_skater"].(string)
	r, okR := st["acting_as"].(string)
	if okA != okR {
		t.Fatalf("active_skater and acting_as must come together: %v", st)
	}
	if !okA {
		return st["uSkaterUUID"].(string), "self"
	}
	if r == "self" || a == st["uSkaterUUID"] {
		t.Fatalf("acting keys for the own skater: %v", st)
	}
	return a, r
}
