package testutil

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// Picture is a w x h gradient, with some transparency when alpha is set:
// a picture to upload in tests.
func Picture(w, h int, alpha bool) *image.NRGBA {
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

// EncodePNG is img as a PNG file.
func EncodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// EncodeJPEG is img as a JPEG file of quality 90.
func EncodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// DecodeSize reads the size of a stored picture, failing the test when it
// does not decode as wantFormat ("png", "jpeg").
func DecodeSize(t testing.TB, raw []byte, wantFormat string) (int, int) {
	t.Helper()
	cfg, format, err := image.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("stored bytes do not decode: %v", err)
	}
	if format != wantFormat {
		t.Errorf("stored format = %s, want %s", format, wantFormat)
	}
	return cfg.Width, cfg.Height
}
