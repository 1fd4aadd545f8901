package results

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func ptr[T any](v T) *T { return &v }

// ords builds one Score60 per judge from the ordinals given.
func ords(o ...float64) []Score60 {
	out := make([]Score60, len(o))
	for i, v := range o {
		out[i] = Score60{JudgeNumber: int32(i + 1), Ordinal: ptr(v)}
	}
	return out
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const pageURL = "https://ijs.usfigureskating.org/leaderboard/results/2025/30911/SEGM001.html"

func TestParse_fixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		fixture string
		want    *Result
	}{
		{
			name:    "6.0_standings_in_ISO-8859-1",
			fixture: "six_0.htm",
			want: &Result{
				Format:      Format60,
				Competition: "2025 Skate Carolina",
				Segment:     "Adult Bronze Women Free Skate - Group A",
				Level:       ptr("Adult Bronze"),
				JudgeCount:  3,
				SourceURL:   pageURL,
				Skaters: []SkaterResult{
					{Place: 1, Name: "Jane Doe", Club: ptr("Skating Club of Boston"), Majority: ptr("2/1"), Scores60: ords(1, 1, 2)},
					{Place: 2, Name: "Zoë Ångström", Club: ptr("Carolinas FSC"), Majority: ptr("3/2"), Scores60: ords(2, 2, 1)},
					{Place: 3, Name: "Ashley Young", Club: ptr("Carolinas FSC"), Majority: ptr("2/3"), TieBreaker: ptr("10"), Scores60: ords(3, 4, 3)},
					{Place: 4, Name: "Mary-Jane Smith", Majority: ptr("3/4"), TieBreaker: ptr("11"), Scores60: ords(4, 3, 4)},
				},
			},
		},
		{
			name:    "IJS_judges_details",
			fixture: "ijs_segm.html",
			want: &Result{
				Format:      FormatIJS,
				Competition: "2025 Skate Carolina",
				Segment:     "Adult Bronze Women II / Free Skate",
				Level:       ptr("Adult Bronze"),
				SourceURL:   pageURL,
				Skaters: []SkaterResult{
					{
						Place: 1, Name: "Alyson Hansen", Club: ptr("Carolinas FSC"),
						TotalSegmentScore: ptr(29.69), TotalElementScore: ptr(14.09),
						TotalComponentScore: ptr(15.60), TotalDeductions: ptr(0.0),
						ScoresIJSComponents: []ScoreIJSComponent{{JudgeNumber: 0, Composition: ptr(3.25), Presentation: ptr(3.50), SkatingSkills: ptr(3.00)}},
						ScoresIJSElements: []ScoreIJSElement{
							{1, "2S", 1.30, 0.13, 1.43},
							{2, "1A+1Lo", 1.60, 0.11, 1.71},
							{3, "CCoSp2", 2.50, 0.25, 2.75},
							{4, "ChSq1", 3.00, 0.30, 3.30},
							{5, "2Lo", 1.70, 0, 1.70},
							{6, "FSSp1", 2.00, -0.20, 1.80},
							{7, "1Lz+1T", 1.40, 0, 1.40},
						},
					},
					{
						Place: 2, Name: "Ashley Young", Club: ptr("Carolinas FSC"),
						TotalSegmentScore: ptr(21.97), TotalElementScore: ptr(9.37),
						TotalComponentScore: ptr(13.60), TotalDeductions: ptr(-1.00),
						ScoresIJSComponents: []ScoreIJSComponent{{JudgeNumber: 0, Composition: ptr(2.75), Presentation: ptr(3.00), SkatingSkills: ptr(2.75)}},
						ScoresIJSElements: []ScoreIJSElement{
							{1, "2S<", 1.04, -0.52, 0.52},
							{2, "1A", 1.10, 0, 1.10},
							{3, "CCoSp1", 2.00, -0.10, 1.90},
							{4, "ChSq1", 3.00, 0, 3.00},
							{5, "2Lo", 1.70, -0.85, 0.85},
							{6, "FSSp1", 2.00, 0, 2.00},
						},
						Deductions: []Deduction{{Type: "Falls", Value: 1}},
					},
					{
						Place: 3, Name: "Zoë Ångström", Club: ptr("Skating Club of Boston"),
						TotalSegmentScore: ptr(15.35), TotalElementScore: ptr(5.75),
						TotalComponentScore: ptr(11.60), TotalDeductions: ptr(-2.00),
						ScoresIJSComponents: []ScoreIJSComponent{{JudgeNumber: 0, Composition: ptr(2.50), Presentation: ptr(2.50), SkatingSkills: ptr(2.25)}},
						ScoresIJSElements: []ScoreIJSElement{
							{1, "1A", 1.10, -0.55, 0.55},
							{2, "2S", 1.30, 0, 1.30},
							{3, "USp1", 1.20, 0, 1.20},
							{4, "ChSq1", 3.00, -0.30, 2.70},
						},
						Deductions: []Deduction{{Type: "Falls", Value: 1}, {Type: "Time violation", Value: 1}},
					},
				},
			},
		},
		{
			name:    "CJS_showcase_details",
			fixture: "cjs_segm.html",
			want: &Result{
				Format:      FormatCJS,
				Competition: "2025 Skate Carolina",
				Segment:     "Adult Bronze Lyric-Character-Comedic I,II / Showcase",
				Level:       ptr("Adult Bronze"),
				SourceURL:   pageURL,
				Skaters: []SkaterResult{
					{
						Place: 1, Name: "Dan Molino", Club: ptr("Atlanta FSC"),
						TotalSegmentScore: ptr(15.75), TotalElementScore: ptr(0.0),
						TotalComponentScore: ptr(15.75), TotalDeductions: ptr(0.0),
						ScoresCJS: []ScoreCJS{{JudgeNumber: 0, ArtisticAppeal: ptr(5.50), Performance: ptr(5.25), SkatingSkills: ptr(5.00)}},
					},
					{
						Place: 2, Name: "Ashley Young", Club: ptr("Carolinas FSC"),
						TotalSegmentScore: ptr(12.50), TotalElementScore: ptr(0.0),
						TotalComponentScore: ptr(13.50), TotalDeductions: ptr(-1.00),
						ScoresCJS:  []ScoreCJS{{JudgeNumber: 0, ArtisticAppeal: ptr(4.75), Performance: ptr(4.50), SkatingSkills: ptr(4.25)}},
						Deductions: []Deduction{{Type: "Costume/Prop violation", Value: 1}},
					},
				},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(bytes.NewReader(readFixture(t, tt.fixture)), pageURL)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			assertResult(t, got, tt.want)
		})
	}
}

