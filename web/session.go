package web

import (
	"crypto/sha256"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/sessions"
	"github.com/ideario/ideario/models/accounts"
	"github.com/labstack/echo/v4"
)

const (
	sessionCookie = "ideario_session"
	flashCookie   = "ideario_flash"
	// sessionMaxAge is the absolute lifetime of a log-in.
	sessionMaxAge = 30 * 24 * time.Hour
	// sessionIdle ends a log-in that has not been used for this long.
	sessionIdle = 7 * 24 * time.Hour
	// sessionRenew is how old the cookie's last-use time may grow before
	// a request writes it again: often enough for sessionIdle to hold
	// within an hour, seldom enough that a cookie is not rewritten on
	// every request.
	sessionRenew = time.Hour
)

// sessionStore keeps the signed-in user's id, and nothing else about them,
// in a signed and encrypted cookie.
type sessionStore struct {
	store *sessions.CookieStore
	seen  *seenSessions
}

func newSessionStore(secret string, secure bool) *sessionStore {
	// Two independent keys from the one secret: one signs, one encrypts.
	hashKey := sha256.Sum256([]byte("ideario session signing\x00" + secret))
	blockKey := sha256.Sum256([]byte("ideario session encryption\x00" + secret))
	s := sessions.NewCookieStore(hashKey[:], blockKey[:])
	// gorilla/sessions defaults to SameSite=None and HttpOnly=false: set all.
	s.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   int(sessionIdle.Seconds()),
		HttpOnly: true,
		Secure:   secure,
		SameSite: http.SameSiteLaxMode,
	}
	s.MaxAge(s.Options.MaxAge)
	return &sessionStore{store: s, seen: &seenSessions{entries: map[string]sessionValues{}}}
}

// sessionValues is what a session cookie holds.
type sessionValues struct {
	uid     int64
	version int
	at      int64 // when the person logged in, in Unix seconds
	used    int64 // when the cookie was last written, in Unix seconds
}

// userID reads the signed-in user's id and session version from the
// request, if any; the caller compares the version with the database's.
func (s *sessionStore) userID(r *http.Request) (int64, int, bool) {
	v, ok := s.session(r)
	return v.uid, v.version, ok
}

// session reads the request's session: none when its cookie is missing,
// forged, older than sessionMaxAge, or unused for sessionIdle.
func (s *sessionStore) session(r *http.Request) (sessionValues, bool) {
	cookie, err := r.Cookie(sessionCookie)
	if err != nil {
		return sessionValues{}, false
	}
	v, ok := s.seen.get(cookie.Value)
	if !ok {
		if v, ok = s.decode(cookie.Value); !ok {
			return sessionValues{}, false
		}
		s.seen.add(cookie.Value, v)
	}
	if time.Since(time.Unix(v.at, 0)) > sessionMaxAge || time.Since(time.Unix(v.used, 0)) > sessionIdle {
		return sessionValues{}, false
	}
	return v, true
}

// renewIfUsed writes the session's cookie again with a new last-use time
// when the one it holds is older than sessionRenew, so that a log-in in
// use does not reach sessionIdle. The cookie's own lifetime never goes
// past the log-in's absolute end.
func (s *sessionStore) renewIfUsed(c echo.Context, v sessionValues) error {
	now := time.Now()
	if now.Sub(time.Unix(v.used, 0)) < sessionRenew {
		return nil
	}
	return s.write(c, v.uid, v.version, v.at, now)
}

// write sets the session cookie.
func (s *sessionStore) write(c echo.Context, uid int64, version int, at int64, used time.Time) error {
	sess := sessions.NewSession(s.store, sessionCookie)
	opts := *s.store.Options
	opts.MaxAge = int(min(sessionIdle, time.Unix(at, 0).Add(sessionMaxAge).Sub(used)).Seconds())
	sess.Options = &opts
	sess.IsNew = true
	sess.Values["uid"] = uid
	sess.Values["ver"] = version
	sess.Values["at"] = at
	sess.Values["used"] = used.Unix()
	return sess.Save(c.Request(), c.Response())
}

// decode checks a session cookie's signature and age and decrypts it.
func (s *sessionStore) decode(value string) (sessionValues, bool) {
	values := map[any]any{}
	decoded := false
	for _, codec := range s.store.Codecs { // as the cookie store does
		if codec.Decode(sessionCookie, value, &values) == nil {
			decoded = true
			break
		}
	}
	if !decoded {
		return sessionValues{}, false
	}
	uid, ok := values["uid"].(int64)
	version, vok := values["ver"].(int)
	at, aok := values["at"].(int64)
	if !ok || !vok || !aok {
		return sessionValues{}, false
	}
	used, uok := values["used"].(int64)
	if !uok {
		used = at // a cookie from before idle lifetimes
	}
	return sessionValues{uid: uid, version: version, at: at, used: used}, true
}

// maxSeenSessions bounds the memory of seenSessions: a few megabytes.
const maxSeenSessions = 10_000

// seenSessions remembers what recent session cookies hold: a signed-in
// person sends the same cookie with every request, and checking its
// signature and decrypting it again (gob decoding above all) took a tenth
// of the server's time for a vote. Only a cookie that passed the checks
// is kept, with what decoding gave, so a cookie found here is one that
// passed them; any other string is checked in full. The lifetime of a
// log-in is checked on every request still (see userID), and the session
// version by the caller.
type seenSessions struct {
	mu      sync.Mutex
	entries map[string]sessionValues
}

func (c *seenSessions) get(cookie string) (sessionValues, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.entries[cookie]
	return v, ok
}

// add keeps a checked cookie, forgetting an arbitrary one when full.
func (c *seenSessions) add(cookie string, v sessionValues) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxSeenSessions {
		for old := range c.entries {
			delete(c.entries, old)
			break
		}
	}
	c.entries[cookie] = v
}

// Login replaces whatever session the browser had with a new one.
func (s *sessionStore) Login(c echo.Context, u *accounts.User) error {
	now := time.Now()
	return s.write(c, u.ID, u.SessionVersion, now.Unix(), now)
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
