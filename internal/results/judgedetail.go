package results

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// block is one skater's tables on a judges' details page: the summary
// (table.sum), elements and components (table.elm) and deductions
// (table.ded). The majority-deductions table (table.maj) is not read.
type block struct {
	sum, elm, ded *goquery.Selection
}

// blocks groups the page's tables in document order: each elm and ded table
// belongs to the summary before it. The original paired the i-th tables of
// each kind, which is the same on a well-formed page but lets one missing
// table shift every later skater's scores onto the wrong person.
func blocks(doc *goquery.Document) []*block {
	var out []*block
	doc.Find("table").Each(func(_ int, t *goquery.Selection) {
		switch {
		case t.HasClass("sum"):
			out = append(out, &block{sum: t})
		case t.HasClass("elm") && len(out) > 0 && out[len(out)-1].elm == nil:
			out[len(out)-1].elm = t
		case t.HasClass("ded") && len(out) > 0 && out[len(out)-1].ded == nil:
			out[len(out)-1].ded = t
		}
	})
	return out
}

// parseJudgeDetail reads an IJS or CJS judges' details page.
func parseJudgeDetail(doc *goquery.Document, f Format) (*Result, error) {
	res := &Result{
		Format:      f,
		Competition: directText(doc.Find("h2.title").First()),
		Segment:     directText(doc.Find("h2.catseg").First()),
	}
	if res.Competition == "" || res.Segment == "" {
		return nil, parseErrorf(f, "no competition or segment name (h2.title, h2.catseg)")
	}
	if f == FormatCJS {
		res.Level = inferLevelCJS(res.Segment)
	} else {
		res.Level = inferLevelIJS(res.Segment)
	}

	bs := blocks(doc)
	if len(bs) == 0 {
		return nil, parseErrorf(f, "no summary tables (table.sum)")
	}
	if len(bs) > maxSkaters {
		return nil, parseErrorf(f, "more than %d skaters", maxSkaters)
	}
	for _, b := range bs {
		s, ok := summary(b.sum)
		if !ok {
			continue
		}
		if f == FormatCJS {
			s.ScoresCJS = []ScoreCJS{cjsComponents(b.elm)}
		} else {
			comp, elems := ijsElements(b.elm)
			s.ScoresIJSComponents = []ScoreIJSComponent{comp}
			s.ScoresIJSElements = elems
		}
		s.Deductions = deductions(b.ded)
		res.Skaters = append(res.Skaters, s)
	}
	if len(res.Skaters) == 0 {
		return nil, parseErrorf(f, "no skater rows in the summary tables")
	}
	return res, nil
}

// summary reads the skater's row of a table.sum: td.rank, td.name and the
// totals. ok is false when the row or a whole-number rank is missing.
func summary(t *goquery.Selection) (SkaterResult, bool) {
	var row *goquery.Selection
	t.Find("tr").EachWithBreak(func(_ int, tr *goquery.Selection) bool {
		if tr.Find("td.rank").Length() > 0 {
			row = tr
			return false
		}
		return true
	})
	if row == nil || row.Find("td.name").Length() == 0 {
		return SkaterResult{}, false
	}
	place, ok := integer(cellText(row.Find("td.rank")))
	if !ok {
		return SkaterResult{}, false
	}
	s := SkaterResult{Place: place}
	s.Name, s.Club = splitNameClub(cellText(row.Find("td.name")))
	s.TotalSegmentScore = optNumber(row.Find("td.totSeg"))
	s.TotalElementScore = optNumber(row.Find("td.totElm"))
	s.TotalComponentScore = optNumber(row.Find("td.totComp"))
	s.TotalDeductions = optNumber(row.Find("td.totDed"))
	return s, true
}

// ijsElements reads a table.elm: element rows (td.num) and component rows
// (td.cn, with the panel's value in td.panel). The components come back as
// the single judge-0 row the original stored, with nil for any component
// the page lacks. The original also read a component factor (td.gcfv) that
// it never stored; it is not read here.
func ijsElements(t *goquery.Selection) (ScoreIJSComponent, []ScoreIJSElement) {
	comp := ScoreIJSComponent{JudgeNumber: 0}
	var elems []ScoreIJSElement
	if t == nil {
		return comp, elems
	}
	t.Find("tr").Each(func(_ int, tr *goquery.Selection) {
		switch {
		case tr.Find("td.num").Length() > 0:
			if e, ok := element(tr); ok {
				elems = append(elems, e)
			}
		case tr.Find("td.cn").Length() > 0:
			name := strings.ToLower(cellText(tr.Find("td.cn")))
			value := optNumber(tr.Find("td.panel"))
			switch {
			case strings.Contains(name, "composition"):
				comp.Composition = value
			case strings.Contains(name, "presentation"):
				comp.Presentation = value
			case strings.Contains(name, "skating skill"):
				comp.SkatingSkills = value
			}
		}
	})
	return comp, elems
}

// element reads one executed element. Like the original it keeps rows with
// a name and a base value or panel score, and stores missing numbers as 0.
func element(tr *goquery.Selection) (ScoreIJSElement, bool) {
	num, ok := integer(cellText(tr.Find("td.num")))
	if !ok {
		return ScoreIJSElement{}, false
	}
	name := cellText(tr.Find("td.elem"))
	bv := optNumber(tr.Find("td.bv"))
	psv := optNumber(tr.Find("td.psv"))
	if name == "" || (bv == nil && psv == nil) {
		return ScoreIJSElement{}, false
	}
	return ScoreIJSElement{
		ElementNumber: num,
		ElementName:   name,
		BaseValue:     orZero(bv),
		GOE:           orZero(optNumber(tr.Find("td.goe"))),
		FinalScore:    orZero(psv),
	}, true
}

// cjsComponents reads the CJS components (Artistic Appeal, Performance,
// Skating Skills) of a table.elm into the single judge-0 row.
func cjsComponents(t *goquery.Selection) ScoreCJS {
	comp := ScoreCJS{JudgeNumber: 0}
	if t == nil {
		return comp
	}
	t.Find("tr").Each(func(_ int, tr *goquery.Selection) {
		cn := tr.Find("td.cn")
		if cn.Length() == 0 {
			return
		}
		name := strings.ToLower(cellText(cn))
		value := optNumber(tr.Find("td.panel"))
		switch {
		case strings.Contains(name, "artistic appeal"):
			comp.ArtisticAppeal = value
		case strings.Contains(name, "performance"):
			comp.Performance = value
		case strings.Contains(name, "skating skill"):
			comp.SkatingSkills = value
		}
	})
	return comp
}

// deductions reads a table.ded. A total (th.total) of zero means none;
// otherwise each row pairs td.name ("Falls:") with td.value ("-1.00") and
// only positive amounts are kept.
func deductions(t *goquery.Selection) []Deduction {
	if t == nil {
		return nil
	}
	if total, ok := deduction(cellText(t.Find("th.total"))); ok && total == 0 {
		return nil
	}
	var out []Deduction
	t.Find("tr").Each(func(_ int, tr *goquery.Selection) {
		names, values := tr.Find("td.name"), tr.Find("td.value")
		for i := range min(names.Length(), values.Length()) {
			name := strings.TrimSpace(strings.TrimRight(text(names.Eq(i)), ":"))
			v, ok := deduction(text(values.Eq(i)))
			if name == "" || !ok || v <= 0 {
				continue
			}
			out = append(out, Deduction{Type: name, Value: v})
		}
	})
	return out
}

func orZero(f *float64) float64 {
	if f == nil {
		return 0
	}
	return *f
}
