package web

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/ideario/ideario/config"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/labstack/echo/v4"
)

// TestSessionLifetimes reads sessions of every age: a log-in ends after
// sessionIdle without use and after sessionMaxAge whatever the use; one in
// use has its cookie written again, no more than once per sessionRenew,
// and never for longer than the log-in has left.
func TestSessionLifetimes(t *testing.T) {
	s := newSessionStore("a secret for the session tests, long enough", false)
	now := time.Now()
	ago := func(d time.Duration) int64 { return now.Add(-d).Unix() }
	cookie := func(at, used int64) string {
		values := map[any]any{"uid": int64(7), "ver": 1, "at": at}
		if used != 0 {
			values["used"] = used
		}
		return encodeSession(t, s, values)
	}
	tests := []struct {
		name    string
		cookie  string
		ok      bool
		renewed bool
	}{
		{"just logged in", cookie(ago(time.Minute), ago(time.Minute)), true, false},
		{"used two hours ago", cookie(ago(3*24*time.Hour), ago(2*time.Hour)), true, true},
		{"unused for a week and a day", cookie(ago(9*24*time.Hour), ago(8*24*time.Hour)), false, false},
		{"in use, but logged in 31 days ago", cookie(ago(31*24*time.Hour), ago(time.Minute)), false, false},
		{"from before idle lifetimes, logged in 2 days ago", cookie(ago(2*24*time.Hour), 0), true, true},
		{"from before idle lifetimes, logged in 8 days ago", cookie(ago(8*24*time.Hour), 0), false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ok := s.session(requestWith(tt.cookie))
			if ok != tt.ok {
				t.Fatalf("session ok = %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			rec := httptest.NewRecorder()
			c := echo.New().NewContext(httptest.NewRequest(http.MethodGet, "/ideas", nil), rec)
			if err := s.renewIfUsed(c, v); err != nil {
				t.Fatal(err)
			}
			var renewed *http.Cookie
			for _, ck := range rec.Result().Cookies() {
				if ck.Name == sessionCookie {
					renewed = ck
				}
			}
			if (renewed != nil) != tt.renewed {
				t.Fatalf("cookie written again: %v, want %v", renewed != nil, tt.renewed)
			}
			if renewed == nil {
				return
			}
			again, ok := s.session(requestWith(renewed.Value))
			if !ok || again.uid != 7 || again.at != v.at || time.Since(time.Unix(again.used, 0)) > time.Minute {
				t.Fatalf("the renewed cookie reads %+v (ok %v): want the same log-in, used now", again, ok)
			}
			left := time.Unix(v.at, 0).Add(sessionMaxAge).Sub(now)
			if max := time.Duration(renewed.MaxAge) * time.Second; max > sessionIdle || max > left+time.Minute || !renewed.HttpOnly {
				t.Fatalf("renewed cookie: Max-Age %v (log-in has %v left), HttpOnly %v", max, left, renewed.HttpOnly)
			}
		})
	}
}

// TestSignedInRequestRenewsSession goes through the real app: a request
// with a session last written two hours ago is answered with the cookie
// written again; a request with a fresh one is not.
func TestSignedInRequestRenewsSession(t *testing.T) {
	store, err := models.Open("sqlite:" + filepath.Join(t.TempDir(), "ideario.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	if _, err := store.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	u, err := store.Accounts.CreateUser(t.Context(), accounts.NewUser{Name: "Rita Renew", Email: "rita@example.org",
		Password: "a long passphrase", Country: "PT", Role: accounts.RoleContributor})
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Defaults
	cfg.Secret = "test-secret-0123456789abcdef0123456789abcdef"
	a, err := New(cfg, store, nil, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		used    time.Duration
		renewed bool
	}{{2 * time.Hour, true}, {time.Minute, false}} {
		at := time.Now().Add(-24 * time.Hour).Unix()
		value := encodeSession(t, a.sessions, map[any]any{"uid": u.ID, "ver": u.SessionVersion, "at": at,
			"used": time.Now().Add(-tt.used).Unix()})
		req := httptest.NewRequest(http.MethodGet, "/account", nil)
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: value})
		rec := httptest.NewRecorder()
		a.Echo.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET /account, last used %v ago: %d, want 200 (signed in)", tt.used, rec.Code)
		}
		renewed := false
		for _, ck := range rec.Result().Cookies() {
			renewed = renewed || (ck.Name == sessionCookie && ck.MaxAge > 0)
		}
		if renewed != tt.renewed {
			t.Errorf("last used %v ago: session cookie written again %v, want %v", tt.used, renewed, tt.renewed)
		}
	}
}
