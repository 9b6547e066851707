package models_test

import (
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

func TestFollow(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author, ana := newUser(t, store, ""), newUser(t, store, "")
		idea := newIdea(t, store, author.ID, models.IdeaInput{})
		steps := []struct {
			name        string
			user        *models.User
			follow      bool
			wantErr     error
			wantFollows bool
			wantCount   int
		}{
			{"author follows from the start", author, true, nil, true, 1},
			{"someone follows", ana, true, nil, true, 2},
			{"follows again", ana, true, nil, true, 2},
			{"unfollows", ana, false, nil, false, 1},
			{"unfollows again", ana, false, nil, false, 1},
			{"author unfollows", author, false, nil, false, 0},
			{"author unfollows again", author, false, nil, false, 0},
			{"follows back", ana, true, nil, true, 1},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				change := store.Unfollow
				if st.follow {
					change = store.Follow
				}
				isErr(t, "follow", change(t.Context(), st.user.ID, idea.ID), st.wantErr)
				follows, err := store.Follows(t.Context(), st.user.ID, idea.ID)
				isErr(t, "follows", err, nil)
				equal(t, "follows", follows, st.wantFollows)
				equal(t, "follower_count", reload(t, store, idea.ID).FollowerCount, st.wantCount)
				equal(t, "follow rows", rows(t, store, "follows", "idea_id = ?", idea.ID), st.wantCount)
			})
		}
		t.Run("hidden idea", func(t *testing.T) {
			hidden := newIdea(t, store, author.ID, models.IdeaInput{})
			setIdea(t, store, hidden.ID, "hidden", true)
			isErr(t, "follow", store.Follow(t.Context(), ana.ID, hidden.ID), models.ErrNotFound)
			equal(t, "follower_count", reload(t, store, hidden.ID).FollowerCount, 1)
		})
		t.Run("unknown idea", func(t *testing.T) {
			isErr(t, "follow", store.Follow(t.Context(), ana.ID, 999_999), models.ErrNotFound)
		})
	})
}
