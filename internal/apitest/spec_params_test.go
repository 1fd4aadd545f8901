package apitest_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// Every path parameter has an example (Swagger UI's "Try it out" pre-fills
// it, and TestSpecExamplesWorkAgainstTheServer sends it, standing for the
// record an earlier example created), on the parameter or on its schema.
func TestEveryPathParameterHasAnExample(t *testing.T) {
	t.Parallel()
	doc := loadDoc(t)
	var missing []string
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for _, p := range append(append([]*openapiParam{}, params(item.Parameters)...), params(op.Parameters)...) {
				if p.in != "path" || p.hasExample {
					continue
				}
				missing = append(missing, strings.ToUpper(method)+" "+path+" ("+op.OperationID+"): {"+p.name+"}")
			}
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("path parameter without an example: %s", m)
	}
}

type openapiParam struct {
	name, in   string
	hasExample bool
}

func params(ps openapi3.Parameters) []*openapiParam {
	var out []*openapiParam
	for _, ref := range ps {
		if ref == nil || ref.Value == nil {
			continue
		}
		p := ref.Value
		has := p.Example != nil || len(p.Examples) > 0
		if s := p.Schema; s != nil && s.Value != nil && s.Value.Example != nil {
			has = true
		}
		out = append(out, &openapiParam{name: p.Name, in: p.In, hasExample: has})
	}
	return out
}
