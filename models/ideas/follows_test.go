package ideas_test

import (
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

func TestFollow(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author, ana := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
		steps := []struct {
			name        string
			user        *accounts.User
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
				change := db.Ideas.Unfollow
				if st.follow {
					change = db.Ideas.Follow
				}
				testutil.IsErr(t, "follow", change(t.Context(), st.user.ID, idea.ID), st.wantErr)
				follows, err := db.Ideas.Follows(t.Context(), st.user.ID, idea.ID)
				testutil.IsErr(t, "follows", err, nil)
				testutil.Equal(t, "follows", follows, st.wantFollows)
				testutil.Equal(t, "follower_count", testutil.Reload(t, db, idea.ID).FollowerCount, st.wantCount)
				testutil.Equal(t, "follow rows", testutil.Rows(t, db, "follows", "idea_id = ?", idea.ID), st.wantCount)
			})
		}
		t.Run("hidden idea", func(t *testing.T) {
			hidden := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
			testutil.SetIdea(t, db, hidden.ID, "hidden", true)
			testutil.IsErr(t, "follow", db.Ideas.Follow(t.Context(), ana.ID, hidden.ID), store.ErrNotFound)
			testutil.Equal(t, "follower_count", testutil.Reload(t, db, hidden.ID).FollowerCount, 1)
		})
		t.Run("unknown idea", func(t *testing.T) {
			testutil.IsErr(t, "follow", db.Ideas.Follow(t.Context(), ana.ID, 999_999), store.ErrNotFound)
		})
	})
}
