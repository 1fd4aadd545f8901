// Package session keeps login sessions in PostgreSQL behind a
// gorilla/sessions Store. The `session` cookie carries only a signed and
// encrypted random id; the table stores its SHA-256, the user, and the
// session's lifetimes. Logout deletes the row, so a replayed cookie is refused,
// and any server process sharing the database sees the same sessions.
package session

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/gen/db"
)

// CookieName is the original's cookie name.
const CookieName = "session"

// Keys in sessions.Session.Values.
const (
	keyUserID   = "user_id"
	keySkater   = "skater"
	keyPublicID = "public_id"
	keyProfile  = "profile"
	// The skater the session was switched to and the family relation the
	// session load found for it (internal/family decides what they mean).
	keyActive   = "active_skater"
	keyRelation = "active_relation"
)

// Config sets cookie attributes and lifetimes.
type Config struct {
	SecretKey []byte
	Secure    bool
	Domain    string
	// Idle ends a session not used for this long; MaxAge ends it this long after login.
	Idle   time.Duration
	MaxAge time.Duration
	// ClientIP tells the client's address (honouring trusted proxies).
	ClientIP func(*http.Request) string
}

// Store is a gorilla/sessions Store backed by the auth_sessions table.
type Store struct {
	q      *db.Queries
	codecs []securecookie.Codec
	cfg    Config
}

var _ sessions.Store = (*Store)(nil)

// NewStore builds a store. The cookie keys are derived from the secret key,
// so every process configured with the same FLASK_SECRET_KEY accepts the
// others' cookies.
func NewStore(q *db.Queries, cfg Config) *Store {
	hashKey := derive(cfg.SecretKey, "skatetrax session cookie signing")
	blockKey := derive(cfg.SecretKey, "skatetrax session cookie encryption")
	codec := securecookie.New(hashKey, blockKey[:32])
	codec.MaxAge(int(cfg.MaxAge / time.Second))
	codec.SetSerializer(securecookie.NopEncoder{})
	if cfg.ClientIP == nil {
		cfg.ClientIP = func(r *http.Request) string { return r.RemoteAddr }
	}
	return &Store{q: q, codecs: []securecookie.Codec{codec}, cfg: cfg}
}

func derive(secret []byte, purpose string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

func digest(id string) []byte {
	sum := sha256.Sum256([]byte(id))
	return sum[:]
}

func (s *Store) options() *sessions.Options {
	// No Max-Age: a browser-session cookie, as in the original; the server
	// enforces the idle and absolute lifetimes.
	return &sessions.Options{Path: "/", Domain: s.cfg.Domain, Secure: s.cfg.Secure, HttpOnly: true, SameSite: http.SameSiteLaxMode}
}

// Get returns the request's session (cached per request by gorilla's registry).
func (s *Store) Get(r *http.Request, name string) (*sessions.Session, error) {
	return sessions.GetRegistry(r).Get(s, name)
}

// New loads the session named by the request's cookie, or returns a new,
// empty one. A missing, forged, expired or revoked cookie is not an error:
// the request is simply anonymous.
func (s *Store) New(r *http.Request, name string) (*sessions.Session, error) {
	sess := sessions.NewSession(s, name)
	sess.Options = s.options()
	sess.IsNew = true
	c, err := r.Cookie(name)
	if err != nil {
		return sess, nil
	}
	var raw []byte
	if err := securecookie.DecodeMulti(name, c.Value, &raw, s.codecs...); err != nil {
		return sess, nil
	}
	id := string(raw)
	row, err := s.q.LoadSession(r.Context(), db.LoadSessionParams{IDSha256: digest(id), IdleSeconds: s.cfg.Idle.Seconds()})
	if errors.Is(err, pgx.ErrNoRows) {
		return sess, nil
	}
	if err != nil {
		return sess, fmt.Errorf("load session: %w", err)
	}
	sess.ID = id
	sess.IsNew = false
	sess.Values[keyUserID] = row.UserID
	sess.Values[keySkater] = row.USkaterUUID
	sess.Values[keyPublicID] = row.PublicID
	sess.Values[keyProfile] = Profile{Onboarded: row.Onboarded, TZ: row.Tz, Roles: row.Roles}
	if row.ActiveSkater != nil {
		sess.Values[keyActive] = *row.ActiveSkater
		sess.Values[keyRelation] = row.ActiveRelation
	}
	return sess, nil
}

// Save persists the session: a session with MaxAge < 0 is deleted and its
// cookie cleared; a session without an id is created (a new random id, a new
// row) and its cookie set. An existing session needs no write.
func (s *Store) Save(r *http.Request, w http.ResponseWriter, sess *sessions.Session) error {
	ctx := r.Context()
	if sess.Options != nil && sess.Options.MaxAge < 0 {
		if sess.ID != "" {
			if err := s.q.DeleteSession(ctx, digest(sess.ID)); err != nil {
				return fmt.Errorf("delete session: %w", err)
			}
		}
		opts := *s.options()
		opts.MaxAge = -1
		http.SetCookie(w, sessions.NewCookie(sess.Name(), "", &opts))
		return nil
	}
	if sess.ID != "" {
		return nil
	}
	userID, ok := sess.Values[keyUserID].(int32)
	if !ok {
		return errors.New("save session: no user")
	}
	id, err := newID()
	if err != nil {
		return err
	}
	row, err := s.q.CreateSession(ctx, db.CreateSessionParams{
		IDSha256:  digest(id),
		UserID:    userID,
		ExpiresAt: time.Now().Add(s.cfg.MaxAge),
		UserAgent: truncate(r.UserAgent(), 512),
		Ip:        s.cfg.ClientIP(r),
	})
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	encoded, err := securecookie.EncodeMulti(sess.Name(), []byte(id), s.codecs...)
	if err != nil {
		return fmt.Errorf("encode session cookie: %w", err)
	}
	sess.ID = id
	sess.IsNew = false
	sess.Values[keyPublicID] = row.PublicID
	http.SetCookie(w, sessions.NewCookie(sess.Name(), encoded, sess.Options))
	return nil
}

// Sweep deletes sessions past their lifetimes.
func (s *Store) Sweep(ctx context.Context) (int64, error) {
	return s.q.DeleteDeadSessions(ctx, s.cfg.Idle.Seconds())
}

// Digest is the stored form of a session id (for "end the other sessions").
func Digest(id string) []byte { return digest(id) }

func newID() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generate session id: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Principal is the logged-in user of a request.
type Principal struct {
	UserID    int32
	Skater    uuid.UUID
	SessionID uuid.UUID // public id of the session
	Profile
	// ActiveSkater is the skater the session was switched to (nil: none) and
	// ActiveRelation what the permission rule says of it on this request
	// ("" = no longer permitted); see family.ActingFor.
	ActiveSkater   *uuid.UUID
	ActiveRelation string
}

// Profile is what every request needs of the skater, read with the session
// in the same query (so a handler needs no second round trip for it). It is
// as of the start of the request: a handler that changes it (onboarding)
// sees the old value until the next request.
type Profile struct {
	Onboarded bool     // the user's own skater profile exists
	TZ        string   // the zone of the skater the request acts for ("" without a profile)
	Roles     []string // role names, lower case, sorted
}

// HasRole reports whether the user has the role (names are compared in lower case).
func (p Profile) HasRole(role string) bool {
	for _, r := range p.Roles {
		if r == strings.ToLower(role) {
			return true
		}
	}
	return false
}
