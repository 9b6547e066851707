package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/models/site"
	"github.com/ideario/ideario/testutil"
)

// The moderators' side: reports, the tools on the idea page, the queue
// and its bulk actions, pre-moderation, statuses and merges, each through
// the real router as a browser without JavaScript would use them.

var modFlashRe = regexp.MustCompile(`<div class="flash" role="status"><div class="wrap">([^<]*)</div>`)

// modFlash follows a redirect and returns the message the next page shows.
func modFlash(t *testing.T, c *client, r *response) string {
	t.Helper()
	if r.Code != http.StatusSeeOther {
		t.Errorf("want a redirect (303): %s", r)
		return ""
	}
	if m := modFlashRe.FindStringSubmatch(c.follow(r).Body); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

// modSettings changes the site settings behind the admin page's back.
func (w *world) modSettings(t *testing.T, change func(*site.Settings)) {
	t.Helper()
	st := must(w.Store.Site.Settings(context.Background()))(t)
	change(&st)
	if err := w.Store.Site.SaveSettings(context.Background(), st); err != nil {
		t.Fatal(err)
	}
}

// modIdea reads an idea back.
func (w *world) modIdea(t *testing.T, id int64) *ideas.Idea {
	t.Helper()
	return must(w.Store.Ideas.IdeaByID(context.Background(), id))(t)
}

// modComment stores a comment through the store.
func (w *world) modComment(t *testing.T, author *accounts.User, ideaID int64, body string) *comments.Comment {
	t.Helper()
	return must(w.Store.Comments.CreateComment(context.Background(), author, ideaID, nil, body))(t)
}

// modCounts are an idea's stored counters next to recounts of its rows.
func (w *world) modCounts(t *testing.T, id int64) string {
	t.Helper()
	i := w.modIdea(t, id)
	return fmt.Sprintf("votes %d/%d comments %d/%d followers %d/%d",
		i.VoteCount, w.count(t, "votes", "idea_id = ?", id),
		i.CommentCount, w.count(t, "comments", "idea_id = ? AND hidden = ? AND deleted = ?", id, false, false),
		i.FollowerCount, w.count(t, "follows", "idea_id = ?", id))
}

func (w *world) modAudits(t *testing.T, action string, id int64) int64 {
	t.Helper()
	return w.count(t, "audit_entries", "action = ? AND target_id = ?", action, id)
}

func modPath(kind string, id int64, action string) string {
	return fmt.Sprintf("/admin/%ss/%d/%s", kind, id, action)
}

func TestReportIdeasAndComments(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		author := w.user(t, "Aline Author")
		reporters := []*accounts.User{w.user(t, "Rui"), w.user(t, "Rosa"), w.user(t, "Raul")}
		idea := w.idea(t, author, "Seats made of cork", w.open, w.design)
		page := idea.URL()
		flag := ideaPath(idea.ID) + "/flag"
		first := w.login(t, reporters[0])

		t.Run("who sees the report form", func(t *testing.T) {
			for _, tt := range []struct {
				name string
				c    *client
				want bool
			}{
				{"visitor", newClient(t, w.Server), false},
				{"author", w.login(t, author), false},
				{"someone else", first, true},
			} {
				r := tt.c.get(page)
				check(t, tt.name+" sees the form", strings.Contains(r.Body, `action="`+flag+`"`), tt.want)
			}
		})

		steps := []struct {
			name      string
			c         *client
			form      url.Values
			wantCode  int
			wantFlash string
			wantField string // the field with a message, on a 422
			wantRows  int64
		}{
			{"no reason", first, url.Values{"note": {"hm"}}, 422, "", "reason", 0},
			{"an unknown reason", first, url.Values{"reason": {"ugly"}}, 422, "", "reason", 0},
			{"a note too long", first, url.Values{"reason": {"spam"}, "note": {strings.Repeat("x", 501)}}, 422, "", "note", 0},
			{"the author", w.login(t, author), url.Values{"reason": {"spam"}}, 303, "You cannot report what you wrote.", "", 0},
			{"first report", first, url.Values{"reason": {"spam"}, "note": {"an advert"}}, 303, "Thank you, a moderator will look at it.", "", 1},
			{"the same person again", first, url.Values{"reason": {"offensive"}}, 303, "You already reported this.", "", 1},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				r := st.c.submit(page, flag, st.form)
				wantCode(t, r, st.wantCode)
				switch {
				case st.wantCode == 303:
					check(t, "back to", r.Location, page)
					check(t, "flash", modFlash(t, st.c, r), st.wantFlash)
				case st.wantField != "":
					if fieldError(r.Body, st.wantField) == "" {
						t.Errorf("no message next to %q: %s", st.wantField, r)
					}
					wantIn(t, r, `<details class="report" open>`)
				}
				check(t, "reports", w.count(t, "flags", "target_type = ? AND target_id = ?", "idea", idea.ID), st.wantRows)
			})
		}
		wantIn(t, first.get(page), "You reported this idea.")

		t.Run("scripts get JSON; the threshold hides at once", func(t *testing.T) {
			var answer struct {
				OK, Hidden, Already bool
			}
			second := w.login(t, reporters[1])
			second.get(page)
			r := second.postJSON(flag, url.Values{"reason": {"offensive"}}, &answer)
			wantCode(t, r, 200)
			check(t, "hidden after two", answer.Hidden, false)
			visitor := newClient(t, w.Server)
			wantCode(t, visitor.get(page), 200)
			third := w.login(t, reporters[2])
			third.get(page)
			third.postJSON(flag, url.Values{"reason": {"spam"}}, &answer)
			check(t, "hidden after three", answer.Hidden, true)
			wantCode(t, visitor.get(page), 404)
			wantNotIn(t, visitor.get("/ideas"), "Seats made of cork")
			r = w.login(t, author).get(page)
			wantIn(t, r, "several people reported it")
			check(t, "automatic hide audited", w.modAudits(t, "idea.autohide", idea.ID), 1)
			r = second.postJSON(flag, url.Values{"reason": {"spam"}}, nil)
			wantCode(t, r, 404)
		})

		t.Run("a moderator's dismissal shows it again", func(t *testing.T) {
			mod := w.login(t, w.userWithRole(t, "Mia Moderator", accounts.RoleModerator))
			r := mod.get(page)
			wantIn(t, r, "3 open reports")
			wantIn(t, r, "an advert")
			r = mod.submit(page, modPath("idea", idea.ID, "dismiss"), nil)
			check(t, "flash", modFlash(t, mod, r), "Reports dismissed: the idea stays visible.")
			wantCode(t, newClient(t, w.Server).get(page), 200)
			check(t, "dismissal audited", w.modAudits(t, "idea.dismiss", idea.ID), 1)
		})

		t.Run("comments, with a threshold of 2", func(t *testing.T) {
			w.modSettings(t, func(s *site.Settings) { s.FlagThreshold = 2 })
			cm := w.modComment(t, author, idea.ID, "Buy cheap watches at example.com")
			r := first.submit(page, fmt.Sprintf("/comments/%d/flag", cm.ID), url.Values{"reason": {"spam"}})
			check(t, "back to the comment", r.Location, fmt.Sprintf("%s#comment-%d", page, cm.ID))
			wantIn(t, newClient(t, w.Server).get(page), "Buy cheap watches")
			second := w.login(t, reporters[1])
			r = second.submit(page, fmt.Sprintf("/comments/%d/flag", cm.ID), url.Values{"reason": {"spam"}})
			wantCode(t, r, 303)
			wantNotIn(t, newClient(t, w.Server).get(page), "Buy cheap watches")
			check(t, "counters", w.modCounts(t, idea.ID), "votes 0/0 comments 0/0 followers 1/1")
			wantIn(t, w.login(t, author).get(page), "Buy cheap watches") // its author still sees it, marked
			r = first.postJSON(fmt.Sprintf("/comments/%d/flag", cm.ID), url.Values{"reason": {"spam"}}, nil)
			wantCode(t, r, 404)
		})

		t.Run("unknown items", func(t *testing.T) {
			wantCode(t, first.submit(page, "/ideas/999999/flag", url.Values{"reason": {"spam"}}), 404)
			wantCode(t, first.submit(page, "/comments/999999/flag", url.Values{"reason": {"spam"}}), 404)
		})
	})
}

