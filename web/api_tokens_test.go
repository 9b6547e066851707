package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ideario/ideario/models/accounts"
)

var tokenSecret = regexp.MustCompile(`idr_[A-Za-z0-9_-]{43}`)

// reportsPath is a GET route under /reports for bearer requests: /reports
// itself once it is built, else any other report. With none built yet it
// is /reports, whose 404 then comes after the guards.
func reportsPath(w *world) string {
	found := ""
	for _, r := range w.App.Echo.Routes() {
		if r.Method != http.MethodGet {
			continue
		}
		if r.Path == "/reports" {
			return r.Path
		}
		if strings.HasPrefix(r.Path, "/reports/") && !strings.ContainsAny(r.Path, ":*") && found == "" {
			found = r.Path
		}
	}
	if found == "" {
		return "/reports"
	}
	return found
}

// withAuth loads a path with an Authorization header, from a browser that
// may or may not have a session.
func (c *client) withAuth(method, path, auth string) *response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, nil)
	if err != nil {
		c.t.Fatalf("%s %q: %v", method, path, err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	return c.do(req)
}

// wantReportsOpen reports an answer that refused a request, or sent it to
// log in, instead of letting it reach the reports.
func wantReportsOpen(t *testing.T, r *response) {
	t.Helper()
	if r.Code == 0 || r.Code == http.StatusUnauthorized || r.Code == http.StatusForbidden || r.Code >= 500 ||
		r.Code == http.StatusSeeOther || r.Code == http.StatusFound {
		t.Errorf("want the reports, got %s", r)
	}
}

// makeToken makes a token through the account page's form, as the person
// would, and returns the secret the page shows.
func makeToken(t *testing.T, c *client, name string) string {
	t.Helper()
	r := c.submit("/account", "/account/tokens", url.Values{"name": {name}})
	wantCode(t, r, http.StatusOK)
	secret := tokenSecret.FindString(r.Body)
	if secret == "" {
		t.Fatalf("no token on the page: %s", r)
	}
	return secret
}

func TestAPITokenForm(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		sponsor := w.userWithRole(t, "Sofia Sponsor", accounts.RoleSponsor)
		c := w.login(t, sponsor)

		page := c.get("/account")
		wantCode(t, page, http.StatusOK)
		wantIn(t, page, "Personal API tokens")
		wantIn(t, page, "You have no tokens yet.")

		r := c.submit("/account", "/account/tokens", url.Values{"name": {"Nightly export"}})
		wantCode(t, r, http.StatusOK)
		secret := tokenSecret.FindString(r.Body)
		check(t, "secret on the page", secret != "", true)
		check(t, "secret length", len(secret), 4+43)
		wantIn(t, r, "it will not be shown again")
		wantIn(t, r, "<code class=\"token-secret\">"+secret+"</code>")
		check(t, "Cache-Control", r.Header.Get("Cache-Control"), "no-store")
		check(t, "stored in clear", w.count(t, "api_tokens", "hash = ?", secret), int64(0))
		check(t, "stored", w.count(t, "api_tokens", "user_id = ? AND name = ?", sponsor.ID, "Nightly export"), int64(1))

		again := c.get("/account")
		wantIn(t, again, "Nightly export")
		wantIn(t, again, "never")
		wantNotIn(t, again, secret)
		check(t, "no secret on a later visit", tokenSecret.MatchString(again.Body), false)

		for _, tc := range []struct {
			name, value string
		}{
			{"empty name", "   "},
			{"name too long", strings.Repeat("é", 81)},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := c.submit("/account", "/account/tokens", url.Values{"name": {tc.value}})
				wantCode(t, r, http.StatusUnprocessableEntity)
				check(t, "message next to the field", fieldError(r.Body, "token-name") != "", true)
				check(t, "no secret", tokenSecret.MatchString(r.Body), false)
			})
		}
		check(t, "tokens after refusals", w.count(t, "api_tokens", "user_id = ?", sponsor.ID), int64(1))

		t.Run("JSON", func(t *testing.T) {
			var got struct {
				ID    int64
				Name  string
				Token string
			}
			r := c.postJSON("/account/tokens", url.Values{"name": {"CI"}}, &got)
			wantCode(t, r, http.StatusCreated)
			check(t, "name", got.Name, "CI")
			check(t, "token shape", tokenSecret.FindString(got.Token) == got.Token && got.Token != "", true)
		})

		t.Run("no CSRF token", func(t *testing.T) {
			r := c.postForm("/account/tokens", url.Values{"name": {"Forged"}})
			wantCode(t, r, http.StatusForbidden)
			check(t, "forged token made", w.count(t, "api_tokens", "name = ?", "Forged"), int64(0))
		})

		t.Run("limit", func(t *testing.T) {
			for w.count(t, "api_tokens", "user_id = ? AND revoked_at IS NULL", sponsor.ID) < accounts.APITokenLimit {
				if _, _, err := w.Store.Accounts.CreateAPIToken(t.Context(), sponsor.ID, "filler"); err != nil {
					t.Fatal(err)
				}
			}
			r := c.submit("/account", "/account/tokens", url.Values{"name": {"One too many"}})
			wantCode(t, r, http.StatusUnprocessableEntity)
			wantIn(t, r, "revoke one")
			check(t, "over the limit", w.count(t, "api_tokens", "user_id = ? AND revoked_at IS NULL", sponsor.ID), int64(accounts.APITokenLimit))
		})
	})
}

