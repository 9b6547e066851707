package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/testutil"
)

// personURL is a person's admin page.
func personURL(u *accounts.User) string { return fmt.Sprintf("/admin/users/%d", u.ID) }

// inFuture is a day, n days ahead, as the suspend form takes it.
func inFuture(days int) string { return time.Now().UTC().AddDate(0, 0, days).Format(time.DateOnly) }

// flashOf follows a redirect and returns the flash message shown there.
func flashOf(t *testing.T, c *client, r *response) string {
	t.Helper()
	if r.Code != http.StatusSeeOther {
		t.Fatalf("want a redirect: %s", r)
	}
	m := regexp.MustCompile(`<div class="flash" role="status"><div class="wrap">([^<]*)</div>`).FindStringSubmatch(c.follow(r).Body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// reloadUser reads a person back from the database.
func reloadUser(t *testing.T, w *world, u *accounts.User) *accounts.User {
	t.Helper()
	return must(w.Store.Accounts.UserByID(context.Background(), u.ID))(t)
}

// peopleNames lists the names on the people list, in order.
func peopleNames(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`class="people-name" href="/admin/users/\d+">([^<]*)<`).FindAllStringSubmatch(body, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

func TestAdminPeopleList(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		mod := w.userWithRole(t, "Mona Moderator", accounts.RoleModerator)
		ana := w.user(t, "Ana Souza")
		w.userWithRole(t, "Sofia Sponsor", accounts.RoleSponsor)
		spammer := w.user(t, "Spam 100% Bot")
		idea := w.idea(t, ana, "Seats from recycled bottles", w.open, w.design)
		spamIdea := w.idea(t, spammer, "Cheap watches here", nil, nil)
		must(w.Store.Comments.CreateComment(ctx, spammer, idea.ID, nil, "buy now"))(t)
		must(w.Store.Moderation.Flag(ctx, ana, audit.TargetIdea, spamIdea.ID, "spam", ""))(t)
		until := time.Now().UTC().AddDate(0, 0, 10).Truncate(24 * time.Hour)
		if err := w.Store.Moderation.Suspend(ctx, mod, spammer.ID, until, "spam"); err != nil {
			t.Fatal(err)
		}
		c := w.login(t, mod)

		r := c.get("/admin/users")
		wantCode(t, r, http.StatusOK)
		wantIn(t, r, `href="`+personURL(spammer)+`"`)
		wantIn(t, r, html.EscapeString(spammer.Email))
		wantIn(t, r, `<abbr title="Brazil">BR</abbr>`)
		wantIn(t, r, "Suspended until "+until.Format("2 Jan 2006"))
		row := r.Body[strings.Index(r.Body, `href="`+personURL(spammer)+`"`):]
		row = row[:strings.Index(row, "</tr>")]
		for _, want := range []string{`data-label="Ideas" class="num">1<`, `data-label="Comments" class="num">1<`,
			`<span class="people-flags">1</span>`} {
			if !strings.Contains(row, want) {
				t.Errorf("%q not in the spammer's row: %s", want, row)
			}
		}

		cases := []struct {
			query string
			want  []string
		}{
			{"?q=souza", []string{"Ana Souza"}},
			{"?q=" + url.QueryEscape(strings.ToUpper(ana.Email[:5])), []string{"Ana Souza"}},
			{"?q=" + url.QueryEscape("100%"), []string{"Spam 100% Bot"}},
			{"?role=sponsor", []string{"Sofia Sponsor"}},
			{"?role=moderator&q=mona", []string{"Mona Moderator"}},
			{"?suspended=1", []string{"Spam 100% Bot"}},
			{"?q=nobody-at-all", nil},
			{"?q=%ff%fe", []string{"Spam 100% Bot", "Sofia Sponsor", "Ana Souza", "Mona Moderator"}},
		}
		for _, tc := range cases {
			r := c.get("/admin/users" + tc.query)
			wantCode(t, r, http.StatusOK)
			check(t, "people for "+tc.query, fmt.Sprint(peopleNames(r.Body)), fmt.Sprint(tc.want))
		}
		wantIn(t, c.get("/admin/users?q=nobody-at-all"), "Nobody matches")

		t.Run("fifty a page", func(t *testing.T) {
			hash := reloadUser(t, w, ana).PasswordHash
			for i := range 55 {
				u := accounts.User{Name: fmt.Sprintf("Crowd %02d", i), Handle: fmt.Sprintf("crowd_%02d", i), Email: fmt.Sprintf("crowd%02d@example.org", i),
					PasswordHash: hash, Country: "PT", Locale: "en", Role: accounts.RoleContributor,
					CreatedAt: time.Now().UTC().Add(time.Duration(i) * time.Second), UpdatedAt: time.Now().UTC()}
				if err := testutil.Behind(w.Store).Create(&u).Error; err != nil {
					t.Fatal(err)
				}
			}
			first := c.get("/admin/users?q=crowd")
			check(t, "first page", len(peopleNames(first.Body)), 50)
			check(t, "newest first", peopleNames(first.Body)[0], "Crowd 54")
			wantIn(t, first, `rel="next" class="button" href="/admin/users?page=2&amp;q=crowd"`)
			wantNotIn(t, first, `rel="prev"`)
			second := c.get("/admin/users?q=crowd&page=2")
			check(t, "second page", fmt.Sprint(peopleNames(second.Body)), "[Crowd 04 Crowd 03 Crowd 02 Crowd 01 Crowd 00]")
			wantIn(t, second, `rel="prev" class="button" href="/admin/users?q=crowd"`)
			wantNotIn(t, second, `rel="next"`)
		})
	})
}

func TestAdminPersonPage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		mod := w.userWithRole(t, "Mona Moderator", accounts.RoleModerator)
		ana, bia := w.user(t, "Ana Souza"), w.user(t, "Bia Lima")
		shown := w.idea(t, ana, "Seats from recycled bottles", w.open, w.design)
		hidden := w.idea(t, ana, "A rude idea about seats", w.open, w.design)
		if err := w.Store.Moderation.HideIdea(ctx, mod, hidden.ID, "insults"); err != nil {
			t.Fatal(err)
		}
		pending := w.idea(t, ana, "An idea waiting for review", nil, nil)
		testutil.Behind(w.Store).Exec("UPDATE ideas SET pending = ?, hidden = ?, hidden_reason = ? WHERE id = ?", true, true, ideas.HiddenPending, pending.ID)
		biaIdea := w.idea(t, bia, "Solar roof panels", w.open, w.design)
		cm := must(w.Store.Comments.CreateComment(ctx, ana, biaIdea.ID, nil, "I *like* it"))(t)
		hiddenComment := must(w.Store.Comments.CreateComment(ctx, ana, biaIdea.ID, nil, "you are all fools"))(t)
		if err := w.Store.Moderation.HideComment(ctx, mod, hiddenComment.ID, "rude"); err != nil {
			t.Fatal(err)
		}
		must(w.Store.Moderation.Flag(ctx, bia, audit.TargetComment, cm.ID, "off_topic", "not about the idea"))(t)
		must(w.Store.Moderation.Flag(ctx, ana, audit.TargetIdea, biaIdea.ID, "duplicate", ""))(t)
		if err := w.Store.Moderation.Suspend(ctx, mod, ana.ID, time.Now().AddDate(0, 0, 3), "cooling off"); err != nil {
			t.Fatal(err)
		}

		c := w.login(t, mod)
		r := c.get(personURL(ana))
		wantCode(t, r, http.StatusOK)
		for _, want := range []string{
			"<h1 id=\"person-name\">Ana Souza</h1>", html.EscapeString(ana.Email), "Brazil (BR)",
			"Contributor", "not yet", // address not confirmed
			"cooling off", "Suspended until",
			`href="` + shown.URL() + `"`, `href="` + hidden.URL() + `"`, "Hidden: insults",
			`href="` + pending.URL() + `"`, "Waiting for approval",
			fmt.Sprintf(`href="/comments/%d"`, cm.ID), "<em>like</em>",
			fmt.Sprintf(`href="/comments/%d"`, hiddenComment.ID), "you are all fools",
			"Off topic", "“not about the idea”", fmt.Sprintf(`href="/admin/users/%d">Bia Lima</a>`, bia.ID),
			"A duplicate of another idea", fmt.Sprintf(`href="/ideas/%d">Idea #%d</a>`, biaIdea.ID, biaIdea.ID),
			"Suspended a person", "user.suspend", `action="/admin/users/` + itoa(ana.ID) + `/suspend"`,
			`action="/admin/users/` + itoa(ana.ID) + `/unsuspend"`, `action="/admin/users/` + itoa(ana.ID) + `/hide-all"`,
			`data-confirm="Hide every idea and comment that Ana Souza posted?`,
		} {
			wantIn(t, r, want)
		}
		wantNotIn(t, r, `/role"`) // only admins change roles
		wantCode(t, c.get("/admin/users/999999"), http.StatusNotFound)
		wantCode(t, c.get("/admin/users/nobody"), http.StatusNotFound)

		t.Run("a moderator cannot act on moderators or themselves", func(t *testing.T) {
			for _, u := range []*accounts.User{mod, w.userWithRole(t, "Other Mod", accounts.RoleModerator), w.userWithRole(t, "Boss", accounts.RoleAdmin)} {
				r := c.get(personURL(u))
				wantCode(t, r, http.StatusOK)
				wantNotIn(t, r, `/suspend"`)
				wantNotIn(t, r, `/hide-all"`)
			}
		})

		t.Run("an admin changes roles", func(t *testing.T) {
			admin := w.userWithRole(t, "Boss", accounts.RoleAdmin)
			r := w.login(t, admin).get(personURL(ana))
			wantIn(t, r, `action="/admin/users/`+itoa(ana.ID)+`/role"`)
			wantIn(t, r, `<option value="contributor" selected>Contributor</option>`)
		})
	})
}