func TestModeratorToolsOnTheIdeaPage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		author := w.user(t, "Aline Author")
		modUser := w.userWithRole(t, "Mia Moderator", accounts.RoleModerator)
		mod, other := w.login(t, modUser), w.login(t, w.user(t, "Otto"))
		idea := w.idea(t, author, "Cork seats for the whole cabin", w.open, w.design)
		cm := w.modComment(t, w.user(t, "Carla Commenter"), idea.ID, "A comment that crosses the line")
		w.modComment(t, author, idea.ID, "Thanks for reading")
		page := idea.URL()

		r := mod.get(page)
		for _, want := range []string{`action="` + modPath("idea", idea.ID, "hide") + `"`, `action="` + modPath("idea", idea.ID, "status") + `"`,
			`href="/admin/ideas/` + itoa(idea.ID) + `/merge"`, `action="` + modPath("comment", cm.ID, "hide") + `"`} {
			wantIn(t, r, want)
		}
		wantNotIn(t, other.get(page), `action="/admin/`)

		steps := []struct {
			name         string
			action       string
			form         url.Values
			wantLocation string
			wantFlash    string
			wantVisitor  int    // the idea page's code for a visitor
			wantPublic   string // "shown" or "gone": the comment's text for a visitor
			wantCounts   string
			audit        string
			auditID      int64
		}{
			{"hide the comment", modPath("comment", cm.ID, "hide"), nil, fmt.Sprintf("%s#comment-%d", page, cm.ID),
				"The comment is hidden from the public.", 200, "gone", "votes 0/0 comments 1/1 followers 2/2", "comment.hide", cm.ID},
			{"hide it again", modPath("comment", cm.ID, "hide"), nil, fmt.Sprintf("%s#comment-%d", page, cm.ID),
				"The comment is hidden from the public.", 200, "gone", "votes 0/0 comments 1/1 followers 2/2", "comment.hide", cm.ID},
			{"unhide the comment, back to the queue", modPath("comment", cm.ID, "unhide"), url.Values{"back": {"/admin/moderation"}}, "/admin/moderation",
				"The comment is visible again.", 200, "shown", "votes 0/0 comments 2/2 followers 2/2", "comment.unhide", cm.ID},
			{"hide the idea with a reason", modPath("idea", idea.ID, "hide"), url.Values{"reason": {"Off topic for this challenge"}}, page,
				"The idea is hidden from the public.", 404, "gone", "votes 0/0 comments 2/2 followers 2/2", "idea.hide", idea.ID},
			{"a foreign back address is ignored", modPath("idea", idea.ID, "unhide"), url.Values{"back": {"//evil.example/"}}, page,
				"The idea is visible again.", 200, "shown", "votes 0/0 comments 2/2 followers 2/2", "idea.unhide", idea.ID},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				r := mod.submit(page, st.action, st.form)
				check(t, "location", r.Location, st.wantLocation)
				check(t, "flash", modFlash(t, mod, r), st.wantFlash)
				pub := newClient(t, w.Server).get(page)
				wantCode(t, pub, st.wantVisitor)
				check(t, "comment shown to visitors", strings.Contains(pub.Body, "crosses the line"), st.wantPublic == "shown")
				check(t, "counters", w.modCounts(t, idea.ID), st.wantCounts)
				check(t, "audit entries "+st.audit, w.modAudits(t, st.audit, st.auditID), 1)
			})
		}

		t.Run("the author sees a hidden idea with its reason", func(t *testing.T) {
			mod.submit(page, modPath("idea", idea.ID, "hide"), url.Values{"reason": {"Needs a rewrite"}})
			r := w.login(t, author).get(page)
			wantCode(t, r, 200)
			wantIn(t, r, "<strong>Hidden:</strong> Needs a rewrite")
			wantIn(t, mod.get(page), `action="`+modPath("idea", idea.ID, "unhide")+`"`)
		})

		t.Run("contributors and visitors are kept out", func(t *testing.T) {
			r := other.submit(page, modPath("idea", idea.ID, "unhide"), nil)
			wantCode(t, r, 403)
			r = newClient(t, w.Server).submit("/login", modPath("comment", cm.ID, "hide"), nil)
			wantCode(t, r, 303)
			check(t, "to log in", strings.HasPrefix(r.Location, "/login"), true)
			check(t, "still hidden", w.modIdea(t, idea.ID).Hidden, true)
		})

		t.Run("JSON and unknown items", func(t *testing.T) {
			var answer struct {
				OK     bool
				Action string
			}
			r := mod.postJSON(modPath("idea", idea.ID, "unhide"), nil, &answer)
			wantCode(t, r, 200)
			check(t, "ok", answer.OK, true)
			check(t, "action", answer.Action, "unhide")
			wantCode(t, mod.postJSON(modPath("idea", 999999, "hide"), nil, nil), 404)
			wantCode(t, mod.postJSON(modPath("comment", 999999, "hide"), nil, nil), 404)
			r = mod.postJSON(modPath("idea", idea.ID, "hide"), url.Values{"reason": {strings.Repeat("r", 501)}}, nil)
			wantCode(t, r, 422)
			check(t, "a long reason changes nothing", w.modIdea(t, idea.ID).Hidden, false)
		})
	})
}

