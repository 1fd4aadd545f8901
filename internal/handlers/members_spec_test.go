package handlers_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	apispec "github.com/skatetrax/skatetrax-api/api"
)

// TestMembersContract checks the members area of api/openapi.yaml: every operation is tagged,
// named, described, answers 401 and a default error, and every example matches its schema.
func TestMembersContract(t *testing.T) {
	t.Parallel()
	doc, err := openapi3.NewLoader().LoadFromData(apispec.YAML)
	if err != nil {
		t.Fatal(err)
	}
	checkExample := func(where string, sch *openapi3.SchemaRef, ex any) {
		t.Helper()
		if ex == nil || sch == nil || sch.Value == nil {
			return
		}
		if err := sch.Value.VisitJSON(ex, openapi3.MultiErrors()); err != nil {
			t.Errorf("%s: example does not match its schema: %v", where, err)
		}
	}
	ops := 0
	for path, item := range doc.Paths.Map() {
		if !strings.HasPrefix(path, "/api/v4/members/") && !strings.HasPrefix(path, "/api/v4/lookup/") && path != "/api/v4/submit/add_icetime" {
			continue
		}
		if strings.Contains(path, "skater_card") || strings.Contains(path, "shared_card") || strings.Contains(path, "contact_preference") ||
			path == "/api/v4/lookup/event_types" {
			continue // the card's and the events' routes
		}
		for method, op := range item.Operations() {
			ops++
			where := method + " " + path
			if op.OperationID == "" || op.Summary == "" || len(op.Description) < 40 || len(op.Tags) != 1 || op.Tags[0] != "members" {
				t.Errorf("%s: needs an operationId, a summary, a description and the members tag", where)
			}
			for _, code := range []string{"401", "default"} {
				if op.Responses.Value(code) == nil {
					t.Errorf("%s: no %s response", where, code)
				}
			}
			if op.RequestBody != nil {
				for _, mt := range op.RequestBody.Value.Content {
					if mt.Example == nil {
						t.Errorf("%s: request body without an example", where)
					}
					checkExample(where+" request", mt.Schema, mt.Example)
				}
			}
			for code, r := range op.Responses.Map() {
				for _, mt := range r.Value.Content {
					checkExample(where+" "+code, mt.Schema, mt.Example)
				}
			}
		}
	}
	if ops != 23 { // 20, and coach_access GET/POST/DELETE (issue 15)
		t.Errorf("found %d member operations, want 23", ops)
	}
	var names []string
	for name, sch := range doc.Components.Schemas {
		if sch.Value.Example != nil {
			names = append(names, name)
			checkExample("schema "+name, sch, sch.Value.Example)
		}
	}
	sort.Strings(names)
	for _, want := range []string{"SessionRow", "Boots", "Blades", "SkateConfig", "MaintenanceEntry", "HM", "Money"} {
		if i := sort.SearchStrings(names, want); i == len(names) || names[i] != want {
			t.Errorf("schema %s has no example", want)
		}
	}
}
