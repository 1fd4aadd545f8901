package results

import (
	"github.com/PuerkitoBio/goquery"
)

// standingsTable is the first table whose caption carries at least two <h2>
// (competition, segment): the 6.0 standings. The original took the page's
// first table; skipping caption-less layout tables in front of it costs
// nothing.
func standingsTable(doc *goquery.Document) *goquery.Selection {
	var found *goquery.Selection
	doc.Find("table").EachWithBreak(func(_ int, t *goquery.Selection) bool {
		if t.Find("caption").First().Find("h2").Length() >= 2 {
			found = t
			return false
		}
		return true
	})
	return found
}

// parse60 reads a 6.0 standings table. The header row's all-digit cells are
// the judges; each data row is place, "Name, Club", one ordinal per judge,
// majority and tie-breaker. Rows that are too short or whose place is not a
// whole number (withdrawals, notes) are skipped, as in the original.
func parse60(table *goquery.Selection) (*Result, error) {
	heads := table.Find("caption").First().Find("h2")
	res := &Result{
		Format:      Format60,
		Competition: text(heads.Eq(0)),
		Segment:     text(heads.Eq(1)),
	}
	res.Level = inferLevel60(res.Segment)

	rows := table.Find("tr")
	if rows.Length() == 0 {
		return nil, parseErrorf(Format60, "standings table has no rows")
	}
	rows.First().Find("th").Each(func(_ int, th *goquery.Selection) {
		if allDigits(text(th)) {
			res.JudgeCount++
		}
	})
	if res.JudgeCount == 0 {
		return nil, parseErrorf(Format60, "no judge columns in the header row")
	}
	if res.JudgeCount > maxJudges {
		return nil, parseErrorf(Format60, "%d judge columns (at most %d)", res.JudgeCount, maxJudges)
	}

	var err error
	rows.Slice(1, rows.Length()).EachWithBreak(func(_ int, tr *goquery.Selection) bool {
		s, ok := row60(tr, res.JudgeCount)
		if !ok {
			return true
		}
		if len(res.Skaters) == maxSkaters {
			err = parseErrorf(Format60, "more than %d skaters", maxSkaters)
			return false
		}
		res.Skaters = append(res.Skaters, s)
		return true
	})
	if err != nil {
		return nil, err
	}
	if len(res.Skaters) == 0 {
		return nil, parseErrorf(Format60, "no skater rows in the standings table")
	}
	return res, nil
}

// row60 reads one standings row; ok is false for rows to skip.
func row60(tr *goquery.Selection, judges int) (SkaterResult, bool) {
	cells := tr.Find("td")
	if cells.Length() < 2+judges+1 {
		return SkaterResult{}, false
	}
	place, ok := integer(trimDot(cellText(cells.Eq(0))))
	if !ok {
		return SkaterResult{}, false
	}
	s := SkaterResult{Place: place}
	s.Name, s.Club = splitNameClub(cellText(cells.Eq(1)))
	s.Scores60 = make([]Score60, judges)
	for i := range judges {
		s.Scores60[i] = Score60{JudgeNumber: int32(i + 1)} //nolint:gosec // i < maxJudges
		if o, ok := integer(cellText(cells.Eq(2 + i))); ok {
			f := float64(o)
			s.Scores60[i].Ordinal = &f
		}
	}
	s.Majority = optText(cells.Eq(2 + judges))
	s.TieBreaker = optText(cells.Eq(3 + judges))
	return s, true
}

// trimDot drops the trailing dots of a place cell such as "1.".
func trimDot(s string) string {
	for len(s) > 0 && s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}
