package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/testutil"
)

func mustURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func signupForm(email string) url.Values {
	return url.Values{"name": {"Ana Souza"}, "email": {email}, "password": {password}, "country": {"BR"}}
}

var verifyLink = regexp.MustCompile(`https?://[^/\s]+(/verify\?token=[A-Za-z0-9_-]+)`)

func TestSignup(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		t.Run("success signs in and mails a working verification link", func(t *testing.T) {
			c := newClient(t, w.Server)
			email := testutil.Name("ana") + "@example.org"
			r := c.submit("/signup", "/signup", signupForm(strings.ToUpper(email)))
			wantCode(t, r, http.StatusSeeOther)
			check(t, "redirect", r.Location, "/")
			wantCode(t, c.get("/account"), http.StatusOK)

			u, err := w.Store.Accounts.UserByEmail(context.Background(), email)
			if err != nil {
				t.Fatalf("no account for %s: %v", email, err)
			}
			check(t, "stored email", u.Email, email)
			check(t, "role", u.Role, accounts.RoleContributor)
			check(t, "verified before the link", u.VerifiedAt == nil, true)

			var link string
			w.WaitMail(t)
			for _, m := range w.Mail.Messages() {
				if m.To == email {
					if sm := verifyLink.FindStringSubmatch(m.Body); sm != nil {
						link = sm[1]
					}
				}
			}
			if link == "" {
				t.Fatalf("no verification link mailed to %s in %+v", email, w.Mail.Messages())
			}
			r = newClient(t, w.Server).get(link) // the link works from any browser
			wantCode(t, r, http.StatusSeeOther)
			u = must(w.Store.Accounts.UserByEmail(context.Background(), email))(t)
			check(t, "verified after the link", u.VerifiedAt != nil, true)
			wantCode(t, c.get(link), http.StatusBadRequest) // once only
		})

		tests := []struct {
			name   string
			field  string
			value  string
			wantIn string
		}{
			{"empty name", "name", "", "Please fill this in."},
			{"blank name", "name", "   ", "Please fill this in."},
			{"long name", "name", strings.Repeat("n", 81), "80 characters or fewer (it has 81)"},
			{"bad email", "email", "ana.example.org", "This doesn't look like an email address."},
			{"email without domain dot", "email", "ana@localhost", "This doesn't look like an email address."},
			{"empty email", "email", "", "Please enter your email address."},
			{"short password", "password", "short", "at least 10 characters"},
			{"common password", "password", "password123", "This password is too common"},
			{"unknown country", "country", "XX", "Please choose your country."},
			{"lower-case country", "country", "br", "Please choose your country."},
			{"no country", "country", "", "Please choose your country."},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := w.count(t, "users", "")
				c := newClient(t, w.Server)
				email := testutil.Name("bad") + "@example.org"
				form := signupForm(email)
				form.Set(tt.field, tt.value)
				r := c.submit("/signup", "/signup", form)
				wantCode(t, r, http.StatusUnprocessableEntity)
				if msg := fieldError(r.Body, tt.field); !strings.Contains(msg, tt.wantIn) {
					t.Errorf("message next to %s = %q, want it to contain %q", tt.field, msg, tt.wantIn)
				}
				check(t, "accounts", w.count(t, "users", ""), before)
				wantCode(t, c.get("/account"), http.StatusSeeOther) // not signed in
			})
		}

		for _, tt := range []struct{ next, want string }{
			{"/ideas/new", "/ideas/new"},
			{"//evil.example", "/"},
			{"https://evil.example", "/"},
		} {
			t.Run("next="+tt.next, func(t *testing.T) {
				c := newClient(t, w.Server)
				form := signupForm(testutil.Name("next") + "@example.org")
				form.Set("next", tt.next)
				r := c.submit("/signup?next="+url.QueryEscape(tt.next), "/signup", form)
				wantCode(t, r, http.StatusSeeOther)
				check(t, "redirect", r.Location, tt.want)
			})
		}

		t.Run("a taken address gets the same answer, and its owner a mail", func(t *testing.T) {
			existing := w.user(t, "First")
			fresh := testutil.Name("fresh") + "@example.org"
			for _, email := range []string{" " + strings.ToUpper(existing.Email) + " ", fresh} {
				c := newClient(t, w.Server)
				r := c.submit("/signup", "/signup", signupForm(email))
				wantCode(t, r, http.StatusSeeOther)
				check(t, "redirect", r.Location, "/")
				page := c.follow(r)
				wantCode(t, page, http.StatusOK)
				wantIn(t, page, "We sent a link to "+strings.ToLower(strings.TrimSpace(email))+" to confirm your address.")
			}
			check(t, "accounts with the taken address", w.count(t, "users", "email = ?", existing.Email), 1)
			u := must(w.Store.Accounts.UserByEmail(context.Background(), existing.Email))(t)
			check(t, "the owner's name is unchanged", u.Name, "First")
			w.WaitMail(t)
			var warned bool
			for _, m := range w.Mail.Messages() {
				if m.To == existing.Email {
					check(t, "subject", m.Subject, "Someone tried to create an account with your address")
					wantIn(t, &response{Body: m.Body}, "/password/forgot")
					if verifyLink.MatchString(m.Body) {
						t.Errorf("the owner was sent a verification link: %q", m.Body)
					}
					warned = true
				}
			}
			if !warned {
				t.Errorf("no mail to the owner %s in %+v", existing.Email, w.Mail.Messages())
			}
		})

		t.Run("honeypot", func(t *testing.T) {
			before := w.count(t, "users", "")
			c := newClient(t, w.Server)
			page := c.get("/signup")
			wantIn(t, page, `name="referral_code"`)
			wantIn(t, page, `tabindex="-1"`)
			form := signupForm(testutil.Name("bot") + "@example.org")
			form.Set("referral_code", "http://spam.example")
			r := c.submit("/signup", "/signup", form)
			wantCode(t, r, http.StatusUnprocessableEntity)
			wantIn(t, r, "Please leave the field")
			check(t, "accounts", w.count(t, "users", ""), before)
		})

		t.Run("closed", func(t *testing.T) {
			ctx := context.Background()
			site := must(w.Store.Site.Settings(ctx))(t)
			site.SignupOpen = false
			if err := w.Store.Site.SaveSettings(ctx, site); err != nil {
				t.Fatal(err)
			}
			defer func() {
				site.SignupOpen = true
				if err := w.Store.Site.SaveSettings(ctx, site); err != nil {
					t.Fatal(err)
				}
			}()
			before := w.count(t, "users", "")
			c := newClient(t, w.Server)
			r := c.submit("/signup", "/signup", signupForm(testutil.Name("late")+"@example.org"))
			wantCode(t, r, http.StatusForbidden)
			wantIn(t, r, "Sign-up is closed")
			check(t, "accounts", w.count(t, "users", ""), before)
			wantCode(t, c.get("/account"), http.StatusSeeOther)
		})
	})
}

