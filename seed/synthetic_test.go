package seed

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/testutil"
)

// fixedEnd makes runs on different days comparable.
var fixedEnd = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// small is the test dataset: big enough for skew and threads, quick to make.
func small(seed int64) SyntheticOptions {
	return SyntheticOptions{Users: 300, Ideas: 200, Votes: 3000, Comments: 1000, Seed: seed, until: fixedEnd}
}

func TestSyntheticIsConsistent(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		opt := small(7)
		var lastDone, lastTotal int64
		opt.Progress = func(done, total int64) { lastDone, lastTotal = done, total }
		res, err := Synthetic(ctx, store, opt)
		if err != nil {
			t.Fatalf("synthetic: %v", err)
		}
		want := SyntheticResult{Users: 300, Ideas: 200, Votes: 3000, Comments: 1000}
		if res.Users != want.Users || res.Ideas != want.Ideas || res.Votes != want.Votes || res.Comments != want.Comments {
			t.Errorf("result = %+v, want the counts of %+v", res, want)
		}
		if lastDone != 4500 || lastTotal != 4500 {
			t.Errorf("last progress = %d of %d, want 4500 of 4500", lastDone, lastTotal)
		}
		problems, err := store.Bulk.VerifyCounters(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range problems {
			t.Error(p)
		}
		figs, err := store.Site.Figures(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if figs.Ideas != 200 || figs.Votes != 3000 || figs.Comments != 1000 || figs.Countries < 20 {
			t.Errorf("figures = %+v, want 200 ideas, 3000 votes, 1000 comments, 20 countries or more", figs)
		}
		checkCommentedIdea(t, store, res.CommentedIdeaID)
		checkAccounts(t, store)
		checkSkewAndFunnel(t, store)
		checkSearch(t, store, res.CommentedIdeaID)
		checkAppWritesAfter(t, store)
		if _, err := Synthetic(ctx, store, small(8)); !errors.Is(err, ErrHasIdeas) {
			t.Errorf("a second load: error %v, want ErrHasIdeas", err)
		}
	})
}

// checkCommentedIdea: the first idea has a thread of exactly 100 comments.
func checkCommentedIdea(t *testing.T, store *models.Store, id int64) {
	t.Helper()
	idea, err := store.Ideas.IdeaByID(t.Context(), id)
	if err != nil {
		t.Fatalf("the commented idea %d: %v", id, err)
	}
	thread, err := store.Comments.CommentThread(t.Context(), id, nil)
	if err != nil {
		t.Fatal(err)
	}
	var count func([]*comments.Comment) int
	count = func(cs []*comments.Comment) int {
		n := len(cs)
		for _, c := range cs {
			n += count(c.Replies)
		}
		return n
	}
	if got := count(thread); got != 100 || idea.CommentCount != 100 {
		t.Errorf("idea %d has %d comments in its thread and a count of %d, want 100", id, got, idea.CommentCount)
	}
	if len(thread) == 100 {
		t.Errorf("no comment of the 100 is a reply; threads should have replies")
	}
}

// checkAccounts: the documented logins work with their roles.
func checkAccounts(t *testing.T, store *models.Store) {
	t.Helper()
	for n, role := range map[int]string{1: accounts.RoleAdmin, 2: accounts.RoleModerator, 3: accounts.RoleSponsor, 300: accounts.RoleContributor} {
		email := fmt.Sprintf("user%d@synthetic.example", n)
		u, err := store.Accounts.Authenticate(t.Context(), email, SyntheticPassword)
		if err != nil {
			t.Errorf("log in as %s: %v", email, err)
			continue
		}
		if u.Role != role {
			t.Errorf("%s has the role %s, want %s", email, u.Role, role)
		}
	}
}