func TestSetIdeaStatus(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		author, voter, follower, both := w.user(t, "Aline"), w.user(t, "Vera"), w.user(t, "Fabio"), w.user(t, "Bia")
		modUser := w.userWithRole(t, "Mia Moderator", accounts.RoleModerator)
		idea := w.idea(t, author, "Doors that slide open", w.open, w.design)
		for _, u := range []*accounts.User{voter, both} {
			must(w.Store.Votes.Vote(ctx, u.ID, idea.ID))(t)
		}
		for _, u := range []*accounts.User{follower, both, modUser} {
			if err := w.Store.Ideas.Follow(ctx, u.ID, idea.ID); err != nil {
				t.Fatal(err)
			}
		}
		mod := w.login(t, modUser)
		page := idea.URL()
		action := modPath("idea", idea.ID, "status")
		notified := func() string {
			var out []string
			for _, u := range []*accounts.User{author, voter, follower, both, modUser} {
				out = append(out, strconv.FormatInt(w.count(t, "notifications", "user_id = ? AND kind = ?", u.ID, notifications.KindStatus), 10))
			}
			return strings.Join(out, " ")
		}

		steps := []struct {
			name         string
			form         url.Values
			json         bool
			wantCode     int
			wantField    string
			wantStatus   string
			wantHistory  int
			wantNotified string // author, voter, follower, both, moderator
		}{
			{"an unknown status", url.Values{"status": {"approved"}, "response": {"x"}}, false, 422, "status", "new", 0, "0 0 0 0 0"},
			{"a response too long", url.Values{"status": {"accepted"}, "response": {strings.Repeat("y", 10001)}}, false, 422, "response", "new", 0, "0 0 0 0 0"},
			{"JSON errors", url.Values{"status": {""}}, true, 422, "", "new", 0, "0 0 0 0 0"},
			{"accepted with a response", url.Values{"status": {"accepted"}, "response": {"We **love** it."}}, false, 303, "", "accepted", 1, "1 1 1 1 0"},
			{"the response reworded: nobody is told again", url.Values{"status": {"accepted"}, "response": {"We **really** love it."}}, false, 303, "", "accepted", 2, "1 1 1 1 0"},
			{"in progress, by script", url.Values{"status": {"in_progress"}, "response": {"Being built."}}, true, 200, "", "in_progress", 3, "2 2 2 2 0"},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				var r *response
				if st.json {
					mod.get(page)
					r = mod.postJSON(action, st.form, nil)
				} else {
					r = mod.submit(page, action, st.form)
				}
				wantCode(t, r, st.wantCode)
				if st.wantField != "" && fieldError(r.Body, st.wantField) == "" {
					t.Errorf("no message next to %q: %s", st.wantField, r)
				}
				if st.wantCode == 303 {
					check(t, "back to the idea", r.Location, page)
				}
				check(t, "status", w.modIdea(t, idea.ID).Status, st.wantStatus)
				check(t, "history", len(must(w.Store.Ideas.StatusHistory(ctx, idea.ID))(t)), st.wantHistory)
				check(t, "audit entries", w.modAudits(t, "idea.status", idea.ID), int64(st.wantHistory))
				check(t, "notified", notified(), st.wantNotified)
			})
		}

		r := newClient(t, w.Server).get(page)
		wantIn(t, r, "Being built.")
		wantIn(t, r, "Status history")
		wantIn(t, r, "response updated")
		wantCode(t, w.login(t, voter).submit(page, action, url.Values{"status": {"declined"}}), 403)
		check(t, "a contributor changes nothing", w.modIdea(t, idea.ID).Status, "in_progress")
	})
}

