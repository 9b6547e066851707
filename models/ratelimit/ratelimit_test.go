package ratelimit_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/ratelimit"
	"github.com/ideario/ideario/testutil"
)

var testLimit = ratelimit.Limit{Name: "test", Max: 3, Window: time.Minute, Wait: time.Minute, MaxWait: 5 * time.Minute}

// retryAfter is the wait a refusal asks for; it fails the test when err
// is not a refusal.
func retryAfter(t *testing.T, what string, err error) time.Duration {
	t.Helper()
	var limited *ratelimit.Limited
	if !errors.As(err, &limited) || !errors.Is(err, ratelimit.ErrLimited) {
		t.Fatalf("%s: got %v, want a *ratelimit.Limited", what, err)
	}
	testutil.Equal(t, what+": limit", limited.Limit, testLimit.Name)
	return limited.RetryAfter
}

func TestRateLimitWaitsGrow(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
		count := func(at time.Duration) error {
			return store.Limits.CountLimitAt(testLimit, "Ana@Example.org", now.Add(at))
		}
		for i := range testLimit.Max {
			testutil.IsErr(t, "time within the limit", count(time.Duration(i)*time.Second), nil)
		}
		testutil.Equal(t, "first wait", retryAfter(t, "one time too many", count(4*time.Second)), time.Minute)
		// During the wait nothing is counted, and the wait does not grow.
		testutil.Equal(t, "still waiting", retryAfter(t, "during the wait", count(34*time.Second)), 30*time.Second)
		// After the wait, a new window: Max times again, then a wait twice as long.
		start := 65 * time.Second
		for i := range testLimit.Max {
			testutil.IsErr(t, "after the wait", count(start+time.Duration(i)*time.Second), nil)
		}
		testutil.Equal(t, "second wait", retryAfter(t, "over again", count(start+5*time.Second)), 2*time.Minute)
		start += 3 * time.Minute
		for range testLimit.Max {
			testutil.IsErr(t, "after the second wait", count(start), nil)
		}
		testutil.Equal(t, "third wait", retryAfter(t, "over a third time", count(start)), 4*time.Minute)
		start += 5 * time.Minute
		for range testLimit.Max {
			testutil.IsErr(t, "after the third wait", count(start), nil)
		}
		testutil.Equal(t, "waits stop growing at MaxWait", retryAfter(t, "over a fourth time", count(start)), 5*time.Minute)
		// A day later without trouble, the waits start again from Wait.
		start += 25 * time.Hour
		for range testLimit.Max {
			testutil.IsErr(t, "a day later", count(start), nil)
		}
		testutil.Equal(t, "wait forgotten after a day", retryAfter(t, "over a day later", count(start)), time.Minute)
	})
}

func TestRateLimitWindowAndSubjects(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
		for i := range 10 {
			// Three times a minute, for ten minutes: never over.
			for j := range testLimit.Max {
				at := now.Add(time.Duration(i)*time.Minute + time.Duration(j)*time.Second)
				testutil.IsErr(t, "spread over windows", store.Limits.CountLimitAt(testLimit, "spread", at), nil)
			}
		}
		for range testLimit.Max {
			testutil.IsErr(t, "subject a", store.Limits.CountLimitAt(testLimit, "a", now), nil)
		}
		retryAfter(t, "subject a over", store.Limits.CountLimitAt(testLimit, "a", now))
		testutil.IsErr(t, "subject b is counted apart", store.Limits.CountLimitAt(testLimit, "b", now), nil)
		other := testLimit
		other.Name = "other"
		testutil.IsErr(t, "another limit is counted apart", store.Limits.CountLimitAt(other, "a", now), nil)
		var limited *ratelimit.Limited
		if !errors.As(store.Limits.CountLimitAt(testLimit, "  A ", now), &limited) {
			t.Error("\"  A \" is not counted as \"a\"")
		}
	})
}

