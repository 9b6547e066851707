package ideas

import (
	"context"
	"errors"
	"time"

	"github.com/ideario/ideario/media"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/images"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// IdeaImagesMax is how many pictures an idea shows at most: enough to
// show a sketch, a prototype and where it goes, few enough that the page
// stays light on a phone.
const IdeaImagesMax = 4

// ErrTooManyImages means that an idea would have more than IdeaImagesMax
// pictures.
var ErrTooManyImages = errors.New("models: too many images for one idea")

// IdeaImage is one of an idea's pictures, as its page shows it: the bytes
// are served by id (ImageFileFor).
type IdeaImage struct {
	ID       int64
	Width    int
	Height   int
	Position int
}

// ThumbWidth is the width of the picture's thumbnail.
func (i IdeaImage) ThumbWidth() int { w, _ := media.ThumbSize(i.Width, i.Height); return w }

// ThumbHeight is the height of the picture's thumbnail.
func (i IdeaImage) ThumbHeight() int { _, h := media.ThumbSize(i.Width, i.Height); return h }

// IdeaImages lists an idea's pictures in the order they were added,
// without their bytes. Callers check that the reader may see the idea.
func (s *Store) IdeaImages(ctx context.Context, ideaID int64) ([]IdeaImage, error) {
	var imgs []IdeaImage
	err := s.DB.WithContext(ctx).Table("idea_images ii").
		Select("i.id, i.width, i.height, ii.position").
		Joins("JOIN images i ON i.id = ii.image_id").
		Where("ii.idea_id = ?", ideaID).Order("ii.position, i.id").Scan(&imgs).Error
	return imgs, store.MapErr("idea images", err)
}

// setIdeaImages takes the pictures listed in remove off an idea (others
// are left alone, whoever's they are) and deletes them, then stores the
// prepared pictures in add after the ones it keeps. It runs in the
// transaction that writes the idea, after the idea's row (which an edit
// has locked, so that two edits cannot both pass the limit).
func setIdeaImages(tx *gorm.DB, ownerID, ideaID int64, add []*images.Image, remove []int64) error {
	if len(remove) > 0 {
		var gone []int64
		if err := tx.Raw("SELECT image_id FROM idea_images WHERE idea_id = ? AND image_id IN ?", ideaID, remove).
			Scan(&gone).Error; err != nil {
			return err
		}
		if len(gone) > 0 {
			if err := tx.Exec("DELETE FROM idea_images WHERE idea_id = ? AND image_id IN ?", ideaID, gone).Error; err != nil {
				return err
			}
			if err := deleteOrphanImages(tx, gone); err != nil {
				return err
			}
		}
	}
	if len(add) == 0 {
		return nil
	}
	var kept struct {
		N    int64
		Last int
	}
	if err := tx.Raw("SELECT COUNT(*) AS n, COALESCE(MAX(position), -1) AS last FROM idea_images WHERE idea_id = ?", ideaID).
		Scan(&kept).Error; err != nil {
		return err
	}
	if int(kept.N)+len(add) > IdeaImagesMax {
		return ErrTooManyImages
	}
	now := time.Now().UTC()
	for i, img := range add {
		img.ID, img.OwnerID, img.CreatedAt = 0, &ownerID, now
		if err := tx.Create(img).Error; err != nil {
			return err
		}
		if err := tx.Exec("INSERT INTO idea_images (idea_id, image_id, position) VALUES (?, ?, ?)",
			ideaID, img.ID, kept.Last+1+i).Error; err != nil {
			return err
		}
	}
	return nil
}

// deleteOrphanImagesSQL deletes those of the listed images that no idea
// and no challenge shows.
const deleteOrphanImagesSQL = `DELETE FROM images WHERE id IN ?
	AND NOT EXISTS (SELECT 1 FROM idea_images ii WHERE ii.image_id = images.id)
	AND NOT EXISTS (SELECT 1 FROM challenges c WHERE c.cover_image_id = images.id)`

// deleteOrphanImages deletes those of the images that nothing shows any
// more: no idea and no challenge.
func deleteOrphanImages(tx *gorm.DB, ids []int64) error {
	return tx.Exec(deleteOrphanImagesSQL, ids).Error
}

// ImageFileFor reads a stored image, or its thumbnail, for a reader (nil
// for a visitor). A challenge's cover is everyone's; an idea's picture is
// for whoever may see the idea (as Idea.VisibleTo says); an image that
// nothing shows is nobody's. What the reader may not see is ErrNotFound,
// as if it did not exist.
func (s *Store) ImageFileFor(ctx context.Context, id int64, thumb bool, reader *accounts.User) (*images.ImageFile, error) {
	column := "data"
	if thumb {
		column = "thumb"
	}
	const cover = "EXISTS (SELECT 1 FROM challenges c WHERE c.cover_image_id = images.id)"
	const ofIdea = "EXISTS (SELECT 1 FROM idea_images ii JOIN ideas i ON i.id = ii.idea_id WHERE ii.image_id = images.id AND "
	seen, args := "i.hidden = ?", []any{false}
	switch {
	case reader.IsModerator():
		seen, args = "1 = 1", nil
	case reader != nil:
		seen, args = "(i.hidden = ? OR i.author_id = ?)", []any{false, reader.ID}
	}
	var f images.ImageFile
	err := s.DB.WithContext(ctx).Table("images").
		Select("id, content_type, created_at, "+column+" AS data, CASE WHEN "+cover+" OR "+ofIdea+"i.hidden = ?) THEN 1 ELSE 0 END AS public", false).
		Where("id = ?", id).
		Where("("+cover+" OR "+ofIdea+seen+"))", args...).
		Take(&f).Error
	return &f, store.MapErr("image", err)
}