func TestPremoderationFlow(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		w.modSettings(t, func(s *site.Settings) { s.Premoderate = true })
		newcomer := w.user(t, "Nina Newcomer")
		mod := w.login(t, w.userWithRole(t, "Mia Moderator", accounts.RoleModerator))
		nina := w.login(t, newcomer)
		form := url.Values{"title": {"Solar panels on the roof"}, "body": {"To charge the battery."}, "category": {"design"}, "challenge": {"open-car"}}
		r := nina.submit("/ideas/new", "/ideas", form)
		wantCode(t, r, 303)
		page := r.Location
		check(t, "flash", modFlash(t, nina, r), "Thank you! Your idea will be published as soon as a moderator has approved it.")
		id := must(strconv.ParseInt(regexp.MustCompile(`/ideas/(\d+)`).FindStringSubmatch(page)[1], 10, 64))(t)
		check(t, "pending", w.modIdea(t, id).Pending, true)

		for _, tt := range []struct {
			name string
			c    *client
			want int
		}{
			{"visitor", newClient(t, w.Server), 404},
			{"someone else", w.login(t, w.user(t, "Otto")), 404},
			{"the author", nina, 200},
			{"a moderator", mod, 200},
		} {
			t.Run(tt.name, func(t *testing.T) {
				r := tt.c.get(page)
				wantCode(t, r, tt.want)
				if tt.want == 200 {
					wantIn(t, r, "Waiting for a moderator&#39;s approval.")
				}
				wantNotIn(t, tt.c.get("/ideas"), "Solar panels")
			})
		}
		wantIn(t, mod.get(page), `action="`+modPath("idea", id, "approve")+`"`)
		queue := mod.get("/admin/moderation?show=pending")
		wantIn(t, queue, "Solar panels on the roof")
		wantIn(t, queue, `value="idea:`+itoa(id)+`"`)

		r = mod.submit("/admin/moderation", modPath("idea", id, "approve"), url.Values{"back": {"/admin/moderation"}})
		check(t, "back to the queue", r.Location, "/admin/moderation")
		check(t, "flash", modFlash(t, mod, r), "The idea is approved and published.")
		wantCode(t, newClient(t, w.Server).get(page), 200)
		wantIn(t, newClient(t, w.Server).get("/ideas"), "Solar panels")
		check(t, "approval audited", w.modAudits(t, "idea.approve", id), 1)

		form.Set("title", "Solar panels on the bonnet too")
		r = nina.submit("/ideas/new", "/ideas", form)
		check(t, "the next idea is published at once", modFlash(t, nina, r), "Thank you! Your idea is published.")

		t.Run("a challenge alone", func(t *testing.T) {
			w.modSettings(t, func(s *site.Settings) { s.Premoderate = false })
			if err := testutil.Behind(w.Store).Exec("UPDATE challenges SET premoderate = ? WHERE id = ?", true, w.budget.ID).Error; err != nil {
				t.Fatal(err)
			}
			held := w.idea(t, w.user(t, "Hana"), "Held in the strict challenge", w.budget, w.design)
			free := w.idea(t, w.user(t, "Ivo"), "Free in the open challenge", w.open, w.design)
			check(t, "held in the challenge that asks for it", held.Pending, true)
			check(t, "free elsewhere", free.Pending, false)
			wantCode(t, newClient(t, w.Server).get(held.URL()), 404)
		})
	})
}

var modCardRe = regexp.MustCompile(`<a href="([^"]+)">\s*<span class="mod-card-n">(\d+)</span>`)

