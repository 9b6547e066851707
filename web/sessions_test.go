package web_test

import (
	"net/http"
	"net/url"
	"testing"
)

// TestSessionsEndEverywhere: logging out, resetting or changing the
// password ends the person's sessions in other browsers too, while the
// browser that changed the password stays signed in.
func TestSessionsEndEverywhere(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		tests := []struct {
			name      string
			act       func(t *testing.T, here *client)
			wantHere  int // what /account answers afterwards in the browser that acted
			wantOther int // and in another browser signed in before
		}{
			{"log-out", func(t *testing.T, here *client) {
				wantCode(t, here.submit("/", "/logout", nil), http.StatusSeeOther)
			}, http.StatusSeeOther, http.StatusSeeOther},
			{"password change", func(t *testing.T, here *client) {
				r := here.submit("/account", "/account", url.Values{"name": {"Someone"}, "country": {"BR"}, "locale": {"en"},
					"password": {"correct horse battery staple"}, "new_password": {"a brand new passphrase here"}})
				wantCode(t, r, http.StatusSeeOther)
			}, http.StatusOK, http.StatusSeeOther},
			{"profile change without a new password", func(t *testing.T, here *client) {
				r := here.submit("/account", "/account", url.Values{"name": {"Someone Else"}, "country": {"PT"}, "locale": {"en"}})
				wantCode(t, r, http.StatusSeeOther)
			}, http.StatusOK, http.StatusOK},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				u := w.user(t, tt.name)
				here, other := w.login(t, u), w.login(t, u)
				wantCode(t, other.get("/account"), http.StatusOK)
				tt.act(t, here)
				wantCode(t, here.get("/account"), tt.wantHere)
				wantCode(t, other.get("/account"), tt.wantOther)
			})
		}
	})
}
