package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/seed"
	"github.com/ideario/ideario/testutil"
)

// The browser tests drive a real Chromium against the real server, as a
// person would: they type into forms, click buttons and read the page.
// Each test saves a full-page screenshot after every step, into
// IDEARIO_SCREENSHOTS when it is set.

// TestBrowserJourney follows a newcomer: sign up, share an idea, support
// it without a reload, discuss it, log out and back in.
func TestBrowserJourney(t *testing.T) {
	t.Parallel()
	s := testutil.NewServer(t, "sqlite")
	browserChallenge(t, s.Store)
	b := newBrowser(t, s, "journey")

	name, email, password := "Ana Souza", testutil.Name("ana")+"@example.org", "seats from bottles"
	b.open("/")
	b.clickAndLoad(`.usernav a[href="/signup"]`)
	b.signUp(name, email, password, "BR")
	b.wantText(".flash", "Welcome, "+name)
	b.shot("signed-up")

	b.clickAndLoad(`.usernav a[href="/ideas/new"]`)
	b.wantPath("/ideas/new")
	title := "Seats woven from recycled PET bottles"
	body := "Seat fabric can be woven from **recycled PET**: about 40 bottles a car.\n\n- lighter\n- cheaper to clean\n\nSee [the study](https://example.org/pet-study)."
	b.fill("#title", title)
	b.choose("#category", "materials")
	b.fill("#body", body)
	b.fill("#tags", "recycling, interior")
	b.shot("idea-form")
	b.clickAndLoad(`form[action="/ideas"] button[type=submit]`)

	b.wantText(".flash", "Your idea is published")
	b.wantText(".idea-head h1", title)
	b.wantText(".idea-body strong", "recycled PET")
	b.wantCount(".idea-body li", 2)
	b.wantCount(`.idea-body a[href="https://example.org/pet-study"]`, 1)
	b.wantText(".idea-head .meta", "#recycling")
	b.wantText(".crumbs", "Materials")
	b.shot("idea-published")

	// Voting with JavaScript: the count changes in place, without a new page.
	ideaPath := b.path()
	b.eval(`window.ideario_noReload = true`)
	vote := `.idea-head [data-vote-form] button`
	count := `.idea-head [data-vote-count]`
	for i, want := range []struct{ count, label string }{{"1", "vote"}, {"0", "votes"}} {
		b.click(vote)
		b.waitText(count, want.count)
		b.do(chromedp.WaitEnabled(chromedp.CSS(vote)))
		if got := b.text(".idea-head .vote-label"); got != want.label {
			t.Errorf("with %s votes, the label says %q, want %q", want.count, got, want.label)
		}
		b.shot(fmt.Sprintf("voted-%d", i+1))
	}
	if b.path() != ideaPath || !b.evalBool(`window.ideario_noReload === true`) {
		t.Fatalf("voting reloaded the page: now at %s, was at %s", b.location(), ideaPath)
	}
	b.click(vote)
	b.waitText(count, "1")
	b.wantAttr(vote, "aria-pressed", "true")
	if idea := b.ideaAt(ideaPath); idea.VoteCount != 1 {
		t.Fatalf("after voting, the stored idea has %d votes, want 1", idea.VoteCount)
	}

	b.fill("#body-0", "I would **love** seats like these.")
	b.clickAndLoad(`.comment-form button[type=submit]`)
	b.wantText(".comment .prose strong", "love")
	b.clickAndLoad(`.comment-actions a[href*="?reply="]`)
	b.fill(`.comment .comment-form textarea`, "Agreed, and they would be easy to wash.")
	b.clickAndLoad(`.comment .comment-form button[type=submit]`)
	b.wantText(".comment .thread .comment .prose", "easy to wash")
	b.wantText("#comments h2", "2 comments")
	b.shot("discussed")

	b.click(".menu summary")
	b.clickAndLoad(`.menu-panel form[action="/logout"] button`)
	b.wantCount(".menu", 0)
	b.shot("logged-out")
	b.clickAndLoad(`.usernav a[href^="/login"]`)
	b.fill("#email", email)
	b.fill("#password", password)
	b.clickAndLoad(`form[action="/login"] button[type=submit]`)
	b.wantText(".menu-name", name)
	b.open(ideaPath)
	b.wantText(count, "1")
	b.wantAttr(vote, "aria-pressed", "true")
	b.shot("logged-in-again")
}