func TestAdminOverview(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		w.modSettings(t, func(s *site.Settings) { s.FlagThreshold = 2; s.Premoderate = true })
		veteran := w.user(t, "Vera Veteran")
		w.idea(t, veteran, "An approved first idea", nil, w.other)
		testutil.Behind(w.Store).Exec("UPDATE ideas SET pending = ?, hidden = ?, hidden_reason = '' WHERE author_id = ?", false, false, veteran.ID)
		reported := w.idea(t, veteran, "An idea with one report", nil, w.other)
		hidden := w.idea(t, veteran, "An idea hidden by reports", nil, w.other)
		old := w.idea(t, veteran, "An idea nobody answered", nil, w.other)
		if err := w.Store.Ideas.Backdate(ctx, old.ID, time.Now().Add(-9*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		w.idea(t, w.user(t, "Nina Newcomer"), "A newcomer's idea", nil, w.other)
		a, b := w.user(t, "Ana"), w.user(t, "Bea")
		must(w.Store.Moderation.Flag(ctx, a, audit.TargetIdea, reported.ID, "spam", ""))(t)
		must(w.Store.Moderation.Flag(ctx, a, audit.TargetIdea, hidden.ID, "offensive", ""))(t)
		must(w.Store.Moderation.Flag(ctx, b, audit.TargetIdea, hidden.ID, "offensive", ""))(t)

		modUser := w.userWithRole(t, "Mia Moderator", accounts.RoleModerator)
		mod := w.login(t, modUser)
		r := mod.get("/admin")
		wantCode(t, r, 200)
		cards := map[string]string{}
		for _, m := range modCardRe.FindAllStringSubmatch(r.Body, -1) {
			cards[html.UnescapeString(m[1])] = m[2]
		}
		check(t, "cards", fmt.Sprint(cards), fmt.Sprint(map[string]string{
			"/admin/moderation?show=reports": "3", "/admin/moderation?show=hidden": "1",
			"/admin/moderation?show=pending": "1", "#unanswered": "1"}))
		wantIn(t, r, `href="`+old.URL()+`"`)
		wantIn(t, r, "Hid an idea after reports") // the system's automatic hide is listed too

		mod.submit("/admin", modPath("idea", reported.ID, "hide"), url.Values{"reason": {"Advert"}})
		r = mod.get("/admin")
		wantIn(t, r, "Mia Moderator")
		wantIn(t, r, "Hid an idea")
		wantIn(t, r, "“Advert”")

		for _, tt := range []struct {
			name string
			c    *client
			want int
		}{{"visitor", newClient(t, w.Server), 303}, {"contributor", w.login(t, a), 403}} {
			wantCode(t, tt.c.get("/admin"), tt.want)
		}
	})
}

var modQueueItemRe = regexp.MustCompile(`name="items" value="([a-z]+:\d+)"`)

// modQueueKeys lists the items of the queue page, in order.
func modQueueKeys(body string) []string {
	var out []string
	for _, m := range modQueueItemRe.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestModerationQueueAndBulk(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		mod := w.login(t, w.userWithRole(t, "Mia Moderator", accounts.RoleModerator))
		r := mod.get("/admin/moderation")
		wantCode(t, r, 200)
		wantIn(t, r, "Nothing waits for you.")

		author := w.user(t, "Sam Spammer")
		a, b := w.user(t, "Ana"), w.user(t, "Bea")
		idea1 := w.idea(t, author, "Buy watches here", w.open, w.design)
		idea2 := w.idea(t, author, "Buy more watches", w.open, w.design)
		target := w.idea(t, w.user(t, "Tia"), "A real idea about doors", w.open, w.design)
		cm := w.modComment(t, author, target.ID, "Watches, cheap!")
		keep := w.modComment(t, a, target.ID, "A kind comment")
		must(w.Store.Moderation.Flag(ctx, a, audit.TargetIdea, idea1.ID, "spam", "an advert"))(t)
		must(w.Store.Moderation.Flag(ctx, b, audit.TargetIdea, idea1.ID, "spam", ""))(t)
		must(w.Store.Moderation.Flag(ctx, a, audit.TargetComment, cm.ID, "spam", ""))(t)
		must(w.Store.Moderation.Flag(ctx, b, audit.TargetIdea, idea2.ID, "off_topic", ""))(t)
		must(w.Store.Moderation.Flag(ctx, author, audit.TargetComment, keep.ID, "offensive", "revenge"))(t)
		w.modSettings(t, func(s *site.Settings) { s.Premoderate = true })
		held := w.idea(t, w.user(t, "Nina Newcomer"), "A newcomer's first idea", w.open, w.design)

		r = mod.get("/admin/moderation")
		keys := func(ids ...string) string { return strings.Join(ids, " ") }
		idea, comment := func(id int64) string { return "idea:" + itoa(id) }, func(id int64) string { return "comment:" + itoa(id) }
		check(t, "oldest first", keys(modQueueKeys(r.Body)...),
			keys(idea(idea1.ID), comment(cm.ID), idea(idea2.ID), comment(keep.ID), idea(held.ID)))
		wantIn(t, r, "Spam or advertising × 2")
		wantIn(t, r, "an advert")
		wantIn(t, r, `href="/admin/users/`+itoa(author.ID)+`"`)
		wantIn(t, r, `formaction="`+modPath("idea", held.ID, "approve")+`"`)
		wantIn(t, r, `formaction="`+modPath("comment", cm.ID, "dismiss")+`"`)
		check(t, "one form, none nested", strings.Count(r.Body, `<form method="post" action="/admin/moderation/bulk"`), 1)
		check(t, "pending tab", keys(modQueueKeys(mod.get("/admin/moderation?show=pending").Body)...), idea(held.ID))
		check(t, "tick all", strings.Count(mod.get("/admin/moderation?select=all").Body, `" checked>`), 5)

		steps := []struct {
			name      string
			form      url.Values
			json      bool
			wantCode  int
			wantField string
			wantFlash string
			wantQueue string
		}{
			{"nothing ticked", url.Values{"action": {"hide"}}, false, 422, "items", "", ""},
			{"no action", url.Values{"items": {idea(idea1.ID)}}, false, 422, "action", "", ""},
			{"an unknown action", url.Values{"items": {idea(idea1.ID)}, "action": {"delete"}}, false, 422, "action", "", ""},
			{"hide an idea and a comment", url.Values{"items": {idea(idea1.ID), comment(cm.ID)}, "action": {"hide"}, "reason": {"spam"}},
				false, 303, "", "2 items hidden.", keys(idea(idea2.ID), comment(keep.ID), idea(held.ID))},
			{"approve: comments are skipped", url.Values{"items": {idea(held.ID), comment(keep.ID)}, "action": {"approve"}},
				false, 303, "", "1 idea approved and published. 1 skipped: the action does not apply to it, or it is gone.",
				keys(idea(idea2.ID), comment(keep.ID))},
			{"dismiss, by script", url.Values{"items": {idea(idea2.ID), comment(keep.ID), "comment:999999", "nonsense"}, "action": {"dismiss"}},
				true, 200, "", "", ""},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				var r *response
				if st.json {
					var answer struct{ Done, Skipped int }
					mod.get("/admin/moderation")
					r = mod.postJSON("/admin/moderation/bulk", st.form, &answer)
					check(t, "done, skipped", fmt.Sprint(answer.Done, answer.Skipped), "2 2")
				} else {
					r = mod.submit("/admin/moderation", "/admin/moderation/bulk", withBack(st.form))
				}
				wantCode(t, r, st.wantCode)
				if st.wantField != "" && fieldError(r.Body, st.wantField) == "" {
					t.Errorf("no message next to %q: %s", st.wantField, r)
				}
				if st.wantCode == 303 {
					check(t, "back to the queue", r.Location, "/admin/moderation")
					check(t, "flash", modFlash(t, mod, r), st.wantFlash)
					check(t, "queue", keys(modQueueKeys(mod.get("/admin/moderation").Body)...), st.wantQueue)
				}
			})
		}
		check(t, "idea hidden", w.modIdea(t, idea1.ID).Hidden, true)
		check(t, "held idea published", w.modIdea(t, held.ID).Hidden, false)
		check(t, "counters", w.modCounts(t, target.ID), "votes 0/0 comments 1/1 followers 3/3")
		for _, a := range []struct {
			action string
			id     int64
		}{{"idea.hide", idea1.ID}, {"comment.hide", cm.ID}, {"idea.approve", held.ID}, {"idea.dismiss", idea2.ID}, {"comment.dismiss", keep.ID}} {
			check(t, "audit "+a.action, w.modAudits(t, a.action, a.id), 1)
		}
		wantIn(t, mod.get("/admin/moderation"), "Nothing waits for you.")

		t.Run("unhide in bulk", func(t *testing.T) {
			r := mod.submit("/admin/moderation", "/admin/moderation/bulk",
				url.Values{"items": {idea(idea1.ID), comment(cm.ID)}, "action": {"unhide"}})
			check(t, "flash", modFlash(t, mod, r), "2 items shown again.")
			check(t, "counters", w.modCounts(t, target.ID), "votes 0/0 comments 2/2 followers 3/3")
		})
	})
}