// assertResult compares field by field so a failure names the field.
func assertResult(t *testing.T, got, want *Result) {
	t.Helper()
	check := func(field string, g, w any) {
		t.Helper()
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s = %s, want %s", field, show(g), show(w))
		}
	}
	check("Format", got.Format, want.Format)
	check("Competition", got.Competition, want.Competition)
	check("Segment", got.Segment, want.Segment)
	check("Level", got.Level, want.Level)
	check("JudgeCount", got.JudgeCount, want.JudgeCount)
	check("SourceURL", got.SourceURL, want.SourceURL)
	check("FieldSize", got.FieldSize(), int32(len(want.Skaters)))
	if len(got.Skaters) != len(want.Skaters) {
		t.Fatalf("%d skaters %q, want %d", len(got.Skaters), got.Names(), len(want.Skaters))
	}
	for i := range want.Skaters {
		g, w := got.Skaters[i], want.Skaters[i]
		p := fmt.Sprintf("Skaters[%d].", i)
		check(p+"Place", g.Place, w.Place)
		check(p+"Name", g.Name, w.Name)
		check(p+"Club", g.Club, w.Club)
		check(p+"Majority", g.Majority, w.Majority)
		check(p+"TieBreaker", g.TieBreaker, w.TieBreaker)
		check(p+"TotalSegmentScore", g.TotalSegmentScore, w.TotalSegmentScore)
		check(p+"TotalElementScore", g.TotalElementScore, w.TotalElementScore)
		check(p+"TotalComponentScore", g.TotalComponentScore, w.TotalComponentScore)
		check(p+"TotalDeductions", g.TotalDeductions, w.TotalDeductions)
		check(p+"Scores60", g.Scores60, w.Scores60)
		check(p+"ScoresCJS", g.ScoresCJS, w.ScoresCJS)
		check(p+"ScoresIJSComponents", g.ScoresIJSComponents, w.ScoresIJSComponents)
		check(p+"ScoresIJSElements", g.ScoresIJSElements, w.ScoresIJSElements)
		check(p+"Deductions", g.Deductions, w.Deductions)
	}
}

