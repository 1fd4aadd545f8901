package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/gen/api"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

// GetSkaterOverview answers the profile page and the navbar's name and total time.
func (h *Handlers) GetSkaterOverview(ctx context.Context, _ api.GetSkaterOverviewRequestObject) (api.GetSkaterOverviewResponseObject, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	r, err := h.q.GetOverview(ctx, &p.Skater)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, &apperr.Error{Code: apperr.NotFound, ErrorText: "Profile not found", Message: "Profile not found"}
	}
	if err != nil {
		return nil, fmt.Errorf("load overview: %w", err)
	}
	roles, err := h.q.UserRoleNames(ctx, r.UserID)
	if err != nil {
		return nil, fmt.Errorf("load roles: %w", err)
	}
	lifetime, err := h.q.GetLifetimeTotals(ctx, p.Skater)
	if err != nil {
		return nil, fmt.Errorf("lifetime totals: %w", err)
	}
	var out api.GetSkaterOverview200JSONResponse
	g := &out.UserGeneral
	g.UserFirstName, g.UserMiddleName, g.UserLastName = r.USkaterFname, r.USkaterMname, r.USkaterLname
	g.UserLocationZip, g.UserLocationCity, g.UserLocationState, g.UserLocationCountry = r.USkaterZip, r.USkaterCity, r.USkaterState, r.USkaterCountry
	out.UserContact.Email, out.UserContact.Phone, out.UserContact.Username = r.AEmail, r.PhoneNumber, r.ALogin
	m := &out.UserMeta
	m.UserCreationDate = utcPtr(r.DateCreated)
	m.UserTimezone = r.USkaterTZ
	m.UserPreferredRink, m.UserPreferredRinkId = r.RinkName, apiUUID(r.USkaterRinkPref)
	m.UserPreferredMaintHours = r.USkaterMaintPref
	if r.CoachFname != nil || r.CoachLname != nil {
		name := fullName(r.CoachFname, r.CoachLname)
		m.UserPrimaryCoach = &name
	}
	m.UserPrimaryCoachId = apiUUID(r.ActiveCoach)
	if r.USkaterComboIce != nil && r.HasConfig {
		config := iceConfigName(r.BootsName, r.BootsModel, r.BladesName, r.BladesModel)
		m.UserIceConfig = &config
	}
	m.UserRoles = roles
	if m.UserRoles == nil {
		m.UserRoles = []string{}
	}
	m.ContactPreference, m.ShareToken = r.ContactPreference, apiUUID(r.ShareToken)
	out.UserMemberships.AffiliatedClubName = r.ClubName
	out.UserMemberships.AffiliatedClubDate = utcPtr(r.OrgClubJoinDate)
	out.UserMemberships.UsfsaNumber = r.OrgUSFSANumber
	out.TotalIceTime = hm(lifetime.IceMinutes)
	return out, nil
}

// iceConfigName is "<boots name model> / <blades name model>", empty parts dropped (the
// original's format).
func iceConfigName(bootsName, bootsModel, bladesName, bladesModel *string) string {
	var parts []string
	for _, p := range []string{
		strings.TrimSpace(deref(bootsName) + " " + deref(bootsModel)),
		strings.TrimSpace(deref(bladesName) + " " + deref(bladesModel)),
	} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " / ")
}