// withBack adds the queue's own address as the form's "back" field.
func withBack(form url.Values) url.Values {
	out := url.Values{"back": {"/admin/moderation"}}
	for k, v := range form {
		out[k] = v
	}
	return out
}

func TestMergeIdeasPage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		modUser := w.userWithRole(t, "Mia Moderator", accounts.RoleModerator)
		mod := w.login(t, modUser)
		a, b, c, f := w.user(t, "Ana"), w.user(t, "Bea"), w.user(t, "Caio"), w.user(t, "Fabi")
		source := w.idea(t, a, "Seats woven from recycled bottles", w.open, w.materials)
		target := w.idea(t, b, "Recycled bottles for the seat fabric", w.open, w.materials)
		unrelated := w.idea(t, c, "A sunroof that opens wide", w.open, w.design)
		for _, v := range []struct {
			u  *accounts.User
			id int64
		}{{a, source.ID}, {c, source.ID}, {c, target.ID}, {b, target.ID}} {
			must(w.Store.Votes.Vote(ctx, v.u.ID, v.id))(t)
		}
		if err := w.Store.Ideas.Follow(ctx, f.ID, source.ID); err != nil {
			t.Fatal(err)
		}
		w.modComment(t, c, source.ID, "Good, but see the other one")
		w.modComment(t, f, target.ID, "Yes!")
		page := fmt.Sprintf("/admin/ideas/%d/merge", source.ID)

		r := mod.get(page)
		wantCode(t, r, 200)
		wantIn(t, r, "Seats woven from recycled bottles")
		wantIn(t, r, `type="radio" name="into" value="`+itoa(target.ID)+`"`)
		wantNotIn(t, r, `value="`+itoa(unrelated.ID)+`"`)
		r = mod.get(page + "?into=" + itoa(unrelated.ID))
		wantIn(t, r, `value="`+itoa(unrelated.ID)+`" id="into-`+itoa(unrelated.ID)+`" checked`)
		wantCode(t, w.login(t, a).get(page), 403)

		errs := []struct {
			name string
			form url.Values
			want string
		}{
			{"nothing chosen", url.Values{}, "Please choose the idea to merge into."},
			{"itself", url.Values{"into": {itoa(source.ID)}}, "An idea cannot be merged into itself."},
			{"an unknown idea", url.Values{"into": {"999999"}}, "There is no idea number 999999."},
			{"not a number", url.Values{"into": {"the other one"}}, "Please enter an idea's number, as in its address (/ideas/123)."},
			{"picked and typed", url.Values{"into": {itoa(target.ID), itoa(unrelated.ID)}}, "Please pick one of the similar ideas or type a number, not both."},
		}
		for _, tt := range errs {
			t.Run(tt.name, func(t *testing.T) {
				r := mod.submit(page, page, tt.form)
				wantCode(t, r, 422)
				check(t, "message next to the field", fieldError(r.Body, "into"), tt.want)
				check(t, "not merged", w.modIdea(t, source.ID).MergedIntoID == nil, true)
			})
		}

		r = mod.submit(page, page, url.Values{"into": {"", target.URL()}, "reason": {"Same idea."}})
		check(t, "to the target", r.Location, target.URL())
		if msg := modFlash(t, mod, r); !strings.HasPrefix(msg, "Merged:") {
			t.Errorf("flash %q", msg)
		}
		// a, c (once), b; a, b, f and c follow (authors, commenters, follower)
		check(t, "target's counters", w.modCounts(t, target.ID), "votes 3/3 comments 2/2 followers 4/4")
		check(t, "source's counters", w.modCounts(t, source.ID), "votes 0/0 comments 0/0 followers 0/0")
		got := w.modIdea(t, source.ID)
		check(t, "status", got.Status, ideas.StatusDuplicate)
		check(t, "merged into", fmt.Sprint(*got.MergedIntoID), itoa(target.ID))
		r = newClient(t, w.Server).get(ideaPath(source.ID))
		check(t, "the source leads to the target", r.Location, ideaPath(target.ID))
		check(t, "audit", w.modAudits(t, "idea.merge", source.ID), 1)
		wantIn(t, newClient(t, w.Server).get(target.URL()), "Good, but see the other one")

		r = mod.submit(target.URL(), page, url.Values{"into": {itoa(unrelated.ID)}})
		wantCode(t, r, 422)
		check(t, "merged twice", fieldError(r.Body, "into"), "This idea was already merged into another one.")
		wantIn(t, mod.get(page), `href="/ideas/`+itoa(target.ID)+`"`)
		r = mod.submit(target.URL(), fmt.Sprintf("/admin/ideas/%d/merge", unrelated.ID), url.Values{"into": {itoa(source.ID)}})
		check(t, "into a merged idea", fieldError(r.Body, "into"), fmt.Sprintf("That idea was merged into idea %d; merge into that one instead.", target.ID))
		var answer struct {
			OK   bool
			Into int64
		}
		mod.get(target.URL())
		r = mod.postJSON(fmt.Sprintf("/admin/ideas/%d/merge", unrelated.ID), url.Values{"into": {"#" + itoa(target.ID)}}, &answer)
		wantCode(t, r, 200)
		check(t, "JSON", fmt.Sprint(answer.OK, answer.Into), fmt.Sprint(true, target.ID))
	})
}

