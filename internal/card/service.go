package card

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/lookups"
	"github.com/skatetrax/skatetrax-api/internal/ptr"
	"github.com/skatetrax/skatetrax-api/internal/ratelimit"
	"github.com/skatetrax/skatetrax-api/internal/reqinfo"
	"github.com/skatetrax/skatetrax-api/internal/skatetime"
)

// Service reads cards and manages their share links.
type Service struct {
	q       *db.Queries
	limiter *ratelimit.Limiter
	lookups ratelimit.Rule
	logger  *slog.Logger
	// Now is the clock; tests may replace it.
	Now func() time.Time
}

// New builds the service. lookups limits failed public-card lookups per
// client address.
func New(q *db.Queries, limiter *ratelimit.Limiter, lookups ratelimit.Rule, logger *slog.Logger) *Service {
	return &Service{q: q, limiter: limiter, lookups: lookups, logger: logger, Now: time.Now}
}

// ErrProfileNotFound is the answer for a skater who has not onboarded.
func ErrProfileNotFound() *apperr.Error {
	return apperr.NoProfileError("Profile not found",
		"No skater profile yet: complete onboarding (POST /api/v4/auth/onboard) first.")
}

// ErrNotShared is the one answer for unknown, malformed and revoked share
// tokens, so a guesser learns nothing from it.
func ErrNotShared() *apperr.Error {
	const text = "Skater card not found or no longer shared"
	return &apperr.Error{Code: apperr.NotFound, ErrorText: text, Message: text}
}

// ErrInvalidShareLink is the original's answer to a token that is not a UUID
// at all (400); unknown and revoked tokens get ErrNotShared.
func ErrInvalidShareLink() *apperr.Error {
	const text = "Invalid share link"
	return &apperr.Error{Code: apperr.BadRequest, ErrorText: text, Message: text}
}

func errTooManyLookups(retry time.Duration) *apperr.Error {
	return &apperr.Error{Code: apperr.RateLimited, ErrorText: "Too many requests",
		Message: "Too many requests. Try again later.", RetryAfter: max(int(retry/time.Second), 1)}
}

// Card returns the skater's own card.
func (s *Service) Card(ctx context.Context, skater uuid.UUID) (Card, error) {
	return s.build(ctx, skater)
}

// SharedCard returns the public view of the card shared under token. Failed
// lookups count against the client's address; once over the limit, every
// lookup from it is refused until the window ends. Views that succeed are
// not counted.
func (s *Service) SharedCard(ctx context.Context, token string) (Card, error) {
	bucket := "card-share:ip:" + reqinfo.From(ctx).IP
	d, err := s.limiter.Check(ctx, bucket, s.lookups)
	if err != nil {
		return Card{}, err
	}
	if !d.Allowed {
		s.logger.InfoContext(ctx, "shared card lookup refused: too many misses", "bucket", bucket)
		return Card{}, errTooManyLookups(d.RetryAfter)
	}
	skater, found, err := s.resolve(ctx, token)
	if err != nil && !errors.Is(err, errNotUUID) {
		return Card{}, err
	}
	if !found {
		if _, err := s.limiter.Hit(ctx, bucket, s.lookups); err != nil {
			return Card{}, err
		}
		if err != nil {
			return Card{}, ErrInvalidShareLink()
		}
		return Card{}, ErrNotShared()
	}
	c, err := s.build(ctx, skater)
	if err != nil {
		if e, ok := apperr.As(err); ok && e.Code == apperr.NotFound {
			return Card{}, ErrNotShared() // the profile went away meanwhile
		}
		return Card{}, err
	}
	minor, err := s.q.IsMinorSkater(ctx, skater)
	if err != nil {
		return Card{}, fmt.Errorf("check minor: %w", err)
	}
	if minor {
		return c.PublicMinor(), nil
	}
	return c.Public(), nil
}

// errNotUUID marks a share token that is not a UUID in any spelling.
var errNotUUID = errors.New("share token is not a UUID")

