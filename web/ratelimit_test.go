package web_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/config"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/testutil"
)

// behindProxy trusts the test's own address as a reverse proxy, so that a
// test can speak from many client addresses through X-Forwarded-For.
var behindProxy = testutil.WithConfig(func(c *config.Config) {
	c.TrustedProxies = []*net.IPNet{{IP: net.IPv4(127, 0, 0, 1).To4(), Mask: net.CIDRMask(32, 32)}}
})

// from posts a form from a client address, with the token of page.
func (c *client) from(addr, page, action string, form url.Values) *response {
	c.t.Helper()
	return c.post(action, withToken(form, c.csrf(page)), http.Header{"X-Forwarded-For": {addr}})
}

// wantWait checks a refusal by a rate limit: 429, a Retry-After of at
// most max seconds, and the message that says how long to wait.
func wantWait(t *testing.T, r *response, message string, maxWait time.Duration) {
	t.Helper()
	wantCode(t, r, http.StatusTooManyRequests)
	secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil || secs <= 0 || time.Duration(secs)*time.Second > maxWait {
		t.Errorf("Retry-After = %q, want 1..%d seconds", r.Header.Get("Retry-After"), int(maxWait.Seconds()))
	}
	wantIn(t, r, message)
}

// endWaits lets every wait under limit end now, as if the time had passed;
// the counts and past waits stay.
func endWaits(t *testing.T, w *world, limit string) {
	t.Helper()
	past := time.Now().Add(-time.Second).UnixMilli()
	if err := testutil.Behind(w.Store).Exec(`UPDATE rate_limits SET blocked_until = ? WHERE bucket = ? AND blocked_until IS NOT NULL`, past, limit).Error; err != nil {
		t.Fatal(err)
	}
}

func TestLoginLimits(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		login := func(c *client, addr, email, pass string) *response {
			return c.from(addr, "/login", "/login", url.Values{"email": {email}, "password": {pass}})
		}
		wrongTimes := func(t *testing.T, addr, email string, n int) {
			t.Helper()
			for i := range n {
				r := login(newClient(t, w.Server), addr, email, "not the password")
				if r.Code != http.StatusUnprocessableEntity {
					t.Fatalf("failure %d: %s", i+1, r)
				}
			}
		}

		t.Run("an account waits longer each time, and starts afresh after logging in", func(t *testing.T) {
			u := w.user(t, "Guessed")
			wrongTimes(t, "203.0.113.1", u.Email, 5)
			r := login(newClient(t, w.Server), "203.0.113.2", u.Email, "sixth guess")
			wantWait(t, r, "Too many failed log-ins. Please wait 1 minute and try again.", time.Minute)
			wantIn(t, r, `value="`+u.Email+`"`) // the form keeps the address typed
			// While the account waits, even the right password is not tried,
			// from any address.
			wantWait(t, login(newClient(t, w.Server), "198.51.100.7", u.Email, password), "Please wait", time.Minute)

			endWaits(t, w, "login-account")
			wrongTimes(t, "203.0.113.1", u.Email, 5)
			wantWait(t, login(newClient(t, w.Server), "203.0.113.1", u.Email, "again"),
				"Please wait 2 minutes", 2*time.Minute)
			endWaits(t, w, "login-account")
			wrongTimes(t, "203.0.113.1", u.Email, 5)
			wantWait(t, login(newClient(t, w.Server), "203.0.113.1", u.Email, "and again"),
				"Please wait 4 minutes", 4*time.Minute)

			endWaits(t, w, "login-account")
			c := newClient(t, w.Server)
			wantCode(t, login(c, "203.0.113.1", u.Email, password), http.StatusSeeOther)
			wantCode(t, c.get("/account"), http.StatusOK)
			check(t, "counts left for the account after logging in", w.count(t, "rate_limits", "bucket = ?", "login-account"), 0)
			wrongTimes(t, "203.0.113.1", u.Email, 5)
			wantWait(t, login(newClient(t, w.Server), "203.0.113.1", u.Email, "x"), "Please wait 1 minute", time.Minute)
		})

		t.Run("an address that has no account is treated the same", func(t *testing.T) {
			ghost := testutil.Name("ghost") + "@example.org"
			wrongTimes(t, "203.0.113.3", ghost, 5)
			wantWait(t, login(newClient(t, w.Server), "203.0.113.3", ghost, "x"),
				"Too many failed log-ins. Please wait 1 minute and try again.", time.Minute)
		})

		t.Run("one client address trying many accounts", func(t *testing.T) {
			for i := range 30 {
				r := login(newClient(t, w.Server), "192.0.2.50", fmt.Sprintf("victim%d-%s@example.org", i, testutil.Name("v")), "123456")
				wantCode(t, r, http.StatusUnprocessableEntity)
			}
			u := w.user(t, "Bystander")
			wantWait(t, login(newClient(t, w.Server), "192.0.2.50", u.Email, "x"), "Please wait 5 minutes", 5*time.Minute)
			// Another address is not held up, nor is the account.
			wantCode(t, login(newClient(t, w.Server), "192.0.2.51", u.Email, password), http.StatusSeeOther)
		})

		t.Run("without a trusted proxy, X-Forwarded-For is ignored", func(t *testing.T) {
			direct := newWorld(t, testutil.Engines()[0])
			for i := range 31 {
				r := newClient(t, direct.Server).from(fmt.Sprintf("10.0.0.%d", i), "/login", "/login",
					url.Values{"email": {fmt.Sprintf("n%d@example.org", i)}, "password": {"x"}})
				if i < 30 {
					wantCode(t, r, http.StatusUnprocessableEntity)
				} else {
					wantWait(t, r, "Too many failed log-ins", 5*time.Minute)
				}
			}
		})
	}, behindProxy)
}

