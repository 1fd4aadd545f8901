package members

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/database"
	"github.com/skatetrax/skatetrax-api/internal/ptr"
	"github.com/skatetrax/skatetrax-api/internal/skatetime"
)

// Overview is the profile page and the navbar's name and total time.
type Overview struct {
	FirstName, MiddleName, LastName *string
	Zip, City, State, Country       *string
	Email, Username                 string
	Phone                           *string
	Created                         *time.Time
	Timezone                        *string
	PreferredRink                   *string
	PreferredRinkID                 *uuid.UUID
	PreferredMaintHours             *int32
	// PrimaryCoach is "First Last", nil when the profile names no coach row.
	PrimaryCoach   *string
	PrimaryCoachID *uuid.UUID
	// IceConfig is "<boots> / <blades>" of the active configuration, nil when none is.
	IceConfig         *string
	Roles             []string
	ContactPreference *string
	ShareToken        *uuid.UUID
	ClubName          *string
	ClubJoined        *time.Time
	USFSANumber       *int32
	TotalIceTime      skatetime.HM
}

// Overview answers the skater's profile overview.
func (s *Service) Overview(ctx context.Context, skaterID uuid.UUID) (Overview, error) {
	var out Overview
	err := database.ReadTx(ctx, s.pool, func(q *db.Queries) error {
		r, err := q.GetOverview(ctx, &skaterID)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.NoProfileError("Profile not found", "Profile not found")
		}
		if err != nil {
			return fmt.Errorf("load overview: %w", err)
		}
		roles := []string{"minor"} // a minor profile (issue 15) has no login, so no roles of its own
		if r.UserID != nil {
			if roles, err = q.UserRoleNames(ctx, *r.UserID); err != nil {
				return fmt.Errorf("load roles: %w", err)
			}
		}
		lifetime, err := q.GetLifetimeTotals(ctx, skaterID)
		if err != nil {
			return fmt.Errorf("lifetime totals: %w", err)
		}
		out = Overview{
			FirstName: r.USkaterFname, MiddleName: r.USkaterMname, LastName: r.USkaterLname,
			Zip: r.USkaterZip, City: r.USkaterCity, State: r.USkaterState, Country: r.USkaterCountry,
			Email: r.AEmail, Phone: r.PhoneNumber, Username: r.ALogin,
			Created: skatetime.StoredUTC(r.DateCreated), Timezone: r.USkaterTZ,
			PreferredRink: r.RinkName, PreferredRinkID: r.USkaterRinkPref, PreferredMaintHours: r.USkaterMaintPref,
			PrimaryCoachID: r.ActiveCoach, Roles: roles, ContactPreference: r.ContactPreference, ShareToken: r.ShareToken,
			ClubName: r.ClubName, ClubJoined: skatetime.StoredUTC(r.OrgClubJoinDate), USFSANumber: r.OrgUSFSANumber,
			TotalIceTime: hm(lifetime.IceMinutes),
		}
		if r.CoachFname != nil || r.CoachLname != nil {
			name := fullName(r.CoachFname, r.CoachLname)
			out.PrimaryCoach = &name
		}
		if r.USkaterComboIce != nil && r.HasConfig {
			config := iceConfigName(r.BootsName, r.BootsModel, r.BladesName, r.BladesModel)
			out.IceConfig = &config
		}
		if out.Roles == nil {
			out.Roles = []string{}
		}
		return nil
	})
	return out, err
}

// iceConfigName is "<boots name model> / <blades name model>", empty parts dropped (the
// original's format).
func iceConfigName(bootsName, bootsModel, bladesName, bladesModel *string) string {
	var parts []string
	for _, p := range []string{
		strings.TrimSpace(ptr.Deref(bootsName) + " " + ptr.Deref(bootsModel)),
		strings.TrimSpace(ptr.Deref(bladesName) + " " + ptr.Deref(bladesModel)),
	} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " / ")
}
