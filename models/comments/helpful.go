package comments

import (
	"context"
	"time"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/reputation"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ErrOwnComment refuses a "helpful" mark on one's own comment.
var ErrOwnComment = store.Refusal("your own comment")

// Helpful is the state of a comment's "helpful" mark after a toggle.
type Helpful struct {
	Marked bool // the person now marks it helpful
	Count  int  // how many people do
	IdeaID int64
}

// ToggleHelpful marks a visible comment as helpful for the person, or
// takes their mark back: one mark per person and comment, never on one's
// own. The comment's count, its author's points and, at the count that
// wins it, their badge change in the same transaction.
func (s *Store) ToggleHelpful(ctx context.Context, by *accounts.User, commentID int64) (Helpful, error) {
	var h Helpful
	err := s.Tx(ctx, store.Comments, func(tx *gorm.DB) error {
		// Locking the comment's row queues marks on it, so its count
		// cannot miss one.
		var c Comment
		if err := tx.Clauses(store.RowLock).Select("id, idea_id, author_id, hidden, deleted, helpful_count").
			First(&c, commentID).Error; err != nil {
			return err
		}
		var idea struct {
			Title        string
			Hidden       bool
			MergedIntoID *int64
		}
		if err := tx.Table("ideas").Select("title, hidden, merged_into_id").Where("id = ?", c.IdeaID).Take(&idea).Error; err != nil {
			return err
		}
		if c.Hidden || c.Deleted || idea.Hidden || idea.MergedIntoID != nil {
			return store.ErrNotFound
		}
		if c.AuthorID == by.ID {
			return ErrOwnComment
		}
		h.IdeaID = c.IdeaID
		now := time.Now().UTC()
		mark := tx.Table("comment_helpful").Clauses(clause.OnConflict{DoNothing: true}).
			Create(map[string]any{"comment_id": commentID, "user_id": by.ID, "created_at": now})
		if mark.Error != nil {
			return mark.Error
		}
		h.Marked = mark.RowsAffected == 1
		delta := 1
		if !h.Marked {
			delta = -1
			if err := tx.Exec("DELETE FROM comment_helpful WHERE comment_id = ? AND user_id = ?", commentID, by.ID).Error; err != nil {
				return err
			}
		}
		h.Count = c.HelpfulCount + delta
		if err := tx.Model(&Comment{}).Where("id = ?", commentID).
			UpdateColumn("helpful_count", gorm.Expr("helpful_count + ?", delta)).Error; err != nil {
			return err
		}
		if !h.Marked {
			return reputation.Unhelpful(tx, commentID, by.ID)
		}
		if err := reputation.Helpful(tx, commentID, by.ID, now); err != nil {
			return err
		}
		return reputation.HelpfulCounted(tx, commentID, c.AuthorID, c.IdeaID, h.Count, idea.Title)
	})
	return h, store.MapErr("helpful", err)
}

// HelpfulMarks tells which of the given comments the person marked helpful.
func (s *Store) HelpfulMarks(ctx context.Context, userID int64, commentIDs []int64) (map[int64]bool, error) {
	marked := make(map[int64]bool, len(commentIDs))
	if userID == 0 || len(commentIDs) == 0 {
		return marked, nil
	}
	var ids []int64
	err := s.DB.WithContext(ctx).Table("comment_helpful").Where("user_id = ? AND comment_id IN ?", userID, commentIDs).
		Pluck("comment_id", &ids).Error
	for _, id := range ids {
		marked[id] = true
	}
	return marked, store.MapErr("helpful marks", err)
}
