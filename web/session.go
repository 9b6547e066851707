package web

import (
	"crypto/sha256"
	"net/http"
	"time"

	"github.com/gorilla/sessions"
	"github.com/ideario/ideario/models"
	"github.com/labstack/echo/v4"
)

const (
	sessionCookie = "ideario_session"
	flashCookie   = "ideario_flash"
	// sessionMaxAge is the absolute lifetime of a log-in.
	sessionMaxAge = 30 * 24 * time.Hour
)

// sessionStore keeps the signed-in user's id, and nothing else about them,
// in a signed and encrypted cookie.
type sessionStore struct {
	store *sessions.CookieStore
}

func newSessionStore(secret string, secure bool) *sessionStore {
	// Two independent keys from the one secret: one signs, one encrypts.
	hashKey := sha256.Sum256([]byte("ideario session signing\x00" + secret))
	blockKey := sha256.Sum256([]byte("ideario session encryption\x00" + secret))
	s := sessions.NewCookieStore(hashKey[:], blockKey[:])
	// gorilla/sessions defaults to SameSite=None and HttpOnly=false: set all.
	s.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   int(sessionMaxAge.Seconds()),
		HttpOnly: true,
		Secure:   secure,
		SameSite: http.SameSiteLaxMode,
	}
	s.MaxAge(s.Options.MaxAge)
	return &sessionStore{store: s}
}

// userID reads the signed-in user's id and session version from the
// request, if any; the caller compares the version with the database's.
func (s *sessionStore) userID(r *http.Request) (int64, int, bool) {
	sess, err := s.store.Get(r, sessionCookie)
	if err != nil || sess.IsNew {
		return 0, 0, false
	}
	id, ok := sess.Values["uid"].(int64)
	version, vok := sess.Values["ver"].(int)
	if !ok || !vok {
		return 0, 0, false
	}
	if at, ok := sess.Values["at"].(int64); !ok || time.Since(time.Unix(at, 0)) > sessionMaxAge {
		return 0, 0, false
	}
	return id, version, true
}

// Login replaces whatever session the browser had with a new one.
func (s *sessionStore) Login(c echo.Context, u *models.User) error {
	sess := sessions.NewSession(s.store, sessionCookie)
	opts := *s.store.Options
	sess.Options = &opts
	sess.IsNew = true
	sess.Values["uid"] = u.ID
	sess.Values["ver"] = u.SessionVersion
	sess.Values["at"] = time.Now().Unix()
	return sess.Save(c.Request(), c.Response())
}

// Logout ends the session.
func (s *sessionStore) Logout(c echo.Context) error {
	sess := sessions.NewSession(s.store, sessionCookie)
	opts := *s.store.Options
	opts.MaxAge = -1
	sess.Options = &opts
	return sess.Save(c.Request(), c.Response())
}

// Flash keeps a message for the next page in its own short-lived cookie.
func (s *sessionStore) Flash(c echo.Context, msg string) {
	sess, _ := s.store.Get(c.Request(), flashCookie) // a bad cookie gives a fresh session
	opts := *s.store.Options
	opts.MaxAge = 300
	sess.Options = &opts
	sess.AddFlash(msg)
	if err := sess.Save(c.Request(), c.Response()); err != nil {
		c.Logger().Error(err)
	}
}

// Flashes takes the kept messages and clears the cookie.
func (s *sessionStore) Flashes(c echo.Context) []string {
	cookie, err := c.Request().Cookie(flashCookie)
	if err != nil || cookie.Value == "" {
		return nil
	}
	sess, err := s.store.Get(c.Request(), flashCookie)
	if err != nil {
		return nil
	}
	var out []string
	for _, f := range sess.Flashes() {
		if msg, ok := f.(string); ok {
			out = append(out, msg)
		}
	}
	opts := *s.store.Options
	opts.MaxAge = -1
	sess.Options = &opts
	if err := sess.Save(c.Request(), c.Response()); err != nil {
		c.Logger().Error(err)
	}
	return out
}
