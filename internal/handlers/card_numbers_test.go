package handlers_test

import (
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
)

// The card's numbers are checked against a second, independent computation
// over the same rows: plain loops, time.Date in the skater's zone and
// big.Rat rounding here, versus SQL sums, internal/skatetime and integer
// rounding in the service.

type eventSpec struct {
	label    string
	date     time.Time // a calendar date (UTC midnight)
	location *uuid.UUID
	owner    string
	entries  []entry
}

type rinkRow struct{ name, city, state string }

var competitionTypes = map[uuid.UUID]bool{competition6: true, competitionI: true}

// ratHalfEven rounds x to an integer, ties to even.
func ratHalfEven(x *big.Rat) int64 {
	fl := new(big.Int).Div(x.Num(), x.Denom()) // Euclidean division: floor, as Denom > 0
	frac := new(big.Rat).Sub(x, new(big.Rat).SetInt(fl))
	if c := frac.Cmp(big.NewRat(1, 2)); c > 0 || c == 0 && fl.Bit(0) == 1 {
		fl.Add(fl, big.NewInt(1))
	}
	return fl.Int64()
}

func pctOf(part, whole int64) int64 {
	if whole <= 0 {
		return 0
	}
	return ratHalfEven(new(big.Rat).SetFrac64(part*100, whole))
}

// civilDays is the number of calendar days from a to b (dates as y/m/d).
func civilDays(a, b time.Time) int64 {
	ua := time.Date(a.Year(), a.Month(), a.Day(), 12, 0, 0, 0, time.UTC)
	ub := time.Date(b.Year(), b.Month(), b.Day(), 12, 0, 0, 0, time.UTC)
	return int64(ub.Sub(ua).Hours() / 24)
}

// perWeekOf is n / max(days/7, 1) rounded half to even to one decimal.
func perWeekOf(n, days int64) float64 {
	if n == 0 {
		return 0
	}
	weeks := new(big.Rat).SetFrac64(days, 7)
	if weeks.Cmp(big.NewRat(1, 1)) < 0 {
		weeks = big.NewRat(1, 1)
	}
	v := new(big.Rat).Quo(new(big.Rat).SetInt64(n*10), weeks)
	return float64(ratHalfEven(v)) / 10
}

type mixSums struct{ n, ice, coach, group int64 }

func (m *mixSums) add(r session) {
	m.n++
	if r.ice != nil {
		m.ice += int64(*r.ice)
		if r.skateType == groupClass {
			m.group += int64(*r.ice)
		}
	}
	if r.coach != nil {
		m.coach += int64(*r.coach)
	}
}

func (m mixSums) into(out map[string]any) {
	out["coached_pct"] = pctOf(m.coach, m.ice)
	out["group_pct"] = pctOf(m.group, m.ice)
	out["solo_pct"] = pctOf(max(m.ice-m.coach-m.group, 0), m.ice)
	avg := int64(0)
	if m.n > 0 {
		avg = ratHalfEven(new(big.Rat).SetFrac64(m.ice, m.n))
	}
	out["avg_session_min"] = avg
}

// expectTraining computes the lifetime and recent parts from the rows.
func expectTraining(rows []session, events []eventSpec, skater string, loc *time.Location, now time.Time,
	rinks map[uuid.UUID]rinkRow) (lifetime, recent map[string]any) {
	local := now.In(loc)
	winFirst := time.Date(local.Year(), local.Month()-3, 1, 0, 0, 0, 0, loc)
	winStart := winFirst.UTC()
	winEnd := time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, loc).UTC()

	var all, rec mixSums
	var first *time.Time
	coaches := map[uuid.UUID]bool{}
	recRinks := map[uuid.UUID]bool{}
	recNames := map[string]bool{}
	for _, r := range rows {
		all.add(r)
		if r.coach != nil && *r.coach > 0 && r.coachID != nil && *r.coachID != noCoach {
			coaches[*r.coachID] = true
		}
		if r.at == nil {
			continue
		}
		if first == nil || r.at.Before(*first) {
			first = r.at
		}
		if !r.at.Before(winStart) && r.at.Before(winEnd) {
			rec.add(r)
			if r.rinkID != nil {
				recRinks[*r.rinkID] = true
				if name := rinks[*r.rinkID].name; name != "" {
					recNames[name] = true
				}
			}
		}
	}
	lifetime, recent = map[string]any{}, map[string]any{}
	all.into(lifetime)
	rec.into(recent)
	lifetime["previous_coaches"] = len(coaches)
	lifetime["skating_since"] = nil
	since := local
	if first != nil {
		lifetime["skating_since"] = first.UTC().Format(time.RFC3339)
		since = first.In(loc)
	}
	lifetime["sessions_per_week"] = perWeekOf(all.n, civilDays(since, local))
	from := since
	if winFirst.After(since) {
		from = winFirst
	}
	recent["sessions_per_week"] = perWeekOf(rec.n, civilDays(from, local))
	recent["distinct_rinks"] = len(recRinks)
	names := make([]string, 0, len(recNames))
	for n := range recNames {
		names = append(names, n)
	}
	slices.Sort(names)
	recent["rinks"] = names

	// Competitions: entries the skater owns, of events the skater owns.
	evCount, entries, podiums := 0, 0, 0
	var last *eventSpec
	for i, e := range events {
		if e.owner != skater {
			continue
		}
		counted := 0
		for _, en := range e.entries {
			if (en.skater != "" && en.skater != skater) || !competitionTypes[en.typ] {
				continue
			}
			counted++
			if en.placement != nil && *en.placement >= 1 && *en.placement <= 3 {
				podiums++
			}
		}
		if counted > 0 {
			evCount++
			entries += counted
			if last == nil || e.date.After(last.date) {
				last = &events[i]
			}
		}
	}
	lifetime["events"], lifetime["entries"], lifetime["podiums"] = evCount, entries, podiums
	recent["last_event"] = nil
	if last != nil {
		var loc any
		if last.location != nil {
			r := rinks[*last.location]
			switch {
			case r.city != "" && r.state != "":
				loc = r.city + ", " + r.state
			case r.city != "":
				loc = r.city
			case r.state != "":
				loc = r.state
			}
		}
		recent["last_event"] = map[string]any{"name": last.label, "date": fmt.Sprintf("%s %d", last.date.Month(), last.date.Year()), "location": loc}
	}
	return lifetime, recent
}

