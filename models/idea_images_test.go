package models_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/ideario/ideario/media"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

// prepared is a picture ready to attach, w x h pixels.
func prepared(t testing.TB, w, h int) *models.Image {
	t.Helper()
	pic, err := media.Prepare(testutil.EncodePNG(t, testutil.Picture(w, h, false)))
	if err != nil {
		t.Fatalf("media.Prepare: %v", err)
	}
	return models.ImageOf(pic)
}

// imageIDs lists the ids of an idea's pictures, in the order shown.
func imageIDs(t testing.TB, store *models.Store, ideaID int64) []int64 {
	t.Helper()
	imgs, err := store.IdeaImages(t.Context(), ideaID)
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
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author := newUser(t, store, "")
		wide, tall := prepared(t, 1200, 300), prepared(t, 50, 2000)
		idea := newIdea(t, store, author.ID, models.IdeaInput{Images: []*models.Image{wide, tall}})

		imgs, err := store.IdeaImages(t.Context(), idea.ID)
		isErr(t, "IdeaImages", err, nil)
		equal(t, "images", len(imgs), 2)
		equal(t, "first", imgs[0].ID, wide.ID)
		equal(t, "first width", imgs[0].Width, 1200)
		equal(t, "first thumb", [2]int{imgs[0].ThumbWidth(), imgs[0].ThumbHeight()}, [2]int{640, 160})
		equal(t, "second", imgs[1].ID, tall.ID)
		equal(t, "second position", imgs[1].Position, 1)
		// the thumbnail's size is the size of the thumbnail stored
		thumb, err := store.ImageFileFor(t.Context(), tall.ID, true, nil)
		isErr(t, "thumb", err, nil)
		w, h := testutil.DecodeSize(t, thumb.Data, "png")
		equal(t, "stored thumb", [2]int{w, h}, [2]int{imgs[1].ThumbWidth(), imgs[1].ThumbHeight()})
		equal(t, "owner", *wide.OwnerID, author.ID)

		t.Run("an edit removes one and adds two after the rest", func(t *testing.T) {
			a, b := prepared(t, 30, 30), prepared(t, 40, 40)
			in := models.IdeaInput{Title: idea.Title, Body: idea.Body, Images: []*models.Image{a, b}, RemoveImages: []int64{wide.ID}}
			isErr(t, "update", store.UpdateIdea(t.Context(), idea.ID, author, in), nil)
			equal(t, "order", slices.Equal(imageIDs(t, store, idea.ID), []int64{tall.ID, a.ID, b.ID}), true)
			equal(t, "removed image deleted", rows(t, store, "images", "id = ?", wide.ID), 0)
		})
		t.Run("more than the limit changes nothing", func(t *testing.T) {
			before := imageIDs(t, store, idea.ID)
			in := models.IdeaInput{Title: "A new title here", Body: idea.Body, Images: []*models.Image{prepared(t, 9, 9), prepared(t, 9, 9)}}
			isErr(t, "update", store.UpdateIdea(t.Context(), idea.ID, author, in), models.ErrTooManyImages)
			equal(t, "images kept", slices.Equal(imageIDs(t, store, idea.ID), before), true)
			equal(t, "title kept", reload(t, store, idea.ID).Title, idea.Title)
			_, err := store.CreateIdea(t.Context(), author.ID, models.IdeaInput{Title: "Five pictures", Body: "x",
				Images: []*models.Image{prepared(t, 9, 9), prepared(t, 9, 9), prepared(t, 9, 9), prepared(t, 9, 9), prepared(t, 9, 9)}})
			isErr(t, "create with five", err, models.ErrTooManyImages)
			equal(t, "no idea stored", rows(t, store, "ideas", "title = ?", "Five pictures"), 0)
		})
		t.Run("another idea's image is not removed", func(t *testing.T) {
			mine := prepared(t, 20, 20)
			other := newIdea(t, store, author.ID, models.IdeaInput{Images: []*models.Image{mine}})
			in := models.IdeaInput{Title: idea.Title, Body: idea.Body, RemoveImages: []int64{mine.ID}}
			isErr(t, "update", store.UpdateIdea(t.Context(), idea.ID, author, in), nil)
			equal(t, "other idea keeps it", slices.Equal(imageIDs(t, store, other.ID), []int64{mine.ID}), true)
		})
	})
}

func TestImageFileFor(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author, other, mod := newUser(t, store, ""), newUser(t, store, ""), newUser(t, store, models.RoleModerator)
		shown, hidden, loose := prepared(t, 64, 64), prepared(t, 64, 64), prepared(t, 64, 64)
		newIdea(t, store, author.ID, models.IdeaInput{Images: []*models.Image{shown}})
		secret := newIdea(t, store, author.ID, models.IdeaInput{Images: []*models.Image{hidden}})
		isErr(t, "hide", store.HideIdea(t.Context(), mod, secret.ID, "spam"), nil)
		isErr(t, "save loose", store.SaveImage(t.Context(), author.ID, loose), nil)
		cover := prepared(t, 64, 64)
		isErr(t, "save cover", store.SaveImage(t.Context(), mod.ID, cover), nil)
		setChallenge(t, store, newChallenge(t, store, models.PhaseDraft, 0).ID, "cover_image_id", cover.ID)

		readers := []struct {
			name string
			u    *models.User
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
						f, err := store.ImageFileFor(t.Context(), tt.id, thumb, r.u)
						if !tt.see[r.name] {
							isErr(t, "image", err, models.ErrNotFound)
							continue
						}
						isErr(t, "image", err, nil)
						equal(t, "public", f.Public, tt.wantPublic)
						src := map[int64]*models.Image{cover.ID: cover, shown.ID: shown, hidden.ID: hidden}[tt.id]
						want := src.Data
						if thumb {
							want = src.Thumb
						}
						equal(t, "bytes", bytes.Equal(f.Data, want), true)
						equal(t, "content type", f.ContentType, "image/png")
					}
				})
			}
		}
	})
}
