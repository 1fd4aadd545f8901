// Package family holds the rules of acting for a skater other than one's
// own: guardians and the minor profiles they manage, coaches and the read
// access their students grant, the active skater a session switches to, and
// the erasure rule that never leaves a child without a guardian. It knows no
// HTTP. The permission rule itself is the SQL function skater_relation
// (migration 00013), applied on every request by the session load, so a
// revoked link or grant ends at the next request on every server process.
package family

import (
	"github.com/google/uuid"

	"github.com/skatetrax/skatetrax-api/internal/auth/session"
)

// Relation is how a user acts for a skater.
type Relation string

// The relations, as on the wire (acting_as, relation).
const (
	Self     Relation = "self"     // the user's own profile
	Guardian Relation = "guardian" // a minor profile the user manages: read and write
	Coach    Relation = "coach"    // a student who granted access: read only
)

// MayWrite reports whether the relation allows changing the skater's data.
func (r Relation) MayWrite() bool { return r == Self || r == Guardian }

// Acting is whom a request acts for.
type Acting struct {
	User     int32     // the logged-in user
	Own      uuid.UUID // the user's own skater id
	Skater   uuid.UUID // the skater the member routes read and write
	Relation Relation
}

// OnBehalf reports whether the request acts for someone other than the user.
func (a Acting) OnBehalf() bool { return a.Relation != Self }

// ActingFor applies the rule to a loaded session: the session's active
// skater when one is set and the permission rule still allows it on this
// request, else the user's own skater.
func ActingFor(p session.Principal) Acting {
	a := Acting{User: p.UserID, Own: p.Skater, Skater: p.Skater, Relation: Self}
	if p.ActiveSkater == nil || *p.ActiveSkater == p.Skater {
		return a
	}
	switch r := Relation(p.ActiveRelation); r {
	case Guardian, Coach:
		a.Skater, a.Relation = *p.ActiveSkater, r
	}
	return a
}