// normalise turns any value into its JSON form (maps, []any, float64).
func normalise(t *testing.T, v any) any {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func diffMaps(t *testing.T, what string, got, want any) bool {
	t.Helper()
	g, w := normalise(t, got), normalise(t, want)
	if reflect.DeepEqual(g, w) {
		return true
	}
	gm, gok := g.(map[string]any)
	wm, wok := w.(map[string]any)
	if gok && wok {
		for k := range wm {
			if !reflect.DeepEqual(gm[k], wm[k]) {
				t.Logf("%s.%s = %v, want %v", what, k, gm[k], wm[k])
			}
		}
		for k := range gm {
			if _, ok := wm[k]; !ok {
				t.Logf("%s.%s is unexpected (%v)", what, k, gm[k])
			}
		}
	} else {
		t.Logf("%s = %v, want %v", what, g, w)
	}
	return false
}

func TestSkaterCardNumbers(t *testing.T) {
	t.Parallel()
	s := pinnedNowServer(t)

	rinks := map[uuid.UUID]rinkRow{offIce: {name: "Off Ice", city: "-", state: "-"}}
	rinkIDs := []uuid.UUID{offIce}
	for i, r := range []rinkRow{{"Polar Ice", "Garner", "NC"}, {"Ice Line", "West Chester", "PA"}, {"Arena Nord", "", "QC"},
		{"Zamboni Hall", "Reno", ""}, {"  ", "", ""}} {
		id := newRink(t, s, r.name, r.city, r.state)
		if i == 4 {
			r.name = "" // a blank name is no name
		}
		rinks[id] = r
		rinkIDs = append(rinkIDs, id)
	}
	coachIDs := []uuid.UUID{newCoach(t, s, "Ann", "Axel"), newCoach(t, s, "Lutz", "Loop"), newCoach(t, s, "Sal", "Chow"), noCoach}
	other, otherAcc := s.Skater("intruder", "UTC")
	_ = other

	zones := []struct {
		login  string
		stored *string // uSkaterTZ as stored; nil is NULL
		loc    *time.Location
		n      int
		span   int // days of history
	}{
		{"ny", ptr("America/New_York"), mustZone(t, "America/New_York"), 150, 730},
		{"auckland", ptr("Pacific/Auckland"), mustZone(t, "Pacific/Auckland"), 150, 730},
		{"kathmandu", ptr("Asia/Kathmandu"), mustZone(t, "Asia/Kathmandu"), 120, 730},
		{"lordhowe", ptr("Australia/Lord_Howe"), mustZone(t, "Australia/Lord_Howe"), 120, 400},
		{"london", ptr("Europe/London"), mustZone(t, "Europe/London"), 120, 730},
		{"newcomer", ptr("America/Los_Angeles"), mustZone(t, "America/Los_Angeles"), 25, 20},
		{"nozone", nil, time.UTC, 90, 730},
		{"badzone", ptr("Not/AZone"), time.UTC, 90, 730},
		{"empty", ptr("UTC"), time.UTC, 0, 0},
	}
	for i, z := range zones {
		t.Run(z.login, func(t *testing.T) {
			s := s.For(t) // the skater, its client and the public client report to this subtest
			c, acc := s.Skater(z.login, "UTC")
			mustExec(t, s, `UPDATE "uSkaterConfig" SET "uSkaterTZ" = $1 WHERE "uSkaterUUID" = $2`, z.stored, uuid.MustParse(acc.Skater))
			rng := rand.New(rand.NewPCG(2026, uint64(i)))
			now := testNow() // the server's pinned clock
			rows := randomSessions(rng, z.n, z.span, z.loc, now, coachIDs, rinkIDs)
			insertSessions(t, s, acc.Skater, rows)
			// The intruder's sessions must never reach this card.
			insertSessions(t, s, otherAcc.Skater, randomSessions(rng, 20, 730, z.loc, now, coachIDs, rinkIDs))
			events := randomEvents(rng, acc.Skater, otherAcc.Skater, z.n > 0, rinkIDs)
			for _, e := range events {
				newEvent(t, s, e.owner, e.label, e.date, e.location, e.entries...)
			}

			var got map[string]any
			c.Get(cardPath).Expect(200).JSON(&got)
			wantLife, wantRecent := expectTraining(rows, events, acc.Skater, z.loc, now, rinks)
			okLife := diffMaps(t, "lifetime", got["lifetime"], wantLife)
			okRecent := diffMaps(t, "recent", got["recent"], wantRecent)
			if !okLife || !okRecent {
				t.Fatalf("card numbers differ from the independent computation over %d sessions", len(rows))
			}
			// The public card carries the same numbers, less the rink names.
			tok := share(t, c)
			var pub map[string]any
			s.Client().Get(sharedPath + tok).Expect(200).JSON(&pub)
			delete(wantRecent, "rinks")
			if !diffMaps(t, "public lifetime", pub["lifetime"], wantLife) || !diffMaps(t, "public recent", pub["recent"], wantRecent) {
				t.Fatal("public card numbers differ")
			}
		})
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// randomSessions makes n sessions spread over the last span days (a few in
// the future), stored as local midnight in loc, plus rows on the edges of
// the recent window, legacy rows at odd instants and rows without a date. A
// span shorter than the window makes a newcomer: no rows before it.
func randomSessions(rng *rand.Rand, n, span int, loc *time.Location, now time.Time, coaches, rinks []uuid.UUID) []session {
	if n == 0 {
		return nil
	}
	local := now.In(loc)
	midnight := func(y int, m time.Month, d int) *time.Time {
		u := time.Date(y, m, d, 0, 0, 0, 0, loc).UTC()
		return &u
	}
	one := func(at *time.Time) session {
		r := session{at: at, skateType: []uuid.UUID{freestyle, public, groupClass, groupClass, freestyle}[rng.IntN(5)]}
		if rng.IntN(12) > 0 {
			r.ice = ptr(int32(rng.IntN(180)))
		}
		if rng.IntN(3) > 0 {
			r.coach = ptr(int32(rng.IntN(70)))
		}
		if r.coach != nil || rng.IntN(4) == 0 {
			r.coachID = &coaches[rng.IntN(len(coaches))]
		}
		if rng.IntN(15) > 0 {
			r.rinkID = &rinks[rng.IntN(len(rinks))]
		}
		return r
	}
	var rows []session
	for range n {
		day := rng.IntN(span+10) - span
		at := midnight(local.Year(), local.Month(), local.Day()+day)
		if rng.IntN(10) == 0 { // legacy row: any instant of that day, give or take
			u := at.Add(time.Duration(rng.IntN(48*3600)-24*3600) * time.Second)
			at = &u
		}
		rows = append(rows, one(at))
	}
	edges := []*time.Time{
		midnight(local.Year(), local.Month(), local.Day()),   // today: in
		midnight(local.Year(), local.Month(), local.Day()+1), // tomorrow: out
		nil, nil, // no date at all: lifetime only
	}
	if span > 120 {
		start := midnight(local.Year(), local.Month()-3, 1)
		justBefore := start.Add(-time.Second)
		// the window's first day is in; the instant and the day before are out
		edges = append(edges, start, &justBefore, midnight(local.Year(), local.Month()-3, 0))
	}
	for _, at := range edges {
		rows = append(rows, one(at))
	}
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	return rows
}

// randomEvents makes competitions, showcases and foreign entries with unique
// dates; some entries belong to the other skater (they must not count).
func randomEvents(rng *rand.Rand, skater, other string, any bool, rinks []uuid.UUID) []eventSpec {
	if !any {
		return nil
	}
	types := []uuid.UUID{competition6, competitionI, competition6, showcase, exhibition}
	base := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	used := map[int]bool{}
	var out []eventSpec
	for i := range 9 {
		day := rng.IntN(1200)
		for used[day] {
			day++
		}
		used[day] = true
		e := eventSpec{label: fmt.Sprintf("Event %d", i), date: base.AddDate(0, 0, day), owner: skater}
		if rng.IntN(4) > 0 {
			e.location = &rinks[rng.IntN(len(rinks))]
		}
		for range 1 + rng.IntN(3) {
			en := entry{typ: types[rng.IntN(len(types))]}
			if rng.IntN(4) > 0 {
				en.placement = ptr(int32(rng.IntN(7))) // 0 is no podium
			}
			if rng.IntN(8) == 0 {
				en.skater = other // injected into the skater's event
			}
			e.entries = append(e.entries, en)
		}
		out = append(out, e)
	}
	// The other skater's competition with an entry of this skater: not theirs to count.
	out = append(out, eventSpec{label: "Foreign event", date: base.AddDate(5, 0, 0), owner: other,
		entries: []entry{{typ: competition6, placement: ptr(int32(1)), skater: skater}}})
	return out
}