// checkSkewAndFunnel: a few ideas get most votes, and statuses spread.
func checkSkewAndFunnel(t *testing.T, store *models.Store) {
	t.Helper()
	top, err := store.Ideas.ListIdeas(t.Context(), ideas.IdeaFilter{Sort: ideas.SortTop, PerPage: 10})
	if err != nil {
		t.Fatal(err)
	}
	var topVotes int
	for _, c := range top.Ideas {
		topVotes += c.VoteCount
	}
	if topVotes < 3000/4 {
		t.Errorf("the top 5%% of ideas have %d of 3000 votes, want a Zipf-like skew (a quarter or more)", topVotes)
	}
	for _, status := range []string{ideas.StatusNew, ideas.StatusUnderReview, ideas.StatusAccepted, ideas.StatusDeclined} {
		page, err := store.Ideas.ListIdeas(t.Context(), ideas.IdeaFilter{Status: status, PerPage: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Ideas) == 0 {
			t.Errorf("no idea has the status %s", status)
			continue
		}
		if status != ideas.StatusNew && page.Ideas[0].StatusChangedAt == nil {
			t.Errorf("idea %d is %s without a status change time", page.Ideas[0].ID, status)
		}
	}
}

// checkAppWritesAfter: the app's own writes get fresh ids after the load
// (PostgreSQL's sequences must have moved past the ids the load chose).
func checkAppWritesAfter(t *testing.T, store *models.Store) {
	t.Helper()
	ctx := t.Context()
	u, err := store.Accounts.CreateUser(ctx, accounts.NewUser{Name: "Late Comer", Email: "late@example.org", Password: "password-123", Country: "BR"})
	if err != nil {
		t.Fatalf("a new account after the load: %v", err)
	}
	ch, err := store.Challenges.ChallengeBySlug(ctx, "the-car-in-the-city")
	if err != nil {
		t.Fatal(err)
	}
	cat := ch.Categories[0].ID
	idea, err := store.Ideas.CreateIdea(ctx, u.ID, ideas.IdeaInput{Title: "Parking sensors that talk", Body: "They should.",
		ChallengeID: &ch.ID, CategoryID: &cat, Tags: []string{"city"}})
	if err != nil {
		t.Fatalf("a new idea after the load: %v", err)
	}
	if _, err := store.Comments.CreateComment(ctx, u, idea.ID, nil, "And a first comment."); err != nil {
		t.Fatalf("a new comment after the load: %v", err)
	}
	if _, err := store.Votes.Vote(ctx, u.ID, idea.ID); err != nil {
		t.Fatalf("a vote after the load: %v", err)
	}
	problems, err := store.Bulk.VerifyCounters(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("after the app's writes: %s", p)
	}
}

// checkSearch: the full-text index covers the ideas.
func checkSearch(t *testing.T, store *models.Store, id int64) {
	t.Helper()
	idea, err := store.Ideas.IdeaByID(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	var word string
	for _, w := range strings.FieldsFunc(idea.Title, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len(w) > len(word) {
			word = w
		}
	}
	page, err := store.Ideas.ListIdeas(t.Context(), ideas.IdeaFilter{Query: word, PerPage: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range page.Ideas {
		if c.ID == id {
			return
		}
	}
	t.Errorf("searching %q does not find idea %d %q", word, id, idea.Title)
}

func TestSyntheticIsDeterministic(t *testing.T) {
	digest := func(seed int64) string {
		store := testutil.Store(t, "sqlite")
		if _, err := Synthetic(t.Context(), store, small(seed)); err != nil {
			t.Fatalf("synthetic: %v", err)
		}
		return tableDigest(t, store)
	}
	first, again, other := digest(3), digest(3), digest(4)
	if first != again {
		t.Errorf("the same seed gave two datasets: digests %s and %s", first, again)
	}
	if first == other {
		t.Errorf("seeds 3 and 4 gave the same dataset")
	}
}

// tableDigest hashes every row of the tables the generator writes, in key
// order, leaving out the password hash (its salt is random).
func tableDigest(t *testing.T, store *models.Store) string {
	t.Helper()
	h := sha256.New()
	tables := map[string]string{"users": "id", "challenges": "id", "challenge_categories": "challenge_id, category_id",
		"categories": "id", "tags": "id", "ideas": "id", "idea_tags": "idea_id, tag_id", "status_changes": "id",
		"votes": "user_id, idea_id", "comments": "id", "follows": "user_id, idea_id"}
	for _, name := range []string{"users", "challenges", "challenge_categories", "categories", "tags", "ideas",
		"idea_tags", "status_changes", "votes", "comments", "follows"} {
		var rows []map[string]any
		if err := store.DB.WithContext(t.Context()).Table(name).Order(tables[name]).Find(&rows).Error; err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		for _, row := range rows {
			delete(row, "password_hash")
			_, _ = fmt.Fprintf(h, "%s %v\n", name, row) // a hash.Hash never fails to write
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestSyntheticRefusesBadOptions(t *testing.T) {
	store := testutil.Store(t, "sqlite")
	tests := []struct {
		name    string
		opt     SyntheticOptions
		wantErr string
	}{
		{"negative users", SyntheticOptions{Users: -1}, "users must be between 0"},
		{"negative votes", SyntheticOptions{Users: 1, Ideas: 1, Votes: -5}, "votes must be between 0"},
		{"too many users", SyntheticOptions{Users: maxSyntheticPeople + 1}, "users must be between 0"},
		{"more votes than pairs", SyntheticOptions{Users: 3, Ideas: 2, Votes: 7}, "more than users × ideas"},
		{"ideas without users", SyntheticOptions{Ideas: 3}, "at least one user"},
		{"comments without ideas", SyntheticOptions{Users: 3, Comments: 1}, "at least one idea"},
		{"too many comments for one idea", SyntheticOptions{Users: 3, Ideas: 1, Comments: 101}, "at least two ideas"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Synthetic(t.Context(), store, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
	if _, err := store.Challenges.CreateChallenge(t.Context(), challenges.NewChallenge{Slug: "connected-car", Title: "Ours"}); err != nil {
		t.Fatal(err)
	}
	if _, err := Synthetic(t.Context(), store, small(1)); err == nil || !strings.Contains(err.Error(), `"connected-car" exists already`) {
		t.Errorf("a load over a challenge of the same slug: error %v", err)
	}
	if n, err := store.Accounts.CountUsers(t.Context()); err != nil || n != 0 {
		t.Errorf("refused options wrote %d users (%v)", n, err)
	}
}

// Every person supports every idea: the densest dataset the options allow.
func TestSyntheticEveryoneVotesForEverything(t *testing.T) {
	store := testutil.Store(t, "sqlite")
	opt := SyntheticOptions{Users: 6, Ideas: 5, Votes: 30, Comments: 12, Seed: 1, until: fixedEnd}
	res, err := Synthetic(t.Context(), store, opt)
	if err != nil {
		t.Fatalf("synthetic: %v", err)
	}
	if res.Votes != 30 || res.Comments != 12 {
		t.Errorf("result = %+v, want 30 votes and 12 comments", res)
	}
	problems, err := store.Bulk.VerifyCounters(t.Context(), 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

func TestAllocate(t *testing.T) {
	tests := []struct {
		name    string
		total   int64
		weights []float64
		limit   int64
	}{
		{"skewed", 1000, []float64{10, 5, 1, 1, 0.5}, 1000},
		{"capped", 100, []float64{100, 1, 1, 1}, 40},
		{"full", 12, []float64{3, 2, 1}, 4},
		{"tiny weights", 3, []float64{1e-9, 1e-9, 1e-9, 1e-9}, 10},
		{"nothing", 0, []float64{1, 2}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := allocate(tt.total, tt.weights, tt.limit)
			var sum int64
			for i, n := range got {
				sum += int64(n)
				if int64(n) > tt.limit || n < 0 {
					t.Errorf("item %d got %d, limit %d", i, n, tt.limit)
				}
				if i > 0 && tt.weights[i] < tt.weights[i-1] && got[i] > got[i-1] {
					t.Errorf("item %d (lighter) got %d, more than item %d's %d", i, n, i-1, got[i-1])
				}
			}
			if sum != tt.total {
				t.Errorf("allocate(%d) = %v, which adds up to %d", tt.total, got, sum)
			}
		})
	}
}

func TestIdeaTextFitsTheLimits(t *testing.T) {
	r := newRand(1, streamIdea, 0)
	for lang := range synthLanguages {
		for i := range 300 {
			cat := &synthCategories[i%len(synthCategories)]
			title, body := ideaText(r, lang, cat)
			if n := len([]rune(title)); n < ideas.TitleMin || n > ideas.TitleMax || strings.ContainsAny(title, "{}") {
				t.Errorf("%s title %q: %d characters or an unfilled slot", lang, title, n)
			}
			if len(body) > ideas.BodyMax || strings.ContainsAny(body, "{}") {
				t.Errorf("%s body too long or with an unfilled slot: %q", lang, body)
			}
		}
	}
}

// The context ends the load between batches.
func TestSyntheticStopsWhenCancelled(t *testing.T) {
	store := testutil.Store(t, "sqlite")
	ctx, cancel := context.WithCancel(t.Context())
	opt := small(1)
	opt.Progress = func(done, total int64) {
		if done > 300 {
			cancel()
		}
	}
	if _, err := Synthetic(ctx, store, opt); !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
}
