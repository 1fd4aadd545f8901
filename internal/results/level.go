package results

import (
	"regexp"
	"strings"
)

// The original's best-effort level inference, pattern for pattern: the
// level is what is left of the segment name after the group, discipline,
// gender and (for CJS) style words are cut off.
var (
	group60      = regexp.MustCompile(`(?i)\s*-\s*Group\s+\w+$`)
	genderDisc60 = regexp.MustCompile(`(?i)\s+(Men|Women|Ladies|Men's|Women's)\s+(Free Skate|Short Program|Original Dance|Free Dance|Compulsory|Pattern Dance).*$`)
	discIJS      = regexp.MustCompile(`(?i)\s*/\s*(Free Skate|Short Program|Original Dance|Free Dance|Compulsory|Pattern Dance).*$`)
	discCJS      = regexp.MustCompile(`(?i)\s*/\s*(Showcase|Free Skate|Short Program).*$`)
	styleCJS     = regexp.MustCompile(`(?i)\s+(Lyric|Character|Comedic|Dramatic|Emotional|Interpretive).*$`)
	genderRoman  = regexp.MustCompile(`(?i)\s+(Men|Women|Ladies|Men's|Women's)(\s+(I{1,3}|IV|V))?\s*$`)
)

// inferLevel60: "Adult High Beginner Women Free Skate - Group B" →
// "Adult High Beginner".
func inferLevel60(segment string) *string {
	s := group60.ReplaceAllString(segment, "")
	s = genderDisc60.ReplaceAllString(s, "")
	return nonEmpty(s)
}

// inferLevelIJS: "Adult Gold Women II / Free Skate" → "Adult Gold".
func inferLevelIJS(segment string) *string {
	s := discIJS.ReplaceAllString(segment, "")
	s = genderRoman.ReplaceAllString(s, "")
	return nonEmpty(s)
}

// inferLevelCJS: "Adult Pre Bronze Lyric-Character-Comedic I,II,III /
// Showcase" → "Adult Pre Bronze".
func inferLevelCJS(segment string) *string {
	s := discCJS.ReplaceAllString(segment, "")
	s = styleCJS.ReplaceAllString(s, "")
	s = genderRoman.ReplaceAllString(s, "")
	return nonEmpty(s)
}

func nonEmpty(s string) *string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	return &s
}
