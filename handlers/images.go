package handlers

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"

	"github.com/ideario/ideario/models"
	"github.com/labstack/echo/v4"
)

// Image serves an uploaded image.
func (h *Handler) Image(c echo.Context) error { return h.serveImage(c, false) }

// ImageThumb serves an uploaded image's thumbnail.
func (h *Handler) ImageThumb(c echo.Context) error { return h.serveImage(c, true) }

// serveImage answers with the stored bytes. An image never changes once
// stored (a new upload gets a new id), so browsers and proxies may keep it
// for a year; the ETag, a hash of the bytes, lets them check cheaply.
func (h *Handler) serveImage(c echo.Context, thumb bool) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	f, err := h.Store.ImageFile(c.Request().Context(), id, thumb)
	if err != nil {
		return httpError(err)
	}
	sum := sha256.Sum256(f.Data)
	hdr := c.Response().Header()
	hdr.Set(echo.HeaderContentType, f.ContentType)
	hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
	hdr.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	// ServeContent answers If-None-Match with 304 and serves ranges.
	http.ServeContent(c.Response(), c.Request(), "", f.CreatedAt, bytes.NewReader(f.Data))
	return nil
}

// upload reads an optional file field of a multipart form, refusing files
// over models.ImageMaxBytes without reading them whole. No file is nil.
func upload(c echo.Context, field string) ([]byte, error) {
	fh, err := c.FormFile(field)
	switch {
	case errors.Is(err, http.ErrMissingFile), errors.Is(err, http.ErrNotMultipart):
		return nil, nil
	case err != nil:
		return nil, err
	case fh.Size > models.ImageMaxBytes:
		return nil, models.ErrImageBytes
	}
	file, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer file.Close()
	raw, err := io.ReadAll(io.LimitReader(file, models.ImageMaxBytes+1))
	switch {
	case err != nil:
		return nil, err
	case len(raw) > models.ImageMaxBytes:
		return nil, models.ErrImageBytes
	case len(raw) == 0:
		return nil, models.ErrNotImage
	}
	return raw, nil
}

// imageProblem puts the message for a refused upload next to the field.
func imageProblem(v *validator, field string, err error) {
	switch {
	case errors.Is(err, models.ErrImageBytes):
		v.add(field, "The image is larger than %d MB: please choose a smaller one.", models.ImageMaxBytes>>20)
	case errors.Is(err, models.ErrImagePixels):
		v.add(field, "The image is larger than %d megapixels: please choose a smaller one.", models.ImageMaxPixels/1_000_000)
	case errors.Is(err, models.ErrNotImage):
		v.add(field, "Please choose a JPEG, PNG or GIF image.")
	default:
		v.add(field, "The file could not be read: please try again.")
	}
}
