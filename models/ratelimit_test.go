package models_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

var testLimit = models.Limit{Name: "test", Max: 3, Window: time.Minute, Wait: time.Minute, MaxWait: 5 * time.Minute}

// retryAfter is the wait a refusal asks for; it fails the test when err
// is not a refusal.
func retryAfter(t *testing.T, what string, err error) time.Duration {
	t.Helper()
	var limited *models.Limited
	if !errors.As(err, &limited) || !errors.Is(err, models.ErrLimited) {
		t.Fatalf("%s: got %v, want a *models.Limited", what, err)
	}
	equal(t, what+": limit", limited.Limit, testLimit.Name)
	return limited.RetryAfter
}

func TestRateLimitWaitsGrow(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
		count := func(at time.Duration) error { return store.CountLimitAt(testLimit, "Ana@Example.org", now.Add(at)) }
		for i := range testLimit.Max {
			isErr(t, "time within the limit", count(time.Duration(i)*time.Second), nil)
		}
		equal(t, "first wait", retryAfter(t, "one time too many", count(4*time.Second)), time.Minute)
		// During the wait nothing is counted, and the wait does not grow.
		equal(t, "still waiting", retryAfter(t, "during the wait", count(34*time.Second)), 30*time.Second)
		// After the wait, a new window: Max times again, then a wait twice as long.
		start := 65 * time.Second
		for i := range testLimit.Max {
			isErr(t, "after the wait", count(start+time.Duration(i)*time.Second), nil)
		}
		equal(t, "second wait", retryAfter(t, "over again", count(start+5*time.Second)), 2*time.Minute)
		start += 3 * time.Minute
		for range testLimit.Max {
			isErr(t, "after the second wait", count(start), nil)
		}
		equal(t, "third wait", retryAfter(t, "over a third time", count(start)), 4*time.Minute)
		start += 5 * time.Minute
		for range testLimit.Max {
			isErr(t, "after the third wait", count(start), nil)
		}
		equal(t, "waits stop growing at MaxWait", retryAfter(t, "over a fourth time", count(start)), 5*time.Minute)
		// A day later without trouble, the waits start again from Wait.
		start += 25 * time.Hour
		for range testLimit.Max {
			isErr(t, "a day later", count(start), nil)
		}
		equal(t, "wait forgotten after a day", retryAfter(t, "over a day later", count(start)), time.Minute)
	})
}

func TestRateLimitWindowAndSubjects(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
		for i := range 10 {
			// Three times a minute, for ten minutes: never over.
			for j := range testLimit.Max {
				at := now.Add(time.Duration(i)*time.Minute + time.Duration(j)*time.Second)
				isErr(t, "spread over windows", store.CountLimitAt(testLimit, "spread", at), nil)
			}
		}
		for range testLimit.Max {
			isErr(t, "subject a", store.CountLimitAt(testLimit, "a", now), nil)
		}
		retryAfter(t, "subject a over", store.CountLimitAt(testLimit, "a", now))
		isErr(t, "subject b is counted apart", store.CountLimitAt(testLimit, "b", now), nil)
		other := testLimit
		other.Name = "other"
		isErr(t, "another limit is counted apart", store.CountLimitAt(other, "a", now), nil)
		var limited *models.Limited
		if !errors.As(store.CountLimitAt(testLimit, "  A ", now), &limited) {
			t.Error("\"  A \" is not counted as \"a\"")
		}
	})
}

