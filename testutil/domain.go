package testutil

// Helpers for the domain's tests: assertions, and people, ideas and
// challenges made in one line.

import (
	"context"
	"errors"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/ideario/ideario/media"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/images"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// Equal fails the test when got differs from want.
func Equal[T comparable](t testing.TB, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// IsErr fails the test unless err matches want: nil wants no error,
// anything else must be found by errors.Is.
func IsErr(t testing.TB, what string, err, want error) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Fatalf("%s: unexpected error %v", what, err)
	case want != nil && !errors.Is(err, want):
		t.Fatalf("%s: error %v, want %v", what, err, want)
	}
}

// Near fails the test when got is further than eps from want.
func Near(t testing.TB, what string, got, want, eps float64) {
	t.Helper()
	if math.Abs(got-want) > eps {
		t.Errorf("%s = %.12f, want %.12f (±%g)", what, got, want, eps)
	}
}

// NewUser makes an account with a role ("" for a contributor).
func NewUser(t testing.TB, store *models.Store, role string) *accounts.User {
	t.Helper()
	u, err := store.Accounts.CreateUser(t.Context(), accounts.NewUser{
		Name: Name("user-"), Email: Name("u") + "@example.com",
		Password: "password-123", Country: "br", Role: role,
	})
	if err != nil {
		t.Fatalf("create user: %v", err)
	}
	return u
}

// NewIdea posts an idea; an empty title or body gets a default.
func NewIdea(t testing.TB, store *models.Store, authorID int64, in ideas.IdeaInput) *ideas.Idea {
	t.Helper()
	if in.Title == "" {
		in.Title = Name("An idea ")
	}
	if in.Body == "" {
		in.Body = "Some words about it."
	}
	idea, err := store.Ideas.CreateIdea(t.Context(), authorID, in)
	if err != nil {
		t.Fatalf("create idea %q: %v", in.Title, err)
	}
	return idea
}

// NewChallenge makes a challenge in a phase, with a vote budget (0: none).
func NewChallenge(t testing.TB, store *models.Store, phase string, budget int) *challenges.Challenge {
	t.Helper()
	c, err := store.Challenges.CreateChallenge(t.Context(), challenges.NewChallenge{
		Slug: Name("ch-"), Title: "Which materials should the car use?", Phase: phase, VoteBudget: budget,
	})
	if err != nil {
		t.Fatalf("create challenge: %v", err)
	}
	return c
}

// Reload reads an idea back from the database.
func Reload(t testing.TB, store *models.Store, id int64) *ideas.Idea {
	t.Helper()
	idea, err := store.Ideas.IdeaByID(t.Context(), id)
	if err != nil {
		t.Fatalf("idea %d: %v", id, err)
	}
	return idea
}

// Rows counts the rows of a table that match a condition.
func Rows(t testing.TB, store *models.Store, table, where string, args ...any) int {
	t.Helper()
	var n int64
	if err := store.DB.WithContext(t.Context()).Table(table).Where(where, args...).Count(&n).Error; err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return int(n)
}

// SetIdea changes a column of an idea behind the models' back, for states
// that have no method yet (hidden, merged).
func SetIdea(t testing.TB, store *models.Store, id int64, column string, value any) {
	t.Helper()
	if err := Behind(store).Model(&ideas.Idea{}).Where("id = ?", id).Update(column, value).Error; err != nil {
		t.Fatalf("set %s: %v", column, err)
	}
}

// SetChallenge changes a column of a challenge (phase dates).
func SetChallenge(t testing.TB, store *models.Store, id int64, column string, value any) {
	t.Helper()
	if err := Behind(store).Model(&challenges.Challenge{}).Where("id = ?", id).Update(column, value).Error; err != nil {
		t.Fatalf("set %s: %v", column, err)
	}
}

// Ptr is a pointer to a copy of v, for optional fields.
func Ptr[T any](v T) *T { return &v }

// Ago is a time in the past, in UTC as the database keeps it.
func Ago(d time.Duration) time.Time { return time.Now().UTC().Add(-d) }

// Day is a day, for times written as so many days ago.
const Day = 24 * time.Hour

// AtOnce makes n calls at the same time and counts how they ended: done,
// or refused with an error matching refusal. Any other error fails the
// test.
func AtOnce(t testing.TB, n int, call func() error, refusal error) (done, refused int) {
	t.Helper()
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		others []error
	)
	for range n {
		wg.Go(func() {
			err := call()
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				done++
			case errors.Is(err, refusal):
				refused++
			default:
				others = append(others, err)
			}
		})
	}
	wg.Wait()
	if len(others) > 0 {
		t.Fatalf("%d calls failed, first: %v", len(others), others[0])
	}
	return done, refused
}

// CheckVotes compares an idea's counter with its vote rows and its stored
// hot score with the formula.
func CheckVotes(t testing.TB, db *models.Store, ideaID int64, want int) {
	t.Helper()
	idea := Reload(t, db, ideaID)
	Equal(t, "vote_count", idea.VoteCount, want)
	Equal(t, "vote rows", Rows(t, db, "votes", "idea_id = ?", ideaID), want)
	Near(t, "hot", idea.Hot, HotFromRows(t, db, ideaID), 1e-9)
}

// HotFromRows computes from scratch, from the idea's vote and comment rows,
// the hot score that the store keeps up to date step by step.
func HotFromRows(t testing.TB, db *models.Store, ideaID int64) float64 {
	t.Helper()
	idea := Reload(t, db, ideaID)
	var votes, comments []time.Time
	IsErr(t, "vote times", db.DB.Table("votes").Where("idea_id = ?", ideaID).Pluck("created_at", &votes).Error, nil)
	IsErr(t, "comment times", db.DB.Table("comments").Where("idea_id = ? AND hidden = ? AND deleted = ?", ideaID, false, false).
		Pluck("created_at", &comments).Error, nil)
	return ideas.HotScore(idea.CreatedAt, votes, comments)
}

// SearchIDs runs a search and returns the ids found, in the list's order.
func SearchIDs(t testing.TB, store *models.Store, f ideas.IdeaFilter) []int64 {
	t.Helper()
	page, err := store.Ideas.ListIdeas(t.Context(), f)
	if err != nil {
		t.Fatalf("search %.40q (sort %q): %v", f.Query, f.Sort, err)
	}
	var ids []int64
	for _, c := range page.Ideas {
		ids = append(ids, c.ID)
	}
	return ids
}

// Behind is the database for a test's own writes behind the domain's back
// (a state no method makes, a date in the past), announced as changing
// everything, as every write must say what it changed.
func Behind(db *models.Store) *gorm.DB {
	return db.Writes(context.Background(), store.All)
}

// Prepared is a picture ready to attach, w x h pixels.
func Prepared(t testing.TB, w, h int) *images.Image {
	t.Helper()
	pic, err := media.Prepare(EncodePNG(t, Picture(w, h, false)))
	if err != nil {
		t.Fatalf("media.Prepare: %v", err)
	}
	return images.ImageOf(pic)
}

// Unread counts each person's unread notifications.
func Unread(t testing.TB, db *models.Store, users ...*accounts.User) []int64 {
	t.Helper()
	out := make([]int64, len(users))
	for i, u := range users {
		n, err := db.Notifications.UnreadNotifications(t.Context(), u.ID)
		IsErr(t, "unread", err, nil)
		out[i] = n
	}
	return out
}
