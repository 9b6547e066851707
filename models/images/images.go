package images

import (
	"context"
	"time"

	"github.com/ideario/ideario/media"
	"github.com/ideario/ideario/models/store"
)

// Image is an uploaded picture, re-encoded, with its thumbnail. Both are
// kept in the database so that every instance of the site can serve them.
type Image struct {
	ID          int64
	OwnerID     *int64
	ContentType string
	Width       int
	Height      int
	Data        []byte
	Thumb       []byte
	CreatedAt   time.Time
}

// ImageFile is one stored picture, the full image or its thumbnail, as it
// is served. Public tells that everyone may see it (a challenge's cover,
// a picture of a visible idea), so that shared caches may keep it.
type ImageFile struct {
	ID          int64
	ContentType string
	CreatedAt   time.Time
	Data        []byte
	Public      bool
}

// ImageOf is the image to store of a picture media.Prepare made.
func ImageOf(p *media.Picture) *Image {
	return &Image{ContentType: p.ContentType, Width: p.Width, Height: p.Height, Data: p.Data, Thumb: p.Thumb}
}

// SaveImage stores a prepared image for its owner.
func (s *Store) SaveImage(ctx context.Context, ownerID int64, img *Image) error {
	img.OwnerID = &ownerID
	img.CreatedAt = time.Now().UTC()
	return store.MapErr("save image", s.Writes(ctx, store.Unseen).Create(img).Error)
}

// ImageFile reads a stored image, or its thumbnail, without the other.
func (s *Store) ImageFile(ctx context.Context, id int64, thumb bool) (*ImageFile, error) {
	column := "data"
	if thumb {
		column = "thumb"
	}
	var f ImageFile
	err := s.DB.WithContext(ctx).Table("images").Select("id, content_type, created_at, "+column+" AS data").
		Where("id = ?", id).Take(&f).Error
	return &f, store.MapErr("image", err)
}
