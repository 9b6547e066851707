package ideas_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/images"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

// imageIDs lists the ids of an idea's pictures, in the order shown.
func imageIDs(t testing.TB, db *models.Store, ideaID int64) []int64 {
	t.Helper()
	imgs, err := db.Ideas.IdeaImages(t.Context(), ideaID)
	if err != nil {
		t.Fatalf("IdeaImages: %v", err)
	}
	ids := make([]int64, len(imgs))
	for i, img := range imgs {
		ids[i] = img.ID
	}
	return ids
}

func TestIdeaImages(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author := testutil.NewUser(t, db, "")
		wide, tall := testutil.Prepared(t, 1200, 300), testutil.Prepared(t, 50, 2000)
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{Images: []*images.Image{wide, tall}})

		imgs, err := db.Ideas.IdeaImages(t.Context(), idea.ID)
		testutil.IsErr(t, "IdeaImages", err, nil)
		testutil.Equal(t, "images", len(imgs), 2)
		testutil.Equal(t, "first", imgs[0].ID, wide.ID)
		testutil.Equal(t, "first width", imgs[0].Width, 1200)
		testutil.Equal(t, "first thumb", [2]int{imgs[0].ThumbWidth(), imgs[0].ThumbHeight()}, [2]int{640, 160})
		testutil.Equal(t, "second", imgs[1].ID, tall.ID)
		testutil.Equal(t, "second position", imgs[1].Position, 1)
		// the thumbnail's size is the size of the thumbnail stored
		thumb, err := db.Ideas.ImageFileFor(t.Context(), tall.ID, true, nil)
		testutil.IsErr(t, "thumb", err, nil)
		w, h := testutil.DecodeSize(t, thumb.Data, "png")
		testutil.Equal(t, "stored thumb", [2]int{w, h}, [2]int{imgs[1].ThumbWidth(), imgs[1].ThumbHeight()})
		testutil.Equal(t, "owner", *wide.OwnerID, author.ID)

		t.Run("an edit removes one and adds two after the rest", func(t *testing.T) {
			a, b := testutil.Prepared(t, 30, 30), testutil.Prepared(t, 40, 40)
			in := ideas.IdeaInput{Title: idea.Title, Body: idea.Body, Images: []*images.Image{a, b}, RemoveImages: []int64{wide.ID}}
			testutil.IsErr(t, "update", db.Ideas.UpdateIdea(t.Context(), idea.ID, author, in), nil)
			testutil.Equal(t, "order", slices.Equal(imageIDs(t, db, idea.ID), []int64{tall.ID, a.ID, b.ID}), true)
			testutil.Equal(t, "removed image deleted", testutil.Rows(t, db, "images", "id = ?", wide.ID), 0)
		})
		t.Run("more than the limit changes nothing", func(t *testing.T) {
			before := imageIDs(t, db, idea.ID)
			in := ideas.IdeaInput{Title: "A new title here", Body: idea.Body, Images: []*images.Image{testutil.Prepared(t, 9, 9), testutil.Prepared(t, 9, 9)}}
			testutil.IsErr(t, "update", db.Ideas.UpdateIdea(t.Context(), idea.ID, author, in), ideas.ErrTooManyImages)
			testutil.Equal(t, "images kept", slices.Equal(imageIDs(t, db, idea.ID), before), true)
			testutil.Equal(t, "title kept", testutil.Reload(t, db, idea.ID).Title, idea.Title)
			_, err := db.Ideas.CreateIdea(t.Context(), author.ID, ideas.IdeaInput{Title: "Five pictures", Body: "x",
				Images: []*images.Image{testutil.Prepared(t, 9, 9), testutil.Prepared(t, 9, 9), testutil.Prepared(t, 9, 9), testutil.Prepared(t, 9, 9), testutil.Prepared(t, 9, 9)}})
			testutil.IsErr(t, "create with five", err, ideas.ErrTooManyImages)
			testutil.Equal(t, "no idea stored", testutil.Rows(t, db, "ideas", "title = ?", "Five pictures"), 0)
		})
		t.Run("another idea's image is not removed", func(t *testing.T) {
			mine := testutil.Prepared(t, 20, 20)
			other := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{Images: []*images.Image{mine}})
			in := ideas.IdeaInput{Title: idea.Title, Body: idea.Body, RemoveImages: []int64{mine.ID}}
			testutil.IsErr(t, "update", db.Ideas.UpdateIdea(t.Context(), idea.ID, author, in), nil)
			testutil.Equal(t, "other idea keeps it", slices.Equal(imageIDs(t, db, other.ID), []int64{mine.ID}), true)
		})
	})
}

func TestImageFileFor(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author, other, mod := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, ""), testutil.NewUser(t, db, accounts.RoleModerator)
		shown, hidden, loose := testutil.Prepared(t, 64, 64), testutil.Prepared(t, 64, 64), testutil.Prepared(t, 64, 64)
		testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{Images: []*images.Image{shown}})
		secret := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{Images: []*images.Image{hidden}})
		testutil.IsErr(t, "hide", db.Moderation.HideIdea(t.Context(), mod, secret.ID, "spam"), nil)
		testutil.IsErr(t, "save loose", db.Images.SaveImage(t.Context(), author.ID, loose), nil)
		cover := testutil.Prepared(t, 64, 64)
		testutil.IsErr(t, "save cover", db.Images.SaveImage(t.Context(), mod.ID, cover), nil)
		testutil.SetChallenge(t, db, testutil.NewChallenge(t, db, challenges.PhaseDraft, 0).ID, "cover_image_id", cover.ID)

		readers := []struct {
			name string
			u    *accounts.User
		}{{"visitor", nil}, {"other", other}, {"author", author}, {"moderator", mod}}
		tests := []struct {
			name       string
			id         int64
			see        map[string]bool
			wantPublic bool
		}{
			{"challenge cover", cover.ID, map[string]bool{"visitor": true, "other": true, "author": true, "moderator": true}, true},
			{"visible idea's", shown.ID, map[string]bool{"visitor": true, "other": true, "author": true, "moderator": true}, true},
			{"hidden idea's", hidden.ID, map[string]bool{"author": true, "moderator": true}, false},
			{"attached to nothing", loose.ID, map[string]bool{}, false},
			{"unknown", loose.ID + 1000, map[string]bool{}, false},
		}
		for _, tt := range tests {
			for _, r := range readers {
				t.Run(tt.name+" as "+r.name, func(t *testing.T) {
					for _, thumb := range []bool{false, true} {
						f, err := db.Ideas.ImageFileFor(t.Context(), tt.id, thumb, r.u)
						if !tt.see[r.name] {
							testutil.IsErr(t, "image", err, store.ErrNotFound)
							continue
						}
						testutil.IsErr(t, "image", err, nil)
						testutil.Equal(t, "public", f.Public, tt.wantPublic)
						src := map[int64]*images.Image{cover.ID: cover, shown.ID: shown, hidden.ID: hidden}[tt.id]
						want := src.Data
						if thumb {
							want = src.Thumb
						}
						testutil.Equal(t, "bytes", bytes.Equal(f.Data, want), true)
						testutil.Equal(t, "content type", f.ContentType, "image/png")
					}
				})
			}
		}
	})
}
