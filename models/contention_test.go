package models_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/testutil"
)

// The busiest idea takes comments, votes, follows and moderation from many
// people at once. On PostgreSQL, transactions that locked its row in
// different orders (or locked it FOR UPDATE while others held the
// foreign-key locks a new comment takes) ended in "deadlock detected" and
// a 500; here none may fail, and every counter must come out exact.
func TestBusyIdeaWritesNeverDeadlock(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		author := testutil.NewUser(t, store, "")
		mod := testutil.NewUser(t, store, "")
		if err := store.Accounts.SetRole(ctx, mod.ID, accounts.RoleModerator); err != nil {
			t.Fatalf("role: %v", err)
		}
		mod.Role = accounts.RoleModerator
		idea := testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{Title: "The busiest idea", Body: "Everyone has something to say."})
		const people, rounds = 24, 12
		users := make([]*accounts.User, people)
		for i := range users {
			users[i] = testutil.NewUser(t, store, "")
		}
		var wg sync.WaitGroup
		errs := make(chan error, people*rounds*6)
		for _, u := range users {
			wg.Go(func() {
				for r := range rounds {
					c, err := store.Comments.CreateComment(ctx, u, idea.ID, nil, fmt.Sprintf("Round %d from %s", r, u.Email))
					if err != nil {
						errs <- fmt.Errorf("comment: %w", err)
						continue
					}
					_, err = store.Votes.Vote(ctx, u.ID, idea.ID)
					errs <- wrap("vote", err)
					errs <- wrap("unfollow", store.Ideas.Unfollow(ctx, u.ID, idea.ID))
					errs <- wrap("follow", store.Ideas.Follow(ctx, u.ID, idea.ID))
					switch r % 3 {
					case 0:
						_, err = store.Comments.DeleteComment(ctx, c.ID, u)
						errs <- wrap("delete comment", err)
					case 1:
						errs <- wrap("hide comment", store.Moderation.HideComment(ctx, mod, c.ID, "off topic"))
					}
					if r%2 == 1 {
						_, err = store.Votes.Unvote(ctx, u.ID, idea.ID)
						errs <- wrap("unvote", err)
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		got, err := store.Ideas.IdeaByID(ctx, idea.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Each person's last round (11) unvoted; 4 of the 12 comments stay.
		if got.VoteCount != 0 || got.CommentCount != people*4 || got.FollowerCount != people+1 {
			t.Errorf("counters = %d votes, %d comments, %d followers; want 0, %d, %d",
				got.VoteCount, got.CommentCount, got.FollowerCount, people*4, people+1)
		}
	})
}

func wrap(what string, err error) error {
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// While a comment, a vote or a follow is being added to an idea, its
// transaction holds the KEY SHARE locks PostgreSQL takes to check foreign
// keys, on the idea's row and on its author's. Votes must not wait for
// those (FOR UPDATE did, which is how the deadlock above came about):
// here a vote goes through while another transaction holds them open.
func TestVotePassesForeignKeyLocks(t *testing.T) {
	store := testutil.Store(t, "postgres")
	ctx := t.Context()
	author := testutil.NewUser(t, store, "")
	voter := testutil.NewUser(t, store, "")
	idea := testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{Title: "Held by a comment in flight", Body: "Its row is KEY SHARE locked."})
	held := testutil.Behind(store).Begin()
	t.Cleanup(func() { held.Rollback() })
	for table, id := range map[string]int64{"ideas": idea.ID, "users": voter.ID} {
		if err := held.Exec("SELECT id FROM "+table+" WHERE id = ? FOR KEY SHARE", id).Error; err != nil {
			t.Fatalf("hold %s: %v", table, err)
		}
	}
	// Not a measure of speed: before the fix the vote waited until the
	// other transaction ended, which here is never; the deadline turns that
	// wait into a failure (and then lets the vote go) instead of a hung test.
	for what, write := range map[string]func() error{
		"vote": func() error {
			res, err := store.Votes.Vote(ctx, voter.ID, idea.ID)
			if err == nil && (!res.Voted || res.Votes != 1) {
				err = fmt.Errorf("result %+v, want voted with 1 vote", res)
			}
			return err
		},
		"follow": func() error { return store.Ideas.Follow(ctx, voter.ID, idea.ID) },
	} {
		done := make(chan error, 1)
		go func() { done <- write() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%s beside a held foreign-key lock: %v", what, err)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("%s waited for a foreign-key lock another transaction holds", what)
			held.Rollback()
			if err := <-done; err != nil {
				t.Logf("%s, once the lock was let go: %v", what, err)
			}
		}
	}
}