// TestBrowserVoteWithoutJavaScript shows that the support button is a plain
// form: with scripts off, it posts and the page comes back with the count.
func TestBrowserVoteWithoutJavaScript(t *testing.T) {
	t.Parallel()
	s := testutil.NewServer(t, "sqlite")
	ch := browserChallenge(t, s.Store)
	idea := browserIdea(t, s.Store, ch, "Bumpers coloured all the way through",
		"Small scratches would not show, and there is no paint step.")
	b := newBrowser(t, s, "nojs")
	b.scriptsOff()

	b.open("/signup")
	b.signUp("Kofi Mensah", testutil.Name("kofi")+"@example.org", "a long passphrase", "GH")
	b.wantText(".flash", "Welcome")
	b.open(idea.URL())
	ideaPath := b.path()
	vote := `.idea-head [data-vote-form] button`
	count := `.idea-head [data-vote-count]`
	b.wantText(count, "0")
	// A load event proves that the button posted the form: with scripts
	// on, the same click changes the page in place.
	for _, want := range []struct{ count, pressed, label string }{
		{"1", "true", "Supported"},
		{"0", "false", "Support"},
	} {
		b.clickAndLoad(vote)
		if b.path() != ideaPath {
			t.Fatalf("after voting: at %s, want back at %s", b.path(), ideaPath)
		}
		b.wantText(count, want.count)
		b.wantAttr(vote, "aria-pressed", want.pressed)
		b.wantText(vote, want.label)
		b.shot("vote-" + want.count)
	}
}

// TestBrowserReportComment reports a comment as a contributor, without
// scripts: "Report" under the comment opens the page with that comment's
// report form, the form sends, and the comment then says it was reported.
func TestBrowserReportComment(t *testing.T) {
	t.Parallel()
	s := testutil.NewServer(t, "sqlite")
	ch := browserChallenge(t, s.Store)
	idea := browserIdea(t, s.Store, ch, "Seats of recycled fishing nets",
		"The nets are strong, and the sea is cleaner for it.")
	author, err := s.Store.Accounts.UserByID(context.Background(), idea.AuthorID)
	if err != nil {
		t.Fatal(err)
	}
	comment, err := s.Store.Comments.CreateComment(context.Background(), author, idea.ID, nil, "Buy cheap followers at my shop!")
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, s, "report")
	b.scriptsOff()
	b.open("/signup")
	b.signUp("Aiko Tanaka", testutil.Name("aiko")+"@example.org", "a long passphrase", "JP")
	b.open(idea.URL())
	b.wantCount(`#comment-`+itoa(comment.ID)+` form[action$="/flag"]`, 0)
	b.shot("comment")
	b.clickAndLoad(`#comment-` + itoa(comment.ID) + ` a.report-link`)
	form := `#comment-` + itoa(comment.ID) + ` form[action="/comments/` + itoa(comment.ID) + `/flag"]`
	b.wantCount(form, 1)
	b.wantCount(`details.report[open]`, 1)
	b.shot("report-form")
	b.click(form + ` input[value="spam"]`)
	b.clickAndLoad(form + ` button[type=submit]`)
	b.wantText(`#comment-`+itoa(comment.ID)+` .reported`, "You reported this")
	b.shot("reported")
}

