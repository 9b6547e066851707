package images_test

import (
	"bytes"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

func TestImageStore(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		owner := testutil.NewUser(t, db, accounts.RoleModerator)
		img := testutil.Prepared(t, 900, 300)
		testutil.IsErr(t, "SaveImage", db.Images.SaveImage(t.Context(), owner.ID, img), nil)
		if img.ID == 0 {
			t.Fatal("no id after saving")
		}
		full, err := db.Images.ImageFile(t.Context(), img.ID, false)
		testutil.IsErr(t, "ImageFile", err, nil)
		testutil.Equal(t, "content type", full.ContentType, "image/png")
		testutil.Equal(t, "full bytes", bytes.Equal(full.Data, img.Data), true)
		thumb, err := db.Images.ImageFile(t.Context(), img.ID, true)
		testutil.IsErr(t, "ImageFile thumb", err, nil)
		testutil.Equal(t, "thumb bytes", bytes.Equal(thumb.Data, img.Thumb), true)
		_, err = db.Images.ImageFile(t.Context(), img.ID+1000, false)
		testutil.IsErr(t, "unknown image", err, store.ErrNotFound)
	})
}