// show prints values with their pointers followed, for readable failures.
func show(v any) string {
	rv := reflect.ValueOf(v)
	switch {
	case !rv.IsValid():
		return "<nil>"
	case rv.Kind() == reflect.Pointer && rv.IsNil():
		return "nil"
	case rv.Kind() == reflect.Pointer:
		return fmt.Sprintf("&%v", rv.Elem().Interface())
	case rv.Kind() == reflect.Slice:
		parts := make([]string, rv.Len())
		for i := range parts {
			parts[i] = showStruct(rv.Index(i))
		}
		return "[" + strings.Join(parts, " ") + "]"
	}
	return fmt.Sprintf("%#v", v)
}

func showStruct(v reflect.Value) string {
	if v.Kind() != reflect.Struct {
		return show(v.Interface())
	}
	parts := make([]string, v.NumField())
	for i := range parts {
		parts[i] = v.Type().Field(i).Name + ":" + show(v.Field(i).Interface())
	}
	return "{" + strings.Join(parts, " ") + "}"
}

func TestParse_unrecognized(t *testing.T) {
	t.Parallel()
	const ijsHead = `<h2 class="title">Comp</h2><h2 class="catseg">Adult Gold Women / Free Skate</h2>`
	tests := []struct {
		name, page string
	}{
		{"empty_page", ""},
		{"binary_garbage", "\x00\x01\x02\xff\xfe PK\x03\x04"},
		{"plain_text", "Results will be posted after the event."},
		{"competition_index_page", string(readFixture(t, "not_results.html"))},
		{"6.0_table_cut_mid_row", string(readFixture(t, "six_0_truncated.htm"))},
		{"IJS_page_cut_mid_elements", string(readFixture(t, "ijs_segm_truncated.html"))},
		{"6.0_caption_with_one_h2", `<table><caption><h2>Comp</h2></caption><tr><th>Pl</th><th>Name</th><th>1</th></tr><tr><td>1</td><td>A B</td><td>1</td><td>1/1</td></tr></table>`},
		{"6.0_header_without_judge_columns", `<table><caption><h2>Comp</h2><h2>Seg</h2></caption><tr><th>Pl</th><th>Name</th><th>J1</th></tr><tr><td>1</td><td>A B</td><td>1</td><td>1/1</td></tr></table>`},
		{"6.0_rows_too_short", `<table><caption><h2>Comp</h2><h2>Seg</h2></caption><tr><th>Pl</th><th>Name</th><th>1</th><th>2</th><th>3</th></tr><tr><td>1</td><td>A B</td><td>1</td><td>1</td></tr></table>`},
		{"6.0_no_numeric_places", `<table><caption><h2>Comp</h2><h2>Seg</h2></caption><tr><th>Pl</th><th>Name</th><th>1</th></tr><tr><td>WD</td><td>A B</td><td>1</td><td>1/1</td></tr></table>`},
		{"6.0_too_many_judges", `<table><caption><h2>Comp</h2><h2>Seg</h2></caption><tr><th>Pl</th>` + strings.Repeat("<th>1</th>", maxJudges+1) + `</tr></table>`},
		{"IJS_without_names", `<table class="sum"><tbody><tr><td class="rank">1</td><td class="name">A B</td></tr></tbody></table>`},
		{"IJS_names_without_score_blocks", ijsHead + `<p>No results yet</p>`},
		{"IJS_summary_without_rank", ijsHead + `<table class="sum"><tbody><tr><td class="name">A B</td><td class="totSeg">1.00</td></tr></tbody></table>`},
		{"IJS_summary_rank_not_a_number", ijsHead + `<table class="sum"><tbody><tr><td class="rank">WD</td><td class="name">A B</td></tr></tbody></table>`},
		{"IJS_summary_without_name", ijsHead + `<table class="sum"><tbody><tr><td class="rank">1</td></tr></tbody></table>`},
		{"unclosed_table", `<table><caption><h2>Comp</h2><h2>Seg</h2></caption><tr><th>Pl</th><th>Name</th><th>1</th></tr><tr><td>1</td><td>A B</td><td>1</td><td>1/1</td></tr>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := Parse(strings.NewReader(tt.page), pageURL)
			if !errors.Is(err, ErrUnrecognized) {
				t.Fatalf("Parse = %+v, %v; want ErrUnrecognized", res, err)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Reason == "" {
				t.Errorf("error %v is not a *ParseError with a reason", err)
			}
		})
	}
}

func TestParse_pageTooLargeIsUnrecognized(t *testing.T) {
	t.Parallel()
	r := io.LimitReader(repeatReader('a'), maxPageBytes+10)
	if _, err := Parse(r, pageURL); !errors.Is(err, ErrUnrecognized) {
		t.Fatalf("err = %v, want ErrUnrecognized", err)
	}
}

type repeatReader byte

func (b repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

func TestParse_readErrorIsNotUnrecognized(t *testing.T) {
	t.Parallel()
	boom := errors.New("connection reset")
	_, err := Parse(io.MultiReader(strings.NewReader("<html>"), errReader{boom}), pageURL)
	if !errors.Is(err, boom) || errors.Is(err, ErrUnrecognized) {
		t.Fatalf("err = %v, want the reader's error and not ErrUnrecognized", err)
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// TestParse_everyTruncationIsSafe cuts each fixture at many points: every
// prefix must either fail with ErrUnrecognized or parse into no more
// skaters than the whole page, and never panic.
func TestParse_everyTruncationIsSafe(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"six_0.htm", "ijs_segm.html", "cjs_segm.html"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			page := readFixture(t, name)
			whole, err := Parse(bytes.NewReader(page), pageURL)
			if err != nil {
				t.Fatal(err)
			}
			for cut := 0; cut < len(page); cut += 11 {
				res, err := Parse(bytes.NewReader(page[:cut]), pageURL)
				switch {
				case err != nil && !errors.Is(err, ErrUnrecognized):
					t.Errorf("[:%d]: err = %v, want ErrUnrecognized", cut, err)
				case err == nil && (len(res.Skaters) == 0 || len(res.Skaters) > len(whole.Skaters)):
					t.Errorf("[:%d]: %d skaters, whole page has %d", cut, len(res.Skaters), len(whole.Skaters))
				}
			}
		})
	}
}

func TestParse_details(t *testing.T) {
	t.Parallel()
	const ijsHead = `<h2 class="title">Comp</h2><h2 class="catseg">Adult Gold Women / Free Skate</h2>`
	sum := func(rank, name string) string {
		return `<table class="sum"><thead><tr><th class="rank">Pl.</th></tr></thead><tbody><tr><td class="rank">` +
			rank + `</td><td class="name">` + name + `</td><td class="totSeg">10.00</td></tr></tbody></table>`
	}

	t.Run("6.0_blank_or_odd_ordinal_is_null", func(t *testing.T) {
		t.Parallel()
		page := `<table><caption><h2>Comp</h2><h2>Adult Silver Men Free Skate</h2></caption>
			<tr><th>Pl</th><th>Name</th><th>1</th><th>2</th><th>3</th><th>Maj</th></tr>
			<tr><td>1</td><td>Sam Lee, Club</td><td>1</td><td>&nbsp;</td><td>x</td><td>&nbsp;</td></tr></table>`
		res := mustParse(t, page)
		want := []Score60{{1, ptr(1.0)}, {2, nil}, {3, nil}}
		if s := res.Skaters[0]; !reflect.DeepEqual(s.Scores60, want) || s.Majority != nil || s.TieBreaker != nil {
			t.Errorf("got %s majority %s tie %s", show(s.Scores60), show(s.Majority), show(s.TieBreaker))
		}
		if res.Level == nil || *res.Level != "Adult Silver" {
			t.Errorf("Level = %s", show(res.Level))
		}
	})

	t.Run("6.0_layout_table_before_standings_is_skipped", func(t *testing.T) {
		t.Parallel()
		page := `<table><tr><td>menu</td></tr></table><table><caption><h2>Comp</h2><h2>Seg</h2></caption>
			<tr><th>Pl</th><th>Name</th><th>1</th></tr><tr><td>1.</td><td>Sam Lee</td><td>1</td><td>1/1</td></tr></table>`
		if res := mustParse(t, page); res.Skaters[0].Name != "Sam Lee" || res.Level == nil || *res.Level != "Seg" {
			t.Errorf("got %+v", res)
		}
	})

	t.Run("IJS_missing_elements_table_does_not_shift_later_skaters", func(t *testing.T) {
		t.Parallel()
		page := ijsHead + sum("1", "A One") + `<table class="ded"><thead><tr><th class="total">0.00</th></tr></thead></table>` +
			sum("2", "B Two") + `<table class="elm"><tbody><tr><td class="num">1</td><td class="elem">2A</td><td class="bv">3.30</td><td class="goe">0.33</td><td class="psv">3.63</td></tr>
			<tr><td></td><td class="cn">Composition</td><td class="panel">5.00</td></tr></tbody></table>`
		res := mustParse(t, page)
		a, b := res.Skaters[0], res.Skaters[1]
		if len(a.ScoresIJSElements) != 0 || !reflect.DeepEqual(a.ScoresIJSComponents, []ScoreIJSComponent{{}}) {
			t.Errorf("A One: elements %s components %s", show(a.ScoresIJSElements), show(a.ScoresIJSComponents))
		}
		if !reflect.DeepEqual(b.ScoresIJSElements, []ScoreIJSElement{{1, "2A", 3.30, 0.33, 3.63}}) ||
			!reflect.DeepEqual(b.ScoresIJSComponents, []ScoreIJSComponent{{Composition: ptr(5.0)}}) {
			t.Errorf("B Two: elements %s components %s", show(b.ScoresIJSElements), show(b.ScoresIJSComponents))
		}
	})

	t.Run("IJS_element_values_bonus_mark_and_missing_numbers", func(t *testing.T) {
		t.Parallel()
		page := ijsHead + sum("1", "A One") + `<table class="elm"><tbody>
			<tr><td class="num">1</td><td class="elem">3F</td><td class="bv">5.83 x</td><td class="goe"></td><td class="psv">5.83</td></tr>
			<tr><td class="num">2</td><td class="elem">2A</td><td class="bv"></td><td class="goe">1.00</td><td class="psv"></td></tr>
			<tr><td class="num">3</td><td class="elem"></td><td class="bv">1.00</td><td class="psv">1.00</td></tr>
			<tr><td class="num">x</td><td class="elem">1A</td><td class="bv">1.10</td><td class="psv">1.10</td></tr>
			<tr><td class="num">5</td><td class="elem">CCoSp4</td><td class="psv">3.50</td></tr>
			</tbody></table>`
		want := []ScoreIJSElement{{1, "3F", 5.83, 0, 5.83}, {5, "CCoSp4", 0, 0, 3.50}}
		if got := mustParse(t, page).Skaters[0].ScoresIJSElements; !reflect.DeepEqual(got, want) {
			t.Errorf("elements = %s, want %s", show(got), show(want))
		}
	})

	t.Run("deductions_keep_positive_named_amounts", func(t *testing.T) {
		t.Parallel()
		page := ijsHead + sum("1", "A One") + `<table class="ded"><thead><tr><th class="total">-3.00</th></tr></thead><tbody>
			<tr><td class="name">Falls:</td><td class="value">-2.00 (2)</td><td class="name">Illegal element:</td><td class="value">-1.00</td></tr>
			<tr><td class="name">Time violation:</td><td class="value">0.00</td><td class="name"></td><td class="value">-1.00</td></tr>
			<tr><td class="name">Costume:</td><td class="value">n/a</td></tr></tbody></table>`
		want := []Deduction{{"Falls", 2}, {"Illegal element", 1}}
		if got := mustParse(t, page).Skaters[0].Deductions; !reflect.DeepEqual(got, want) {
			t.Errorf("deductions = %s, want %s", show(got), show(want))
		}
	})

	t.Run("title_closed_by_stray_H1_keeps_only_its_own_text", func(t *testing.T) {
		t.Parallel()
		page := `<h2 class="title">My Comp<span>extra</span></H1><h2 class="catseg"> Adult Gold  Women / Free Skate </h2>` + sum("1", "A One")
		res := mustParse(t, page)
		if res.Competition != "My Comp" || res.Segment != "Adult Gold Women / Free Skate" {
			t.Errorf("Competition %q Segment %q", res.Competition, res.Segment)
		}
	})

	t.Run("CJS_told_from_IJS_by_component_names", func(t *testing.T) {
		t.Parallel()
		page := ijsHead + `<p>Judges: artistic appeal panel</p>` + sum("1", "A One") +
			`<table class="elm"><tbody><tr><td></td><td class="cn">Composition</td><td class="panel">5.00</td></tr></tbody></table>`
		if f := mustParse(t, page).Format; f != FormatIJS {
			t.Errorf("Format = %s, want IJS", f)
		}
	})

	t.Run("windows-1252_without_declaration", func(t *testing.T) {
		t.Parallel()
		page := "<table><caption><h2>Comp</h2><h2>Seg</h2></caption><tr><th>Pl</th><th>Name</th><th>1</th></tr>" +
			"<tr><td>1</td><td>Ren\xe9e O\x92Brien, Club</td><td>1</td><td>1/1</td></tr></table>"
		if got := mustParse(t, page).Skaters[0].Name; got != "Renée O’Brien" {
			t.Errorf("Name = %q", got)
		}
	})
}

func TestParse_utf16WithByteOrderMark(t *testing.T) {
	t.Parallel()
	src := []rune("<table><caption><h2>Comp</h2><h2>Seg</h2></caption><tr><th>Pl</th><th>Name</th><th>1</th></tr>" +
		"<tr><td>1</td><td>Zoë Doe, Club</td><td>1</td><td>1/1</td></tr></table>")
	page := []byte{0xff, 0xfe}
	for _, r := range src {
		page = append(page, byte(r), byte(r>>8))
	}
	res, err := Parse(bytes.NewReader(page), pageURL)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if got := res.Skaters[0].Name; got != "Zoë Doe" {
		t.Errorf("Name = %q", got)
	}
}

func mustParse(t *testing.T, page string) *Result {
	t.Helper()
	res, err := Parse(strings.NewReader(page), pageURL)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return res
}
