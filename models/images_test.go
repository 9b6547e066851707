package models_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

// picture is a w x h gradient, with some transparency when alpha is set.
func picture(w, h int, alpha bool) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			a := uint8(255)
			if alpha && x < w/4 {
				a = 100
			}
			img.SetNRGBA(x, y, color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), 90, a}) //nolint:gosec // G115: x < w and y < h, so both are below 256
		}
	}
	return img
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func decodeSize(t testing.TB, raw []byte, wantFormat string) (int, int) {
	t.Helper()
	cfg, format, err := image.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("stored bytes do not decode: %v", err)
	}
	equal(t, "stored format", format, wantFormat)
	return cfg.Width, cfg.Height
}

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