func TestSignupAndResetLimits(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		t.Run("sign-ups from one address", func(t *testing.T) {
			for range 20 {
				r := newClient(t, w.Server).from("198.51.100.20", "/signup", "/signup", signupForm(testutil.Name("s")+"@example.org"))
				wantCode(t, r, http.StatusSeeOther)
			}
			before := w.count(t, "users", "")
			email := testutil.Name("late") + "@example.org"
			r := newClient(t, w.Server).from("198.51.100.20", "/signup", "/signup", signupForm(email))
			wantWait(t, r, "Too many accounts were created from your network. Please wait 15 minutes", 15*time.Minute)
			wantIn(t, r, `value="`+email+`"`)
			check(t, "accounts", w.count(t, "users", ""), before)
			wantCode(t, newClient(t, w.Server).from("198.51.100.21", "/signup", "/signup", signupForm(email)), http.StatusSeeOther)
		})

		t.Run("password resets of one address, registered or not", func(t *testing.T) {
			u := w.user(t, "Forgetful")
			for _, email := range []string{u.Email, testutil.Name("nobody") + "@example.org"} {
				for range 3 {
					r := newClient(t, w.Server).from("198.51.100.30", "/password/forgot", "/password/forgot", url.Values{"email": {email}})
					wantCode(t, r, http.StatusOK)
				}
				r := newClient(t, w.Server).from("198.51.100.31", "/password/forgot", "/password/forgot", url.Values{"email": {email}})
				wantWait(t, r, "Too many password reset requests. Please wait 15 minutes", 15*time.Minute)
				if msg := fieldError(r.Body, "email"); !strings.Contains(msg, "Please wait") {
					t.Errorf("message next to the email field = %q", msg)
				}
			}
			w.WaitMail(t)
			mails := 0
			for _, m := range w.Mail.Messages() {
				if m.To == u.Email {
					mails++
				}
			}
			check(t, "reset mails sent", mails, 3)
		})

		t.Run("many resets from one address", func(t *testing.T) {
			for i := range 10 {
				r := newClient(t, w.Server).from("198.51.100.40", "/password/forgot", "/password/forgot",
					url.Values{"email": {fmt.Sprintf("r%d-%s@example.org", i, testutil.Name("r"))}})
				wantCode(t, r, http.StatusOK)
			}
			r := newClient(t, w.Server).from("198.51.100.40", "/password/forgot", "/password/forgot", url.Values{"email": {"one-more@example.org"}})
			wantWait(t, r, "Please wait 15 minutes", 15*time.Minute)
		})
	}, behindProxy)
}

// established makes u an account older than a newcomer's.
func (w *world) established(t *testing.T, u *accounts.User) {
	t.Helper()
	if err := testutil.Behind(w.Store).Exec(`UPDATE users SET created_at = ? WHERE id = ?`, time.Now().UTC().Add(-48*time.Hour), u.ID).Error; err != nil {
		t.Fatal(err)
	}
}

