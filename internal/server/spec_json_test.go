package server_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"

	"go.yaml.in/yaml/v4"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// /openapi.json is api/openapi.yaml as written: every operation (the
// document routes too), the same operationIds, the same examples, null
// ones included.
func TestOpenAPIJSONIsTheYAML(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	c := s.Client()
	y := c.Get("/openapi.yaml").Expect(http.StatusOK)
	j := c.Get("/openapi.json").Expect(http.StatusOK)
	if ct := j.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("openapi.json Content-Type %q", ct)
	}
	var fromYAML, fromJSON any
	if err := yaml.Unmarshal(y.Body, &fromYAML); err != nil {
		t.Fatalf("parse served YAML: %v", err)
	}
	if err := json.Unmarshal(j.Body, &fromJSON); err != nil {
		t.Fatalf("parse served JSON: %v", err)
	}
	want := normalize(fromYAML)
	if !reflect.DeepEqual(want, fromJSON) {
		t.Fatal("/openapi.json differs from /openapi.yaml")
	}
	ops := func(doc any) map[string]string {
		out := map[string]string{}
		for path, item := range doc.(map[string]any)["paths"].(map[string]any) {
			for method, op := range item.(map[string]any) {
				if m, ok := op.(map[string]any); ok && m["operationId"] != nil {
					out[m["operationId"].(string)] = method + " " + path
				}
			}
		}
		return out
	}
	got := ops(fromJSON)
	for _, id := range []string{"getOpenApiJson", "getOpenApiYaml", "getDocs"} {
		if got[id] == "" {
			t.Errorf("operation %s is missing from /openapi.json", id)
		}
	}
	if len(got) != len(ops(want)) || len(got) < 60 {
		t.Errorf("/openapi.json has %d operations, the YAML %d", len(got), len(ops(want)))
	}
	// An example that is null stays null (the re-serialised copy dropped it).
	coach := fromJSON.(map[string]any)["components"].(map[string]any)["schemas"].(map[string]any)["Coach"].(map[string]any)
	ijs := coach["properties"].(map[string]any)["coach_ijs_id"].(map[string]any)
	if v, ok := ijs["example"]; !ok || v != nil {
		t.Errorf("Coach.coach_ijs_id example = %v (present %v), want null", v, ok)
	}
}

// normalize turns YAML's decoded values into what encoding/json yields.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalize(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case uint64:
		return float64(x)
	default:
		return x
	}
}
