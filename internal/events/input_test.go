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
		name   string
		amount float64
		qty    int32
		want   string
	}{
		{"one_unit_is_the_amount", 125, 1, "125.00"},
		{"units_multiply", 15.25, 2, "30.50"},
		{"no_float_drift", 0.1, 3, "0.30"}, // not 0.30000000000000004
		{"shortest_decimal_is_rounded", 2.675, 1, "2.68"},
		{"unit_is_rounded_to_cents_first", 0.125, 4, "0.48"}, // 0.12 per unit, as it is stored
		{"zero_quantity_is_zero", 19.99, 0, "0.00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := LineTotal(tc.amount, tc.qty)
			if err != nil || got.String() != tc.want {
				t.Errorf("LineTotal(%v, %d) = %s, %v; want %s", tc.amount, tc.qty, got, err, tc.want)
			}
		})
	}
	for _, bad := range []struct {
		name   string
		amount float64
		qty    int32
	}{{"overflowing_total_is_out_of_range", 1e15, 1_000_000}, {"negative_quantity_is_out_of_range", 1, -1}} {
		t.Run(bad.name, func(t *testing.T) {
			if _, err := LineTotal(bad.amount, bad.qty); !errors.Is(err, money.ErrOutOfRange) {
				t.Errorf("LineTotal(%v, %d) error = %v, want ErrOutOfRange", bad.amount, bad.qty, err)
			}
		})
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
		name  string
		in    EventInput
		field string
	}{
		{"blank_label_is_refused", EventInput{Label: " "}, "event_label"},
		{"unknown_cost_category_is_refused", EventInput{Label: "x", Costs: &[]CostInput{{Category: "competition entry", Amount: 1}}}, "costs.0.category"},
		{"negative_amount_is_refused", EventInput{Label: "x", Costs: &[]CostInput{{Category: "Other", Amount: 1}, {Category: "Other", Amount: -0.01}}}, "costs.1.amount"},
		{"negative_quantity_is_refused", EventInput{Label: "x", Costs: &[]CostInput{{Category: "Other", Amount: 1, Quantity: -2}}}, "costs.0.quantity"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := fieldOf(t, tc.in.Normalize()); got != tc.field {
				t.Errorf("field = %s, want %s", got, tc.field)
			}
		})
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
	okNames := []string{"empty_entry_is_accepted", "six_0_scores_are_accepted", "ijs_components_and_elements_are_accepted",
		"cjs_scores_are_accepted", "placement_within_the_field_and_urls_are_accepted", "exhibition_without_scores_is_accepted"}
	for n := range ok {
		t.Run(okNames[n], func(t *testing.T) {
			if err := ok[n].Normalize(); err != nil {
				t.Error(err)
			}
		})
	}
	in := ok[4]
	if str := *in.VideoURL; str != "https://youtu.be/x" || in.SourceURL != nil || in.Status != StatusCommitted {
		t.Errorf("normalised = %+v", in)
	}
	if name := *(*ok[2].Scores)[1].ElementName; name != "2S" {
		t.Errorf("element name %q", name)
	}

	bad := []struct {
		name  string
		in    EntryInput
		field string
	}{
		{"scoring_system_without_category_is_refused", EntryInput{ScoringSystem: s("6.0")}, "category"},
		{"governing_body_without_category_is_refused", EntryInput{GoverningBody: s("USFSA")}, "category"},
		{"scores_without_category_are_refused", EntryInput{Scores: sc(ScoreInput{System: Score60, JudgeNumber: i(1)})}, "scores"},
		{"scores_on_an_exhibition_are_refused", EntryInput{Category: s("Exhibition"), Scores: sc(ScoreInput{System: Score60, JudgeNumber: i(1)})}, "scores"},
		{"score_of_another_system_is_refused", EntryInput{Category: s("Competition"), ScoringSystem: s("6.0"), Scores: sc(ScoreInput{System: ScoreIJSElement, ElementNumber: i(1)})}, "scores.0.scoring_system"},
		{"ijs_element_with_a_judge_is_refused", EntryInput{Category: s("Competition"), ScoringSystem: s("IJS"), Scores: sc(ScoreInput{System: ScoreIJSElement, ElementNumber: i(1), JudgeNumber: i(1)})}, "scores.0.judge_number"},
		{"ijs_component_with_an_ordinal_is_refused", EntryInput{Category: s("Competition"), ScoringSystem: s("IJS"), Scores: sc(ScoreInput{System: ScoreIJSComponent, JudgeNumber: i(1), Ordinal: f(1)})}, "scores.0.ordinal"},
		{"ijs_element_without_a_number_is_refused", EntryInput{Category: s("Competition"), ScoringSystem: s("IJS"), Scores: sc(ScoreInput{System: ScoreIJSElement})}, "scores.0.element_number"},
		{"repeated_element_number_is_refused", EntryInput{Category: s("Competition"), ScoringSystem: s("IJS"), Scores: sc(
			ScoreInput{System: ScoreIJSElement, ElementNumber: i(4)}, ScoreInput{System: ScoreIJSElement, ElementNumber: i(4)})}, "scores.1.element_number"},
		{"cjs_score_with_a_presentation_is_refused", EntryInput{Category: s("Showcase"), ScoringSystem: s("CJS"), Scores: sc(ScoreInput{System: ScoreCJS, JudgeNumber: i(1), Presentation: f(1)})}, "scores.0.presentation"},
		{"blank_deduction_type_is_refused", EntryInput{Deductions: &[]DeductionInput{{Type: " ", Value: 1}}}, "deductions.0.deduction_type"},
		{"placement_beyond_the_field_is_refused", EntryInput{Placement: i(4), FieldSize: i(3)}, "placement"},
		{"javascript_video_url_is_refused", EntryInput{VideoURL: s("javascript:alert(1)")}, "video_url"},
		{"video_url_without_host_is_refused", EntryInput{VideoURL: s("https://")}, "video_url"},
		{"data_source_url_is_refused", EntryInput{SourceURL: s("data:text/html,<script>")}, "source_url"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			if got := fieldOf(t, tc.in.Normalize()); got != tc.field {
				t.Errorf("field = %s, want %s", got, tc.field)
			}
		})
	}
}

func TestSourceType(t *testing.T) {
	t.Parallel()
	for f, want := range map[results.Format]string{
		results.Format60: "usfsa_6.0", results.FormatIJS: "usfsa_ijs", results.FormatCJS: "usfsa_cjs", "": "unknown",
	} {
		t.Run(fmt.Sprintf("format_%q_is_%s", f, want), func(t *testing.T) {
			if got := SourceType(f); got != want {
				t.Errorf("SourceType(%q) = %q, want %q", f, got, want)
			}
		})
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
