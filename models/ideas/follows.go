package ideas

import (
	"context"
	"errors"
	"time"

	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

type followRow struct {
	UserID    int64
	IdeaID    int64
	CreatedAt time.Time
}

func (followRow) TableName() string { return "follows" }

// follow makes a person follow an idea inside a transaction, keeping the
// idea's follower count exact.
func FollowIn(tx *gorm.DB, userID, ideaID int64) error {
	r := tx.Clauses(clause.OnConflict{DoNothing: true}).
		Create(&followRow{UserID: userID, IdeaID: ideaID, CreatedAt: time.Now().UTC()})
	if r.Error != nil || r.RowsAffected == 0 {
		return r.Error
	}
	return tx.Model(&Idea{}).Where("id = ?", ideaID).UpdateColumn("follower_count", gorm.Expr("follower_count + 1")).Error
}

// Follow subscribes a person to an idea's news; following twice is harmless.
func (s *Store) Follow(ctx context.Context, userID, ideaID int64) error {
	return store.MapErr("follow", s.Tx(ctx, store.Ideas, func(tx *gorm.DB) error {
		idea, err := Lock(tx, ideaID, "id, hidden")
		if err != nil {
			return err
		}
		if idea.Hidden {
			return store.ErrNotFound
		}
		return FollowIn(tx, userID, ideaID)
	}))
}

// Unfollow ends a subscription; unfollowing twice is harmless.
func (s *Store) Unfollow(ctx context.Context, userID, ideaID int64) error {
	return store.MapErr("unfollow", s.Tx(ctx, store.Ideas, func(tx *gorm.DB) error {
		if _, err := Lock(tx, ideaID, "id"); errors.Is(err, gorm.ErrRecordNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		r := tx.Exec("DELETE FROM follows WHERE user_id = ? AND idea_id = ?", userID, ideaID)
		if r.Error != nil || r.RowsAffected == 0 {
			return r.Error
		}
		return tx.Model(&Idea{}).Where("id = ?", ideaID).UpdateColumn("follower_count", gorm.Expr("follower_count - 1")).Error
	}))
}

// Follows tells whether a person follows an idea.
func (s *Store) Follows(ctx context.Context, userID, ideaID int64) (bool, error) {
	var n int64
	err := s.DB.WithContext(ctx).Table("follows").Where("user_id = ? AND idea_id = ?", userID, ideaID).Count(&n).Error
	return n > 0, store.MapErr("follows", err)
}