var loginError = regexp.MustCompile(`<p class="notice warn" role="alert" id="err-form">([^<]*)</p>`)

func TestLogin(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		u := w.user(t, "Bruno")

		t.Run("right password", func(t *testing.T) {
			c := newClient(t, w.Server)
			r := c.submit("/login", "/login", url.Values{"email": {strings.ToUpper(u.Email)}, "password": {password}})
			wantCode(t, r, http.StatusSeeOther)
			check(t, "redirect", r.Location, "/")
			sess := cookie(r, "ideario_session")
			if sess == nil {
				t.Fatalf("no session cookie set: %v", r.Header["Set-Cookie"])
			}
			check(t, "HttpOnly", sess.HttpOnly, true)
			check(t, "SameSite", sess.SameSite, http.SameSiteLaxMode)
			check(t, "Secure on http", sess.Secure, false)
			check(t, "Path", sess.Path, "/")
			wantCode(t, c.get("/account"), http.StatusOK)
			if csrf := cookie(c.get("/login"), "ideario_csrf"); csrf != nil {
				t.Errorf("the CSRF cookie was set again on a page after log-in")
			}
		})

		// Both failures answer alike, so nobody learns who has an account.
		var messages []string
		for _, tt := range []struct{ name, email, password string }{
			{"wrong password", u.Email, "not the password at all"},
			{"unknown email", "nobody-" + u.Email, password},
			{"empty", "", ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				c := newClient(t, w.Server)
				r := c.submit("/login", "/login", url.Values{"email": {tt.email}, "password": {tt.password}})
				wantCode(t, r, http.StatusUnprocessableEntity)
				check(t, "session cookie", cookie(r, "ideario_session") == nil, true)
				m := loginError.FindStringSubmatch(r.Body)
				if m == nil {
					t.Fatalf("no log-in error on the page: %s", r)
				}
				messages = append(messages, m[1])
				wantCode(t, c.get("/account"), http.StatusSeeOther)
			})
		}
		for i := 1; i < len(messages); i++ {
			check(t, "log-in error", messages[i], messages[0])
		}

		for _, tt := range []struct{ next, want string }{
			{"/ideas/new", "/ideas/new"},
			{"/ideas?sort=top&q=seat", "/ideas?sort=top&q=seat"},
			{"", "/"},
			{"//evil.example", "/"},
			{"//evil.example/ideas", "/"},
			{"https://evil.example", "/"},
			{"http:evil.example", "/"},
			{`/\evil.example`, "/"},
			{"/\t/evil.example", "/"}, // browsers drop tabs and newlines: this is //evil.example
			{"/\n/evil.example", "/"},
			{"javascript:alert(1)", "/"},
			{"ideas", "/"},
		} {
			t.Run("next="+tt.next, func(t *testing.T) {
				c := newClient(t, w.Server)
				page := "/login?next=" + url.QueryEscape(tt.next)
				r := c.submit(page, "/login", url.Values{"email": {u.Email}, "password": {password}, "next": {tt.next}})
				wantCode(t, r, http.StatusSeeOther)
				check(t, "redirect", r.Location, tt.want)
			})
		}

		t.Run("next carried by the log-in page's form", func(t *testing.T) {
			c := newClient(t, w.Server)
			r := c.get("/notifications")
			wantCode(t, r, http.StatusSeeOther)
			page := r.Location
			r = c.get(page)
			next := regexp.MustCompile(`name="next" value="([^"]*)"`).FindStringSubmatch(r.Body)
			if next == nil {
				t.Fatalf("no next field on %s", r)
			}
			r = c.submit(page, "/login", url.Values{"email": {u.Email}, "password": {password}, "next": {next[1]}})
			check(t, "back to", r.Location, "/notifications")
			wantCode(t, c.follow(r), http.StatusOK)
		})

		t.Run("a session cookie copied before log-out", func(t *testing.T) {
			c := w.login(t, u)
			r := c.get("/account")
			wantCode(t, r, http.StatusOK)
			var copied *http.Cookie
			for _, ck := range c.http.Jar.Cookies(mustURL(t, w.URL)) {
				if ck.Name == "ideario_session" {
					copied = ck
				}
			}
			if copied == nil {
				t.Fatal("no session cookie in the jar")
			}
			wantCode(t, c.submit("/", "/logout", nil), http.StatusSeeOther)
			req, _ := http.NewRequest(http.MethodGet, w.URL+"/account", nil)
			req.AddCookie(copied)
			r = newClient(t, w.Server).do(req)
			wantCode(t, r, http.StatusSeeOther)
		})

		t.Run("log-out ends the session", func(t *testing.T) {
			c := w.login(t, u)
			wantCode(t, c.get("/account"), http.StatusOK)
			r := c.submit("/", "/logout", nil)
			wantCode(t, r, http.StatusSeeOther)
			if sess := cookie(r, "ideario_session"); sess == nil || sess.MaxAge >= 0 {
				t.Errorf("log-out did not clear the session cookie: %v", r.Header["Set-Cookie"])
			}
			r = c.get("/account")
			wantCode(t, r, http.StatusSeeOther)
			check(t, "redirect", r.Location, "/login?next=%2Faccount")
		})
	})
}

