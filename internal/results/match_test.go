package results

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func standings(cells ...string) *Result {
	res := &Result{Format: Format60}
	for i, c := range cells {
		s := SkaterResult{Place: int32(i + 1)}
		s.Name, s.Club = splitNameClub(c)
		res.Skaters = append(res.Skaters, s)
	}
	return res
}

func TestMatchSkater(t *testing.T) {
	t.Parallel()
	page, err := Parse(bytes.NewReader(readFixture(t, "six_0.htm")), pageURL)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		res    *Result
		search string
		want   int32 // place of the expected skater; 0 means not found
	}{
		{"exact_name", page, "Ashley Young", 3},
		{"case_and_white_space_ignored", page, "  ashley   YOUNG ", 3},
		{"accents_ignored", page, "Zoe Angstrom", 2},
		{"accents_given_match_too", page, "ZOË ÅNGSTRÖM", 2},
		{"hyphen_or_space_in_a_double_name", page, "Mary Jane Smith", 4},
		{"whole_word_surname", page, "Young", 3},
		{"whole_word_first_name", page, "Jane", 1},
		{"whole_words_in_order", page, "Jane Doe", 1},
		{"name_and_club", page, "Ashley Young, Carolinas FSC", 3},
		{"name_and_wrong_club", page, "Ashley Young, Skating Club of Boston", 0},
		{"part_of_a_word_is_not_a_match", page, "Ash", 0},
		{"part_of_a_hyphenated_name_is_not_a_match", page, "Jane Smith", 0},
		{"words_out_of_order", page, "Young Ashley", 0},
		{"club_alone_is_not_a_name", page, "Carolinas FSC", 0},
		{"empty", page, "   ", 0},
		{"only_punctuation", page, " , . ", 0},
		{"withdrawn_row_is_not_on_the_page", page, "Kim Lee", 0},
		{"substring_across_words_no_longer_matches", standings("Joann Leeds, Club A"), "Ann Lee", 0},
		{"exact_beats_partial", standings("Ashley Young-Smith, A", "Ashley Young, B"), "ashley young", 2},
		{"exact_beats_partial_even_when_later", standings("Ashley Young Jr, A", "Ashley Young, B"), "Ashley Young", 2},
		{"ambiguous_partial_is_refused", standings("Ashley Young, A", "Brooke Young, B"), "Young", 0},
		{"ambiguous_exact_is_refused", standings("Jane Doe, Club A", "Jane Doe, Club B"), "Jane Doe", 0},
		{"club_settles_an_ambiguous_name", standings("Jane Doe, Club A", "Jane Doe, Club B"), "jane doe, club b", 2},
		{"curly_apostrophe", standings("Erin O'Brien, A"), "Erin O’Brien", 1},
		{"letters_without_decomposition", standings("Łukasz Østergård, A"), "Lukasz Ostergard", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := MatchSkater(tt.res, tt.search)
			found, ok := FindSkater(tt.res, tt.search)
			if ok != (err == nil) || found != s {
				t.Fatalf("FindSkater and MatchSkater disagree: %v/%v vs %v/%v", found, ok, s, err)
			}
			if tt.want == 0 {
				if err == nil {
					t.Fatalf("matched %q (place %d), want no match", s.Name, s.Place)
				}
				if !errors.Is(err, ErrSkaterNotFound) {
					t.Fatalf("err = %v, want ErrSkaterNotFound", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("MatchSkater: %v", err)
			}
			if s.Place != tt.want {
				t.Errorf("matched %q (place %d), want place %d", s.Name, s.Place, tt.want)
			}
			if s != &tt.res.Skaters[tt.want-1] {
				t.Error("result does not point into Result.Skaters")
			}
		})
	}
}

func TestMatchSkater_ambiguityIsExplained(t *testing.T) {
	t.Parallel()
	_, err := MatchSkater(standings("Ashley Young, A", "Brooke Young"), "young")
	if err == nil || !strings.Contains(err.Error(), "Ashley Young (A), Brooke Young") {
		t.Fatalf("err = %v", err)
	}
}
