package server_test

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	apispec "github.com/skatetrax/skatetrax-api/api"
	"github.com/skatetrax/skatetrax-api/internal/idempotency"
	"github.com/skatetrax/skatetrax-api/internal/server"
)

// The operation lists name operations of the contract exactly (a typo would
// silently drop a route's long deadline or its Idempotency-Key handling).
func TestOperationListsNameContractOperations(t *testing.T) {
	spec, err := openapi3.NewLoader().LoadFromData(apispec.YAML)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]*openapi3.Operation{}
	for _, item := range spec.Paths.Map() {
		for _, op := range item.Operations() {
			ids[op.OperationID] = op
		}
	}
	for id := range server.LongOperations {
		t.Run("long_"+id+"_exists", func(t *testing.T) {
			if ids[id] == nil {
				t.Errorf("%s is not an operation of the contract", id)
			}
		})
	}
	for id := range idempotency.CreatingOperations {
		t.Run("creating_"+id+"_documents_the_header", func(t *testing.T) {
			op := ids[id]
			if op == nil {
				t.Fatalf("%s is not an operation of the contract", id)
			}
			found := false
			for _, p := range op.Parameters {
				found = found || p.Value.In == "header" && p.Value.Name == idempotency.Header
			}
			if !found {
				t.Errorf("%s does not document %s", id, idempotency.Header)
			}
		})
	}
}
