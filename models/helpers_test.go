package models_test

import (
	"errors"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

// equal fails the test when got differs from want.
func equal[T comparable](t testing.TB, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// isErr fails the test unless err matches want: nil wants no error,
// anything else must be found by errors.Is.
func isErr(t testing.TB, what string, err, want error) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Fatalf("%s: unexpected error %v", what, err)
	case want != nil && !errors.Is(err, want):
		t.Fatalf("%s: error %v, want %v", what, err, want)
	}
}

// near fails the test when got is further than eps from want.
func near(t testing.TB, what string, got, want, eps float64) {
	t.Helper()
	if math.Abs(got-want) > eps {
		t.Errorf("%s = %.12f, want %.12f (±%g)", what, got, want, eps)
	}
}

// newUser makes an account with a role ("" for a contributor).
func newUser(t testing.TB, store *models.Store, role string) *models.User {
	t.Helper()
	u, err := store.CreateUser(t.Context(), models.NewUser{
		Name: testutil.Name("user-"), Email: testutil.Name("u") + "@example.com",
		Password: "password-123", Country: "br", Role: role,
	})
	if err != nil {
		t.Fatalf("create user: %v", err)
	}
	return u
}

// newIdea posts an idea; an empty title or body gets a default.
func newIdea(t testing.TB, store *models.Store, authorID int64, in models.IdeaInput) *models.Idea {
	t.Helper()
	if in.Title == "" {
		in.Title = testutil.Name("An idea ")
	}
	if in.Body == "" {
		in.Body = "Some words about it."
	}
	idea, err := store.CreateIdea(t.Context(), authorID, in)
	if err != nil {
		t.Fatalf("create idea %q: %v", in.Title, err)
	}
	return idea
}

// newChallenge makes a challenge in a phase, with a vote budget (0: none).
func newChallenge(t testing.TB, store *models.Store, phase string, budget int) *models.Challenge {
	t.Helper()
	c, err := store.CreateChallenge(t.Context(), models.NewChallenge{
		Slug: testutil.Name("ch-"), Title: "Which materials should the car use?", Phase: phase, VoteBudget: budget,
	})
	if err != nil {
		t.Fatalf("create challenge: %v", err)
	}
	return c
}

// reload reads an idea back from the database.
func reload(t testing.TB, store *models.Store, id int64) *models.Idea {
	t.Helper()
	idea, err := store.IdeaByID(t.Context(), id)
	if err != nil {
		t.Fatalf("idea %d: %v", id, err)
	}
	return idea
}

// rows counts the rows of a table that match a condition.
func rows(t testing.TB, store *models.Store, table, where string, args ...any) int {
	t.Helper()
	var n int64
	if err := store.DB.WithContext(t.Context()).Table(table).Where(where, args...).Count(&n).Error; err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return int(n)
}

// setIdea changes a column of an idea behind the models' back, for states
// that have no method yet (hidden, merged).
func setIdea(t testing.TB, store *models.Store, id int64, column string, value any) {
	t.Helper()
	if err := store.DB.WithContext(t.Context()).Model(&models.Idea{}).Where("id = ?", id).Update(column, value).Error; err != nil {
		t.Fatalf("set %s: %v", column, err)
	}
}

// setChallenge changes a column of a challenge (phase dates).
func setChallenge(t testing.TB, store *models.Store, id int64, column string, value any) {
	t.Helper()
	if err := store.DB.WithContext(t.Context()).Model(&models.Challenge{}).Where("id = ?", id).Update(column, value).Error; err != nil {
		t.Fatalf("set %s: %v", column, err)
	}
}

func ptr[T any](v T) *T { return &v }

// ago is a time in the past, in UTC as the database keeps it.
func ago(d time.Duration) time.Time { return time.Now().UTC().Add(-d) }

const day = 24 * time.Hour

// atOnce makes n calls at the same time and counts how they ended: done,
// or refused with an error matching refusal. Any other error fails the
// test.
func atOnce(t testing.TB, n int, call func() error, refusal error) (done, refused int) {
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
