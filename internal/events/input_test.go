package events

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/money"
	"github.com/skatetrax/skatetrax-api/internal/results"
)

func TestLineTotal(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		amount float64
		qty    int32
		want   string
	}{
		{125, 1, "125.00"},
		{15.25, 2, "30.50"},
		{0.1, 3, "0.30"}, // not 0.30000000000000004
		{2.675, 1, "2.68"},
		{0.125, 4, "0.48"}, // the unit is rounded to cents first (0.12), as it is stored
		{19.99, 0, "0.00"},
	} {
		got, err := LineTotal(tc.amount, tc.qty)
		if err != nil || got.String() != tc.want {
			t.Errorf("LineTotal(%v, %d) = %s, %v; want %s", tc.amount, tc.qty, got, err, tc.want)
		}
	}
	for _, bad := range []struct {
		amount float64
		qty    int32
	}{{1e15, 1_000_000}, {1, -1}} {
		if _, err := LineTotal(bad.amount, bad.qty); !errors.Is(err, money.ErrOutOfRange) {
			t.Errorf("LineTotal(%v, %d) error = %v, want ErrOutOfRange", bad.amount, bad.qty, err)
		}
	}
}

func fieldOf(t *testing.T, err error) string {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || len(e.Details) != 1 {
		t.Fatalf("error %v is not one invalid field", err)
	}
	return e.Details[0].Name
}

func TestEventInput_Normalize(t *testing.T) {
	t.Parallel()
	notes := "   "
	costs := []CostInput{{Category: "Practice Ice", Amount: 15.255}, {Category: "Other", Amount: 1, Quantity: 3}}
	in := EventInput{Label: "  Comp ", Notes: &notes, Costs: &costs}
	if err := in.Normalize(); err != nil {
		t.Fatal(err)
	}
	if in.Label != "Comp" || in.Notes != nil {
		t.Errorf("label %q notes %v", in.Label, in.Notes)
	}
	if costs[0].Amount != 15.26 || costs[0].Quantity != 1 || costs[1].Quantity != 3 {
		t.Errorf("costs = %+v", costs)
	}
	for _, tc := range []struct {
		in    EventInput
		field string
	}{
		{EventInput{Label: " "}, "event_label"},
		{EventInput{Label: "x", Costs: &[]CostInput{{Category: "competition entry", Amount: 1}}}, "costs.0.category"},
		{EventInput{Label: "x", Costs: &[]CostInput{{Category: "Other", Amount: 1}, {Category: "Other", Amount: -0.01}}}, "costs.1.amount"},
		{EventInput{Label: "x", Costs: &[]CostInput{{Category: "Other", Amount: 1, Quantity: -2}}}, "costs.0.quantity"},
	} {
		if got := fieldOf(t, tc.in.Normalize()); got != tc.field {
			t.Errorf("field = %s, want %s", got, tc.field)
		}
	}
}