// TestBrowserPhoneLayout checks that the main pages fit a phone's width:
// nothing, not even a long word or URL, makes the page scroll sideways.
func TestBrowserPhoneLayout(t *testing.T) {
	t.Parallel()
	s := testutil.NewServer(t, "sqlite")
	ch := browserChallenge(t, s.Store)
	long := "Supercalifragilisticexpialidociousaerodynamicsunderbodypanels"
	idea := browserIdea(t, s.Store, ch, "A "+long+" idea",
		"Read https://example.org/a/very/long/path/that/never/breaks/because/it/has/no/spaces/at/all?and=a&query=string first.\n\n"+
			"    a code block with a long line that should scroll inside its own box and never widen the page at all\n\n"+long+long)
	email, password := testutil.Name("lea")+"@example.org", "phone layout check"
	if _, err := s.Store.Accounts.CreateUser(context.Background(), accounts.NewUser{Name: "Léa Martin", Email: email,
		Password: password, Country: "FR", Role: accounts.RoleContributor}); err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t, s, "phone")
	b.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait))
	b.open("/login")
	b.fill("#email", email)
	b.fill("#password", password)
	b.clickAndLoad(`form[action="/login"] button[type=submit]`)
	for _, pg := range []struct{ name, path string }{
		{"home", "/"},
		{"ideas", "/ideas"},
		{"idea", idea.URL()},
		{"new-idea", "/ideas/new"},
	} {
		b.open(pg.path)
		var w struct{ Scroll, Inner int }
		b.evalInto(`({Scroll: document.documentElement.scrollWidth, Inner: window.innerWidth})`, &w)
		if w.Inner != 390 || w.Scroll > w.Inner {
			t.Errorf("%s: scrollWidth %d, innerWidth %d; want both 390", pg.path, w.Scroll, w.Inner)
		}
		b.shot(pg.name)
	}
}

// browserChallenge makes a challenge in ideation with the four demo categories.
func browserChallenge(t *testing.T, store *models.Store) *challenges.Challenge {
	t.Helper()
	ctx := context.Background()
	var ids []int64
	for i, name := range []string{"Design", "Materials", "Features", "Manufacturing"} {
		cat, err := store.Challenges.CreateCategory(ctx, strings.ToLower(name), name, "", i)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, cat.ID)
	}
	ch, err := store.Challenges.CreateChallenge(ctx, challenges.NewChallenge{Slug: "car-of-the-future",
		Title: "What should the car of the future be like?", Description: "Tell us what you would change.",
		Phase: challenges.PhaseIdeation, CategoryIDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

// browserIdea posts an idea by a new person in the challenge's first category.
func browserIdea(t *testing.T, store *models.Store, ch *challenges.Challenge, title, body string) *ideas.Idea {
	t.Helper()
	ctx := context.Background()
	author, err := store.Accounts.CreateUser(ctx, accounts.NewUser{Name: "Marta Costa", Email: testutil.Name("marta") + "@example.org",
		Password: "correct horse battery", Country: "PT", Role: accounts.RoleContributor})
	if err != nil {
		t.Fatal(err)
	}
	ch, err = store.Challenges.ChallengeByID(ctx, ch.ID)
	if err != nil {
		t.Fatal(err)
	}
	idea, err := store.Ideas.CreateIdea(ctx, author.ID, ideas.IdeaInput{Title: title, Body: body,
		ChallengeID: &ch.ID, CategoryID: &ch.Categories[0].ID, Tags: []string{"design"}})
	if err != nil {
		t.Fatal(err)
	}
	return idea
}

// browser is one Chromium tab on the test server; its methods fail the
// test on any error, so that a test reads as a list of steps.
type browser struct {
	t     *testing.T
	ctx   context.Context
	s     *testutil.Server
	dir   string
	name  string
	shots int
}

func newBrowser(t *testing.T, s *testutil.Server, name string) *browser {
	t.Helper()
	exe := testutil.Chromium(t)
	dir := os.Getenv("IDEARIO_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil { //nolint:gosec // G301: screenshots are kept for people to look at
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
	)
	// The whole suite should take well under a minute; a step that hangs
	// must not hold the test binary until go test's own timeout.
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	ctx, cancelTab := chromedp.NewContext(ctx)
	t.Cleanup(func() { cancelTab(); cancelAlloc(); cancel() })
	b := &browser{t: t, ctx: ctx, s: s, dir: dir, name: name}
	b.do() // starts the browser
	return b
}

func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// scriptsOff turns JavaScript off in the tab, as some people browse.
func (b *browser) scriptsOff() {
	b.t.Helper()
	if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled,
		emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		b.t.Fatalf("browser: scripts off: %v", err)
	}
}

func (b *browser) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.s.URL + path))
}

