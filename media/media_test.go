package media_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/gif"
	"image/png"
	"testing"

	"github.com/ideario/ideario/media"
	"github.com/ideario/ideario/testutil"
)

func encodeGIF(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := gif.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pngChunk is one PNG chunk with its checksum.
func pngChunk(kind string, data []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(data))) //nolint:gosec // G115: test chunks are a few bytes long
	out = append(out, kind...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(append([]byte(kind), data...)))
}

// pngHeader is the start of a PNG that claims to be w x h: a bomb's header.
func pngHeader(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0) // 8 bits, RGB
	return append([]byte("\x89PNG\r\n\x1a\n"), pngChunk("IHDR", ihdr)...)
}

// withPNGText inserts a text chunk after a PNG's header chunk.
func withPNGText(raw []byte, text string) []byte {
	const afterIHDR = 8 + 25
	out := append([]byte{}, raw[:afterIHDR]...)
	out = append(out, pngChunk("tEXt", []byte("Comment\x00"+text))...)
	return append(out, raw[afterIHDR:]...)
}

// withJPEGExif inserts an Exif block (with an orientation) and a comment
// after a JPEG's start marker.
func withJPEGExif(raw []byte, orientation uint16, comment string) []byte {
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08") // big-endian, first IFD at 8
	tiff = binary.BigEndian.AppendUint16(tiff, 1)
	tiff = append(tiff, 0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1)
	tiff = binary.BigEndian.AppendUint16(tiff, orientation)
	tiff = append(tiff, 0, 0, 0, 0, 0, 0) // padding, then no next IFD
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	seg := func(marker byte, data []byte) []byte {
		return append(binary.BigEndian.AppendUint16([]byte{0xFF, marker}, uint16(len(data)+2)), data...) //nolint:gosec // G115: test segments are far below 64 KiB
	}
	out := append([]byte{}, raw[:2]...)
	out = append(out, seg(0xE1, app1)...)
	out = append(out, seg(0xFE, []byte(comment))...)
	return append(out, raw[2:]...)
}

func TestPrepareImage(t *testing.T) {
	tests := []struct {
		name                   string
		raw                    []byte
		wantType, wantFormat   string
		wantW, wantH           int
		wantThumbW, wantThumbH int
	}{
		{"PNG with transparency", testutil.EncodePNG(t, testutil.Picture(800, 400, true)), "image/png", "png", 800, 400, 640, 320},
		{"small PNG kept at its size", testutil.EncodePNG(t, testutil.Picture(120, 80, false)), "image/png", "png", 120, 80, 120, 80},
		{"JPEG photo", testutil.EncodeJPEG(t, testutil.Picture(1000, 500, false)), "image/jpeg", "jpeg", 1000, 500, 640, 320},
		{"huge JPEG scaled down", testutil.EncodeJPEG(t, testutil.Picture(3000, 1500, false)), "image/jpeg", "jpeg", 2560, 1280, 640, 320},
		{"very tall PNG", testutil.EncodePNG(t, testutil.Picture(100, 2000, false)), "image/png", "png", 100, 2000, 64, 1280},
		{"GIF becomes PNG", encodeGIF(t, testutil.Picture(700, 350, false)), "image/png", "png", 700, 350, 640, 320},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := media.Prepare(tt.raw)
			isErr(t, "PrepareImage", err, nil)
			equal(t, "content type", img.ContentType, tt.wantType)
			equal(t, "width", img.Width, tt.wantW)
			equal(t, "height", img.Height, tt.wantH)
			w, h := testutil.DecodeSize(t, img.Data, tt.wantFormat)
			equal(t, "stored width", w, tt.wantW)
			equal(t, "stored height", h, tt.wantH)
			w, h = testutil.DecodeSize(t, img.Thumb, tt.wantFormat)
			equal(t, "thumbnail width", w, tt.wantThumbW)
			equal(t, "thumbnail height", h, tt.wantThumbH)
		})
	}
}

