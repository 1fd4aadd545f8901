package card

import "testing"

func TestPublicMinorRedactsWhatLocatesAChild(t *testing.T) {
	s := func(v string) *string { return &v }
	c := Card{
		Identity: Identity{FirstName: s("Emma"), MiddleName: s("Mae"), LastName: s("Doe"), City: s("Cary"), State: s("NC"), Club: s("Triangle FSC")},
		Recent:   Recent{Rinks: []string{"Polar Ice"}, LastEvent: &Event{Name: "Spring Open", Location: s("Cary, NC")}},
		Current:  Current{Coach: s("Kim Lee"), HomeRink: s("Polar Ice"), Boots: s("Jackson")},
	}
	p := c.PublicMinor()
	if *p.Identity.FirstName != "Emma" || *p.Identity.LastName != "D." {
		t.Errorf("name %q %q", *p.Identity.FirstName, *p.Identity.LastName)
	}
	for name, v := range map[string]*string{"middle": p.Identity.MiddleName, "city": p.Identity.City, "state": p.Identity.State,
		"club": p.Identity.Club, "coach": p.Current.Coach, "home rink": p.Current.HomeRink, "event location": p.Recent.LastEvent.Location} {
		if v != nil {
			t.Errorf("%s shown: %q", name, *v)
		}
	}
	if p.Recent.Rinks != nil || p.Recent.LastEvent.Name != "Spring Open" || *p.Current.Boots != "Jackson" {
		t.Errorf("card %+v", p)
	}
	if *c.Identity.LastName != "Doe" || c.Recent.LastEvent.Location == nil {
		t.Error("the owner's card was changed")
	}
}