func TestSuspension(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		mod := w.userWithRole(t, "Mona Moderator", accounts.RoleModerator)
		author := w.user(t, "Karin")
		idea := w.idea(t, author, "Foldable rear seats", w.open, w.design)
		troll := w.user(t, "Troll")
		m := w.login(t, mod)
		tc := w.login(t, troll)

		t.Run("the form checks the day and the reason", func(t *testing.T) {
			cases := []struct {
				name, until, reason string
				field, want         string
			}{
				{"no day", "", "spam", "until", "Please choose the day the suspension ends."},
				{"not a date", "next week", "spam", "until", "Please give the day as YYYY-MM-DD"},
				{"impossible date", "2031-02-30", "spam", "until", "Please give the day as YYYY-MM-DD"},
				{"today", time.Now().UTC().Format(time.DateOnly), "spam", "until", "Please choose a day after today."},
				{"in the past", "2020-01-01", "spam", "until", "Please choose a day after today."},
				{"no reason", inFuture(3), "", "reason", "Please give the reason: the person is shown it."},
				{"blank reason", inFuture(3), "   ", "reason", "Please give the reason: the person is shown it."},
				{"long reason", inFuture(3), strings.Repeat("é", 501), "reason", "Please keep this to 500 characters or fewer (it has 501)."},
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					r := m.submit(personURL(troll), personURL(troll)+"/suspend", url.Values{"until": {c.until}, "reason": {c.reason}})
					wantCode(t, r, http.StatusUnprocessableEntity)
					if got := fieldError(r.Body, c.field); !strings.HasPrefix(got, c.want) {
						t.Errorf("message next to %s: %q, want %q", c.field, got, c.want)
					}
					wantIn(t, r, `aria-invalid="true" aria-describedby="err-`+c.field)
					wantIn(t, r, html.EscapeString(strings.TrimSpace(c.reason)))
					check(t, "still free", reloadUser(t, w, troll).SuspendedUntil == nil, true)
				})
			}
		})

		until := inFuture(5)
		reason := "Insults in every comment <b>again</b>"
		r := m.submit(personURL(troll), personURL(troll)+"/suspend", url.Values{"until": {until}, "reason": {reason}})
		check(t, "flash", flashOf(t, m, r), "Troll is suspended until "+until+".")
		got := reloadUser(t, w, troll)
		check(t, "until", got.SuspendedUntil.UTC().Format(time.DateOnly), until)
		check(t, "reason", got.SuspendReason, reason)

		t.Run("a suspended person can read but not post", func(t *testing.T) {
			for _, path := range []string{"/", "/ideas", idea.URL(), "/account"} {
				r := tc.get(path)
				wantCode(t, r, http.StatusOK)
				wantIn(t, r, `<div class="suspended-bar" role="status"><div class="wrap">Your account is suspended until `+until+` (reason: Insults in every comment &lt;b&gt;again&lt;/b&gt;).`)
			}
			posts := []struct {
				name, path string
				form       url.Values
			}{
				{"vote", ideaPath(idea.ID) + "/vote", nil},
				{"comment", ideaPath(idea.ID) + "/comments", url.Values{"body": {"I am back"}}},
				{"new idea", "/ideas", ideaForm("An idea while suspended")},
			}
			for _, p := range posts {
				r := tc.submit(idea.URL(), p.path, p.form)
				wantCode(t, r, http.StatusForbidden)
				wantIn(t, r, "<h1>Your account is suspended until "+until+": Insults in every comment &lt;b&gt;again&lt;/b&gt;</h1>")
			}
			var answer map[string]string
			r := tc.postJSON(ideaPath(idea.ID)+"/vote", nil, &answer)
			wantCode(t, r, http.StatusForbidden)
			check(t, "JSON error", answer["error"], "Your account is suspended until "+until+": "+reason)
			check(t, "votes", w.count(t, "votes", "idea_id = ?", idea.ID), 0)
			check(t, "comments", w.count(t, "comments", "author_id = ?", troll.ID), 0)
			check(t, "ideas", w.count(t, "ideas", "author_id = ?", troll.ID), 0)
		})

		t.Run("others see no notice", func(t *testing.T) {
			wantNotIn(t, m.get("/ideas"), "suspended-bar")
			wantNotIn(t, newClient(t, w.Server).get("/ideas"), "suspended-bar")
		})

		t.Run("after unsuspend posting works", func(t *testing.T) {
			r := m.submit(personURL(troll), personURL(troll)+"/unsuspend", url.Values{"reason": {"apologised"}})
			check(t, "flash", flashOf(t, m, r), "Troll may post again.")
			wantNotIn(t, tc.get("/ideas"), "suspended-bar")
			wantCode(t, tc.submit(idea.URL(), ideaPath(idea.ID)+"/vote", nil), http.StatusSeeOther)
			check(t, "votes", w.count(t, "votes", "idea_id = ?", idea.ID), 1)
			r = m.submit(personURL(troll), personURL(troll)+"/unsuspend", nil)
			check(t, "flash when not suspended", flashOf(t, m, r), "Troll is not suspended.")
		})

		t.Run("an expired suspension allows posting", func(t *testing.T) {
			if err := w.Store.Moderation.Suspend(context.Background(), mod, troll.ID, time.Now().Add(time.Hour), "short"); err != nil {
				t.Fatal(err)
			}
			wantCode(t, tc.submit(idea.URL(), ideaPath(idea.ID)+"/comments", url.Values{"body": {"not yet"}}), http.StatusForbidden)
			testutil.Behind(w.Store).Exec("UPDATE users SET suspended_until = ? WHERE id = ?", time.Now().UTC().Add(-time.Minute), troll.ID)
			wantNotIn(t, tc.get("/ideas"), "suspended-bar")
			wantCode(t, tc.submit(idea.URL(), ideaPath(idea.ID)+"/comments", url.Values{"body": {"I am back"}}), http.StatusSeeOther)
			check(t, "comments", w.count(t, "comments", "author_id = ?", troll.ID), 1)
		})

		t.Run("protected accounts", func(t *testing.T) {
			other := w.userWithRole(t, "Other Mod", accounts.RoleModerator)
			admin := w.userWithRole(t, "Boss", accounts.RoleAdmin)
			cases := []struct {
				target *accounts.User
				want   string
			}{
				{mod, "You cannot do this to your own account; ask another admin."},
				{other, "Only an admin can do this to a moderator or an admin."},
				{admin, "Only an admin can do this to a moderator or an admin."},
			}
			for _, c := range cases {
				r := m.submit(personURL(troll), personURL(c.target)+"/suspend", url.Values{"until": {inFuture(3)}, "reason": {"power trip"}})
				wantCode(t, r, http.StatusUnprocessableEntity)
				wantIn(t, r, `<p class="notice warn" role="alert">`+html.EscapeString(c.want)+`</p>`)
				check(t, "not suspended", reloadUser(t, w, c.target).SuspendedUntil == nil, true)
				r = m.submit(personURL(troll), personURL(c.target)+"/hide-all", nil)
				check(t, "flash", flashOf(t, m, r), c.want)
			}
			// An admin may suspend a moderator; another moderator may not lift it.
			a := w.login(t, admin)
			r := a.submit(personURL(other), personURL(other)+"/suspend", url.Values{"until": {inFuture(2)}, "reason": {"holiday"}})
			wantCode(t, r, http.StatusSeeOther)
			check(t, "moderator suspended", reloadUser(t, w, other).Suspended(time.Now()), true)
			r = m.submit(personURL(troll), personURL(other)+"/unsuspend", nil)
			check(t, "flash", flashOf(t, m, r), "Only an admin can do this to a moderator or an admin.")
			check(t, "still suspended", reloadUser(t, w, other).Suspended(time.Now()), true)
		})

		t.Run("JSON", func(t *testing.T) {
			var answer map[string]any
			r := m.postJSON(personURL(troll)+"/suspend", url.Values{"until": {"soon"}, "reason": {""}}, &answer)
			wantCode(t, r, http.StatusUnprocessableEntity)
			errs, _ := answer["errors"].(map[string]any)
			check(t, "errors", len(errs), 2)
			r = m.postJSON(personURL(troll)+"/suspend", url.Values{"until": {inFuture(1)}, "reason": {"again"}}, &answer)
			wantCode(t, r, http.StatusOK)
			check(t, "suspended until", answer["suspended_until"], any(inFuture(1)))
		})
	})
}

