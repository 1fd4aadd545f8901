package apitest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	apispec "github.com/skatetrax/skatetrax-api/api"
	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// The demo account every example and guide uses.
const (
	demoLogin    = "jane"
	demoPassword = "correct horse battery staple"
)

var uuidText = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// exampleRun executes the spec's own examples against the real server.
type exampleRun struct {
	t    *testing.T
	s    *apitest.Server
	c    *apitest.Client
	doc  *openapi3.T
	ops  map[string]opRef
	subs map[string]string // example value -> the real value it stands for
	done map[string]bool   // operationIds whose examples ran
}

type opRef struct {
	method, path string
	op           *openapi3.Operation
	params       openapi3.Parameters // the path item's and the operation's
}

func loadDoc(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(apispec.YAML)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// Every example in the spec matches its schema (kin-openapi validates media
// type, parameter and schema examples).
func TestSpecExamplesMatchTheirSchemas(t *testing.T) {
	t.Parallel()
	if err := loadDoc(t).Validate(context.Background(), openapi3.EnableExamplesValidation()); err != nil {
		t.Fatal(err)
	}
}

// Every request example is sent to the real server with the demo account and
// answers its documented success status; every success response example has
// the shape the server really returns (the same keys, the same JSON kinds).
// Ids in the examples stand for the records the earlier steps created.
func TestSpecExamplesWorkAgainstTheServer(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	r := &exampleRun{t: t, s: s, c: s.Client(), doc: loadDoc(t), ops: map[string]opRef{}, subs: map[string]string{}, done: map[string]bool{}}
	for path, item := range r.doc.Paths.Map() {
		for method, op := range item.Operations() {
			r.ops[op.OperationID] = opRef{method: method, path: path, op: op, params: append(append(openapi3.Parameters{}, item.Parameters...), op.Parameters...)}
		}
	}
	regEx := r.requestExample("register", "")
	r.subs[regEx.(map[string]any)["invite_token"].(string)] = s.Invite(1)

	steps := []struct{ op, example string }{
		{"register", ""}, {"login", ""}, {"completeOnboarding", ""}, {"getLoginSession", ""},
		{"createBoots", ""}, {"createBlades", ""}, {"createSkateConfig", ""}, {"listEquipment", ""},
		{"updateBoots", ""}, {"updateBlades", ""}, {"updateSkateConfig", ""}, {"setActiveSkateConfig", ""},
		{"createIceSession", ""}, {"updateIceSession", ""}, {"getDashboard", ""}, {"listIceSessions", ""},
		{"createMaintenance", ""}, {"updateMaintenance", ""}, {"listMaintenance", ""}, {"getSkaterOverview", ""},
		{"createPrivateCoach", ""}, {"createPrivateRink", ""}, {"listCoaches", ""}, {"listIceTypes", ""}, {"listRinks", ""}, {"listClubs", ""}, {"listEventTypes", ""},
		{"setContactPreference", "clear"}, {"setContactPreference", "set"},
		{"shareSkaterCard", ""}, {"getSkaterCard", ""}, {"getSharedSkaterCard", ""},
		{"createEvent", ""}, {"updateEvent", ""}, {"createEventEntry", "frontend"}, {"createEventEntry", "scored"},
		{"updateEventEntry", ""}, {"getEvent", ""}, {"listEvents", ""},
		{"uploadTrack", ""}, {"listTracks", ""}, {"createPlaylist", ""}, {"updatePlaylist", ""},
		{"setPlaylistTracks", ""}, {"sharePlaylist", ""}, {"listPlaylists", ""}, {"getSharedPlaylist", ""},
		{"getHealth", ""}, {"getVersion", ""}, {"getLiveness", ""}, {"getReadiness", ""},
		{"deleteEventEntry", ""}, {"deleteEvent", ""}, {"deleteIceSession", ""}, {"deleteMaintenance", ""},
		{"revokePlaylistShare", ""}, {"deletePlaylist", ""}, {"deleteTrack", ""}, {"revokeSkaterCardShare", ""},
		{"changePassword", ""}, {"logoutAllSessions", ""}, {"logout", ""},
	}
	for _, st := range steps {
		r.run(st.op, st.example)
	}
	r.adminAndErasureSteps() // examples_admin_test.go
	r.family()               // examples_family_test.go

	// Every operation with an example is exercised above: none is excused.
	for id, ref := range r.ops {
		if r.done[id] {
			continue
		}
		if hasRequestExample(ref.op) || hasSuccessExample(ref.op) {
			t.Errorf("%s has examples that no step exercises: add it to the steps", id)
		}
	}
}

// requestExample is the operation's JSON request example (name "" for the
// single `example`).
func (r *exampleRun) requestExample(opID, name string) any {
	ref := r.ops[opID]
	if ref.op == nil || ref.op.RequestBody == nil || ref.op.RequestBody.Value == nil {
		return nil
	}
	mt := ref.op.RequestBody.Value.Content.Get("application/json")
	if mt == nil {
		return nil
	}
	if name == "" {
		return mt.Example
	}
	if ex := mt.Examples[name]; ex != nil && ex.Value != nil {
		return ex.Value.Value
	}
	r.t.Fatalf("%s has no request example %q", opID, name)
	return nil
}

func hasRequestExample(op *openapi3.Operation) bool {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return false
	}
	for _, mt := range op.RequestBody.Value.Content {
		if mt.Example != nil || len(mt.Examples) > 0 {
			return true
		}
	}
	return false
}

