package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestTargetsFailTheRunWhenOneIsMissed(t *testing.T) {
	var v targets
	rates := map[string]float64{"session": 30, "bare": 100, "health": 50}
	v.checkShare(rates, "session", "bare", 0.35)
	v.checkShare(rates, "health", "bare", 0.40)
	v.checkShare(rates, "not measured", "bare", 0.40)
	v.check(true, "memory")
	var out bytes.Buffer
	err := v.report(&out)
	if err == nil || !strings.Contains(err.Error(), "1 of 3 targets missed") {
		t.Fatalf("report = %v, want one of three missed", err)
	}
	for _, want := range []string{"MISSED session: 30% of bare (target >= 35%)", "met    health: 50% of bare (target >= 40%)", "met    memory"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}

	var all targets
	all.check(true, "fine")
	if err := all.report(&out); err != nil {
		t.Errorf("every target met, report = %v", err)
	}
}