func TestHideEverythingFromTheWeb(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		mod := w.userWithRole(t, "Mona Moderator", accounts.RoleModerator)
		ana, bia, spammer := w.user(t, "Ana"), w.user(t, "Bia"), w.user(t, "Spammer")
		anaIdea := w.idea(t, ana, "Seats from recycled bottles", w.open, w.design)
		biaIdea := w.idea(t, bia, "Solar roof panels", nil, nil)
		spam1 := w.idea(t, spammer, "Cheap watches for sale", w.open, w.design)
		spam2 := w.idea(t, spammer, "Cheap pills for sale", nil, nil)
		must(w.Store.Comments.CreateComment(ctx, ana, anaIdea.ID, nil, "thoughts?"))(t)
		for _, id := range []int64{anaIdea.ID, anaIdea.ID, biaIdea.ID} {
			must(w.Store.Comments.CreateComment(ctx, spammer, id, nil, "visit my shop"))(t)
		}
		must(w.Store.Comments.CreateComment(ctx, bia, spam1.ID, nil, "is this spam?"))(t)
		must(w.Store.Moderation.Flag(ctx, ana, audit.TargetIdea, spam1.ID, "spam", ""))(t)

		m := w.login(t, mod)
		page := m.get(personURL(spammer))
		wantIn(t, page, `data-confirm="Hide every idea and comment that Spammer posted?`)
		r := m.submit(personURL(spammer), personURL(spammer)+"/hide-all", url.Values{"reason": {"spam wave"}})
		check(t, "where", r.Location, personURL(spammer))
		check(t, "flash", flashOf(t, m, r), "2 ideas and 3 comments hidden.")

		check(t, "visible spam ideas", w.count(t, "ideas", "author_id = ? AND hidden = ?", spammer.ID, false), 0)
		check(t, "visible spam comments", w.count(t, "comments", "author_id = ? AND hidden = ?", spammer.ID, false), 0)
		for _, id := range []int64{anaIdea.ID, biaIdea.ID} {
			idea := must(w.Store.Ideas.IdeaByID(ctx, id))(t)
			check(t, fmt.Sprintf("comment_count of idea %d", id), int64(idea.CommentCount),
				w.count(t, "comments", "idea_id = ? AND hidden = ? AND deleted = ?", id, false, false))
		}
		check(t, "ana's idea counts her comment only", must(w.Store.Ideas.IdeaByID(ctx, anaIdea.ID))(t).CommentCount, 1)
		check(t, "challenge count", must(w.Store.Challenges.ChallengeByID(ctx, w.open.ID))(t).IdeaCount, 1)
		check(t, "open reports", w.count(t, "flags", "resolved_at IS NULL"), 0)
		check(t, "audit entries", w.count(t, "audit_entries", "action = ? AND target_id = ? AND reason = ?", "user.hide_all", spammer.ID, "spam wave"), 1)

		visitor := newClient(t, w.Server)
		wantCode(t, visitor.get(spam1.URL()), http.StatusNotFound)
		wantCode(t, visitor.get(spam2.URL()), http.StatusNotFound)
		wantNotIn(t, visitor.get(anaIdea.URL()), "visit my shop")
		wantNotIn(t, visitor.get("/ideas?sort=new"), "Cheap")
		page = m.get(personURL(spammer))
		wantIn(t, page, "Hidden: spam wave")
		wantIn(t, page, "Hid everything a person posted")
		wantIn(t, page, "Comments hidden:</span> <ins>3</ins>")

		r = m.submit(personURL(spammer), personURL(spammer)+"/hide-all", nil)
		check(t, "flash again", flashOf(t, m, r), "0 ideas and 0 comments hidden.")
		r = m.submit(personURL(spammer), personURL(spammer)+"/hide-all", url.Values{"reason": {strings.Repeat("x", 501)}})
		wantCode(t, r, http.StatusUnprocessableEntity)
		check(t, "long reason", fieldError(r.Body, "hide_reason"), "Please keep this to 500 characters or fewer (it has 501).")
	})
}