func TestAPITokenNotForOtherRoles(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		for _, role := range []string{accounts.RoleContributor, accounts.RoleModerator} {
			t.Run(role, func(t *testing.T) {
				u := w.userWithRole(t, "Someone "+role, role)
				c := w.login(t, u)
				page := c.get("/account")
				wantCode(t, page, http.StatusOK)
				wantNotIn(t, page, "Personal API tokens")
				wantNotIn(t, page, `action="/account/tokens"`)
				r := c.submit("/account", "/account/tokens", url.Values{"name": {"Sneaky"}})
				wantCode(t, r, http.StatusForbidden)
				check(t, "tokens made", w.count(t, "api_tokens", "user_id = ?", u.ID), int64(0))
			})
		}
		t.Run("admin", func(t *testing.T) {
			c := w.login(t, w.userWithRole(t, "Ada Admin", accounts.RoleAdmin))
			secret := makeToken(t, c, "Admin script")
			wantReportsOpen(t, newClient(t, w.Server).withAuth(http.MethodGet, reportsPath(w), "Bearer "+secret))
		})
	})
}

func TestBearerOnReports(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		sponsor := w.userWithRole(t, "Sofia Sponsor", accounts.RoleSponsor)
		browser := w.login(t, sponsor)
		secret := makeToken(t, browser, "Export script")
		path := reportsPath(w)
		script := newClient(t, w.Server) // no session: only the header

		t.Run("valid token opens the reports", func(t *testing.T) {
			check(t, "without the header", script.withAuth(http.MethodGet, path, "").Code, http.StatusSeeOther)
			r := script.withAuth(http.MethodGet, path, "Bearer "+secret)
			wantReportsOpen(t, r)
			check(t, "Vary names Authorization", strings.Contains(strings.Join(r.Header.Values("Vary"), ","), "Authorization"), true)
			wantReportsOpen(t, script.withAuth(http.MethodGet, path, "bearer "+secret))
			wantReportsOpen(t, script.withAuth(http.MethodHead, path, "Bearer "+secret))
			check(t, "last use noted", w.count(t, "api_tokens", "user_id = ? AND last_used_at IS NOT NULL", sponsor.ID), int64(1))
			wantNotIn(t, browser.get("/account"), ">never<")
		})

		t.Run("every report opens to a token", func(t *testing.T) {
			for _, r := range w.App.Echo.Routes() {
				if r.Method != http.MethodGet || !strings.HasPrefix(r.Path, "/reports/") || strings.ContainsAny(r.Path, ":*") {
					continue
				}
				got := script.withAuth(http.MethodGet, r.Path, "Bearer "+secret)
				wantReportsOpen(t, got)
				check(t, r.Path+" without the token", script.withAuth(http.MethodGet, r.Path, "").Code, http.StatusSeeOther)
			}
		})

		t.Run("bad headers", func(t *testing.T) {
			for _, tc := range []struct {
				name, auth string
				want       int
			}{
				{"unknown token", "Bearer nope", http.StatusUnauthorized},
				{"no token", "Bearer", http.StatusUnauthorized},
				{"tampered token", "Bearer " + secret[:len(secret)-2] + "xx", http.StatusUnauthorized},
				{"another scheme", "Basic c29maWE6c2VjcmV0", http.StatusSeeOther},
				{"token without a scheme", secret, http.StatusSeeOther},
			} {
				t.Run(tc.name, func(t *testing.T) {
					r := script.withAuth(http.MethodGet, path, tc.auth)
					wantCode(t, r, tc.want)
					if tc.want == http.StatusUnauthorized {
						check(t, "WWW-Authenticate", strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer"), true)
					} else {
						check(t, "sent to log in", strings.HasPrefix(r.Location, "/login?next="), true)
					}
				})
			}
		})

		t.Run("never in the query string", func(t *testing.T) {
			for _, q := range []string{"token", "access_token", "api_token", "bearer"} {
				r := script.withAuth(http.MethodGet, path+"?"+q+"="+url.QueryEscape(secret), "")
				wantCode(t, r, http.StatusSeeOther)
				check(t, "sent to log in", strings.HasPrefix(r.Location, "/login?next="), true)
			}
		})

		t.Run("read-only", func(t *testing.T) {
			r := script.withAuth(http.MethodPost, path, "Bearer "+secret)
			if r.Code != http.StatusForbidden && r.Code != http.StatusMethodNotAllowed {
				t.Errorf("POST with a token: got %s, want 403 or 405", r)
			}
		})

		t.Run("the token's owner counts, not the cookie", func(t *testing.T) {
			contributor := w.login(t, w.user(t, "Carl Contributor"))
			wantCode(t, contributor.withAuth(http.MethodGet, path, ""), http.StatusForbidden)
			wantReportsOpen(t, contributor.withAuth(http.MethodGet, path, "Bearer "+secret))
			wantCode(t, browser.withAuth(http.MethodGet, path, "Bearer nope"), http.StatusUnauthorized)
		})

		t.Run("someone else's token cannot be revoked", func(t *testing.T) {
			other := w.login(t, w.userWithRole(t, "Otto Other", accounts.RoleSponsor))
			var id int64
			if err := w.Store.DB.Table("api_tokens").Select("id").Where("user_id = ?", sponsor.ID).Scan(&id).Error; err != nil {
				t.Fatal(err)
			}
			r := other.submit("/account", "/account/tokens/"+itoa(id)+"/revoke", nil)
			wantCode(t, r, http.StatusNotFound)
			wantReportsOpen(t, script.withAuth(http.MethodGet, path, "Bearer "+secret))
		})

		t.Run("revoked token is refused", func(t *testing.T) {
			page := browser.get("/account")
			m := regexp.MustCompile(`action="(/account/tokens/\d+/revoke)"`).FindStringSubmatch(page.Body)
			if m == nil {
				t.Fatalf("no revoke button: %s", page)
			}
			r := browser.postForm(m[1], url.Values{"_csrf": {browser.token}})
			wantCode(t, r, http.StatusSeeOther)
			check(t, "back to", r.Location, "/account")
			wantIn(t, browser.follow(r), "The token is revoked")
			r = script.withAuth(http.MethodGet, path, "Bearer "+secret)
			wantCode(t, r, http.StatusUnauthorized)
			check(t, "WWW-Authenticate", strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer"), true)
		})
	})
}

// TestBearerAfterDemotion checks that a token follows its owner's role: a
// sponsor made a contributor can no longer read the reports with it.
func TestBearerAfterDemotion(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		admin := w.userWithRole(t, "Ada Admin", accounts.RoleAdmin)
		sponsor := w.userWithRole(t, "Sofia Sponsor", accounts.RoleSponsor)
		secret := makeToken(t, w.login(t, sponsor), "Export script")
		script, path := newClient(t, w.Server), reportsPath(w)
		wantReportsOpen(t, script.withAuth(http.MethodGet, path, "Bearer "+secret))

		if err := w.Store.Moderation.ChangeRole(t.Context(), admin, sponsor.ID, accounts.RoleContributor); err != nil {
			t.Fatal(err)
		}
		wantCode(t, script.withAuth(http.MethodGet, path, "Bearer "+secret), http.StatusForbidden)

		if err := w.Store.Moderation.ChangeRole(t.Context(), admin, sponsor.ID, accounts.RoleSponsor); err != nil {
			t.Fatal(err)
		}
		wantReportsOpen(t, script.withAuth(http.MethodGet, path, "Bearer "+secret))
	})
}