func TestPostingLimits(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		author := w.user(t, "Author")
		var targets []*ideas.Idea
		for i := range 6 {
			targets = append(targets, w.idea(t, author, fmt.Sprintf("Target idea %d", i), w.open, w.design))
		}

		t.Run("ideas: a newcomer posts fewer than an established account", func(t *testing.T) {
			newcomer, old := w.user(t, "New"), w.user(t, "Old")
			w.established(t, old)
			cn, co := w.login(t, newcomer), w.login(t, old)
			for i := range 3 {
				wantCode(t, cn.submit("/ideas/new", "/ideas", ideaForm(fmt.Sprintf("Newcomer idea %d", i))), http.StatusSeeOther)
				wantCode(t, co.submit("/ideas/new", "/ideas", ideaForm(fmt.Sprintf("Old idea %d", i))), http.StatusSeeOther)
			}
			before := w.count(t, "ideas", "")
			r := cn.submit("/ideas/new", "/ideas", ideaForm("Newcomer idea too many"))
			wantWait(t, r, "You are posting faster than the site allows, so this was not saved yet; what you wrote is kept here. Please wait 30 minutes", 30*time.Minute)
			wantIn(t, r, `value="Newcomer idea too many"`)
			check(t, "ideas", w.count(t, "ideas", ""), before)
			var out struct{ Errors map[string]string }
			r = cn.postJSON("/ideas", ideaForm("Newcomer idea by script"), &out)
			wantCode(t, r, http.StatusTooManyRequests)
			if !strings.Contains(out.Errors["form"], "Please wait") {
				t.Errorf("JSON errors = %v", out.Errors)
			}
			wantCode(t, co.submit("/ideas/new", "/ideas", ideaForm("Old idea 4")), http.StatusSeeOther)
			check(t, "ideas", w.count(t, "ideas", ""), before+1)
		})

		t.Run("comments keep their text when refused", func(t *testing.T) {
			u := w.user(t, "Chatty")
			c := w.login(t, u)
			page, action := targets[0].URL(), ideaPath(targets[0].ID)+"/comments"
			for i := range 10 {
				wantCode(t, c.submit(page, action, url.Values{"body": {fmt.Sprintf("Comment %d", i)}}), http.StatusSeeOther)
			}
			r := c.submit(page, action, url.Values{"body": {"The eleventh comment"}})
			wantWait(t, r, "Please wait 10 minutes", 10*time.Minute)
			if msg := fieldError(r.Body, "body"); !strings.Contains(msg, "posting faster") {
				t.Errorf("message next to the comment field = %q", msg)
			}
			wantIn(t, r, "The eleventh comment</textarea>")
			check(t, "comments of the person", w.count(t, "comments", "author_id = ?", u.ID), 10)
		})

		t.Run("votes", func(t *testing.T) {
			u := w.user(t, "Clicker")
			c := w.login(t, u)
			var out map[string]any
			for i := range 30 {
				r := c.postJSON(ideaPath(targets[i%2].ID)+"/vote", url.Values{}, &out)
				wantCode(t, r, http.StatusOK)
			}
			votes := must(w.Store.Ideas.IdeaByID(ctx, targets[2].ID))(t).VoteCount
			r := c.postJSON(ideaPath(targets[2].ID)+"/vote", url.Values{}, &out)
			wantWait(t, r, "You are voting faster than the site allows, so this vote was not counted. Please wait 2 minutes", 2*time.Minute)
			check(t, "votes of the idea", must(w.Store.Ideas.IdeaByID(ctx, targets[2].ID))(t).VoteCount, votes)
			// The form, without a script, says so on the idea's page.
			f := c.submit(targets[2].URL(), ideaPath(targets[2].ID)+"/vote", url.Values{})
			wantCode(t, f, http.StatusSeeOther)
			wantIn(t, c.follow(f), "You are voting faster than the site allows")
		})

		t.Run("reports", func(t *testing.T) {
			u := w.user(t, "Reporter")
			c := w.login(t, u)
			for i := range 5 {
				wantCode(t, c.submit(targets[i].URL(), ideaPath(targets[i].ID)+"/flag", url.Values{"reason": {"spam"}}), http.StatusSeeOther)
			}
			r := c.submit(targets[5].URL(), ideaPath(targets[5].ID)+"/flag", url.Values{"reason": {"spam"}, "note": {"a sixth"}})
			wantWait(t, r, "You have sent many reports in a short time", 30*time.Minute)
			wantIn(t, r, "a sixth</textarea>")
			check(t, "reports of the person", w.count(t, "flags", "user_id = ?", u.ID), 5)
		})

		t.Run("moderators are not limited", func(t *testing.T) {
			m := w.userWithRole(t, "Mod", accounts.RoleModerator)
			c := w.login(t, m)
			for i := range 4 {
				wantCode(t, c.submit("/ideas/new", "/ideas", ideaForm(fmt.Sprintf("Moderator idea %d", i))), http.StatusSeeOther)
			}
		})
	})
}

func TestRateLimitsOff(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		c := w.login(t, w.user(t, "Unlimited"))
		for i := range 4 {
			wantCode(t, c.submit("/ideas/new", "/ideas", ideaForm(fmt.Sprintf("Idea %d", i))), http.StatusSeeOther)
		}
		check(t, "counts kept", w.count(t, "rate_limits", ""), 0)
	}, testutil.WithoutRateLimits())
}
