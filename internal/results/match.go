package results

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// FindSkater finds the skater called name on the page; see MatchSkater for
// the rule. ok is false when nobody, or more than one skater, matches.
func FindSkater(res *Result, name string) (*SkaterResult, bool) {
	s, err := MatchSkater(res, name)
	return s, err == nil
}

// MatchSkater finds the skater called name on the page.
//
// The original compared the typed name, trimmed and lower-cased, first for
// equality with the name part of each "Name, Club" cell and then as a
// substring of it, taking the first row in page order. This keeps the two
// steps but makes them robust and safe:
//   - names are compared without case, accents (Zoë = Zoe), punctuation or
//     extra white space, and "Mary-Jane" equals "Mary Jane";
//   - the second step matches whole words only, so "Young" still finds
//     "Ashley Young" but "Ann Lee" no longer finds "Joann Leeds";
//   - a name that fits more than one skater at the deciding step is refused
//     rather than guessed;
//   - "Name, Club" also checks the club, to tell two skaters of the same
//     name apart.
//
// The error matches ErrSkaterNotFound.
func MatchSkater(res *Result, name string) (*SkaterResult, error) {
	wantName, wantClub, hasClub := strings.Cut(name, ",")
	want := newNameKey(wantName)
	if len(want.words) == 0 {
		return nil, fmt.Errorf("%w: empty name", ErrSkaterNotFound)
	}
	var club nameKey
	if hasClub {
		club = newNameKey(wantClub)
	}
	clubOK := func(s *SkaterResult) bool {
		if !hasClub || len(club.words) == 0 {
			return true
		}
		return s.Club != nil && newNameKey(*s.Club).exact == club.exact
	}

	var exact, partial []*SkaterResult
	for i := range res.Skaters {
		s := &res.Skaters[i]
		if !clubOK(s) {
			continue
		}
		got := newNameKey(s.Name)
		switch {
		case got.exact == want.exact:
			exact = append(exact, s)
		case containsRun(got.words, want.words):
			partial = append(partial, s)
		}
	}
	for _, found := range [][]*SkaterResult{exact, partial} {
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0], nil
		default:
			return nil, fmt.Errorf("%w: %q matches %d skaters: %s",
				ErrAmbiguous, name, len(found), describe(found))
		}
	}
	return nil, fmt.Errorf("%w: %q is not on the page", ErrSkaterNotFound, name)
}

// nameKey is a name reduced for comparison. exact ignores hyphens ("Mary
// Jane" = "Mary-Jane"); words keep them, so a whole-word search for "Jane
// Smith" does not land inside "Mary-Jane Smith".
type nameKey struct {
	exact string
	words []string
}

func newNameKey(s string) nameKey {
	folded := fold(s)
	words := strings.FieldsFunc(folded, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '-'
	})
	parts := strings.FieldsFunc(folded, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
	return nameKey{exact: strings.Join(parts, " "), words: words}
}

// fold lower-cases s, strips accents and straightens apostrophes and dashes.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		switch r {
		case '\u2019', '\u2018', '\u02bc', '`', '\u00b4':
			r = '\''
		case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014':
			r = '-'
		}
		b.WriteString(foldLetter(r))
	}
	return cases.Fold().String(b.String())
}

// foldLetter spells out the letters that Unicode does not decompose into a
// base letter and an accent.
func foldLetter(r rune) string {
	switch r {
	case 'ø', 'Ø':
		return "o"
	case 'ł', 'Ł':
		return "l"
	case 'đ', 'Đ':
		return "d"
	case 'æ', 'Æ':
		return "ae"
	case 'œ', 'Œ':
		return "oe"
	case 'ı':
		return "i"
	}
	return string(r)
}

// containsRun reports whether want occurs in got as consecutive words.
func containsRun(got, want []string) bool {
	for i := 0; i+len(want) <= len(got); i++ {
		match := true
		for j := range want {
			if got[i+j] != want[j] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

func describe(ss []*SkaterResult) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = s.Name
		if s.Club != nil {
			parts[i] += " (" + *s.Club + ")"
		}
	}
	return strings.Join(parts, ", ")
}