func TestChangeRoleFromTheWeb(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		mod := w.userWithRole(t, "Mona Moderator", accounts.RoleModerator)
		admin := w.userWithRole(t, "Boss", accounts.RoleAdmin)
		ana := w.user(t, "Ana")
		anaBrowser := w.login(t, ana)
		wantCode(t, anaBrowser.get("/account"), http.StatusOK)

		m := w.login(t, mod)
		r := m.submit(personURL(ana), personURL(ana)+"/role", url.Values{"role": {"admin"}})
		wantCode(t, r, http.StatusForbidden)
		check(t, "role after a moderator tried", reloadUser(t, w, ana).Role, accounts.RoleContributor)
		wantCode(t, anaBrowser.get("/account"), http.StatusOK)

		a := w.login(t, admin)
		r = a.submit(personURL(ana), personURL(ana)+"/role", url.Values{"role": {"emperor"}})
		wantCode(t, r, http.StatusUnprocessableEntity)
		check(t, "message", fieldError(r.Body, "role"), "Please choose one of the roles.")

		r = a.submit(personURL(ana), personURL(ana)+"/role", url.Values{"role": {"moderator"}})
		check(t, "flash", flashOf(t, a, r), "Ana now has the role Moderator; they will have to log in again.")
		check(t, "role", reloadUser(t, w, ana).Role, accounts.RoleModerator)
		r = anaBrowser.get("/account")
		wantCode(t, r, http.StatusSeeOther)
		check(t, "old session ended", r.Location, "/login?next=%2Faccount")
		wantCode(t, w.login(t, ana).get("/admin/users"), http.StatusOK)
		check(t, "audit", w.count(t, "audit_entries", "action = ? AND target_id = ? AND after_state = ?", "user.role", ana.ID, `{"role":"moderator"}`), int64(1))

		r = a.submit(personURL(admin), personURL(admin)+"/role", url.Values{"role": {"contributor"}})
		check(t, "flash on self", flashOf(t, a, r), "You cannot do this to your own account; ask another admin.")
		check(t, "admin still", reloadUser(t, w, admin).Role, accounts.RoleAdmin)
		wantNotIn(t, a.get(personURL(admin)), `/role"`)
	})
}

