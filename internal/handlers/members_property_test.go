package handlers_test

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

// The aggregates are checked against an independent computation over the same rows, read back
// from the database: local days come from time.In (not the service's interval arithmetic), the
// windows are re-derived from calendar rules, money is summed with big.Rat. Sessions are random
// (fixed seeds), cover two and a half years, every DST change of the zone in that time, month
// ends, future days of this month, all session kinds, edits and deletes, and rows written the
// way the original wrote them (NULL or NaN costs, coach minutes above the session, no config).

var propertyZones = []string{
	"America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata",
	"Pacific/Auckland", "America/Santiago", "UTC",
}

// row is one stored session as the independent computation sees it.
type row struct {
	id         int
	date       *time.Time
	ice, coach *int
	skateType  string
	rink       string
	iceCost    *float64
	coachCost  *float64
	config     string
}

func TestAggregatesMatchIndependentComputation(t *testing.T) {
	t.Parallel()
	s := pinnedNowServer(t)
	for i, tz := range propertyZones {
		t.Run(tz, func(t *testing.T) {
			t.Parallel()
			propertyCase(t, s, tz, uint64(i+1))
		})
	}
}

func propertyCase(t *testing.T, s *apitest.Server, tz string, seed uint64) {
	loc, _ := time.LoadLocation(tz)
	rng := rand.New(rand.NewPCG(seed, 42))
	k := newKit(t, s, fmt.Sprintf("prop%d", seed), tz)
	// A second configuration on other blades, and an old sharpening of the active blade.
	blades2 := asString(k.c.Post(pathEquip+"/blades", map[string]any{"bladesName": "MK"}).Expect(201).Map()["bladesID"])
	config2 := asString(k.c.Post(pathEquip+"/configs", map[string]any{"bootsID": k.boots, "bladesID": blades2}).Expect(201).Map()["sConfigID"])
	k.exec(`UPDATE "uSkaterConfig" SET "uSkaterMaintPref" = 21 WHERE "uSkaterUUID" = $1`, k.acc.Skater)

	today := localToday(t, tz)
	days := candidateDays(today, loc, rng)
	types := []string{typeWalkOn, typeWalkOn, typeGroup, typeOffIce, typeClubIce}
	rinks := []string{rinkCary, rinkVegas, rinkOffIce}
	var ids []int
	for _, d := range days {
		ice := 15 + rng.IntN(150)
		coach := 0
		if rng.IntN(2) == 0 {
			coach = rng.IntN(ice + 1)
		}
		coachCost := 0.0
		if coach > 0 {
			coachCost = float64(rng.IntN(6000)) / 100
		}
		body := sessionBody(day(d), ice, map[string]any{
			"coach_time": coach, "coach_cost": coachCost, "ice_cost": float64(rng.IntN(300000)) / 1000,
			"skate_type": types[rng.IntN(len(types))], "rink_id": rinks[rng.IntN(len(rinks))],
		})
		if rng.IntN(4) == 0 {
			body["config_id"] = config2
		}
		ids = append(ids, k.add(day(d), ice, body))
	}
	// Edit and delete some through the API (the rollup must follow).
	for range 8 {
		i := rng.IntN(len(ids))
		d := days[rng.IntN(len(days))]
		k.c.Request("PUT", fmt.Sprintf("%s/%d", pathIceTime, ids[i]), sessionBody(day(d), 30+rng.IntN(60),
			map[string]any{"skate_type": types[rng.IntN(len(types))], "config_id": config2})).Expect(200)
	}
	for range 5 {
		i := rng.IntN(len(ids))
		k.c.Request("DELETE", fmt.Sprintf("%s/%d", pathIceTime, ids[i]), nil) // may already be gone
	}
	// Rows as the original could write them.
	k.exec(`INSERT INTO ice_time (date, ice_time, ice_cost, coach_time, coach_cost, skate_type, rink_id, "uSkaterUUID", "uSkaterConfig") VALUES
		($2, 50, 'NaN', 70, 'Infinity', $3, $4, $1, $5),
		($2, NULL, 0.125, NULL, 2.675, NULL, NULL, $1, NULL),
		(NULL, 40, NULL, 10, NULL, $3, $4, $1, $5)`,
		k.acc.Skater, startOfLocalDay(today.AddDate(0, -1, 0), loc), typeWalkOn, rinkCary, k.config)
	// The active blade was sharpened on a random day.
	sharpened := days[rng.IntN(len(days))]
	k.c.Post(pathMaint, map[string]any{"m_date": day(sharpened), "m_cost": 25}).Expect(201)

	rows := loadRows(t, k)
	monthsBack := []int{0, 3, 12}[rng.IntN(3)]
	dash := k.c.Get(pathDash).Expect(200).Map()
	ice := k.c.Get(fmt.Sprintf("%s?months_back=%d&window=24", pathIceTime, monthsBack)).Expect(200).Map()
	eq := k.c.Get(pathEquip).Expect(200).Map()
	over := k.c.Get(pathOverview).Expect(200).Map()
	maint := k.c.Get(pathMaint).Expect(200).Map()
	checkDashboard(t, dash, rows, today, loc, k)
	checkGraph(t, ice, rows, today, loc, monthsBack, 24)
	checkHistory(t, ice, rows)
	checkEquipment(t, eq, rows, k, config2, blades2)
	checkClock(t, maint, rows, k, sharpened)
	if want := sumMinutes(rows, func(row) bool { return true }); hmMinutes(over["total_ice_time"]) != float64(want) {
		t.Errorf("overview total = %v, want %d minutes", over["total_ice_time"], want)
	}
}