func TestEntryInput_Normalize(t *testing.T) {
	t.Parallel()
	s := func(v string) *string { return &v }
	i := func(v int32) *int32 { return &v }
	f := func(v float64) *float64 { return &v }
	sc := func(list ...ScoreInput) *[]ScoreInput { return &list }
	ok := []EntryInput{
		{},
		{Category: s("Competition"), ScoringSystem: s("6.0"), Scores: sc(
			ScoreInput{System: Score60, JudgeNumber: i(1), Ordinal: f(1), TechnicalMerit: f(5.2), Presentation: f(5.4)},
			ScoreInput{System: Score60, JudgeNumber: i(2)})},
		{Category: s("Competition"), ScoringSystem: s("IJS"), Scores: sc(
			ScoreInput{System: ScoreIJSComponent, JudgeNumber: i(0), Composition: f(3)},
			ScoreInput{System: ScoreIJSElement, ElementNumber: i(1), ElementName: s(" 2S "), BaseValue: f(1.3)},
			ScoreInput{System: ScoreIJSElement, ElementNumber: i(2)})},
		{Category: s("Showcase"), ScoringSystem: s("CJS"), Scores: sc(ScoreInput{System: ScoreCJS, JudgeNumber: i(1), ArtisticAppeal: f(5)})},
		{Placement: i(3), FieldSize: i(3), VideoURL: s(" https://youtu.be/x "), SourceURL: s("")},
		{Category: s("Exhibition"), Scores: sc()},
	}
	for n := range ok {
		if err := ok[n].Normalize(); err != nil {
			t.Errorf("case %d: %v", n, err)
		}
	}
	in := ok[4]
	if str := *in.VideoURL; str != "https://youtu.be/x" || in.SourceURL != nil || in.Status != StatusCommitted {
		t.Errorf("normalised = %+v", in)
	}
	if name := *(*ok[2].Scores)[1].ElementName; name != "2S" {
		t.Errorf("element name %q", name)
	}

	bad := []struct {
		in    EntryInput
		field string
	}{
		{EntryInput{ScoringSystem: s("6.0")}, "category"},
		{EntryInput{GoverningBody: s("USFSA")}, "category"},
		{EntryInput{Scores: sc(ScoreInput{System: Score60, JudgeNumber: i(1)})}, "scores"},
		{EntryInput{Category: s("Exhibition"), Scores: sc(ScoreInput{System: Score60, JudgeNumber: i(1)})}, "scores"},
		{EntryInput{Category: s("Competition"), ScoringSystem: s("6.0"), Scores: sc(ScoreInput{System: ScoreIJSElement, ElementNumber: i(1)})}, "scores.0.scoring_system"},
		{EntryInput{Category: s("Competition"), ScoringSystem: s("IJS"), Scores: sc(ScoreInput{System: ScoreIJSElement, ElementNumber: i(1), JudgeNumber: i(1)})}, "scores.0.judge_number"},
		{EntryInput{Category: s("Competition"), ScoringSystem: s("IJS"), Scores: sc(ScoreInput{System: ScoreIJSComponent, JudgeNumber: i(1), Ordinal: f(1)})}, "scores.0.ordinal"},
		{EntryInput{Category: s("Competition"), ScoringSystem: s("IJS"), Scores: sc(ScoreInput{System: ScoreIJSElement})}, "scores.0.element_number"},
		{EntryInput{Category: s("Competition"), ScoringSystem: s("IJS"), Scores: sc(
			ScoreInput{System: ScoreIJSElement, ElementNumber: i(4)}, ScoreInput{System: ScoreIJSElement, ElementNumber: i(4)})}, "scores.1.element_number"},
		{EntryInput{Category: s("Showcase"), ScoringSystem: s("CJS"), Scores: sc(ScoreInput{System: ScoreCJS, JudgeNumber: i(1), Presentation: f(1)})}, "scores.0.presentation"},
		{EntryInput{Deductions: &[]DeductionInput{{Type: " ", Value: 1}}}, "deductions.0.deduction_type"},
		{EntryInput{Placement: i(4), FieldSize: i(3)}, "placement"},
		{EntryInput{VideoURL: s("javascript:alert(1)")}, "video_url"},
		{EntryInput{VideoURL: s("https://")}, "video_url"},
		{EntryInput{SourceURL: s("data:text/html,<script>")}, "source_url"},
	}
	for n, tc := range bad {
		if got := fieldOf(t, tc.in.Normalize()); got != tc.field {
			t.Errorf("case %d: field = %s, want %s", n, got, tc.field)
		}
	}
}

func TestSourceType(t *testing.T) {
	t.Parallel()
	for f, want := range map[results.Format]string{
		results.Format60: "usfsa_6.0", results.FormatIJS: "usfsa_ijs", results.FormatCJS: "usfsa_cjs", "": "unknown",
	} {
		if got := SourceType(f); got != want {
			t.Errorf("SourceType(%q) = %q, want %q", f, got, want)
		}
	}
}

func TestNotFoundMessage(t *testing.T) {
	t.Parallel()
	res := &results.Result{Skaters: []results.SkaterResult{{Name: "Ashley Young"}, {Name: "Ashley Young"}, {Name: "Kim Lee"}}}
	_, missing := results.MatchSkater(res, "Jane Doe")
	if got := notFoundMessage("Jane Doe", missing, res.Names()); got != "'Jane Doe' not found in results. Skaters on the page: Ashley Young, Ashley Young, Kim Lee" {
		t.Errorf("missing: %q", got)
	}
	_, twice := results.MatchSkater(res, "Ashley Young")
	if got := notFoundMessage("Ashley Young", twice, res.Names()); !strings.HasPrefix(got, "'Ashley Young' fits more than one skater") {
		t.Errorf("ambiguous: %q", got)
	}
	many := make([]string, 200)
	for i := range many {
		many[i] = fmt.Sprintf("Skater %d", i)
	}
	if got := notFoundMessage("x", missing, many); strings.Count(got, "Skater ") != maxNamesShown || !strings.HasSuffix(got, "…") {
		t.Errorf("long list not cut: %d names", strings.Count(got, "Skater "))
	}
	if len(many) != 200 || many[maxNamesShown] != fmt.Sprintf("Skater %d", maxNamesShown) {
		t.Error("notFoundMessage changed its argument")
	}
}