func TestPrepareImageRefuses(t *testing.T) {
	small := testutil.EncodePNG(t, testutil.Picture(40, 40, false))
	tests := []struct {
		name string
		raw  []byte
		want error
	}{
		{"text", []byte("hello, this is not a picture at all"), media.ErrNotImage},
		{"empty", nil, media.ErrNotImage},
		{"HTML", []byte("<!doctype html><script>alert(1)</script>"), media.ErrNotImage},
		{"SVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>`), media.ErrNotImage},
		{"PNG cut short", small[:len(small)/2], media.ErrNotImage},
		{"PNG header of 50 megapixels", pngHeader(10000, 5000), media.ErrTooManyPixels},
		{"PNG header of 4 billion pixels", pngHeader(65535, 65535), media.ErrTooManyPixels},
		{"GIF screen of 4 billion pixels", append([]byte("GIF89a\xff\xff\xff\xff"), 0, 0, 0), media.ErrTooManyPixels},
		{"over 8 MB", append(bytes.Clone(small), make([]byte, media.MaxBytes)...), media.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := media.Prepare(tt.raw)
			isErr(t, "PrepareImage", err, tt.want)
			if img != nil {
				t.Errorf("got an image for a refused upload")
			}
		})
	}
}

func TestPrepareImageDropsMetadata(t *testing.T) {
	const secret = "GPS 48.8584 N 2.2945 E, camera serial 12345"
	t.Run("JPEG Exif and comment", func(t *testing.T) {
		raw := withJPEGExif(testutil.EncodeJPEG(t, testutil.Picture(300, 200, false)), 6, secret)
		if !bytes.Contains(raw, []byte(secret)) || !bytes.Contains(raw, []byte("Exif")) {
			t.Fatal("the test image lacks its metadata")
		}
		img, err := media.Prepare(raw)
		isErr(t, "PrepareImage", err, nil)
		for _, b := range [][]byte{img.Data, img.Thumb} {
			if bytes.Contains(b, []byte(secret)) || bytes.Contains(b, []byte("Exif")) {
				t.Errorf("metadata survived the re-encoding")
			}
		}
		// Orientation 6 (turned a quarter): the stored photo stands upright.
		equal(t, "width", img.Width, 200)
		equal(t, "height", img.Height, 300)
		w, h := testutil.DecodeSize(t, img.Data, "jpeg")
		equal(t, "stored width", w, 200)
		equal(t, "stored height", h, 300)
	})
	t.Run("PNG text chunk", func(t *testing.T) {
		raw := withPNGText(testutil.EncodePNG(t, testutil.Picture(64, 64, false)), secret)
		if _, err := png.Decode(bytes.NewReader(raw)); err != nil {
			t.Fatalf("the test image does not decode: %v", err)
		}
		img, err := media.Prepare(raw)
		isErr(t, "PrepareImage", err, nil)
		if bytes.Contains(img.Data, []byte(secret)) || bytes.Contains(img.Thumb, []byte(secret)) {
			t.Errorf("the text chunk survived the re-encoding")
		}
	})
}

// TestPrepareImagePolyglot feeds files that are pictures and something
// else at once: a script after a PNG's end, HTML in a PNG's text chunk, a
// GIF whose header reads as JavaScript. Each is kept as the picture it
// also is, and the stored bytes, drawn again from the pixels, hold none of
// the rest, so no browser can be led to run them.
func TestPrepareImagePolyglot(t *testing.T) {
	const script = "<script>alert(document.cookie)</script>"
	png64 := testutil.EncodePNG(t, testutil.Picture(64, 64, false))
	gifJS := encodeGIF(t, testutil.Picture(32, 32, false))
	gifJS = append(append([]byte("GIF89a/*"), gifJS[8:]...), []byte("*/=alert(1);"+script)...)
	tests := []struct {
		name string
		raw  []byte
	}{
		{"script after a PNG's end", append(bytes.Clone(png64), []byte(script)...)},
		{"HTML in a PNG text chunk", withPNGText(png64, script)},
		{"JPEG with HTML in a comment", withJPEGExif(testutil.EncodeJPEG(t, testutil.Picture(80, 60, false)), 1, script)},
		{"GIF that reads as JavaScript", gifJS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := media.Prepare(tt.raw)
			if errors.Is(err, media.ErrNotImage) {
				return // refused outright is as safe
			}
			isErr(t, "PrepareImage", err, nil)
			for _, b := range [][]byte{img.Data, img.Thumb} {
				if bytes.Contains(b, []byte("<script")) || bytes.Contains(b, []byte("alert(")) {
					t.Errorf("the stored %s still holds the script", img.ContentType)
				}
			}
			if img.ContentType != "image/png" && img.ContentType != "image/jpeg" {
				t.Errorf("content type %q", img.ContentType)
			}
		})
	}
}

func equal[T comparable](t testing.TB, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func isErr(t testing.TB, what string, got, want error) {
	t.Helper()
	if !errors.Is(got, want) {
		t.Fatalf("%s: error %v, want %v", what, got, want)
	}
}