func TestRateLimitCheckAndForget(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := context.Background()
		testutil.IsErr(t, "check of a stranger", store.Limits.CheckLimit(ctx, testLimit, "x"), nil)
		for range testLimit.Max {
			testutil.IsErr(t, "count", store.Limits.CountLimit(ctx, testLimit, "x"), nil)
		}
		testutil.IsErr(t, "check within the limit counts nothing", store.Limits.CheckLimit(ctx, testLimit, "x"), nil)
		testutil.IsErr(t, "check again", store.Limits.CheckLimit(ctx, testLimit, "x"), nil)
		wait := retryAfter(t, "over", store.Limits.CountLimit(ctx, testLimit, "x"))
		if wait <= 0 || wait > time.Minute {
			t.Errorf("wait = %s, want (0, 1m]", wait)
		}
		retryAfter(t, "check during the wait", store.Limits.CheckLimit(ctx, testLimit, "x"))
		testutil.IsErr(t, "forget", store.Limits.ForgetLimit(ctx, testLimit, "x"), nil)
		testutil.IsErr(t, "check after forgetting", store.Limits.CheckLimit(ctx, testLimit, "x"), nil)
		testutil.IsErr(t, "count after forgetting", store.Limits.CountLimit(ctx, testLimit, "x"), nil)

		pruned, err := store.Limits.PruneLimits(ctx)
		testutil.IsErr(t, "prune", err, nil)
		testutil.Equal(t, "recent counts pruned", pruned, int64(0))
		testutil.IsErr(t, "old count", store.Limits.CountLimitAt(testLimit, "old", time.Now().Add(-49*time.Hour)), nil)
		pruned, err = store.Limits.PruneLimits(ctx)
		testutil.IsErr(t, "prune", err, nil)
		testutil.Equal(t, "old counts pruned", pruned, int64(1))
	})
}

// Many instances count the same subject at once: every time is counted
// once, and exactly Max get through.
func TestRateLimitConcurrent(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := context.Background()
		l := ratelimit.Limit{Name: "race", Max: 25, Window: time.Hour, Wait: time.Hour, MaxWait: time.Hour}
		allowed, refused := testutil.AtOnce(t, 60, func() error { return store.Limits.CountLimit(ctx, l, "crowd") }, ratelimit.ErrLimited)
		testutil.Equal(t, "allowed", allowed, l.Max)
		testutil.Equal(t, "refused", refused, 60-l.Max)
	})
}

// A vote past the person's limit changes nothing, and batches of votes
// of many people count each person apart.
func TestVoteWithinLimit(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := context.Background()
		l := ratelimit.Limit{Name: "vote", Max: 3, Window: time.Hour, Wait: time.Hour, MaxWait: time.Hour}
		author, ana := testutil.NewUser(t, store, ""), testutil.NewUser(t, store, "")
		var ideaList []*ideas.Idea
		for range 4 {
			ideaList = append(ideaList, testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{}))
		}
		_, err := store.Votes.VoteWithin(ctx, l, ana.ID, ideaList[0].ID, true)
		testutil.IsErr(t, "first vote", err, nil)
		_, err = store.Votes.VoteWithin(ctx, l, ana.ID, ideaList[0].ID, false)
		testutil.IsErr(t, "unvote counts too", err, nil)
		_, err = store.Votes.VoteWithin(ctx, l, ana.ID, ideaList[1].ID, true)
		testutil.IsErr(t, "third", err, nil)
		_, err = store.Votes.VoteWithin(ctx, l, ana.ID, ideaList[2].ID, true)
		testutil.IsErr(t, "fourth is refused", err, ratelimit.ErrLimited)
		testutil.CheckVotes(t, store, ideaList[2].ID, 0)
		testutil.CheckVotes(t, store, ideaList[1].ID, 1)
		_, err = store.Votes.VoteWithin(ctx, l, ana.ID, ideaList[1].ID, false)
		testutil.IsErr(t, "an unvote while waiting is refused", err, ratelimit.ErrLimited)
		testutil.CheckVotes(t, store, ideaList[1].ID, 1)
		_, err = store.Votes.Vote(ctx, ana.ID, ideaList[3].ID)
		testutil.IsErr(t, "votes without a limit (seeding, imports) are not counted", err, nil)

		// Many people at once, in shared batches: each gets exactly Max.
		var people []*accounts.User
		for range 8 {
			people = append(people, testutil.NewUser(t, store, ""))
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
					_, err := store.Votes.VoteWithin(ctx, l, p.ID, ideaList[i].ID, true)
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err == nil:
						allowed[p.ID]++
					case !errors.Is(err, ratelimit.ErrLimited):
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
			testutil.Equal(t, "votes allowed to one person", allowed[p.ID], l.Max)
			total += allowed[p.ID]
		}
		sum := 0
		for _, idea := range ideaList {
			sum += testutil.Reload(t, store, idea.ID).VoteCount
		}
		testutil.Equal(t, "votes counted on the ideas", sum, total+2) // ana's two
	})
}