// resolve maps a share token to its skater. Any spelling of a UUID the
// original accepted (hyphenated, bare hex, braces, urn:uuid:, any case) is
// looked up; text that is no UUID at all is errNotUUID (the original's 400).
func (s *Service) resolve(ctx context.Context, token string) (uuid.UUID, bool, error) {
	id, err := uuid.Parse(token)
	if err != nil {
		return uuid.UUID{}, false, errNotUUID
	}
	if id == uuid.Nil {
		return uuid.UUID{}, false, nil
	}
	skater, err := s.q.SkaterByCardShareToken(ctx, id)
	if errors.Is(err, pgx.ErrNoRows) {
		return uuid.UUID{}, false, nil
	}
	if err != nil {
		return uuid.UUID{}, false, fmt.Errorf("look up card share token: %w", err)
	}
	return skater, true, nil
}

// Share returns the card's share token, creating a random UUID v4 only when
// the card has none.
func (s *Service) Share(ctx context.Context, skater uuid.UUID) (uuid.UUID, error) {
	token, err := s.q.ShareCard(ctx, db.ShareCardParams{NewToken: uuid.New(), Skater: skater})
	if errors.Is(err, pgx.ErrNoRows) {
		return uuid.UUID{}, ErrProfileNotFound()
	}
	if err != nil {
		return uuid.UUID{}, fmt.Errorf("share card of %s: %w", skater, err)
	}
	return token, nil
}

// Revoke deletes the card's share token; the public link stops working at once.
func (s *Service) Revoke(ctx context.Context, skater uuid.UUID) error {
	n, err := s.q.RevokeCardShare(ctx, skater)
	if err != nil {
		return fmt.Errorf("revoke card share of %s: %w", skater, err)
	}
	if n == 0 {
		return ErrProfileNotFound()
	}
	return nil
}

// SetContactPreference stores the preference (one of ContactPreferences, or
// nil to clear it) and returns the stored value.
func (s *Service) SetContactPreference(ctx context.Context, skater uuid.UUID, pref *string) (*string, error) {
	if pref != nil && !slices.Contains(ContactPreferences, *pref) {
		return nil, &apperr.Error{Code: apperr.BadRequest, ErrorText: "Invalid preference. Must be one of: email, phone, social, text",
			Message: "Invalid preference. Must be one of: email, phone, social, text"}
	}
	stored, err := s.q.SetContactPreference(ctx, db.SetContactPreferenceParams{Preference: pref, Skater: skater})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrProfileNotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("set contact preference of %s: %w", skater, err)
	}
	return stored, nil
}

