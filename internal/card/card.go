// Package card builds the skater card: a résumé-style summary of a skater's
// identity, lifetime and recent training, current setup and shared playlists
// (issue 5, spec events-music-card.md §1). It owns the card's arithmetic, the
// share links and the public view's redaction; it knows nothing of HTTP.
package card

import (
	"strings"
	"time"

	"github.com/google/uuid"
)

// ContactPreferences are the accepted contact methods, sorted.
var ContactPreferences = []string{"email", "phone", "social", "text"}

// Card is the owner's full card.
type Card struct {
	Identity Identity
	Lifetime Lifetime
	Recent   Recent
	Current  Current
	// ShareToken is the card's share token, nil when it is not shared.
	ShareToken *uuid.UUID
}

// Identity is who the skater is.
type Identity struct {
	FirstName, MiddleName, LastName *string
	City, State                     *string
	Club                            *string
	USFSANumber                     *int32
	// ContactPreference is one of ContactPreferences or nil.
	ContactPreference *string
}

// Mix splits ice minutes into coached, group and solo percentages.
type Mix struct {
	CoachedPct, GroupPct, SoloPct int
}

// Lifetime is the all-time part of the card.
type Lifetime struct {
	Mix
	// SkatingSince is the first session's stored instant (UTC), nil without sessions.
	SkatingSince    *time.Time
	SessionsPerWeek float64
	AvgSessionMin   int
	Events          int
	Entries         int
	Podiums         int
	PreviousCoaches int
}

// Recent is the recent window's part of the card.
type Recent struct {
	Mix
	SessionsPerWeek float64
	AvgSessionMin   int
	// LastEvent is the most recent competition of all time, nil when none.
	LastEvent     *Event
	DistinctRinks int
	// Rinks are the names of the rinks skated at in the window, sorted.
	Rinks []string
}

// Event is a competition as the card shows it.
type Event struct {
	Name string
	// Date is the event's month, "March 2026".
	Date     string
	Location *string
}

// Current is the skater's current setup.
type Current struct {
	Coach, HomeRink *string
	Boots, Blades   *string
	Equipment       *string
	SharedPlaylists []Playlist
}

// Playlist is a shared, non-empty playlist.
type Playlist struct {
	Name  string
	Token uuid.UUID
}

// Public returns the card as a stranger with the share link may see it. It
// drops what locates the skater or identifies their accounts (middle name,
// city, USFSA number, coach, home rink, the rinks visited recently) and the
// card's own share token. The HTTP layer maps the result onto a type that
// has no fields for these either, so they are dropped twice.
func (c Card) Public() Card {
	p := c
	p.Identity.MiddleName = nil
	p.Identity.City = nil
	p.Identity.USFSANumber = nil
	p.Current.Coach = nil
	p.Current.HomeRink = nil
	p.Recent.Rinks = nil
	p.ShareToken = nil
	return p
}

// PublicMinor returns the public view of a minor's card (a profile managed by
// guardians): on top of Public, only the first name and the last initial
// are left of the name, and nothing that locates the child — no state, no
// club, no venue of the last event (city, rinks and coach are already gone).
// docs/families.md lists the fields.
func (c Card) PublicMinor() Card {
	p := c.Public()
	if l := p.Identity.LastName; l != nil {
		initial := ""
		if r := []rune(strings.TrimSpace(*l)); len(r) > 0 {
			initial = string(r[0]) + "."
		}
		p.Identity.LastName = &initial
	}
	p.Identity.State = nil
	p.Identity.Club = nil
	if p.Recent.LastEvent != nil {
		e := *p.Recent.LastEvent
		e.Location = nil
		p.Recent.LastEvent = &e
	}
	return p
}
