package web

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/ideario/ideario/models/accounts"
	"github.com/labstack/echo/v4"
)

// loginCookie is the session cookie that Login sets for u.
func loginCookie(t *testing.T, s *sessionStore, u *accounts.User) string {
	t.Helper()
	rec := httptest.NewRecorder()
	c := echo.New().NewContext(httptest.NewRequest(http.MethodPost, "/login", nil), rec)
	if err := s.Login(c, u); err != nil {
		t.Fatal(err)
	}
	for _, ck := range rec.Result().Cookies() {
		if ck.Name == sessionCookie {
			return ck.Value
		}
	}
	t.Fatal("Login set no session cookie")
	return ""
}

// encodeSession makes a validly signed cookie of any values.
func encodeSession(t *testing.T, s *sessionStore, values map[any]any) string {
	t.Helper()
	v, err := s.store.Codecs[0].Encode(sessionCookie, values)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func requestWith(cookie string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/ideas/1/vote", nil)
	r.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
	return r
}

// TestSessionUserID reads sessions as a signed-in person's requests bring
// them, twice each: once checked in full and once as a cookie seen before.
// A cookie seen before answers as it did the first time, and nothing that
// fails the checks is ever remembered.
func TestSessionUserID(t *testing.T) {
	s := newSessionStore("a secret for the session tests, long enough", false)
	other := newSessionStore("another secret, of another site altogether", false)
	good := loginCookie(t, s, &accounts.User{ID: 42, SessionVersion: 3})
	tampered := []byte(good)
	tampered[len(tampered)/2] ^= 1
	old := time.Now().Add(-sessionMaxAge - time.Hour).Unix()
	tests := []struct {
		name     string
		cookie   string
		wantID   int64
		wantVer  int
		wantOK   bool
		wantKept bool
	}{
		{"a log-in", good, 42, 3, true, true},
		{"a byte changed", string(tampered), 0, 0, false, false},
		{"signed for another site", loginCookie(t, other, &accounts.User{ID: 42, SessionVersion: 3}), 0, 0, false, false},
		{"not a cookie of ours", "garbage", 0, 0, false, false},
		{"a log-in too old", encodeSession(t, s, map[any]any{"uid": int64(42), "ver": 3, "at": old}), 0, 0, false, true},
		{"no version", encodeSession(t, s, map[any]any{"uid": int64(42), "at": time.Now().Unix()}), 0, 0, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, round := range []string{"first", "again"} {
				id, version, ok := s.userID(requestWith(tt.cookie))
				if id != tt.wantID || version != tt.wantVer || ok != tt.wantOK {
					t.Errorf("%s: userID = %d, %d, %v; want %d, %d, %v", round, id, version, ok, tt.wantID, tt.wantVer, tt.wantOK)
				}
			}
			if _, kept := s.seen.get(tt.cookie); kept != tt.wantKept {
				t.Errorf("remembered = %v, want %v", kept, tt.wantKept)
			}
		})
	}
	t.Run("no cookie", func(t *testing.T) {
		if _, _, ok := s.userID(httptest.NewRequest(http.MethodGet, "/", nil)); ok {
			t.Error("signed in without a cookie")
		}
	})
}

// TestSeenSessionsBound: however many people sign in, the memory of
// checked cookies stays within its bound.
func TestSeenSessionsBound(t *testing.T) {
	c := &seenSessions{entries: map[string]sessionValues{}}
	for i := range maxSeenSessions + 100 {
		c.add(strconv.Itoa(i), sessionValues{uid: int64(i)})
	}
	if n := len(c.entries); n != maxSeenSessions {
		t.Errorf("%d cookies kept, want %d", n, maxSeenSessions)
	}
	last := strconv.Itoa(maxSeenSessions + 99)
	if v, ok := c.get(last); !ok || v.uid != maxSeenSessions+99 {
		t.Errorf("the cookie added last: %v, %v", v, ok)
	}
}