func hasSuccessExample(op *openapi3.Operation) bool {
	_, ex := successExample(op)
	return ex != nil
}

// successExample is the first documented 2xx status and its JSON example
// (the media type's, else its schema's).
func successExample(op *openapi3.Operation) (int, any) {
	codes := []int{}
	for code := range op.Responses.Map() {
		var n int
		if _, err := fmt.Sscanf(code, "%d", &n); err == nil && n >= 200 && n < 300 {
			codes = append(codes, n)
		}
	}
	sort.Ints(codes)
	for _, n := range codes {
		resp := op.Responses.Status(n)
		if resp == nil || resp.Value == nil {
			continue
		}
		mt := resp.Value.Content.Get("application/json")
		if mt == nil {
			return n, nil
		}
		if mt.Example != nil {
			return n, mt.Example
		}
		if mt.Schema != nil && mt.Schema.Value != nil && mt.Schema.Value.Example != nil {
			return n, mt.Schema.Value.Example
		}
		return n, nil
	}
	return 0, nil
}

// substitute replaces example values that stand for real records.
func (r *exampleRun) substitute(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = r.substitute(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = r.substitute(e)
		}
		return out
	case string:
		if real, ok := r.subs[x]; ok {
			return real
		}
	}
	return v
}

// learn records which real values the example's ids stand for, walking the
// example and the real answer side by side.
func (r *exampleRun) learn(example, real any) {
	switch ex := example.(type) {
	case map[string]any:
		rm, _ := real.(map[string]any)
		for k, e := range ex {
			r.learn(e, rm[k])
		}
	case []any:
		ra, _ := real.([]any)
		for i, e := range ex {
			if i < len(ra) {
				r.learn(e, ra[i])
			}
		}
	case string:
		if rs, ok := real.(string); ok && uuidText.MatchString(ex) && uuidText.MatchString(rs) {
			if _, known := r.subs[ex]; !known {
				r.subs[ex] = rs
			}
		}
	case float64:
		if rf, ok := real.(float64); ok {
			key := fmt.Sprint(ex)
			if _, known := r.subs[key]; !known {
				r.subs[key] = fmt.Sprint(rf)
			}
		}
	}
}

// shape compares an example with the real answer: objects have the same
// keys, values the same JSON kind (null matches anything), arrays compare
// their first items.
func shape(path string, example, real any) []string {
	if example == nil || real == nil {
		return nil
	}
	switch ex := example.(type) {
	case map[string]any:
		rm, ok := real.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: example is an object, the server sent %T", path, real)}
		}
		var out []string
		for k := range ex {
			if _, ok := rm[k]; !ok {
				out = append(out, fmt.Sprintf("%s.%s: in the example, not in the answer", path, k))
			}
		}
		for k := range rm {
			if _, ok := ex[k]; !ok {
				out = append(out, fmt.Sprintf("%s.%s: in the answer, missing from the example", path, k))
			}
		}
		for k, e := range ex {
			out = append(out, shape(path+"."+k, e, rm[k])...)
		}
		return out
	case []any:
		ra, ok := real.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: example is an array, the server sent %T", path, real)}
		}
		if len(ex) > 0 && len(ra) > 0 {
			return shape(path+"[0]", ex[0], ra[0])
		}
		return nil
	default:
		if fmt.Sprintf("%T", jsonKind(example)) != fmt.Sprintf("%T", jsonKind(real)) {
			return []string{fmt.Sprintf("%s: example %v is a %T, the server sent %T", path, example, jsonKind(example), jsonKind(real))}
		}
		return nil
	}
}

