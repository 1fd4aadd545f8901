package handlers_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
)

// Seed rows the card fixtures point at (sql/migrations/00002_seed_lookups.sql).
var (
	groupClass   = uuid.MustParse("db32094e-9b0d-42a5-b87f-cd47729b6c65")
	freestyle    = uuid.MustParse("dc812842-a9a9-4902-b680-361420baffe5")
	public       = uuid.MustParse("cedbb4e9-ab5b-4a14-a273-fd9783aaac86")
	noCoach      = uuid.MustParse("487d43b5-0a4d-4dc4-8cc2-ab06870a10bf")
	noClub       = uuid.MustParse("c4dd2b9c-50f1-4f5b-a439-fd8f36a654d6")
	offIce       = uuid.MustParse("b261166b-9e7c-4a96-ab06-ec630deb3321")
	competition6 = uuid.MustParse("b0000000-0000-0000-0000-000000000001")
	competitionI = uuid.MustParse("b0000000-0000-0000-0000-000000000006")
	showcase     = uuid.MustParse("b0000000-0000-0000-0000-000000000003")
	exhibition   = uuid.MustParse("b0000000-0000-0000-0000-000000000005")
)

// session is one ice_time row as a test writes it.
type session struct {
	at         *time.Time // stored naive-UTC instant
	ice, coach *int32
	skateType  uuid.UUID
	coachID    *uuid.UUID
	rinkID     *uuid.UUID
}

func insertSessions(t testing.TB, s *apitest.Server, skater string, rows []session) {
	t.Helper()
	sk := uuid.MustParse(skater)
	src := make([][]any, 0, len(rows))
	for _, r := range rows {
		src = append(src, []any{r.at, r.ice, r.coach, r.skateType, r.coachID, r.rinkID, sk})
	}
	_, err := s.Pool.CopyFrom(context.Background(), pgx.Identifier{"ice_time"},
		[]string{"date", "ice_time", "coach_time", "skate_type", "coach_id", "rink_id", "uSkaterUUID"}, pgx.CopyFromRows(src))
	if err != nil {
		t.Fatalf("insert sessions: %v", err)
	}
}

func mustExec(t testing.TB, s *apitest.Server, sql string, args ...any) {
	t.Helper()
	if _, err := s.Pool.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func newCoach(t testing.TB, s *apitest.Server, first, last string) uuid.UUID {
	t.Helper()
	id := uuid.New()
	mustExec(t, s, `INSERT INTO coaches (coach_id, "coach_Fname", "coach_Lname") VALUES ($1, $2, $3)`, id, first, last)
	return id
}

func newRink(t testing.TB, s *apitest.Server, name, city, state string) uuid.UUID {
	t.Helper()
	id := uuid.New()
	mustExec(t, s, `INSERT INTO locations (rink_id, rink_name, rink_city, rink_state, rink_zip) VALUES ($1, $2, $3, $4, '00000')`,
		id, name, city, state)
	return id
}

// newEvent creates an event owned by owner with entries (type, placement,
// entry owner) and returns its id.
func newEvent(t testing.TB, s *apitest.Server, owner, label string, date time.Time, location *uuid.UUID, entries ...entry) uuid.UUID {
	t.Helper()
	id := uuid.New()
	mustExec(t, s, `INSERT INTO e_events (id, event_label, event_date, event_location, "uSkaterUUID") VALUES ($1, $2, $3, $4, $5)`,
		id, label, date, location, uuid.MustParse(owner))
	for _, e := range entries {
		who := owner
		if e.skater != "" {
			who = e.skater
		}
		mustExec(t, s, `INSERT INTO e_event_entries (event_id, event_type, placement, status, "uSkaterUUID") VALUES ($1, $2, $3, 'Scored', $4)`,
			id, e.typ, e.placement, uuid.MustParse(who))
	}
	return id
}

type entry struct {
	typ       uuid.UUID
	placement *int32
	skater    string // entry owner; the event's owner when empty
}

// newPlaylist creates a playlist with n tracks, shared when shared is true,
// and returns its id and share token (nil when not shared).
func newPlaylist(t testing.TB, s *apitest.Server, skater, name string, created time.Time, shared bool, n int) (uuid.UUID, *uuid.UUID) {
	t.Helper()
	id := uuid.New()
	var tok *uuid.UUID
	if shared {
		v := uuid.New()
		tok = &v
	}
	mustExec(t, s, `INSERT INTO m_playlists (id, "uSkaterUUID", name, playlist_type, share_token, created_at) VALUES ($1, $2, $3, 'practice', $4, $5)`,
		id, uuid.MustParse(skater), name, tok, created)
	for i := range n {
		track := uuid.New()
		mustExec(t, s, `INSERT INTO m_tracks (id, "uSkaterUUID", title, storage_key, clearance_status, created_at) VALUES ($1, $2, $3, $4, 'not_required', now())`,
			track, uuid.MustParse(skater), name+" track", skater+"/"+track.String()+".mp3")
		mustExec(t, s, `INSERT INTO m_playlist_tracks (playlist_id, track_id, position) VALUES ($1, $2, $3)`, id, track, i)
	}
	return id, tok
}

func ptr[T any](v T) *T { return &v }
