// Package acting enforces at the HTTP edge what a session that acts for
// another skater may do: a read-only (coach) session is refused every write
// of the member routes, and every write a guardian makes for a child is
// audited with both identities. It applies to operations by their spec tag,
// so a write route added to a member tag later is covered without a change.
package acting

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/internal/auth/session"
	"github.com/skatetrax/skatetrax-api/internal/family"
)

// MemberTags are the spec tags of the routes that act for the active skater.
var MemberTags = []string{"members", "card", "events", "music"}

// WriteOperations returns the strict-server names ("AddIceTime") of every
// operation of the document that carries one of tags and is not a read
// (GET, HEAD).
func WriteOperations(doc []byte, tags []string) (map[string]bool, error) {
	spec, err := openapi3.NewLoader().LoadFromData(doc)
	if err != nil {
		return nil, fmt.Errorf("load spec: %w", err)
	}
	want := map[string]bool{}
	for _, t := range tags {
		want[t] = true
	}
	out := map[string]bool{}
	for _, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			if method == http.MethodGet || method == http.MethodHead || op.OperationID == "" {
				continue
			}
			for _, t := range op.Tags {
				if want[t] {
					out[strings.ToUpper(op.OperationID[:1])+op.OperationID[1:]] = true
				}
			}
		}
	}
	return out, nil
}

// Auditor records a write made on a skater's behalf (family.Service does).
type Auditor interface {
	AuditActedFor(ctx context.Context, a family.Acting, operation string, failed bool)
}

// Guard refuses the write operations to read-only sessions with 403 "read-only access to this skater" and
// audits the writes of sessions acting for someone else.
func Guard(writes map[string]bool, audit Auditor) api.StrictMiddlewareFunc {
	return func(f api.StrictHandlerFunc, op string) api.StrictHandlerFunc {
		if !writes[op] {
			return f
		}
		return func(c echo.Context, req any) (any, error) {
			ctx := c.Request().Context()
			p, ok := session.PrincipalFrom(ctx)
			if !ok {
				return f(c, req)
			}
			a := family.ActingFor(p)
			if !a.OnBehalf() {
				return f(c, req)
			}
			if !a.Relation.MayWrite() {
				return nil, family.ErrReadOnly()
			}
			resp, err := f(c, req)
			audit.AuditActedFor(ctx, a, op, err != nil)
			return resp, err
		}
	}
}