// click clicks an element that changes the page in place.
func (b *browser) click(sel string) {
	b.t.Helper()
	b.do(chromedp.Click(chromedp.CSS(sel)))
}

// clickAndLoad clicks a link or a submit button and waits for the next page.
func (b *browser) clickAndLoad(sel string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel)))); err != nil {
		b.t.Fatalf("browser: click %s: %v", sel, err)
	}
}

// fill types into an empty field, key by key.
func (b *browser) fill(sel, text string) {
	b.t.Helper()
	b.do(chromedp.SendKeys(chromedp.CSS(sel), text))
}

// choose picks an option of a select by its value.
func (b *browser) choose(sel, value string) {
	b.t.Helper()
	b.do(chromedp.SetValue(chromedp.CSS(sel), value))
	if got := b.value(sel); got != value {
		b.t.Fatalf("%s: chose %q, the field says %q", sel, value, got)
	}
}

func (b *browser) signUp(name, email, password, country string) {
	b.t.Helper()
	b.wantPath("/signup")
	b.fill("#name", name)
	b.fill("#email", email)
	b.fill("#password", password)
	b.choose("#country", country)
	b.shot("signup-form")
	b.clickAndLoad(`form[action="/signup"] button[type=submit]`)
}

func (b *browser) value(sel string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("browser: value of %s: %v", sel, err)
	}
	return v
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.TextContent(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("browser: text of %s: %v", sel, err)
	}
	return strings.Join(strings.Fields(v), " ")
}

func (b *browser) wantText(sel, want string) {
	b.t.Helper()
	if got := b.text(sel); !strings.Contains(got, want) {
		b.t.Fatalf("%s says %q, want it to contain %q", sel, got, want)
	}
}

// waitText waits for an element's text to become want, for changes that
// a script makes after a request.
func (b *browser) waitText(sel, want string) {
	b.t.Helper()
	js := fmt.Sprintf(`(function () { var e = document.querySelector(%q); return !!e && e.textContent.trim() === %q; })()`, sel, want)
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		b.t.Fatalf("%s never said %q (it says %q): %v", sel, want, b.text(sel), err)
	}
}

func (b *browser) wantCount(sel string, want int) {
	b.t.Helper()
	var n int
	b.evalInto(fmt.Sprintf(`document.querySelectorAll(%q).length`, sel), &n)
	if n != want {
		b.t.Fatalf("%d elements match %s, want %d", n, sel, want)
	}
}

func (b *browser) wantAttr(sel, name, want string) {
	b.t.Helper()
	attrs, err := chromedp.Run(b.ctx, chromedp.Attributes(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("browser: attributes of %s: %v", sel, err)
	}
	if attrs[name] != want {
		b.t.Fatalf("%s has %s=%q, want %q", sel, name, attrs[name], want)
	}
}

func (b *browser) location() string {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatalf("browser: location: %v", err)
	}
	return loc
}

// path is the location without the server's address, query or fragment.
func (b *browser) path() string {
	b.t.Helper()
	loc := strings.TrimPrefix(b.location(), b.s.URL)
	if i := strings.IndexAny(loc, "?#"); i >= 0 {
		loc = loc[:i]
	}
	return loc
}

func (b *browser) wantPath(want string) {
	b.t.Helper()
	if got := b.path(); got != want {
		b.t.Fatalf("at %s, want %s", got, want)
	}
}

func (b *browser) eval(js string) {
	b.t.Helper()
	b.do(chromedp.Evaluate[chromedp.Void](js))
}

