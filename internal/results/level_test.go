package results

import "testing"

// The cases of the original's test_parsers.py, plus a few more.
func TestInferLevel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		infer   func(string) *string
		segment string
		want    string // "" means nil
	}{
		{"6.0_strips_gender_discipline_and_group", inferLevel60, "Adult High Beginner Women Free Skate - Group B", "Adult High Beginner"},
		{"6.0_keeps_name_without_gender", inferLevel60, "Adult Bronze Free Skate", "Adult Bronze Free Skate"},
		{"6.0_men", inferLevel60, "Adult Silver Men Free Skate", "Adult Silver"},
		{"6.0_possessive_gender", inferLevel60, "Pre-Juvenile Women's Short Program", "Pre-Juvenile"},
		{"6.0_empty_is_nil", inferLevel60, "", ""},
		{"IJS_strips_gender_and_discipline", inferLevelIJS, "Adult Gold Women / Free Skate", "Adult Gold"},
		{"IJS_strips_roman_numeral", inferLevelIJS, "Adult Gold Women II / Free Skate", "Adult Gold"},
		{"IJS_championship_prefix", inferLevelIJS, "Championship Adult Gold Women / Free Skate", "Championship Adult Gold"},
		{"IJS_is_case_insensitive", inferLevelIJS, "Juvenile girls / short program", "Juvenile girls"},
		{"IJS_empty_is_nil", inferLevelIJS, "", ""},
		{"IJS_only_discipline_is_nil", inferLevelIJS, " / Free Skate", ""},
		{"CJS_strips_showcase_suffix", inferLevelCJS, "Adult Pre Bronze Lyric-Character-Comedic I,II,III / Showcase", "Adult Pre Bronze"},
		{"CJS_strips_emotional", inferLevelCJS, "Adult Bronze Emotional / Showcase", "Adult Bronze"},
		{"CJS_strips_gender", inferLevelCJS, "Adult Silver Women / Showcase", "Adult Silver"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tt.infer(tt.segment)
			switch {
			case tt.want == "" && got != nil:
				t.Errorf("level(%q) = %q, want nil", tt.segment, *got)
			case tt.want != "" && (got == nil || *got != tt.want):
				t.Errorf("level(%q) = %s, want %q", tt.segment, show(got), tt.want)
			}
		})
	}
}
