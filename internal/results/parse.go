package results

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

const (
	// maxPageBytes bounds what Parse reads; real pages are well under 1 MiB.
	maxPageBytes = 16 << 20
	// maxSkaters and maxJudges bound the work a hostile page can cause and
	// keep counts inside the int32 columns.
	maxSkaters = 1000
	maxJudges  = 50
)

// Parse reads one results page and detects its format from its content:
// the IJS/CJS judges' details template (h2.title, h2.catseg and table.sum
// blocks), CJS being the one whose components include "Artistic Appeal", or
// a 6.0 standings table (a <table> whose <caption> holds the competition and
// segment names in two <h2>). pageURL is recorded as Result.SourceURL.
//
// An unknown, empty or damaged page gives an error matching ErrUnrecognized
// (a *ParseError); a failing reader gives its own error.
func Parse(r io.Reader, pageURL string) (*Result, error) {
	raw, err := io.ReadAll(io.LimitReader(r, maxPageBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read results page: %w", err)
	}
	if len(raw) > maxPageBytes {
		return nil, parseErrorf("", "page is larger than %d bytes", maxPageBytes)
	}
	page := decode(raw)
	if err := checkTables(page); err != nil {
		return nil, err
	}
	root, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil, parseErrorf("", "html: %v", err)
	}
	doc := goquery.NewDocumentFromNode(root)

	var res *Result
	switch {
	case isJudgeDetail(doc):
		res, err = parseJudgeDetail(doc, judgeDetailFormat(doc))
	default:
		table := standingsTable(doc)
		if table == nil {
			return nil, parseErrorf("", "no 6.0 standings table or IJS/CJS score blocks found")
		}
		res, err = parse60(table)
	}
	if err != nil {
		return nil, err
	}
	res.SourceURL = pageURL
	return res, nil
}

// isJudgeDetail spots the ISU-style judges' details template that both IJS
// and CJS pages use.
func isJudgeDetail(doc *goquery.Document) bool {
	if doc.Find("table.sum").Length() > 0 {
		return true
	}
	return doc.Find("h2.title").Length() > 0 && doc.Find("h2.catseg").Length() > 0
}

// judgeDetailFormat tells CJS from IJS. The original looked for "artistic
// appeal" anywhere in the page; the component names are the precise place,
// and the whole text is the fallback for a page without component rows.
func judgeDetailFormat(doc *goquery.Document) Format {
	cells := doc.Find("td.cn")
	if cells.Length() == 0 {
		if strings.Contains(strings.ToLower(text(doc.Selection)), "artistic appeal") {
			return FormatCJS
		}
		return FormatIJS
	}
	cjs := false
	cells.EachWithBreak(func(_ int, c *goquery.Selection) bool {
		cjs = strings.Contains(strings.ToLower(text(c)), "artistic appeal")
		return !cjs
	})
	if cjs {
		return FormatCJS
	}
	return FormatIJS
}
