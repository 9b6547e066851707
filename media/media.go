// Package media checks the pictures people upload and re-encodes them: a
// JPEG, PNG or GIF within the limits, scaled down to a size pages show,
// upright, without any of its metadata, with a thumbnail.
package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // registers the GIF decoder with image.Decode
	"image/jpeg"
	"image/png"
	"net/http"

	"golang.org/x/image/draw"
)

// Limits on uploaded images. The pixel limit is checked on the header,
// before anything is decoded, so that a small file that claims to be huge
// (a decompression bomb) costs nothing.
const (
	MaxBytes  = 8 << 20
	MaxPixels = 40_000_000
	// MaxSide is the longest side kept: larger photos are scaled down,
	// since no page shows them bigger.
	MaxSide = 2560
	// ThumbMaxWidth is the widest a thumbnail gets; ThumbMaxHeight keeps a
	// very tall image's thumbnail small too.
	ThumbMaxWidth  = 640
	ThumbMaxHeight = 1280
	jpegQuality    = 85
)

// Errors of an upload that is not an image the site takes.
var (
	ErrNotImage      = errors.New("media: not a JPEG, PNG or GIF image")
	ErrTooLarge      = errors.New("media: image file too large")
	ErrTooManyPixels = errors.New("media: image has too many pixels")
)

// Picture is an upload checked and re-encoded, with its thumbnail.
type Picture struct {
	ContentType   string // image/jpeg or image/png
	Width, Height int
	Data, Thumb   []byte
}

// Prepare checks an upload and re-encodes it: JPEG (quality 85) for
// JPEG photos, PNG for PNG and GIF (the first frame). Re-encoding drops
// every piece of metadata (camera, place, comments); a JPEG's orientation
// tag is applied to the pixels first so that phone photos stand upright.
// It is slow on large photos: call it outside any transaction.
func Prepare(raw []byte) (*Picture, error) {
	if len(raw) > MaxBytes {
		return nil, ErrTooLarge
	}
	detected := http.DetectContentType(raw)
	switch detected {
	case "image/jpeg", "image/png", "image/gif":
	default:
		return nil, ErrNotImage
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(raw))
	if err != nil || "image/"+format != detected {
		return nil, ErrNotImage
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, ErrNotImage
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return nil, ErrTooManyPixels
	}
	src, _, err := image.Decode(bytes.NewReader(raw))
	if err != nil {
		return nil, ErrNotImage
	}
	if format == "jpeg" {
		src = orient(src, jpegOrientation(raw))
	}
	full := fit(src, MaxSide, MaxSide)
	thumb := fit(full, ThumbMaxWidth, ThumbMaxHeight)
	img := &Picture{ContentType: "image/png", Width: full.Bounds().Dx(), Height: full.Bounds().Dy()}
	if format == "jpeg" {
		img.ContentType = "image/jpeg"
	}
	if img.Data, err = encodeImage(full, img.ContentType); err != nil {
		return nil, err
	}
	if img.Thumb, err = encodeImage(thumb, img.ContentType); err != nil {
		return nil, err
	}
	return img, nil
}

// fit scales an image down, keeping its proportions, until it fits in
// maxW x maxH; a smaller image is returned as it is.
func fit(src image.Image, maxW, maxH int) image.Image {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= maxW && h <= maxH {
		return src
	}
	dw, dh := fitSize(w, h, maxW, maxH)
	dst := image.NewNRGBA(image.Rect(0, 0, dw, dh))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	return dst
}

// fitSize is the size of a w x h picture scaled down, keeping its
// proportions, to fit in maxW x maxH; a smaller one keeps its size.
func fitSize(w, h, maxW, maxH int) (int, int) {
	if w <= maxW && h <= maxH {
		return w, h
	}
	scale := min(float64(maxW)/float64(w), float64(maxH)/float64(h))
	return max(1, int(float64(w)*scale+0.5)), max(1, int(float64(h)*scale+0.5))
}

// ThumbSize is the size of the thumbnail Prepare makes of a picture
// of w x h pixels (once scaled to MaxSide), for pages that show it
// before it loads.
func ThumbSize(w, h int) (int, int) { return fitSize(w, h, ThumbMaxWidth, ThumbMaxHeight) }

func encodeImage(img image.Image, contentType string) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	if contentType == "image/jpeg" {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: jpegQuality})
	} else {
		err = png.Encode(&buf, img)
	}
	if err != nil {
		return nil, fmt.Errorf("media: encode image: %w", err)
	}
	return buf.Bytes(), nil
}

// jpegOrientation reads the Exif orientation (1 to 8) of a JPEG, or 1 when
// it has none. Only the segments before the image data are looked at.
func jpegOrientation(raw []byte) int {
	if len(raw) < 4 || raw[0] != 0xFF || raw[1] != 0xD8 {
		return 1
	}
	for i := 2; i+4 <= len(raw); {
		if raw[i] != 0xFF {
			return 1
		}
		marker := raw[i+1]
		if marker == 0xDA || marker == 0xD9 { // start of scan, end of image
			return 1
		}
		size := int(binary.BigEndian.Uint16(raw[i+2:]))
		if size < 2 || i+2+size > len(raw) {
			return 1
		}
		seg := raw[i+4 : i+2+size]
		if marker == 0xE1 && len(seg) > 6 && string(seg[:6]) == "Exif\x00\x00" {
			return exifOrientation(seg[6:])
		}
		i += 2 + size
	}
	return 1
}

// exifOrientation finds tag 0x0112 in the first IFD of a TIFF block.
func exifOrientation(tiff []byte) int {
	if len(tiff) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 1
	}
	ifd := int(order.Uint32(tiff[4:]))
	if ifd < 8 || ifd+2 > len(tiff) {
		return 1
	}
	n := int(order.Uint16(tiff[ifd:]))
	for k := 0; k < n; k++ {
		e := ifd + 2 + 12*k
		if e+12 > len(tiff) {
			return 1
		}
		if order.Uint16(tiff[e:]) == 0x0112 && order.Uint16(tiff[e+2:]) == 3 {
			if o := int(order.Uint16(tiff[e+8:])); o >= 1 && o <= 8 {
				return o
			}
			return 1
		}
	}
	return 1
}

// orient turns and flips an image as its Exif orientation says, so that
// it looks right once the tag is gone.
func orient(src image.Image, o int) image.Image {
	if o < 2 || o > 8 {
		return src
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	in := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.Draw(in, in.Bounds(), src, b.Min, draw.Src)
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	out := image.NewNRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var dx, dy int
			switch o {
			case 2: // mirrored
				dx, dy = w-1-x, y
			case 3: // upside down
				dx, dy = w-1-x, h-1-y
			case 4: // upside down, mirrored
				dx, dy = x, h-1-y
			case 5: // transposed
				dx, dy = y, x
			case 6: // turned a quarter to the left: turn it right
				dx, dy = h-1-y, x
			case 7: // transversed
				dx, dy = h-1-y, w-1-x
			case 8: // turned a quarter to the right: turn it left
				dx, dy = y, w-1-x
			}
			copy(out.Pix[out.PixOffset(dx, dy):][:4], in.Pix[in.PixOffset(x, y):][:4])
		}
	}
	return out
}
