package results

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse feeds arbitrary bytes to Parse and arbitrary names to
// MatchSkater. Neither may panic; Parse may only fail with ErrUnrecognized
// (its reader cannot fail), and what it returns must be self-consistent.
//
//	go test ./internal/results -run '^$' -fuzz FuzzParse -fuzztime 30s -fuzzminimizetime 50x
//
// (The fixtures are large seeds; without a small -fuzzminimizetime the
// engine spends the run shrinking them.)
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.htm*"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no fixtures: %v", err)
	}
	for _, name := range files {
		page, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(page, "Ashley Young")
	}
	f.Add([]byte(`<table><caption><h2>C</h2><h2>S</h2></caption><tr><th>1</th></tr><tr><td>1</td><td>A, B</td><td>1</td><td>1/1</td></tr></table>`), "a")
	f.Add([]byte(`<h2 class="title">C</H1><h2 class="catseg">S</h2><table class="sum"><tr><td class="rank">1</td><td class="name">A</td></tr></table>`), "A, ")
	f.Add([]byte("\xef\xbb\xbf<table><caption><h2>\xff</h2>"), "\u0301")

	f.Fuzz(func(t *testing.T, page []byte, name string) {
		res, err := Parse(bytes.NewReader(page), pageURL)
		if err != nil {
			if !errors.Is(err, ErrUnrecognized) {
				t.Fatalf("error %v is not ErrUnrecognized", err)
			}
			return
		}
		switch res.Format {
		case Format60, FormatIJS, FormatCJS:
		default:
			t.Fatalf("format %q", res.Format)
		}
		if len(res.Skaters) == 0 || int(res.FieldSize()) != len(res.Skaters) || len(res.Names()) != len(res.Skaters) {
			t.Fatalf("field size %d for %d skaters", res.FieldSize(), len(res.Skaters))
		}
		for i := range res.Skaters {
			s := &res.Skaters[i]
			if res.Format == Format60 && len(s.Scores60) != res.JudgeCount {
				t.Fatalf("%d ordinals for %d judges", len(s.Scores60), res.JudgeCount)
			}
			if res.Format == FormatIJS && len(s.ScoresIJSComponents) != 1 {
				t.Fatalf("%d IJS component rows", len(s.ScoresIJSComponents))
			}
			if res.Format == FormatCJS && len(s.ScoresCJS) != 1 {
				t.Fatalf("%d CJS component rows", len(s.ScoresCJS))
			}
			for _, d := range s.Deductions {
				if d.Value <= 0 || d.Type == "" {
					t.Fatalf("deduction %+v", d)
				}
			}
			if got, err := MatchSkater(res, s.Name); err == nil && got == nil {
				t.Fatal("nil skater without error")
			}
		}
		if got, err := MatchSkater(res, name); (err == nil) == (got == nil) {
			t.Fatalf("MatchSkater(%q) = %v, %v", name, got, err)
		}
	})
}