func TestAuditLogPage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		mod := w.userWithRole(t, "Mona Moderator", accounts.RoleModerator)
		admin := w.userWithRole(t, "Boss", accounts.RoleAdmin)
		ana, bia := w.user(t, "Ana"), w.user(t, "Bia")
		idea := w.idea(t, ana, "Seats from recycled bottles", w.open, w.design)
		cm := must(w.Store.Comments.CreateComment(ctx, bia, idea.ID, nil, "meh"))(t)

		// Each action through the web, then its entry on the log.
		m, a := w.login(t, mod), w.login(t, admin)
		steps := []struct {
			c       *client
			page    string
			path    string
			form    url.Values
			action  string
			target  string
			changes string
		}{
			{m, personURL(bia), personURL(bia) + "/suspend", url.Values{"until": {"2099-01-02"}, "reason": {"rude"}}, "user.suspend",
				fmt.Sprintf(`<a href="/admin/users/%d">Bia</a>`, bia.ID),
				`Suspended until:</span> <del>—</del> <span aria-hidden="true">→</span><span class="sr-only">became</span> <ins>2 Jan 2099 at 00:00 UTC</ins>`},
			{m, personURL(bia), personURL(bia) + "/unsuspend", url.Values{"reason": {"sorry"}}, "user.unsuspend",
				fmt.Sprintf(`<a href="/admin/users/%d">Bia</a>`, bia.ID), `<ins>—</ins>`},
			{a, personURL(ana), personURL(ana) + "/role", url.Values{"role": {"sponsor"}}, "user.role",
				fmt.Sprintf(`<a href="/admin/users/%d">Ana</a>`, ana.ID), `<del>Contributor</del>`},
			{m, personURL(bia), personURL(bia) + "/hide-all", url.Values{"reason": {"spam"}}, "user.hide_all",
				fmt.Sprintf(`<a href="/admin/users/%d">Bia</a>`, bia.ID), `Comments hidden:</span> <ins>1</ins>`},
		}
		for _, s := range steps {
			r := s.c.submit(s.page, s.path, s.form)
			wantCode(t, r, http.StatusSeeOther)
			log := m.get("/admin/audit?action=" + s.action)
			wantCode(t, log, http.StatusOK)
			wantIn(t, log, `<code class="audit-code">`+s.action+`</code>`)
			wantIn(t, log, s.target)
			wantIn(t, log, s.changes)
			check(t, "entries of "+s.action, strings.Count(log.Body, `<code class="audit-code">`), 1)
		}
		if err := w.Store.Audit.Log(ctx, nil, "comment.autohide", audit.TargetComment, cm.ID, "", nil, nil); err != nil {
			t.Fatal(err)
		}
		if err := w.Store.Audit.Log(ctx, admin, "idea.hide", audit.TargetIdea, idea.ID, "dupe", map[string]any{"hidden": false}, map[string]any{"hidden": true}); err != nil {
			t.Fatal(err)
		}

		all := m.get("/admin/audit")
		wantCode(t, all, http.StatusOK)
		check(t, "entries", strings.Count(all.Body, `<code class="audit-code">`), 6)
		wantIn(t, all, `<span class="audit-system">system</span>`)
		wantIn(t, all, fmt.Sprintf(`<a href="/comments/%d">Comment #%d</a>`, cm.ID, cm.ID))
		wantIn(t, all, fmt.Sprintf(`<a href="/ideas/%d">%s</a>`, idea.ID, html.EscapeString(idea.Title)))
		wantIn(t, all, fmt.Sprintf(`<a href="/admin/users/%d">Mona Moderator</a>`, mod.ID))
		wantIn(t, all, `<option value="user.suspend">Suspended a person</option>`)
		wantNotIn(t, all, `method="post" action="/admin/audit`)

		filters := []struct {
			query string
			want  int
		}{
			{fmt.Sprintf("?actor=%d", mod.ID), 3},
			{fmt.Sprintf("?actor=%d", admin.ID), 2},
			{"?action=idea.hide", 1},
			{"?target=user", 4},
			{fmt.Sprintf("?target=user&target_id=%d", bia.ID), 3},
			{fmt.Sprintf("?target=comment&target_id=%d", cm.ID), 1},
			{fmt.Sprintf("?actor=%d&target=user", admin.ID), 1},
			{"?action=nothing.ever", 0},
			{"?actor=abc&target=planet&target_id=-4", 6},
		}
		for _, f := range filters {
			r := m.get("/admin/audit" + f.query)
			wantCode(t, r, http.StatusOK)
			check(t, "entries for "+f.query, strings.Count(r.Body, `<code class="audit-code">`), f.want)
		}
		wantIn(t, m.get(fmt.Sprintf("/admin/audit?actor=%d", mod.ID)), `<p class="filters-on">Actions by Mona Moderator`)
		wantIn(t, m.get("/admin/audit?actor=999999"), `<p class="filters-on">Actions by person #999999`)
		wantIn(t, m.get("/admin/audit?action=nothing.ever"), "No entry matches these filters.")

		t.Run("fifty a page", func(t *testing.T) {
			for i := range 51 {
				if err := w.Store.Audit.Log(ctx, mod, "idea.status", audit.TargetIdea, idea.ID, fmt.Sprintf("step %d", i), nil, nil); err != nil {
					t.Fatal(err)
				}
			}
			first := m.get("/admin/audit")
			check(t, "first page", strings.Count(first.Body, `<code class="audit-code">`), 50)
			wantIn(t, first, `rel="next" class="button" href="/admin/audit?page=2"`)
			second := m.get("/admin/audit?page=2")
			check(t, "second page", strings.Count(second.Body, `<code class="audit-code">`), 7)
			wantIn(t, second, `rel="prev" class="button" href="/admin/audit"`)
			filtered := m.get(fmt.Sprintf("/admin/audit?action=idea.status&actor=%d", mod.ID))
			wantIn(t, filtered, fmt.Sprintf(`href="/admin/audit?action=idea.status&amp;actor=%d&amp;page=2"`, mod.ID))
		})
	})
}