func (b *browser) evalBool(js string) bool {
	b.t.Helper()
	var v bool
	b.evalInto(js, &v)
	return v
}

func (b *browser) evalInto(js string, v any) {
	b.t.Helper()
	raw, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]byte](js))
	if err != nil {
		b.t.Fatalf("browser: %s: %v", js, err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		b.t.Fatalf("browser: %s gave %s: %v", js, raw, err)
	}
}

// ideaAt reads from the database the idea that a page shows.
func (b *browser) ideaAt(path string) *ideas.Idea {
	b.t.Helper()
	var id int64
	if _, err := fmt.Sscanf(path, "/ideas/%d", &id); err != nil {
		b.t.Fatalf("%s is not an idea page: %v", path, err)
	}
	idea, err := b.s.Store.Ideas.IdeaByID(context.Background(), id)
	if err != nil {
		b.t.Fatal(err)
	}
	return idea
}

// shot saves a full-page screenshot named after the step. It scrolls to
// the top first, or the sticky header would be drawn mid-page.
func (b *browser) shot(step string) {
	b.t.Helper()
	b.eval(`window.scrollTo(0, 0)`)
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("browser: screenshot: %v", err)
	}
	b.shots++
	file := filepath.Join(b.dir, fmt.Sprintf("%s-%02d-%s.png", b.name, b.shots, step))
	if err := os.WriteFile(file, png, 0o644); err != nil { //nolint:gosec // G306: screenshots are kept for people to look at
		b.t.Fatal(err)
	}
}

// TestBrowserSponsorDashboard opens /reports as a sponsor on the demo
// campaign, at desktop and phone widths: the figures, the charts (drawn as
// SVG, each with its table of numbers) and the four downloads are there,
// and nothing is wider than the screen.
func TestBrowserSponsorDashboard(t *testing.T) {
	t.Parallel()
	s := testutil.NewServer(t, "sqlite")
	if _, err := seed.Demo(context.Background(), s.Store); err != nil {
		t.Fatal(err)
	}
	email, password := testutil.Name("sponsor")+"@example.org", "sponsor dashboard"
	if _, err := s.Store.Accounts.CreateUser(context.Background(), accounts.NewUser{Name: "Giulia Rossi", Email: email,
		Password: password, Country: "IT", Role: accounts.RoleSponsor}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, s, "sponsor")
	b.open("/login")
	b.fill("#email", email)
	b.fill("#password", password)
	b.clickAndLoad(`form[action="/login"] button[type=submit]`)
	for _, view := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{{"reports", 1280, 900, false}, {"reports-phone", 390, 844, true}} {
		opts := []chromedp.EmulateViewportOption{chromedp.EmulatePortrait}
		if view.mobile {
			opts = append(opts, chromedp.EmulateMobile)
		}
		b.do(chromedp.EmulateViewport(view.width, view.height, opts...))
		b.open("/reports")
		var got struct{ Charts, Titled, Tables, Downloads, Scroll, Inner int }
		b.evalInto(`({
			Charts: document.querySelectorAll('figure.chart svg[role=img]').length,
			Titled: [...document.querySelectorAll('figure.chart svg[role=img]')].filter(s => s.querySelector('title') && s.querySelector('title').textContent.trim() !== '').length,
			Tables: document.querySelectorAll('table').length,
			Downloads: document.querySelectorAll('a[href^="/reports/ideas."]').length,
			Scroll: document.documentElement.scrollWidth, Inner: window.innerWidth})`, &got)
		if got.Charts < 4 || got.Titled != got.Charts || got.Tables < got.Charts || got.Downloads != 4 {
			t.Errorf("%s: %+v; want at least 4 titled charts, a table of numbers for each, 4 downloads", view.name, got)
		}
		if got.Scroll > got.Inner {
			t.Errorf("%s: the page is %d px wide on a %d px screen", view.name, got.Scroll, got.Inner)
		}
		b.shot(view.name)
	}
}
