package handlers

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ideario/ideario/media"
	"github.com/labstack/echo/v4"
)

// Image serves an uploaded image.
func (h *Handler) Image(c echo.Context) error { return h.serveImage(c, false) }

// ImageThumb serves an uploaded image's thumbnail.
func (h *Handler) ImageThumb(c echo.Context) error { return h.serveImage(c, true) }

// serveImage answers with the stored bytes, to a reader who may see
// what shows the image (ImageFileFor); anyone else gets 404. An image
// never changes once stored (a new upload gets a new id), so browsers and
// proxies may keep a public one for a year; the ETag, a hash of the bytes,
// lets them check cheaply.
func (h *Handler) serveImage(c echo.Context, thumb bool) error {
	id, err := PathID(c, "id")
	if err != nil {
		return err
	}
	f, err := h.Store.Ideas.ImageFileFor(c.Request().Context(), id, thumb, CurrentUser(c))
	if err != nil {
		return HTTPError(err)
	}
	sum := sha256.Sum256(f.Data)
	hdr := c.Response().Header()
	hdr.Set(echo.HeaderContentType, f.ContentType)
	hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
	if !f.Public {
		// a hidden or pending idea's picture: no shared cache keeps it,
		// and the browser asks again, so that access is checked each time
		hdr.Set("Cache-Control", "private, no-cache")
	}
	hdr.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	// ServeContent answers If-None-Match with 304 and serves ranges.
	http.ServeContent(c.Response(), c.Request(), "", f.CreatedAt, bytes.NewReader(f.Data))
	return nil
}

// Upload reads an optional file field of a multipart form, refusing files
// over media.MaxBytes without reading them whole. No file is nil.
func Upload(c echo.Context, field string) ([]byte, error) {
	fh, err := c.FormFile(field)
	switch {
	case errors.Is(err, http.ErrMissingFile), errors.Is(err, http.ErrNotMultipart):
		return nil, nil
	case err != nil:
		return nil, err
	}
	return readUpload(fh)
}

// readUpload reads one uploaded file, refusing one over
// media.MaxBytes without reading it whole.
func readUpload(fh *multipart.FileHeader) ([]byte, error) {
	if fh.Size > media.MaxBytes {
		return nil, media.ErrTooLarge
	}
	file, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer func() { _ = file.Close() }() // an upload read into memory: closing loses nothing
	raw, err := io.ReadAll(io.LimitReader(file, media.MaxBytes+1))
	switch {
	case err != nil:
		return nil, err
	case len(raw) > media.MaxBytes:
		return nil, media.ErrTooLarge
	case len(raw) == 0:
		return nil, media.ErrNotImage
	}
	return raw, nil
}

// namedUpload is one of the files sent in a field that takes several:
// its name as the person's computer calls it, and its bytes or why they
// could not be read.
type namedUpload struct {
	name string
	raw  []byte
	err  error
}

// uploads reads every file of a multipart form's field, in the order
// sent; none for a form that is not multipart or has no file there.
func uploads(c echo.Context, field string) ([]namedUpload, error) {
	mf, err := c.MultipartForm()
	switch {
	case errors.Is(err, http.ErrNotMultipart):
		return nil, nil
	case err != nil:
		return nil, err
	}
	var files []namedUpload
	for i, fh := range mf.File[field] {
		raw, err := readUpload(fh)
		files = append(files, namedUpload{name: uploadName(c, fh.Filename, i), raw: raw, err: err})
	}
	return files, nil
}

// uploadName makes a file's name fit to show: its last part, without
// control characters, at most 60 characters; "Image N" when nothing is left.
func uploadName(c echo.Context, name string, i int) string {
	if j := strings.LastIndexAny(name, `/\`); j >= 0 {
		name = name[j+1:]
	}
	name = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, "")))
	if r := []rune(name); len(r) > 60 {
		name = string(r[:59]) + "…"
	}
	if name == "" {
		return T(c, "Image %d", i+1)
	}
	return name
}

// ImageProblem puts the message for a refused upload next to the field.
func ImageProblem(v *Validator, field string, err error) {
	v.Add(field, "%s", imageMessage(v.c, "", err))
}

// imageMessage says why an upload was refused, naming the file when name
// is not empty (for a field that takes several files).
func imageMessage(c echo.Context, name string, err error) string {
	mb, mp := media.MaxBytes>>20, media.MaxPixels/1_000_000
	switch {
	case errors.Is(err, media.ErrTooLarge) && name != "":
		return T(c, "%s is larger than %d MB: please choose a smaller image.", name, mb)
	case errors.Is(err, media.ErrTooLarge):
		return T(c, "The image is larger than %d MB: please choose a smaller one.", mb)
	case errors.Is(err, media.ErrTooManyPixels) && name != "":
		return T(c, "%s is larger than %d megapixels: please choose a smaller image.", name, mp)
	case errors.Is(err, media.ErrTooManyPixels):
		return T(c, "The image is larger than %d megapixels: please choose a smaller one.", mp)
	case errors.Is(err, media.ErrNotImage) && name != "":
		return T(c, "%s: please choose a JPEG, PNG or GIF image.", name)
	case errors.Is(err, media.ErrNotImage):
		return T(c, "Please choose a JPEG, PNG or GIF image.")
	case name != "":
		return T(c, "%s could not be read: please try again.", name)
	}
	return T(c, "The file could not be read: please try again.")
}
