package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/testutil"
)

// password is every seeded person's password.
const password = "correct horse battery staple"

// world is a running site with a few categories and challenges, seeded
// through the store (not the demo seed) so that each test knows its data.
type world struct {
	*testutil.Server
	design, materials, other *challenges.Category
	open                     *challenges.Challenge // ideation; categories design and materials
	review                   *challenges.Challenge // in review: closed to ideas and votes
	draft                    *challenges.Challenge // not public yet
	budget                   *challenges.Challenge // ideation, each person supports at most one idea
}

// forEachEngine runs fn on a fresh site for each database engine.
func forEachEngine(t *testing.T, fn func(t *testing.T, w *world), opts ...testutil.Option) {
	for _, engine := range testutil.Engines() {
		t.Run(engine, func(t *testing.T) { fn(t, newWorld(t, engine, opts...)) })
	}
}

// must takes a value from a call that cannot fail in a test:
// must(store.X(...))(t).
func must[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func newWorld(t *testing.T, engine string, opts ...testutil.Option) *world {
	t.Helper()
	w := &world{Server: testutil.NewServer(t, engine, opts...)}
	ctx, st := context.Background(), w.Store
	w.design = must(st.Challenges.CreateCategory(ctx, "design", "Design", "", 1))(t)
	w.materials = must(st.Challenges.CreateCategory(ctx, "materials", "Materials", "", 2))(t)
	w.other = must(st.Challenges.CreateCategory(ctx, "other", "Other", "", 3))(t)
	w.open = must(st.Challenges.CreateChallenge(ctx, challenges.NewChallenge{Slug: "open-car", Title: "What should the car be?",
		Phase: challenges.PhaseIdeation, CategoryIDs: []int64{w.design.ID, w.materials.ID}}))(t)
	w.review = must(st.Challenges.CreateChallenge(ctx, challenges.NewChallenge{Slug: "closed-seats", Title: "Which seats?",
		Phase: challenges.PhaseIdeation, CategoryIDs: []int64{w.design.ID}}))(t)
	w.draft = must(st.Challenges.CreateChallenge(ctx, challenges.NewChallenge{Slug: "secret-plan", Title: "Not yet",
		Phase: challenges.PhaseDraft}))(t)
	w.setPhase(t, w.review, challenges.PhaseReview)
	w.budget = must(st.Challenges.CreateChallenge(ctx, challenges.NewChallenge{Slug: "one-vote", Title: "Pick one",
		Phase: challenges.PhaseIdeation, VoteBudget: 1, CategoryIDs: []int64{w.design.ID}}))(t)
	return w
}

// user makes a contributor with the shared password.
func (w *world) user(t *testing.T, name string) *accounts.User {
	t.Helper()
	return w.userWithRole(t, name, accounts.RoleContributor)
}

func (w *world) userWithRole(t *testing.T, name, role string) *accounts.User {
	t.Helper()
	return must(w.Store.Accounts.CreateUser(context.Background(), accounts.NewUser{Name: name,
		Email: testutil.Name("u") + "@example.org", Password: password, Country: "BR", Role: role}))(t)
}

// login opens a new browser and logs the person in through the form.
func (w *world) login(t *testing.T, u *accounts.User) *client {
	t.Helper()
	c := newClient(t, w.Server)
	r := c.submit("/login", "/login", url.Values{"email": {u.Email}, "password": {password}})
	if r.Code != 303 {
		t.Fatalf("log-in of %s: %s", u.Email, r)
	}
	return c
}

// idea stores an idea through the store; ch and cat may be nil.
func (w *world) idea(t *testing.T, author *accounts.User, title string, ch *challenges.Challenge, cat *challenges.Category, tags ...string) *ideas.Idea {
	t.Helper()
	in := ideas.IdeaInput{Title: title, Body: "About " + title + ".", Tags: tags}
	if ch != nil {
		in.ChallengeID = &ch.ID
	}
	if cat != nil {
		in.CategoryID = &cat.ID
	}
	return must(w.Store.Ideas.CreateIdea(context.Background(), author.ID, in))(t)
}

// closedIdea stores an idea in the challenge in review, as if it had been
// posted before the challenge closed.
func (w *world) closedIdea(t *testing.T, author *accounts.User, title string) *ideas.Idea {
	t.Helper()
	w.setPhase(t, w.review, challenges.PhaseIdeation)
	defer w.setPhase(t, w.review, challenges.PhaseReview)
	return w.idea(t, author, title, w.review, w.design)
}

func (w *world) hide(t *testing.T, ideaID int64) {
	t.Helper()
	if err := testutil.Behind(w.Store).Exec("UPDATE ideas SET hidden = ?, hidden_reason = ? WHERE id = ?", true, "spam", ideaID).Error; err != nil {
		t.Fatal(err)
	}
}

func (w *world) setPhase(t *testing.T, ch *challenges.Challenge, phase string) {
	t.Helper()
	if err := w.Store.Challenges.SetChallengePhase(context.Background(), ch.ID, phase); err != nil {
		t.Fatal(err)
	}
}

// count counts the rows of a table that match a condition ("" for all).
func (w *world) count(t *testing.T, table, where string, args ...any) int64 {
	t.Helper()
	var n int64
	q := w.Store.DB.Table(table)
	if where != "" {
		q = q.Where(where, args...)
	}
	if err := q.Count(&n).Error; err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

var ideaLink = regexp.MustCompile(`class="idea-title"[^>]*>\s*<a href="/ideas/(\d+)[^"]*"`)

// listed is the ids of the idea cards on a page, in order.
func listed(body string) []int64 {
	var ids []int64
	for _, m := range ideaLink.FindAllStringSubmatch(body, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		ids = append(ids, id)
	}
	return ids
}

func ideaPath(id int64) string { return "/ideas/" + strconv.FormatInt(id, 10) }
