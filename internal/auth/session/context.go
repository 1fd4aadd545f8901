package session

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/uuid"
	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"
)

type ctxKey struct{}

// Handle is the request's session as seen by handlers, which get only a
// context (strict server). It writes cookies through the response directly,
// before the handler's body goes out.
type Handle struct {
	store *Store
	sess  *sessions.Session
	r     *http.Request
	w     http.ResponseWriter
}

// Middleware loads the session of every request into its context.
func Middleware(store *Store) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			sess, err := store.Get(r, CookieName)
			if err != nil {
				return err // the database is unreachable: the error handler answers 503
			}
			h := &Handle{store: store, sess: sess, w: c.Response()}
			r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, h))
			h.r = r
			c.SetRequest(r)
			return next(c)
		}
	}
}

// From returns the request's session handle.
func From(ctx context.Context) (*Handle, bool) {
	h, ok := ctx.Value(ctxKey{}).(*Handle)
	return h, ok
}

// PrincipalFrom returns the logged-in user of the request, if any.
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	h, ok := From(ctx)
	if !ok {
		return Principal{}, false
	}
	return h.Principal()
}

// Authenticated reports whether the request has a logged-in user.
func Authenticated(ctx context.Context) bool {
	_, ok := PrincipalFrom(ctx)
	return ok
}

// Principal returns the session's user when logged in.
func (h *Handle) Principal() (Principal, bool) {
	if h.sess.ID == "" {
		return Principal{}, false
	}
	uid, ok1 := h.sess.Values[keyUserID].(int32)
	sk, ok2 := h.sess.Values[keySkater].(uuid.UUID)
	pid, _ := h.sess.Values[keyPublicID].(uuid.UUID)
	prof, _ := h.sess.Values[keyProfile].(Profile)
	if !ok1 || !ok2 {
		return Principal{}, false
	}
	p := Principal{UserID: uid, Skater: sk, SessionID: pid, Profile: prof}
	if active, ok := h.sess.Values[keyActive].(uuid.UUID); ok {
		p.ActiveSkater = &active
		p.ActiveRelation, _ = h.sess.Values[keyRelation].(string)
	}
	return p, true
}

// Login starts a fresh session for the user: any session the request came
// with is deleted first, so a planted session id cannot be carried into a
// login (no fixation).
func (h *Handle) Login(ctx context.Context, userID int32, skater uuid.UUID) error {
	if h.sess.ID != "" {
		if err := h.store.q.DeleteSession(ctx, digest(h.sess.ID)); err != nil {
			return fmt.Errorf("end previous session: %w", err)
		}
	}
	fresh := sessions.NewSession(h.store, CookieName)
	fresh.Options = h.store.options()
	fresh.IsNew = true
	fresh.Values[keyUserID] = userID
	fresh.Values[keySkater] = skater
	if err := h.store.Save(h.r, h.w, fresh); err != nil {
		return err
	}
	h.sess = fresh
	return nil
}

// Logout deletes the session on the server and clears the cookie. Without
// a session it only clears a stale cookie, if one was sent.
func (h *Handle) Logout(context.Context) error {
	if h.sess.ID == "" {
		if _, err := h.r.Cookie(CookieName); errors.Is(err, http.ErrNoCookie) {
			return nil
		}
	}
	h.sess.Options = h.store.options()
	h.sess.Options.MaxAge = -1
	if err := h.store.Save(h.r, h.w, h.sess); err != nil {
		return err
	}
	h.sess = sessions.NewSession(h.store, CookieName)
	return nil
}

// Digest is the stored digest of the current session id (nil when anonymous).
func (h *Handle) Digest() []byte {
	if h.sess.ID == "" {
		return nil
	}
	return digest(h.sess.ID)
}
