package results

import (
	"bytes"
	"errors"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
)

// decode turns the page into UTF-8. A byte-order mark wins; then bytes that
// are valid UTF-8 are taken as such (a declared charset is often wrong, and
// an ASCII page reads the same either way); otherwise the page's declared
// charset, or windows-1252 when it declares none, as browsers do. Names
// with diacritics must survive this for matching to work.
func decode(raw []byte) []byte {
	enc, name, certain := charset.DetermineEncoding(raw, "")
	if (!certain && utf8.Valid(raw)) || enc == nil || enc == encoding.Nop || name == "utf-8" {
		// Invalid bytes in a UTF-8 page become U+FFFD in the parser.
		return raw
	}
	out, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		return raw
	}
	return out
}

// checkTables reports a page that ends inside a <table>: the sign of a
// truncated download, which would otherwise parse into a short field and a
// wrong field_size. Pages cut between tables cannot be told from whole ones.
func checkTables(page []byte) error {
	z := html.NewTokenizer(bytes.NewReader(page))
	depth := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			if errors.Is(z.Err(), io.EOF) {
				if depth > 0 {
					return parseErrorf("", "page ends inside a table (truncated?)")
				}
				return nil
			}
			return parseErrorf("", "tokenize: %v", z.Err())
		case html.StartTagToken:
			if name, _ := z.TagName(); string(name) == "table" {
				depth++
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "table" && depth > 0 {
				depth--
			}
		}
	}
}

// text is an element's text with runs of white space (NBSP included)
// squeezed to one space and the ends trimmed.
func text(s *goquery.Selection) string {
	return squash(s.Text())
}

func squash(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// directText is the first non-blank text node directly inside the first
// element of s, or its whole text when it has none. The USFS IJS template
// closes <h2 class="title"> with </H1>; the original read only the heading's
// own text so that whatever a parser nested inside it was ignored.
func directText(s *goquery.Selection) string {
	if s.Length() == 0 {
		return ""
	}
	for c := s.Get(0).FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			if t := squash(c.Data); t != "" {
				return t
			}
		}
	}
	return text(s.First())
}

// cellText is the text of the first element of s, "" when there is none.
func cellText(s *goquery.Selection) string {
	if s.Length() == 0 {
		return ""
	}
	return text(s.First())
}

// optText is cellText as a nullable column value: nil when blank.
func optText(s *goquery.Selection) *string {
	t := cellText(s)
	if t == "" {
		return nil
	}
	return &t
}

// number reads a decimal cell such as "25.50", "-1.00" or "4.84 x" (the
// second-half bonus mark). It refuses NaN and infinities, which would poison
// the database and JSON.
func number(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimSuffix(s, "x"))
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// optNumber is number on the first element of s, nil when absent or not a number.
func optNumber(s *goquery.Selection) *float64 {
	f, ok := number(cellText(s))
	if !ok {
		return nil
	}
	return &f
}

// integer reads a whole-number cell such as "3" or "3." (6.0 places).
func integer(s string) (int32, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 32)
	if err != nil {
		return 0, false
	}
	return int32(n), true
}

// deductionValue reads a deduction amount: "-1.00", or "-2.00 (2)" with the
// count of falls the template may add. The sign is dropped.
var deductionValue = regexp.MustCompile(`^-?\s*([0-9]+(?:\.[0-9]+)?)\s*(?:\([0-9]+\))?$`)

func deduction(s string) (float64, bool) {
	m := deductionValue.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, false
	}
	return number(m[1])
}

// splitNameClub splits "Ashley Young, Carolinas FSC" at the first comma.
func splitNameClub(cell string) (string, *string) {
	name, club, found := strings.Cut(cell, ",")
	if !found {
		return strings.TrimSpace(cell), nil
	}
	club = strings.TrimSpace(club)
	if club == "" {
		return strings.TrimSpace(name), nil
	}
	return strings.TrimSpace(name), &club
}

// allDigits reports a non-empty string of ASCII digits (a judge column head).
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
