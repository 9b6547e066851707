package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/testutil"
	"golang.org/x/net/html"
)

// The pseudo-locale test reads every page as each kind of person in
// en-XA, where every message of the catalog comes out accented and wrapped
// in ⟦ ⟧: English letters left on a page are text that did not come
// through the translation layer. What people wrote is in Greek here, so
// that it has no English letters either; the few English names the
// shared test world carries are listed in worldContent.

// worldContent is what the test world (newWorld) writes in English.
var worldContent = []string{"What should the car be?", "Which seats?", "Not yet", "Pick one",
	"Design", "Materials", "Other", "open-car", "closed-seats", "secret-plan", "one-vote", "design", "materials", "other"}

var (
	pseudoSegment = regexp.MustCompile(`⟦[^⟦⟧]*⟧`)
	englishWord   = regexp.MustCompile(`[A-Za-z]{2,}`)
	// addressLike finds addresses, and handles (@user2): a handle is
	// ASCII whatever the language of the name it came from.
	addressLike = regexp.MustCompile(`https?://\S+|[\w.+-]+@example\.org|/[\w/.?=&%-]*|@[a-z0-9_]{3,30}\b`)
)

// untranslated is what is left of a text once the catalog's messages,
// people's writing, addresses, handles and names from CLDR (countries, languages)
// are taken out: English words there did not come through the catalog.
func untranslated(text string, allowed []string) string {
	for {
		next := pseudoSegment.ReplaceAllString(text, " ")
		if next == text {
			break
		}
		text = next
	}
	for _, a := range allowed {
		text = strings.ReplaceAll(text, a, " ")
	}
	text = addressLike.ReplaceAllString(text, " ")
	var words []string
	for _, w := range englishWord.FindAllString(text, -1) {
		if !i18n.IsCountry(w) { // a country's code, as on the admin's list of people
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}

// allowedText lists what may stay in English on a pseudo-locale page:
// the test world's content, the site's name, and CLDR's names of
// countries and languages, longest first.
func allowedText() []string {
	out := append([]string{"Ideario", "nothing-matches-this"}, worldContent...)
	for _, c := range i18n.Countries(i18n.Pseudo) {
		out = append(out, c.Name)
	}
	for _, l := range i18n.Languages() {
		out = append(out, l.Name)
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// visibleAttrs are the attributes people read or hear.
var visibleAttrs = map[string]bool{"alt": true, "title": true, "placeholder": true, "aria-label": true,
	"data-confirm": true, "data-singular": true, "data-plural": true}

// pseudoProblems lists the texts of a page, visible or read aloud, that
// hold English words.
func pseudoProblems(t *testing.T, body string, allowed []string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	report := func(where, text string) {
		if bad := untranslated(text, allowed); bad != "" {
			out = append(out, fmt.Sprintf("%s %q (%s)", where, strings.Join(strings.Fields(text), " "), bad))
		}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "code", "kbd", "samp", "path":
				return
			case "textarea", "content": // what a person writes, and a feed entry's content
				return
			}
			typ := ""
			for _, a := range n.Attr {
				if a.Key == "type" {
					typ = a.Val
				}
			}
			for _, a := range n.Attr {
				button := a.Key == "value" && n.Data == "input" && (typ == "submit" || typ == "button")
				meta := a.Key == "content" && n.Data == "meta" && hasAttr(n, "name", "description")
				if visibleAttrs[a.Key] || button || meta {
					report("<"+n.Data+" "+a.Key+">", a.Val)
				}
			}
		}
		if n.Type == html.TextNode {
			report("text", n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

func hasAttr(n *html.Node, key, val string) bool {
	for _, a := range n.Attr {
		if a.Key == key && a.Val == val {
			return true
		}
	}
	return false
}

func TestUntranslated(t *testing.T) {
	allowed := []string{"Ideario", "Brazil"}
	tests := []struct{ text, want string }{
		{"⟦Šháŕé áñ íðéá⟧", ""},
		{"⟦Ţĥé ⟦Ðéç⟧ ĥéŕé⟧ · Ideario", ""},
		{"⟦Ĺóĝ íñ⟧ or ⟦šíĝñ úþ⟧", "or"},
		{"Share an idea", "Share an idea"},
		{"Brazil · 1.234 · 7 ⟦Ðéç⟧ 2026 · u12@example.org", ""},
		{"Καθίσματα · /ideas/3-seats?sort=top", ""},
		{"a", ""},
	}
	for _, tt := range tests {
		if got := untranslated(tt.text, allowed); got != tt.want {
			t.Errorf("untranslated(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// pseudoWorld is the site with content in Greek, and a person of each role
// who reads it in the pseudo-locale.
type pseudoWorld struct {
	*world
	admin, moderator, sponsor, author, reader *accounts.User
	idea, held, flagged                       *ideas.Idea
	comment, reply                            *comments.Comment
}

func newPseudoWorld(t *testing.T, engine string) *pseudoWorld {
	t.Helper()
	ctx := context.Background()
	w := &pseudoWorld{world: newWorld(t, engine, testutil.WithoutRateLimits())}
	st := w.Store
	person := func(name, role string) *accounts.User {
		u := w.userWithRole(t, name, role)
		if err := st.Accounts.SetLocale(ctx, u.ID, i18n.Pseudo); err != nil {
			t.Fatal(err)
		}
		u.Locale = i18n.Pseudo
		return u
	}
	w.admin, w.moderator = person("Άννα", accounts.RoleAdmin), person("Μάρκος", accounts.RoleModerator)
	w.sponsor, w.author, w.reader = person("Σοφία", accounts.RoleSponsor), person("Ζωή", accounts.RoleContributor), person("Νίκος", accounts.RoleContributor)
	idea := func(author *accounts.User, title string, ch *challenges.Challenge) *ideas.Idea {
		in := ideas.IdeaInput{Title: title, Body: "Καθίσματα από **φελλό**, ελαφριά και ανακυκλώσιμα.", Tags: []string{"φελλός"}}
		if ch != nil {
			in.ChallengeID, in.CategoryID = &ch.ID, &w.design.ID
		}
		return must(st.Ideas.CreateIdea(ctx, author.ID, in))(t)
	}
	w.idea = idea(w.author, "Φελλός παντού", w.open)
	w.flagged = idea(w.author, "Αγοράστε τώρα", nil)
	must(st.Votes.Vote(ctx, w.reader.ID, w.idea.ID))(t)
	must(st.Votes.Vote(ctx, w.author.ID, w.idea.ID))(t)
	if err := st.Ideas.Follow(ctx, w.reader.ID, w.idea.ID); err != nil {
		t.Fatal(err)
	}
	w.comment = must(st.Comments.CreateComment(ctx, w.reader, w.idea.ID, nil, "Πολύ καλή ιδέα."))(t)
	w.reply = must(st.Comments.CreateComment(ctx, w.author, w.idea.ID, &w.comment.ID, "Ευχαριστώ!"))(t)
	if err := st.Ideas.SetStatus(ctx, w.idea.ID, w.moderator, ideas.StatusUnderReview, "Το εξετάζουμε."); err != nil {
		t.Fatal(err)
	}
	for _, by := range []*accounts.User{w.reader, w.sponsor} {
		must(st.Moderation.Flag(ctx, by, audit.TargetIdea, w.flagged.ID, "spam", "διαφήμιση"))(t)
		must(st.Moderation.Flag(ctx, by, audit.TargetComment, w.reply.ID, "offensive", ""))(t)
	}
	if err := st.Moderation.Suspend(ctx, w.admin, w.reader.ID, time.Now().AddDate(0, 0, 3), "Ηρέμησε λίγο."); err != nil {
		t.Fatal(err)
	}
	// A newcomer's idea waits for approval where a challenge asks for it.
	w.setPremoderate(t)
	newcomer := person("Ελένη", accounts.RoleContributor)
	w.held = idea(newcomer, "Περιμένει έγκριση", w.budget)
	return w
}

func (w *pseudoWorld) setPremoderate(t *testing.T) {
	t.Helper()
	if err := testutil.Behind(w.Store).Exec("UPDATE challenges SET premoderate = ? WHERE id = ?", true, w.budget.ID).Error; err != nil {
		t.Fatal(err)
	}
}

// pseudoPages are the addresses each person reads in the test.
func (w *pseudoWorld) pseudoPages() []string {
	id := func(n int64) string { return itoa(n) }
	return []string{
		"/", "/ideas", "/ideas?sort=new", "/ideas?sort=top&status=under_review", "/ideas?q=φελλός", "/ideas?tag=φελλός",
		"/ideas?q=nothing-matches-this", "/ideas/" + id(w.idea.ID), "/ideas/" + id(w.flagged.ID), "/ideas/" + id(w.held.ID),
		"/challenges", "/challenges/open-car", "/challenges/one-vote", "/challenges/closed-seats", "/challenges/secret-plan",
		"/users/" + id(w.author.ID), "/users/" + id(w.moderator.ID), "/signup", "/login", "/password/forgot",
		"/password/reset?token=not-a-token", "/verify?token=not-a-token", "/no-such-page", "/ideas/999999",
		"/ideas/new", "/ideas/" + id(w.idea.ID) + "/edit", "/comments/" + id(w.reply.ID) + "/edit",
		"/account", "/notifications", "/account/notifications",
		"/unsubscribe?token=" + url.QueryEscape(notifications.Token(w.Config.Secret, w.author.ID, notifications.KindReply)), "/admin", "/admin/moderation", "/admin/moderation?show=pending",
		"/admin/ideas/" + id(w.flagged.ID) + "/merge", "/admin/ideas/" + id(w.flagged.ID) + "/merge?into=" + id(w.idea.ID),
		"/admin/users", "/admin/users?q=Ζωή", "/admin/users/" + id(w.reader.ID), "/admin/users/" + id(w.author.ID),
		"/admin/challenges", "/admin/challenges/new", "/admin/challenges/" + id(w.open.ID) + "/edit",
		"/admin/categories", "/admin/audit", "/admin/audit?actor=" + id(w.admin.ID), "/admin/settings",
		"/reports", "/reports?from=2020-01-01&to=2020-01-02", "/feed.atom", "/leaderboard", "/leaderboard?challenge=open-car",
	}
}

// pagesNotChecked are the routes whose answers are not pages of text in
// a language: files, data for scripts, redirects.
var pagesNotChecked = []string{"/healthz", "/assets/*", "/images/:id", "/images/:id/thumb", "/language",
	"/api/v1/ideas", "/api/v1/ideas/:id", "/api/v1/challenges",
	"/reports/ideas.csv", "/reports/ideas.json", "/reports/ideas.xlsx", "/reports/ideas.pdf", "/reports/comments.csv",
	"/comments/:id"}

// TestEveryPageInPseudoLocale reads every page, signed out and as each
// role, and each form's error messages, in the pseudo-locale: any English
// word left is text that did not come through the translation layer. A
// route that the test does not read makes it fail, so that new pages come
// with their reading here.
func TestEveryPageInPseudoLocale(t *testing.T) {
	w := newPseudoWorld(t, testutil.Engines()[0])
	allowed := allowedText()
	visitor := newClient(t, w.Server)
	wantCode(t, visitor.get("/language?lang="+i18n.Pseudo+"&next=/"), http.StatusSeeOther)
	readers := map[string]*client{"visitor": visitor}
	for role, u := range map[string]*accounts.User{"admin": w.admin, "moderator": w.moderator, "sponsor": w.sponsor,
		"author": w.author, "suspended reader": w.reader} {
		readers[role] = w.login(t, u)
	}
	read := map[string]bool{}
	problems := map[string][]string{} // by problem, the pages and people
	for who, c := range readers {
		for _, page := range w.pseudoPages() {
			r := c.get(page)
			if r.Code == http.StatusSeeOther || r.Code == http.StatusFound || r.Code == http.StatusMovedPermanently {
				r = c.get(r.Location)
			}
			if r.Code >= 500 {
				t.Errorf("%s: GET %s: %s", who, page, r)
				continue
			}
			read[strings.SplitN(page, "?", 2)[0]] = true
			if !strings.Contains(r.Body, `lang="`+i18n.Pseudo+`"`) && !strings.HasSuffix(page, ".atom") {
				t.Errorf("%s: GET %s is not in %s: %.300s", who, page, i18n.Pseudo, r.Body)
			}
			for _, p := range pseudoProblems(t, r.Body, allowed) {
				problems[p] = append(problems[p], who+" "+page)
			}
		}
	}
	// Every form's errors: each form of the pages sent with its fields
	// emptied, as the admin and the author.
	for _, who := range []string{"admin", "author"} {
		c := readers[who]
		for _, page := range w.pseudoPages() {
			r := c.get(page)
			if r.Code != http.StatusOK {
				continue
			}
			for _, f := range formsOn(t, r.Body) {
				if f.method != http.MethodPost || f.action == "/logout" || strings.Contains(f.action, "delete") ||
					strings.Contains(f.action, "hide-all") || strings.Contains(f.action, "/role") {
					continue
				}
				form := url.Values{}
				for k, vs := range f.fields {
					if k == "_csrf" {
						form[k] = vs
					} else {
						form.Set(k, "")
					}
				}
				res := c.postForm(f.action, form)
				if res.Code == http.StatusSeeOther && strings.HasPrefix(res.Location, "/") {
					res = c.get(res.Location)
				}
				if res.Code >= 500 {
					t.Errorf("%s: POST %s emptied (form on %s): %s", who, f.action, page, res)
				}
				for _, p := range pseudoProblems(t, res.Body, allowed) {
					problems[p] = append(problems[p], who+" POST "+f.action+" (form on "+page+")")
				}
			}
		}
	}
	for _, route := range w.App.Echo.Routes() {
		if route.Method != http.MethodGet || slices.Contains(pagesNotChecked, route.Path) {
			continue
		}
		pattern := regexp.MustCompile("^" + regexp.MustCompile(`:\w+`).ReplaceAllString(route.Path, `[^/]+`) + "$")
		found := false
		for page := range read {
			found = found || pattern.MatchString(page)
		}
		if !found {
			t.Errorf("the page %s is not read in the pseudo-locale: add it to pseudoPages", route.Path)
		}
	}
	keys := make([]string, 0, len(problems))
	for p := range problems {
		keys = append(keys, p)
	}
	slices.Sort(keys)
	for _, p := range keys {
		where := problems[p]
		t.Errorf("not translated: %s\n\ton %s", p, strings.Join(where[:min(len(where), 3)], "; "))
	}
}

// TestMailAndErrorsInPseudoLocale sends every mail Ideario writes to
// people who read it in the pseudo-locale, and provokes each kind of error
// (pages and JSON, the rate limit's refusal included): none may hold an
// English word.
func TestMailAndErrorsInPseudoLocale(t *testing.T) {
	w := newWorld(t, testutil.Engines()[0])
	ctx := context.Background()
	allowed := allowedText()
	owner := w.user(t, "Ωμέγα")
	if err := w.Store.Accounts.SetLocale(ctx, owner.ID, i18n.Pseudo); err != nil {
		t.Fatal(err)
	}
	newVisitor := func() *client {
		c := newClient(t, w.Server)
		c.header = http.Header{"Accept-Language": {i18n.Pseudo}}
		return c
	}
	visitor := newVisitor()
	signup := func(email string) *response { // each from a browser of its own: signing up signs in
		return newVisitor().submit("/signup", "/signup", url.Values{"name": {"Ψ"}, "email": {email},
			"password": {"a long and private passphrase"}, "country": {"GR"}})
	}
	wantCode(t, signup("psi@example.org"), http.StatusSeeOther)                                                  // confirmation
	wantCode(t, signup(owner.Email), http.StatusSeeOther)                                                        // the owner is warned
	wantCode(t, visitor.submit("/password/forgot", "/password/forgot", url.Values{"email": {owner.Email}}), 200) // reset
	w.WaitMail(t)
	msgs := w.Mail.Messages()
	if len(msgs) != 3 {
		t.Fatalf("%d mails sent, want 3", len(msgs))
	}
	for _, m := range msgs {
		for what, text := range map[string]string{"subject": m.Subject, "body": m.Body} {
			if !strings.Contains(text, i18n.PseudoOpen) {
				t.Errorf("mail to %s: the %s is not in the pseudo-locale: %q", m.To, what, text)
			}
			if bad := untranslated(text, allowed); bad != "" {
				t.Errorf("mail to %s: the %s has %q: %q", m.To, what, bad, text)
			}
		}
	}

	// Errors as pages and as JSON, for visitors and signed-in people.
	person := w.user(t, "Μέλος")
	if err := w.Store.Accounts.SetLocale(ctx, person.ID, i18n.Pseudo); err != nil {
		t.Fatal(err)
	}
	member := w.login(t, person)
	json := http.Header{"Accept": {"application/json"}}
	checks := []struct {
		name string
		r    *response
		code int
	}{
		{"not found", visitor.get("/no-such-page"), http.StatusNotFound},
		{"not found, JSON", visitor.do(mustRequest(t, http.MethodGet, w.URL+"/api/v1/ideas/999999", json)), http.StatusNotFound},
		{"a bad cursor, JSON", visitor.do(mustRequest(t, http.MethodGet, w.URL+"/api/v1/ideas?cursor=x", json)), http.StatusBadRequest},
		{"log in first, JSON", visitor.post("/ideas/1/vote", url.Values{}, json), http.StatusForbidden},
		{"a form from elsewhere", visitor.post("/signup", url.Values{"name": {"x"}}, http.Header{"Sec-Fetch-Site": {"cross-site"}}), http.StatusForbidden},
		{"a language not offered", visitor.get("/language?lang=tlh"), http.StatusBadRequest},
		{"forbidden", member.get("/admin"), http.StatusForbidden},
		{"forbidden, JSON", member.do(mustRequest(t, http.MethodGet, w.URL+"/reports/ideas.json", json)), http.StatusForbidden},
		{"an unknown method, JSON", visitor.do(mustRequest(t, http.MethodPut, w.URL+"/api/v1/ideas", json)), anyRefusal},
		{"an unknown method", visitor.do(mustRequest(t, http.MethodPut, w.URL+"/ideas/new", nil)), anyRefusal},
	}
	for i := 0; i < 40; i++ { // failed log-ins until the rate limit refuses
		r := visitor.submit("/login", "/login", url.Values{"email": {owner.Email}, "password": {"wrong"}})
		if r.Code == http.StatusTooManyRequests {
			checks = append(checks, struct {
				name string
				r    *response
				code int
			}{"too many log-ins", r, http.StatusTooManyRequests})
			break
		}
	}
	for _, c := range checks {
		if c.r.Code != c.code && (c.code != anyRefusal || c.r.Code < 400 || c.r.Code >= 500) {
			t.Errorf("%s: %d, want %d: %s", c.name, c.r.Code, c.code, c.r)
		}
		body := c.r.Body
		if strings.HasPrefix(strings.TrimSpace(body), "{") {
			if !strings.Contains(body, i18n.PseudoOpen) {
				t.Errorf("%s: the JSON error is not in the pseudo-locale: %s", c.name, body)
			}
			if bad := untranslated(body, append(allowed, "error")); bad != "" {
				t.Errorf("%s: %q in %s", c.name, bad, body)
			}
			continue
		}
		for _, p := range pseudoProblems(t, body, allowed) {
			t.Errorf("%s: not translated: %s", c.name, p)
		}
	}
	if len(checks) < 10 {
		t.Errorf("the log-in limit never refused")
	}
}

// anyRefusal stands for any 4xx answer.
const anyRefusal = -1

func mustRequest(t *testing.T, method, target string, header http.Header) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	return req
}