func TestAnonymousIsSentToLogin(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		u := w.user(t, "Carla")
		idea := w.idea(t, u, "A roof of solar cells", nil, w.other)
		for _, p := range []string{"/ideas/new", "/account", "/notifications", "/ideas/new?challenge=open-car", ideaPath(idea.ID) + "/edit", "/comments/1/edit"} {
			t.Run(p, func(t *testing.T) {
				c := newClient(t, w.Server)
				r := c.get(p)
				wantCode(t, r, http.StatusSeeOther)
				check(t, "redirect", r.Location, "/login?next="+url.QueryEscape(p))
				r = c.submit(r.Location, "/login", url.Values{"email": {u.Email}, "password": {password}, "next": {p}})
				check(t, "after log-in", r.Location, p)
			})
		}
		t.Run("JSON gets 401, not a redirect", func(t *testing.T) {
			c := newClient(t, w.Server)
			var out map[string]string
			r := c.postJSON(ideaPath(idea.ID)+"/vote", nil, &out)
			wantCode(t, r, http.StatusUnauthorized)
			if out["error"] == "" {
				t.Errorf("no error message: %s", r)
			}
		})
	})
}

var resetLink = regexp.MustCompile(`https?://[^/\s]+(/password/reset\?token=([A-Za-z0-9_-]+))`)

