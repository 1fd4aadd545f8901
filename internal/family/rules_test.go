package family

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/skatetrax/skatetrax-api/internal/auth/session"
)

func TestActingFor(t *testing.T) {
	own, other := uuid.New(), uuid.New()
	cases := []struct {
		name       string
		active     *uuid.UUID
		relation   string
		wantSkater uuid.UUID
		wantRel    Relation
	}{
		{"no_switch_acts_for_own", nil, "", own, Self},
		{"switch_to_own_acts_for_own", &own, "", own, Self},
		{"guardian_link_acts_for_child", &other, "guardian", other, Guardian},
		{"coach_grant_acts_for_student", &other, "coach", other, Coach},
		{"revoked_permission_falls_back_to_own", &other, "", own, Self},
		{"unknown_relation_falls_back_to_own", &other, "admin", own, Self},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := ActingFor(session.Principal{UserID: 7, Skater: own, ActiveSkater: tc.active, ActiveRelation: tc.relation})
			if a.Skater != tc.wantSkater || a.Relation != tc.wantRel || a.Own != own || a.User != 7 {
				t.Errorf("got %+v", a)
			}
		})
	}
	t.Run("only_self_and_guardian_may_write", func(t *testing.T) {
		if !Self.MayWrite() || !Guardian.MayWrite() || Coach.MayWrite() || Relation("").MayWrite() {
			t.Error("write rule wrong")
		}
	})
}

func TestCheckMinorBirthday(t *testing.T) {
	now := time.Date(2026, 3, 10, 23, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		dob  time.Time
		ok   bool
	}{
		{"today_is_refused", time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), false},
		{"tomorrow_is_refused", time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC), false},
		{"yesterday_is_accepted", time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC), true},
		{"eighteenth_birthday_today_is_refused", time.Date(2008, 3, 10, 0, 0, 0, 0, time.UTC), false},
		{"eighteen_tomorrow_is_accepted", time.Date(2008, 3, 11, 0, 0, 0, 0, time.UTC), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := checkMinorBirthday(tc.dob, now); (err == nil) != tc.ok {
				t.Errorf("err %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

func TestShortName(t *testing.T) {
	s := func(v string) *string { return &v }
	cases := []struct {
		name        string
		first, last *string
		want        string
	}{
		{"first_and_initial", s("Emma"), s("Doe"), "Emma D."},
		{"multibyte_initial", s("Zoë"), s("Ørsted"), "Zoë Ø."},
		{"no_last_name", s("Emma"), nil, "Emma"},
		{"blank_last_name", s("Emma"), s("  "), "Emma"},
		{"nothing", nil, nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := ShortName(tc.first, tc.last); got != tc.want {
				t.Errorf("%q, want %q", got, tc.want)
			}
		})
	}
}