// candidateDays picks session days: random ones over the last 30 months, every DST change and
// month end in that time, and a few later this month.
func candidateDays(today time.Time, loc *time.Location, rng *rand.Rand) []time.Time {
	var out []time.Time
	start := today.AddDate(0, -30, 0)
	for d := start; !d.After(today); d = d.AddDate(0, 0, 1) {
		noon := time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, loc)
		_, off1 := noon.Zone()
		_, off0 := noon.AddDate(0, 0, -1).Zone()
		switch {
		case off0 != off1: // a DST change happened since yesterday noon
			out = append(out, d, d.AddDate(0, 0, -1))
		case d.AddDate(0, 0, 1).Day() == 1 || d.Day() == 1:
			if rng.IntN(3) == 0 {
				out = append(out, d)
			}
		case rng.IntN(9) == 0:
			out = append(out, d)
		}
	}
	for i := 1; i <= 3; i++ {
		if later := today.AddDate(0, 0, i); later.Month() == today.Month() {
			out = append(out, later)
		}
	}
	return out
}

func startOfLocalDay(d time.Time, loc *time.Location) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc).UTC()
}

func loadRows(t *testing.T, k *kit) []row {
	t.Helper()
	rs, err := k.s.Pool.Query(context.Background(), `SELECT ice_time_id, date, ice_time, coach_time,
		coalesce(skate_type::text, ''), coalesce(rink_id::text, ''), ice_cost, coach_cost, coalesce("uSkaterConfig"::text, '')
		FROM ice_time WHERE "uSkaterUUID" = $1`, k.acc.Skater)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var out []row
	for rs.Next() {
		var r row
		var ice, coach *int32
		if err := rs.Scan(&r.id, &r.date, &ice, &coach, &r.skateType, &r.rink, &r.iceCost, &r.coachCost, &r.config); err != nil {
			t.Fatal(err)
		}
		if ice != nil {
			v := int(*ice)
			r.ice = &v
		}
		if coach != nil {
			v := int(*coach)
			r.coach = &v
		}
		out = append(out, r)
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// localDay is the row's calendar day in loc, as a UTC midnight for comparisons.
func (r row) localDay(loc *time.Location) (time.Time, bool) {
	if r.date == nil {
		return time.Time{}, false
	}
	y, m, d := r.date.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), true
}

func (r row) minutes() int {
	if r.ice == nil {
		return 0
	}
	return *r.ice
}

// kinds splits a row: group sessions are group time; others are coached up to their length.
func (r row) kinds() (practice, coached, group int) {
	ice := r.minutes()
	if r.skateType == typeGroup {
		return 0, 0, ice
	}
	c := 0
	if r.coach != nil {
		c = *r.coach
	}
	c = max(0, min(c, ice))
	return ice - c, c, 0
}

func (r row) offIce() bool {
	return r.skateType == typeOffIce || r.skateType == "43cae2d2-909c-47a1-ac7d-a1a923c25d4e" || r.rink == rinkOffIce
}

func sumMinutes(rows []row, keep func(row) bool) int {
	n := 0
	for _, r := range rows {
		if keep(r) {
			n += r.minutes()
		}
	}
	return n
}

func inDays(r row, loc *time.Location, first, last time.Time) bool {
	d, ok := r.localDay(loc)
	return ok && !d.Before(first) && !d.After(last)
}

// splitOf sums the kinds over the rows whose day is in [first, last].
func splitOf(rows []row, loc *time.Location, first, last time.Time) (n, practice, coached, group int) {
	for _, r := range rows {
		if inDays(r, loc, first, last) {
			p, c, g := r.kinds()
			n, practice, coached, group = n+1, practice+p, coached+c, group+g
		}
	}
	return
}

func daysIn(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

func checkHM(t *testing.T, name string, got any, wantMinutes float64) {
	t.Helper()
	m := obj(got)
	h, min := m["hours"].(float64), m["minutes"].(float64)
	if h != math.Floor(wantMinutes/60) || math.Abs(min-(wantMinutes-60*math.Floor(wantMinutes/60))) > 1e-9 || min < 0 || min >= 60 {
		t.Errorf("%s = %v, want %v minutes", name, got, wantMinutes)
	}
}

func checkDashboard(t *testing.T, dash map[string]any, rows []row, today time.Time, loc *time.Location, k *kit) {
	t.Helper()
	charts := obj(dash["charts"])
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	checkSplit := func(name string, v any, first, last time.Time) {
		_, p, c, g := splitOf(rows, loc, first, last)
		checkHM(t, name+".practice", obj(v)["practice"], float64(p))
		checkHM(t, name+".coached", obj(v)["coached"], float64(c))
		checkHM(t, name+".group", obj(v)["group"], float64(g))
	}
	checkSplit("monthly_ratio", charts["monthly_ratio"], first, today)
	// Rolling 12 months: the same day a year ago (clamped to the month's end), plus one day.
	ly := today.Year() - 1
	yearStart := time.Date(ly, today.Month(), min(today.Day(), daysIn(ly, today.Month())), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
	checkSplit("yearly_ratio", charts["yearly_ratio"], yearStart, today)
	checkHM(t, "total_time", dash["total_time"], float64(sumMinutes(rows, func(row) bool { return true })))

	// Baseline: the three full months before this one, averaged over the months the skater existed.
	bFirst, bLast := first.AddDate(0, -3, 0), first.AddDate(0, 0, -1)
	n, p, c, g := splitOf(rows, loc, bFirst, bLast)
	var firstDay time.Time
	var created time.Time
	testdb.QueryRow(t, k.s.Pool, `SELECT date_created FROM "uSkaterConfig" WHERE "uSkaterUUID" = $1`, k.acc.Skater).Scan(&created)
	y, m, d := created.In(loc).Date()
	firstDay = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	for _, r := range rows {
		if ld, ok := r.localDay(loc); ok && ld.Before(firstDay) {
			firstDay = ld
		}
	}
	months := (today.Year()*12 + int(today.Month())) - (firstDay.Year()*12 + int(firstDay.Month()))
	div := max(1, min(3, months))
	if dash["baseline_months"] != float64(div) {
		t.Errorf("baseline_months = %v, want %d", dash["baseline_months"], div)
	}
	if got, want := dash["baseline_monthly_avg"].(float64), tenthsHalfEven(int64(n), div); got != want {
		t.Errorf("baseline_monthly_avg = %v, want %v", got, want)
	}
	for name, mins := range map[string]int{"practice": p, "coached": c, "group": g} {
		tenths := tenthsHalfEven(int64(mins), div) * 10
		hours := math.Floor(tenths / 600)
		got := obj(obj(charts["baseline_ratio"])[name])
		if got["hours"] != hours || math.Abs(got["minutes"].(float64)-(tenths-hours*600)/10) > 1e-9 {
			t.Errorf("baseline_ratio.%s = %v, want %v tenths of minutes", name, got, tenths)
		}
	}

	// Spend on ice and coaching: exact cents of each stored amount, NaN and Infinity as none.
	var iceCents, coachCents big.Rat
	for _, r := range rows {
		iceCents.Add(&iceCents, cents(r.iceCost))
		coachCents.Add(&coachCents, cents(r.coachCost))
	}
	spend := obj(charts["spend"])
	if spend["ice_time"] != money(&iceCents) || spend["coaching"] != money(&coachCents) {
		t.Errorf("spend ice %v coaching %v, want %s %s", spend["ice_time"], spend["coaching"], money(&iceCents), money(&coachCents))
	}
	// Equipment: 250.50 boots + 350 blades + the MK blades without a price; maintenance 25.
	if spend["equipment"] != "600.50" || spend["maintenance"] != "25.00" {
		t.Errorf("spend = %v", spend)
	}
	var total big.Rat
	for _, key := range []string{"equipment", "maintenance", "class", "performance", "membership", "competition", "ice_time", "coaching"} {
		v, _ := new(big.Rat).SetString(asString(spend[key]))
		total.Add(&total, v)
	}
	if spend["total"] != total.FloatString(2) {
		t.Errorf("spend.total = %v, want %s", spend["total"], total.FloatString(2))
	}

	// This month's table: days 1..today, newest first, ties by newest id.
	var want []row
	for _, r := range rows {
		if inDays(r, loc, first, today) {
			want = append(want, r)
		}
	}
	sortRows(want)
	got := arr(dash["session_table"])
	if len(got) != len(want) {
		t.Fatalf("session_table has %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		g := obj(got[i])
		ld, _ := want[i].localDay(loc)
		if g["ice_time_id"] != float64(want[i].id) || g["local_date"] != day(ld) {
			t.Errorf("session_table[%d] = %v %v, want %d %s", i, g["ice_time_id"], g["local_date"], want[i].id, day(ld))
		}
	}
}

func sortRows(rows []row) {
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		switch {
		case a.date == nil || b.date == nil:
			if (a.date == nil) != (b.date == nil) {
				return b.date == nil
			}
		case !a.date.Equal(*b.date):
			return a.date.After(*b.date)
		}
		return a.id > b.id
	})
}

// tenthsHalfEven is n/div rounded half-to-even to one decimal.
func tenthsHalfEven(n int64, div int) float64 {
	r := new(big.Rat).SetFrac64(n*10, int64(div))
	f, _ := roundHalfEven(r).Float64()
	return f / 10
}

func roundHalfEven(r *big.Rat) *big.Rat {
	fl := new(big.Int).Div(r.Num(), r.Denom()) // floor for positive denominators
	rem := new(big.Rat).Sub(r, new(big.Rat).SetInt(fl))
	half := big.NewRat(1, 2)
	switch c := rem.Cmp(half); {
	case c > 0, c == 0 && fl.Bit(0) == 1:
		fl.Add(fl, big.NewInt(1))
	}
	return new(big.Rat).SetInt(fl)
}

// cents is a stored amount in exact cents: its shortest decimal, rounded half-to-even.
func cents(f *float64) *big.Rat {
	if f == nil || math.IsNaN(*f) || math.IsInf(*f, 0) {
		return new(big.Rat)
	}
	r, _ := new(big.Rat).SetString(strconv.FormatFloat(*f, 'f', -1, 64))
	return roundHalfEven(r.Mul(r, big.NewRat(100, 1)))
}

func money(c *big.Rat) string {
	return new(big.Rat).Quo(c, big.NewRat(100, 1)).FloatString(2)
}

func checkGraph(t *testing.T, ice map[string]any, rows []row, today time.Time, loc *time.Location, monthsBack, window int) {
	t.Helper()
	g := obj(ice["fsc_graph"])
	for i := 0; i < window; i++ {
		m := time.Date(today.Year(), today.Month()-time.Month(window-1+monthsBack-i), 1, 0, 0, 0, 0, time.UTC)
		last := m.AddDate(0, 1, -1)
		_, p, c, gr := splitOf(rows, loc, m, last)
		want := map[string]float64{
			"ice_time": float64(p+c+gr) / 60, "practice": float64(p) / 60, "coach_time": float64(c) / 60, "group_sessions": float64(gr) / 60,
		}
		if label := arr(g["months"])[i]; label != m.Format("Jan '06") {
			t.Errorf("month %d label %v, want %s", i, label, m.Format("Jan '06"))
		}
		for key, w := range want {
			if got := arr(g[key])[i].(float64); math.Abs(got-w) > 1e-9 {
				t.Errorf("fsc_graph.%s[%d] (%s) = %v, want %v", key, i, m.Format("2006-01"), got, w)
			}
		}
		if arr(g["competitions"])[i] != 0.0 {
			t.Errorf("competitions[%d] = %v without events", i, arr(g["competitions"])[i])
		}
	}
}

func checkHistory(t *testing.T, ice map[string]any, rows []row) {
	t.Helper()
	want := append([]row(nil), rows...)
	sortRows(want)
	got := arr(ice["session_table"])
	if len(got) != len(want) {
		t.Fatalf("history has %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if obj(got[i])["ice_time_id"] != float64(want[i].id) {
			t.Fatalf("history[%d] = %v, want id %d", i, obj(got[i])["ice_time_id"], want[i].id)
		}
	}
	checkHM(t, "ice_time.total_time", ice["total_time"], float64(sumMinutes(rows, func(row) bool { return true })))
}

func checkEquipment(t *testing.T, eq map[string]any, rows []row, k *kit, config2, blades2 string) {
	t.Helper()
	onConfig := func(c string) int {
		return sumMinutes(rows, func(r row) bool { return r.config == c && !r.offIce() })
	}
	want := map[string]int{k.config: onConfig(k.config), config2: onConfig(config2)}
	for _, c := range arr(eq["configs"]) {
		c := obj(c)
		w := want[asString(c["sConfigID"])]
		if c["minutes"] != float64(w) || c["hours"] != float64(w) || math.Abs(c["on_ice_hours"].(float64)-float64(w)/60) > 1e-9 {
			t.Errorf("config %s: %v minutes %v hours, want %d minutes", c["sConfigID"], c["minutes"], c["hours"], w)
		}
	}
	for _, b := range arr(eq["boots"]) {
		if w := want[k.config] + want[config2]; obj(b)["minutes"] != float64(w) {
			t.Errorf("boots minutes = %v, want %d", obj(b)["minutes"], w)
		}
	}
	for _, b := range arr(eq["blades"]) {
		b := obj(b)
		w := want[k.config]
		if asString(b["bladesID"]) == blades2 {
			w = want[config2]
		}
		if b["minutes"] != float64(w) {
			t.Errorf("blades %s minutes = %v, want %d", b["bladesName"], b["minutes"], w)
		}
	}
}

func checkClock(t *testing.T, maint map[string]any, rows []row, k *kit, sharpened time.Time) {
	t.Helper()
	var tz string
	testdb.QueryRow(t, k.s.Pool, `SELECT "uSkaterTZ" FROM "uSkaterConfig" WHERE "uSkaterUUID" = $1`, k.acc.Skater).Scan(&tz)
	loc, _ := time.LoadLocation(tz)
	active := sumMinutes(rows, func(r row) bool {
		d, ok := r.localDay(loc)
		return ok && r.config == k.config && !r.offIce() && !d.Before(sharpened)
	})
	clock := obj(maint["clock"])
	checkHM(t, "clock.active_minutes", clock["active_minutes"], float64(active))
	checkHM(t, "clock.clock_minutes", clock["clock_minutes"], 21*60)
	checkHM(t, "clock.remaining_minutes", clock["remaining_minutes"], float64(max(21*60-active, 0)))
	checkHM(t, "clock.overdue_minutes", clock["overdue_minutes"], float64(max(active-21*60, 0)))
	if clock["overdue"] != (active > 21*60) || clock["since"] != day(sharpened) || clock["blade_id"] != k.blades {
		t.Errorf("clock = %v (active %d, sharpened %s)", clock, active, day(sharpened))
	}
}