func jsonKind(v any) any {
	switch v.(type) {
	case float64, int, int64, json.Number:
		return float64(0)
	}
	return v
}

// pathFor fills the operation's path parameters from their examples, each
// replaced by the real record it stands for.
func (r *exampleRun) pathFor(ref opRef) string {
	path := ref.path
	query := url.Values{}
	for _, p := range ref.params {
		if p.Value == nil || p.Value.Example == nil {
			continue
		}
		v := fmt.Sprint(r.substitute(p.Value.Example))
		if real, ok := r.subs[v]; ok { // a numeric id
			v = real
		}
		switch p.Value.In {
		case "path":
			path = strings.ReplaceAll(path, "{"+p.Value.Name+"}", url.PathEscape(v))
		case "query":
			if p.Value.Required {
				query.Set(p.Value.Name, v)
			}
		}
	}
	if len(query) > 0 {
		path += "?" + query.Encode()
	}
	return path
}

func (r *exampleRun) run(opID, exampleName string) {
	r.t.Helper()
	ref, ok := r.ops[opID]
	if !ok {
		r.t.Fatalf("no operation %s", opID)
	}
	r.done[opID] = true
	name := opID
	if exampleName != "" {
		name += "/" + exampleName
	}
	want, respExample := successExample(ref.op)
	path := r.pathFor(ref)
	var res *apitest.Response
	if opID == "uploadTrack" {
		res = r.upload(path)
	} else {
		var body any
		if ex := r.requestExample(opID, exampleName); ex != nil {
			body = r.substitute(ex)
		}
		res = r.c.Request(strings.ToUpper(ref.method), path, body)
	}
	if res.Status != want {
		r.t.Errorf("%s: %s %s answered %d, the spec documents %d: %s", name, strings.ToUpper(ref.method), path, res.Status, want, res.Body)
		return
	}
	if respExample == nil || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		return
	}
	var real any
	if err := json.Unmarshal(res.Body, &real); err != nil {
		r.t.Errorf("%s: %v", name, err)
		return
	}
	r.learn(respExample, real)
	for _, problem := range shape(opID, respExample, real) {
		r.t.Errorf("%s: response example: %s", name, problem)
	}
}

// upload sends the documented multipart upload (an audio part and the
// metadata part as JSON) with the TrackMetadata schema's example.
func (r *exampleRun) upload(path string) *apitest.Response {
	audio, err := os.ReadFile(filepath.Join("..", "audio", "testdata", "tone.wav"))
	if err != nil {
		r.t.Fatal(err)
	}
	meta := r.doc.Components.Schemas["TrackMetadata"].Value.Example
	metaJSON, err := json.Marshal(meta)
	if err != nil {
		r.t.Fatal(err)
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, _ := w.CreateFormFile("audio", "tone.wav")
	part.Write(audio)
	w.WriteField("metadata", string(metaJSON))
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, r.s.URL+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return r.c.Do(req)
}

// Swagger UI's "Try it out" fills every parameter with its example: each
// GET without a path parameter must then answer 2xx on the first click (for
// the logged-in demo account).
func TestTryItOutWorksForEveryGETWithoutAnID(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	c, acc := s.Skater(demoLogin, "America/New_York")
	// The demo account is an administrator here, so the admin lists answer too.
	if _, err := s.Pool.Exec(t.Context(), `INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM role WHERE name = 'admin'`, acc.UserID); err != nil {
		t.Fatal(err)
	}
	// Needs a real invite token, which no example can carry.
	skip := map[string]bool{"validateInviteToken": true}
	doc := loadDoc(t)
	for path, item := range doc.Paths.Map() {
		op := item.Get
		if op == nil || strings.Contains(path, "{") || skip[op.OperationID] {
			continue
		}
		t.Run(op.OperationID+"_answers_2xx", func(t *testing.T) {
			q := url.Values{}
			for _, p := range op.Parameters {
				if p.Value != nil && p.Value.In == "query" && p.Value.Example != nil {
					q.Set(p.Value.Name, fmt.Sprint(p.Value.Example))
				}
			}
			target := path
			if len(q) > 0 {
				target += "?" + q.Encode()
			}
			if res := c.Get(target); res.Status < 200 || res.Status > 299 {
				t.Errorf("GET %s: %d %s", target, res.Status, res.Body)
			}
		})
	}
}