// build reads the card with a fixed number of queries, whatever the size of
// the skater's history: the profile, the training sums, the recent rink
// names, the competition counts, the last competition and the playlists.
func (s *Service) build(ctx context.Context, skater uuid.UUID) (Card, error) {
	p, err := s.q.GetCardProfile(ctx, skater)
	if errors.Is(err, pgx.ErrNoRows) {
		return Card{}, ErrProfileNotFound()
	}
	if err != nil {
		return Card{}, fmt.Errorf("load card profile of %s: %w", skater, err)
	}
	// Zones are validated on write; a legacy invalid or missing one reads as UTC.
	loc := skatetime.ZoneOrUTC(ptr.Deref(p.Tz))
	today := skatetime.Today(s.Now(), loc)
	window, _, err := skatetime.TimeframeRange(skatetime.Recent90d, today)
	if err != nil {
		return Card{}, err
	}
	iv := window.UTC(loc)

	tr, err := s.q.GetCardTraining(ctx, db.GetCardTrainingParams{
		NoCoach: lookups.NoCoach, RecentStart: iv.Start, RecentEnd: iv.End, Skater: skater,
	})
	if err != nil {
		return Card{}, fmt.Errorf("load card training of %s: %w", skater, err)
	}
	rinks, err := s.q.ListCardRecentRinkNames(ctx, db.ListCardRecentRinkNamesParams{
		Skater: skater, RecentStart: iv.Start, RecentEnd: iv.End,
	})
	if err != nil {
		return Card{}, fmt.Errorf("load card rinks of %s: %w", skater, err)
	}
	comp, err := s.q.GetCardCompetitionCounts(ctx, skater)
	if err != nil {
		return Card{}, fmt.Errorf("load card competitions of %s: %w", skater, err)
	}
	var last *Event
	ev, err := s.q.GetCardLastCompetition(ctx, skater)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
	case err != nil:
		return Card{}, fmt.Errorf("load last competition of %s: %w", skater, err)
	default:
		last = &Event{Name: ev.EventLabel, Date: MonthYear(skatetime.DateOf(ev.EventDate.Time)), Location: join(", ", ev.RinkCity, ev.RinkState)}
	}
	playlists, err := s.q.ListCardSharedPlaylists(ctx, skater)
	if err != nil {
		return Card{}, fmt.Errorf("load shared playlists of %s: %w", skater, err)
	}

	c := Card{ShareToken: p.ShareToken}
	c.Identity = Identity{
		FirstName: p.FirstName, MiddleName: p.MiddleName, LastName: p.LastName,
		City: p.City, State: p.State, USFSANumber: p.UsfsaNumber,
	}
	if p.ClubID == nil || *p.ClubID != lookups.NoClub {
		c.Identity.Club = join("", p.ClubName)
	}
	if p.ContactPreference != nil && slices.Contains(ContactPreferences, *p.ContactPreference) {
		c.Identity.ContactPreference = p.ContactPreference
	}

	lifetime := Totals{Sessions: tr.Sessions, Ice: tr.IceMinutes, Coached: tr.CoachMinutes, Group: tr.GroupMinutes}
	// min(date) has no static type for sqlc: a timestamp, or NULL without dated sessions.
	first, hasFirst := tr.FirstSession.(time.Time)
	since := today
	if hasFirst {
		u := first.UTC()
		c.Lifetime.SkatingSince = &u
		since = skatetime.LocalDate(u, loc)
	}
	c.Lifetime.Mix = lifetime.Mix()
	c.Lifetime.SessionsPerWeek = PerWeek(lifetime.Sessions, since, today)
	c.Lifetime.AvgSessionMin = lifetime.AvgSessionMin()
	c.Lifetime.Events, c.Lifetime.Entries, c.Lifetime.Podiums = int(comp.Events), int(comp.Entries), int(comp.Podiums)
	c.Lifetime.PreviousCoaches = int(tr.Coaches)

	recent := Totals{Sessions: tr.RecentSessions, Ice: tr.RecentIceMinutes, Coached: tr.RecentCoachMinutes, Group: tr.RecentGroupMinutes}
	// Weeks in the window, or since the first session when that is later.
	c.Recent.Mix = recent.Mix()
	c.Recent.SessionsPerWeek = PerWeek(recent.Sessions, laterOf(window.First, since), today)
	c.Recent.AvgSessionMin = recent.AvgSessionMin()
	c.Recent.LastEvent = last
	c.Recent.DistinctRinks = int(tr.RecentRinks)
	c.Recent.Rinks = rinkNames(rinks)

	coach := join(" ", p.CoachFirstName, p.CoachLastName)
	if p.CoachID != nil && *p.CoachID == lookups.NoCoach {
		coach = nil
	}
	c.Current = Current{
		Coach:    coach,
		HomeRink: join("", p.HomeRink),
		Boots:    join(" ", p.BootsName, p.BootsModel),
		Blades:   join(" ", p.BladesName, p.BladesModel),
	}
	c.Current.Equipment = join(" / ", c.Current.Boots, c.Current.Blades)
	c.Current.SharedPlaylists = make([]Playlist, 0, len(playlists))
	for _, pl := range playlists {
		c.Current.SharedPlaylists = append(c.Current.SharedPlaylists, Playlist{Name: pl.Name, Token: pl.Token})
	}
	return c, nil
}

func rinkNames(names []string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		if t := present(&n); t != "" {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func laterOf(a, b skatetime.Date) skatetime.Date {
	if a.After(b) {
		return a
	}
	return b
}