func TestPasswordReset(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		u := w.user(t, "Dora")

		mailsTo := func(addr string) (n int, link, token string) {
			w.WaitMail(t)
			for _, m := range w.Mail.Messages() {
				if m.To == addr {
					n++
					if sm := resetLink.FindStringSubmatch(m.Body); sm != nil {
						link, token = sm[1], sm[2]
					}
				}
			}
			return n, link, token
		}

		unknown := "nobody-" + u.Email
		known := newClient(t, w.Server).submit("/password/forgot", "/password/forgot", url.Values{"email": {u.Email}})
		other := newClient(t, w.Server).submit("/password/forgot", "/password/forgot", url.Values{"email": {unknown}})
		wantCode(t, known, http.StatusOK)
		wantCode(t, other, http.StatusOK)
		same := func(r *response, addr string) string {
			return csrfMeta.ReplaceAllString(strings.ReplaceAll(r.Body, addr, "ADDR"), "")
		}
		check(t, "same answer for a known and an unknown address", same(known, u.Email), same(other, unknown))
		if n, _, _ := mailsTo(unknown); n != 0 {
			t.Errorf("%d mails sent to an address without an account", n)
		}
		n, link, token := mailsTo(u.Email)
		if n != 1 || link == "" {
			t.Fatalf("%d mails to %s, link %q: %+v", n, u.Email, link, w.Mail.Messages())
		}

		bad := newClient(t, w.Server).submit("/password/forgot", "/password/forgot", url.Values{"email": {"not an address"}})
		wantCode(t, bad, http.StatusUnprocessableEntity)
		if fieldError(bad.Body, "email") == "" {
			t.Errorf("no message next to the email field: %s", bad)
		}

		c := newClient(t, w.Server)
		r := c.get(link)
		wantCode(t, r, http.StatusOK)
		wantIn(t, r, `name="token" value="`+token+`"`)

		t.Run("weak new password", func(t *testing.T) {
			r := c.submit(link, "/password/reset", url.Values{"token": {token}, "password": {"1234567890"}})
			wantCode(t, r, http.StatusUnprocessableEntity)
			if fieldError(r.Body, "password") == "" {
				t.Errorf("no message next to the password field: %s", r)
			}
			wantIn(t, r, `name="token" value="`+token+`"`) // the person can try again
		})
		t.Run("bad token", func(t *testing.T) {
			c := newClient(t, w.Server)
			wantCode(t, c.get("/password/reset?token=nope"), http.StatusBadRequest)
			wantCode(t, c.get("/password/reset"), http.StatusBadRequest)
			r := c.submit("/password/forgot", "/password/reset", url.Values{"token": {"nope"}, "password": {"a brand new passphrase"}})
			wantCode(t, r, http.StatusBadRequest)
		})
		t.Run("token works once", func(t *testing.T) {
			const newPassword = "a brand new passphrase"
			r := c.submit(link, "/password/reset", url.Values{"token": {token}, "password": {newPassword}})
			wantCode(t, r, http.StatusSeeOther)
			wantCode(t, c.get("/account"), http.StatusOK) // signed in
			_, err := w.Store.Accounts.Authenticate(context.Background(), u.Email, newPassword)
			check(t, "log-in with the new password", err, nil)
			_, err = w.Store.Accounts.Authenticate(context.Background(), u.Email, password)
			check(t, "log-in with the old password", err, accounts.ErrBadCredentials)

			again := newClient(t, w.Server)
			wantCode(t, again.get(link), http.StatusBadRequest)
			r = again.submit("/password/forgot", "/password/reset", url.Values{"token": {token}, "password": {"yet another passphrase"}})
			wantCode(t, r, http.StatusBadRequest)
			_, err = w.Store.Accounts.Authenticate(context.Background(), u.Email, newPassword)
			check(t, "password after the second use", err, nil)
		})
	})
}

// TestSignedInPeopleSkipTheForms: a signed-in person who opens the log-in
// or sign-up page goes on to where they were going, or home.
func TestSignedInPeopleSkipTheForms(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		c := w.login(t, w.user(t, "Ana"))
		for _, tt := range []struct{ path, want string }{
			{"/login", "/"},
			{"/signup", "/"},
			{"/login?next=/ideas/new", "/ideas/new"},
			{"/signup?next=//evil.example", "/"},
		} {
			r := c.get(tt.path)
			wantCode(t, r, http.StatusSeeOther)
			if got := r.Header.Get("Location"); got != tt.want {
				t.Errorf("%s: to %q, want %q", tt.path, got, tt.want)
			}
		}
		wantCode(t, newClient(t, w.Server).get("/login"), http.StatusOK)
	})
}
