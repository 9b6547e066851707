package models_test

import (
	"bytes"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

func TestImageStore(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		owner := newUser(t, store, models.RoleModerator)
		img := prepared(t, 900, 300)
		isErr(t, "SaveImage", store.SaveImage(t.Context(), owner.ID, img), nil)
		if img.ID == 0 {
			t.Fatal("no id after saving")
		}
		full, err := store.ImageFile(t.Context(), img.ID, false)
		isErr(t, "ImageFile", err, nil)
		equal(t, "content type", full.ContentType, "image/png")
		equal(t, "full bytes", bytes.Equal(full.Data, img.Data), true)
		thumb, err := store.ImageFile(t.Context(), img.ID, true)
		isErr(t, "ImageFile thumb", err, nil)
		equal(t, "thumb bytes", bytes.Equal(thumb.Data, img.Thumb), true)
		_, err = store.ImageFile(t.Context(), img.ID+1000, false)
		isErr(t, "unknown image", err, models.ErrNotFound)
	})
}
