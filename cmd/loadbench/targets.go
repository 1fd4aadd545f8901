package main

import (
	"fmt"
	"io"
)

// targets collects the verdicts of one run.
type targets struct {
	lines  []string
	missed int
}

// check records whether got meets a target.
func (t *targets) check(ok bool, format string, args ...any) {
	verdict := "met   "
	if !ok {
		verdict = "MISSED"
		t.missed++
	}
	t.lines = append(t.lines, verdict+" "+fmt.Sprintf(format, args...))
}

// report prints the verdicts and fails the run when one was missed.
func (t *targets) report(out io.Writer) error {
	fmt.Fprintln(out, "\ntargets:")
	for _, l := range t.lines {
		fmt.Fprintln(out, "  "+l)
	}
	if t.missed > 0 {
		return fmt.Errorf("%d of %d targets missed", t.missed, len(t.lines))
	}
	return nil
}

// checkShare records an endpoint's req/s against its reference's, when both ran.
func (t *targets) checkShare(rates map[string]float64, name, reference string, min float64) {
	got, ref := rates[name], rates[reference]
	if got == 0 || ref == 0 {
		return
	}
	t.check(got/ref >= min, "%s: %.0f%% of %s (target >= %.0f%%)", name, 100*got/ref, reference, 100*min)
}