// TestBrowserModeration follows a moderator through a morning's work in
// Chromium: the overview, the queue (ticking boxes, one-click buttons),
// the tools on an idea's page, and a merge; a contributor reports a
// comment through the "Report" disclosure. Every page is also checked on
// a phone's width.
func TestBrowserModeration(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "sqlite")
	ctx := context.Background()
	author, rui, rosa := w.user(t, "Marta Costa"), w.user(t, "Rui Alves"), w.user(t, "Rosa Lima")
	spammer := w.user(t, "Cheap Watches Shop")
	modUser := w.userWithRole(t, "Mona Moderator", accounts.RoleModerator)
	idea := w.idea(t, author, "Seats woven from recycled PET bottles", w.open, w.materials, "recycling")
	dup := w.idea(t, rui, "Seat fabric from recycled bottles", w.open, w.materials)
	w.idea(t, rosa, "Recycled PET for the floor mats", w.open, w.materials)
	for _, u := range []*accounts.User{rui, rosa} {
		must(w.Store.Votes.Vote(ctx, u.ID, idea.ID))(t)
	}
	must(w.Store.Votes.Vote(ctx, rosa.ID, dup.ID))(t)
	kind := w.modComment(t, rui, idea.ID, "I would **love** seats like these.")
	rude := w.modComment(t, spammer, idea.ID, "Great idea! Also, cheap watches at my shop.")
	spam := w.idea(t, spammer, "Buy cheap watches at my shop", w.open, w.design)
	must(w.Store.Moderation.Flag(ctx, rui, audit.TargetIdea, spam.ID, "spam", "Advertising"))(t)
	must(w.Store.Moderation.Flag(ctx, rosa, audit.TargetIdea, spam.ID, "spam", ""))(t)
	must(w.Store.Moderation.Flag(ctx, rosa, audit.TargetComment, rude.ID, "spam", "Same shop again"))(t)
	old := w.idea(t, rosa, "Headlights that follow the curve", w.open, w.design)
	if err := w.Store.Ideas.Backdate(ctx, old.ID, time.Now().Add(-10*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := w.Store.Ideas.SetStatus(ctx, idea.ID, modUser, ideas.StatusUnderReview, "Our engineers are testing the fabric."); err != nil {
		t.Fatal(err)
	}
	w.modSettings(t, func(s *site.Settings) { s.Premoderate = true })
	held := w.idea(t, w.user(t, "Nina Newcomer"), "A roof rack that folds away", w.open, w.design)

	// A contributor reports the other comment from the idea's page.
	c := newBrowser(t, w.Server, "report")
	c.open("/login")
	c.fill("#email", author.Email)
	c.fill("#password", password)
	c.clickAndLoad(`form[action="/login"] button[type=submit]`)
	c.open(idea.URL())
	sel := fmt.Sprintf("#comment-%d", rude.ID)
	c.clickAndLoad(sel + " a.report-link")
	c.click(sel + ` input[value="offensive"]`)
	c.fill(sel+" textarea[name=note]", "Spam in the middle of the discussion")
	c.shot("report-open")
	c.clickAndLoad(sel + " .report-form button[type=submit]")
	c.wantText(".flash", "Thank you, a moderator will look at it.")
	c.wantText(sel+" .reported", "You reported this")

	b := newBrowser(t, w.Server, "moderation")
	b.open("/login")
	b.fill("#email", modUser.Email)
	b.fill("#password", password)
	b.clickAndLoad(`form[action="/login"] button[type=submit]`)

	b.open("/admin")
	b.wantText(`.mod-card a[href="/admin/moderation?show=reports"] .mod-card-n`, "4")
	b.wantText("#unanswered", "Headlights that follow the curve")
	b.shot("overview")

	b.clickAndLoad(`.page-head a[href="/admin/moderation"]`)
	b.wantCount(".queue-item", 3)
	b.shot("queue")
	modTick(b, fmt.Sprintf(`input[name=items][value="comment:%d"]`, rude.ID))
	modTick(b, fmt.Sprintf(`input[name=items][value="idea:%d"]`, spam.ID))
	b.fill("#reason", "Advertising")
	b.wantCount("input[name=items]:checked", 2)
	b.clickAndLoad(`.bulk-actions button[value=hide]`)
	b.wantText(".flash", "2 items hidden.")
	b.wantCount(".queue-item", 1)
	b.clickAndLoad(fmt.Sprintf(`button[formaction="/admin/ideas/%d/approve"]`, held.ID))
	b.wantText(".flash", "The idea is approved and published.")
	b.wantText(".queue-empty", "Nothing waits for you.")
	b.shot("queue-empty")

	b.open(idea.URL())
	b.wantText(".history", "Under review")
	b.wantText(fmt.Sprintf("#comment-%d .comment-held", rude.ID), "Advertising")
	b.shot("idea-moderator")
	b.choose("#status", ideas.StatusAccepted)
	b.eval(`document.querySelector("#response").value = ""`)
	b.fill("#response", "Accepted: the **first prototype** seats are being woven.")
	b.clickAndLoad(`.mod-status button[type=submit]`)
	b.wantText(".flash", "The new status is saved")
	b.wantText(".response strong", "first prototype")
	b.wantCount(".history-list li", 3)
	b.clickAndLoad(fmt.Sprintf(`#comment-%d form[action$="/hide"] button`, kind.ID))
	b.wantText(".flash", "The comment is hidden from the public.")
	b.wantCount(".comment-held", 2)
	b.shot("idea-after")

	b.open(fmt.Sprintf("/admin/ideas/%d/merge", dup.ID))
	b.wantText(".merge-targets", "Seats woven from recycled PET bottles")
	b.shot("merge")
	b.click(fmt.Sprintf(`label[for="into-%d"]`, idea.ID))
	b.scriptsOff() // the merge form asks first when scripts run
	b.clickAndLoad(`.merge-fields button[type=submit]`)
	b.wantPath(idea.URL())
	b.wantText(".flash", "Merged:")
	b.wantText(".idea-head [data-vote-count]", "2") // Rosa voted for both: counted once
	b.shot("merged")

	// Something new waits, for the phone's views of the queue.
	late := w.modComment(t, spammer, old.ID, "Visit https://example.org/a-very-long-address-that-should-wrap-on-a-phone-screen-without-scrolling")
	must(w.Store.Moderation.Flag(ctx, rosa, audit.TargetComment, late.ID, "spam", ""))(t)
	b.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait))
	for _, pg := range []struct{ name, path string }{
		{"phone-overview", "/admin"},
		{"phone-queue", "/admin/moderation"},
		{"phone-idea", idea.URL()},
		{"phone-merge", fmt.Sprintf("/admin/ideas/%d/merge", old.ID)},
	} {
		b.open(pg.path)
		var size struct{ Scroll, Inner int }
		b.evalInto(`({Scroll: document.documentElement.scrollWidth, Inner: window.innerWidth})`, &size)
		if size.Scroll > size.Inner {
			t.Errorf("%s: scrollWidth %d, innerWidth %d: the page scrolls sideways on a phone", pg.path, size.Scroll, size.Inner)
		}
		b.shot(pg.name)
	}
}

// modTick scrolls a box to the middle of the screen, as a person would
// before clicking it (the sticky bulk bar covers the top), and clicks it.
func modTick(b *browser, sel string) {
	b.t.Helper()
	b.eval(fmt.Sprintf(`document.querySelector(%q).scrollIntoView({block: "center"})`, sel))
	b.click(sel)
}