// TestBrowserAdminPeople is a moderator stopping a spammer from the
// browser, at a desktop's width and a phone's: find them, read their
// page, suspend them, hide what they posted, read the audit log. Then the
// spammer sees why they cannot post.
func TestBrowserAdminPeople(t *testing.T) {
	t.Parallel()
	s := testutil.NewServer(t, "sqlite")
	ctx := context.Background()
	ch := browserChallenge(t, s.Store)
	idea := browserIdea(t, s.Store, ch, "Seats woven from recycled PET bottles", "About forty bottles a car.")
	ch = must(s.Store.Challenges.ChallengeByID(ctx, ch.ID))(t)
	person := func(name, role, pass string) *accounts.User {
		return must(s.Store.Accounts.CreateUser(ctx, accounts.NewUser{Name: name, Email: testutil.Name("p") + "@example.org",
			Password: pass, Country: "BR", Role: role}))(t)
	}
	mod := person("Mona Moderator", accounts.RoleModerator, password)
	spammer := person("Cheap Watches Shop", accounts.RoleContributor, password)
	reporter := person("Rui Alves", accounts.RoleContributor, password)
	person("Sofia Sponsor", accounts.RoleSponsor, password)
	for _, title := range []string{"Buy cheap watches at my shop", "Best prices on replica watches"} {
		spam := must(s.Store.Ideas.CreateIdea(ctx, spammer.ID, ideas.IdeaInput{Title: title, Body: "Visit my shop!",
			ChallengeID: &ch.ID, CategoryID: &ch.Categories[0].ID}))(t)
		must(s.Store.Moderation.Flag(ctx, reporter, audit.TargetIdea, spam.ID, "spam", "Advertising"))(t)
	}
	for range 3 {
		must(s.Store.Comments.CreateComment(ctx, spammer, idea.ID, nil, "Great idea! Also, **cheap watches** at my shop."))(t)
	}

	b := newBrowser(t, s, "admin-people")
	b.open("/login")
	b.fill("#email", mod.Email)
	b.fill("#password", password)
	b.clickAndLoad(`form[action="/login"] button[type=submit]`)

	b.open("/admin/users")
	b.wantText(".people-table", "Cheap Watches Shop")
	b.shot("people")
	b.fill("#q", "watches")
	b.clickAndLoad(`.people-filters button[type=submit]`)
	b.wantCount(".people-table tbody tr", 1)
	b.clickAndLoad(`.people-name`)
	b.wantPath(personURL(spammer))
	b.wantText("#person-name", "Cheap Watches Shop")
	b.wantCount("#person-flags-against ~ .person-list li", 2)
	b.shot("person")

	b.do(chromedp.SetValue(chromedp.CSS("#until"), "2020-01-01"))
	b.fill("#reason", "Advertising in every comment")
	b.clickAndLoad(`form[action$="/suspend"] button[type=submit]`)
	b.wantText("#err-until", "Please choose a day after today.")
	b.shot("suspend-invalid")
	until := inFuture(14)
	b.do(chromedp.SetValue(chromedp.CSS("#until"), until))
	b.clickAndLoad(`form[action$="/suspend"] button[type=submit]`)
	b.wantText(".flash", "Cheap Watches Shop is suspended until "+until)

	// Without scripts the hide-all form posts at once; with them, it asks first.
	b.scriptsOff()
	b.open(personURL(spammer))
	b.clickAndLoad(`form[action$="/hide-all"] button[type=submit]`)
	b.wantText(".flash", "2 ideas and 3 comments hidden.")
	b.shot("hidden-everything")

	b.open("/admin/audit")
	b.wantCount(".audit-table tbody tr", 2)
	b.shot("audit")

	b.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait))
	for _, pg := range []struct{ name, path string }{
		{"phone-people", "/admin/users"},
		{"phone-person", personURL(spammer)},
		{"phone-audit", "/admin/audit"},
	} {
		b.open(pg.path)
		var w struct{ Scroll, Inner int }
		b.evalInto(`({Scroll: document.documentElement.scrollWidth, Inner: window.innerWidth})`, &w)
		if w.Scroll > w.Inner {
			t.Errorf("%s: scrollWidth %d, innerWidth %d: the page scrolls sideways on a phone", pg.path, w.Scroll, w.Inner)
		}
		b.shot(pg.name)
	}

	sb := newBrowser(t, s, "suspended")
	sb.scriptsOff()
	sb.open("/login")
	sb.fill("#email", spammer.Email)
	sb.fill("#password", password)
	sb.clickAndLoad(`form[action="/login"] button[type=submit]`)
	sb.open(idea.URL())
	sb.wantText(".suspended-bar", "Your account is suspended until "+until+" (reason: Advertising in every comment).")
	sb.clickAndLoad(`.idea-head [data-vote-form] button`)
	sb.wantText(".error-page h1", "Your account is suspended until "+until+": Advertising in every comment")
	sb.shot("vote-refused")
}