func TestRateLimitCheckAndForget(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := context.Background()
		isErr(t, "check of a stranger", store.CheckLimit(ctx, testLimit, "x"), nil)
		for range testLimit.Max {
			isErr(t, "count", store.CountLimit(ctx, testLimit, "x"), nil)
		}
		isErr(t, "check within the limit counts nothing", store.CheckLimit(ctx, testLimit, "x"), nil)
		isErr(t, "check again", store.CheckLimit(ctx, testLimit, "x"), nil)
		wait := retryAfter(t, "over", store.CountLimit(ctx, testLimit, "x"))
		if wait <= 0 || wait > time.Minute {
			t.Errorf("wait = %s, want (0, 1m]", wait)
		}
		retryAfter(t, "check during the wait", store.CheckLimit(ctx, testLimit, "x"))
		isErr(t, "forget", store.ForgetLimit(ctx, testLimit, "x"), nil)
		isErr(t, "check after forgetting", store.CheckLimit(ctx, testLimit, "x"), nil)
		isErr(t, "count after forgetting", store.CountLimit(ctx, testLimit, "x"), nil)

		pruned, err := store.PruneLimits(ctx)
		isErr(t, "prune", err, nil)
		equal(t, "recent counts pruned", pruned, int64(0))
		isErr(t, "old count", store.CountLimitAt(testLimit, "old", time.Now().Add(-49*time.Hour)), nil)
		pruned, err = store.PruneLimits(ctx)
		isErr(t, "prune", err, nil)
		equal(t, "old counts pruned", pruned, int64(1))
	})
}

// Many instances count the same subject at once: every time is counted
// once, and exactly Max get through.
func TestRateLimitConcurrent(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := context.Background()
		l := models.Limit{Name: "race", Max: 25, Window: time.Hour, Wait: time.Hour, MaxWait: time.Hour}
		allowed, refused := atOnce(t, 60, func() error { return store.CountLimit(ctx, l, "crowd") }, models.ErrLimited)
		equal(t, "allowed", allowed, l.Max)
		equal(t, "refused", refused, 60-l.Max)
	})
}

// A vote past the person's limit changes nothing, and batches of votes
// of many people count each person apart.
func TestVoteWithinLimit(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := context.Background()
		l := models.Limit{Name: "vote", Max: 3, Window: time.Hour, Wait: time.Hour, MaxWait: time.Hour}
		author, ana := newUser(t, store, ""), newUser(t, store, "")
		var ideas []*models.Idea
		for range 4 {
			ideas = append(ideas, newIdea(t, store, author.ID, models.IdeaInput{}))
		}
		_, err := store.VoteWithin(ctx, l, ana.ID, ideas[0].ID, true)
		isErr(t, "first vote", err, nil)
		_, err = store.VoteWithin(ctx, l, ana.ID, ideas[0].ID, false)
		isErr(t, "unvote counts too", err, nil)
		_, err = store.VoteWithin(ctx, l, ana.ID, ideas[1].ID, true)
		isErr(t, "third", err, nil)
		_, err = store.VoteWithin(ctx, l, ana.ID, ideas[2].ID, true)
		isErr(t, "fourth is refused", err, models.ErrLimited)
		checkVotes(t, store, ideas[2].ID, 0)
		checkVotes(t, store, ideas[1].ID, 1)
		_, err = store.VoteWithin(ctx, l, ana.ID, ideas[1].ID, false)
		isErr(t, "an unvote while waiting is refused", err, models.ErrLimited)
		checkVotes(t, store, ideas[1].ID, 1)
		_, err = store.Vote(ctx, ana.ID, ideas[3].ID)
		isErr(t, "votes without a limit (seeding, imports) are not counted", err, nil)

		// Many people at once, in shared batches: each gets exactly Max.
		var people []*models.User
		for range 8 {
			people = append(people, newUser(t, store, ""))
		}
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			allowed = map[int64]int{}
			other   []error
		)
		for _, p := range people {
			for i := range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := store.VoteWithin(ctx, l, p.ID, ideas[i].ID, true)
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err == nil:
						allowed[p.ID]++
					case !errors.Is(err, models.ErrLimited):
						other = append(other, err)
					}
				}()
			}
		}
		wg.Wait()
		if len(other) > 0 {
			t.Fatalf("%d votes failed, first: %v", len(other), other[0])
		}
		total := 0
		for _, p := range people {
			equal(t, "votes allowed to one person", allowed[p.ID], l.Max)
			total += allowed[p.ID]
		}
		sum := 0
		for _, idea := range ideas {
			sum += reload(t, store, idea.ID).VoteCount
		}
		equal(t, "votes counted on the ideas", sum, total+2) // ana's two
	})
}
