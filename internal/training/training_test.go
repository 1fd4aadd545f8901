package training

import (
	"errors"
	"fmt"
	"math"
	"testing"
	"time"
)

func ptr[T any](v T) *T { return &v }

func TestSessionSplit(t *testing.T) {
	cases := []struct {
		name                   string
		ice, coach             *int32
		group                  bool
		practice, coached, grp int64
	}{
		{"practice only is all practice", ptr[int32](60), ptr[int32](0), false, 60, 0, 0},
		{"coached part is taken from practice", ptr[int32](60), ptr[int32](25), false, 35, 25, 0},
		{"group class with a coach counts once", ptr[int32](60), ptr[int32](60), true, 0, 0, 60},
		{"coach minutes above the session are capped", ptr[int32](30), ptr[int32](45), false, 0, 30, 0},
		{"negative coach minutes count as none", ptr[int32](30), ptr[int32](-5), false, 30, 0, 0},
		{"missing minutes count as 0", nil, nil, false, 0, 0, 0},
		{"a negative session stays visible", ptr[int32](-10), ptr[int32](5), false, -10, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := SessionSplit(c.ice, c.coach, c.group)
			if s.Practice() != c.practice || s.Coached != c.coached || s.Group != c.grp {
				t.Errorf("practice %d coached %d group %d", s.Practice(), s.Coached, s.Group)
			}
			if s.Practice()+s.Coached+s.Group != s.Total {
				t.Error("kinds do not add up to the total")
			}
		})
	}
	sum := SessionSplit(ptr[int32](60), ptr[int32](30), false).Add(SessionSplit(ptr[int32](45), nil, true))
	if p, c, g := sum.HM(); p.TotalMinutes() != 30 || c.TotalMinutes() != 30 || g.TotalMinutes() != 45 {
		t.Errorf("HM = %v %v %v", p, c, g)
	}
	if p, _, _ := (Split{Total: 65}).AverageHM(3); p.Hours != 0 || p.Minutes != 21.7 {
		t.Errorf("average = %v", p)
	}
}

func TestClock(t *testing.T) {
	cases := []struct {
		name                         string
		pref                         *int32
		active                       int64
		interval, remaining, overdue int64
		set                          bool
	}{
		{"no interval: off, never negative", nil, 500, 0, 0, 0, false},
		{"within the interval counts down", ptr[int32](21), 385, 1260, 875, 0, true},
		{"exactly at the interval is due, not overdue", ptr[int32](21), 1260, 1260, 0, 0, true},
		{"past the interval is overdue", ptr[int32](1), 70, 60, 0, 10, true},
		{"zero interval is overdue at once", ptr[int32](0), 5, 0, 0, 5, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := NewClock(c.pref, c.active)
			if got.Interval != c.interval || got.Remaining != c.remaining || got.Overdue != c.overdue ||
				got.IntervalSet != c.set || got.Active != c.active || got.IsOverdue() != (c.overdue > 0) {
				t.Errorf("%+v", got)
			}
		})
	}
}

func TestMinutesFromHours(t *testing.T) {
	for _, c := range []struct {
		hours float64
		want  int32
	}{{0, 0}, {21, 1260}, {2.25, 135}, {0.5, 30}, {1.0 / 3, 20}, {0.0125, 1}, {0.025, 2}, {10000, 600000}} {
		t.Run(fmt.Sprintf("%v_hours_are_%d_minutes", c.hours, c.want), func(t *testing.T) {
			got, err := MinutesFromHours(c.hours)
			if err != nil || got != c.want {
				t.Errorf("MinutesFromHours(%v) = %d, %v; want %d", c.hours, got, err, c.want)
			}
		})
	}
	for _, bad := range []float64{-0.01, 10000.01, math.NaN(), math.Inf(1)} {
		t.Run(fmt.Sprintf("%v_hours_are_out_of_range", bad), func(t *testing.T) {
			if _, err := MinutesFromHours(bad); !errors.Is(err, ErrHoursOutOfRange) {
				t.Errorf("MinutesFromHours(%v) err = %v", bad, err)
			}
		})
	}
	if Hours(90) != 1.5 {
		t.Error("Hours(90) != 1.5")
	}
}

func TestCursorRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    Cursor
	}{
		{"start_round_trips", Start},
		{"undated_start_round_trips", UndatedStart},
		{"dated_cursor_keeps_microseconds", Cursor{Dated: true, Date: time.Date(2026, 11, 24, 5, 0, 0, 123000, time.UTC), ID: 42}},
		{"old_date_round_trips", Cursor{Dated: true, Date: time.Date(1889, 1, 1, 0, 0, 0, 0, time.UTC), ID: 1}},
		{"undated_cursor_round_trips", Cursor{ID: 7}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseCursor(tc.c.Encode())
			if err != nil || got.Dated != tc.c.Dated || !got.Date.Equal(tc.c.Date) || got.ID != tc.c.ID {
				t.Errorf("round trip of %+v = %+v, %v", tc.c, got, err)
			}
		})
	}
	for _, bad := range []string{"", "!!", "ZDox", Cursor{ID: 0}.Encode(), "bjotMQ", "eDox", "ZDp4OjE"} {
		t.Run(fmt.Sprintf("cursor_%q_is_refused", bad), func(t *testing.T) {
			if _, err := ParseCursor(bad); !errors.Is(err, ErrBadCursor) {
				t.Errorf("ParseCursor(%q) err = %v", bad, err)
			}
		})
	}
}
