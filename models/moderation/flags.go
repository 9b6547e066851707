package moderation

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/models/site"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// FlagReasons are the reasons a person can give when reporting an item.
var FlagReasons = []string{"spam", "offensive", "off_topic", "duplicate", "other"}

// Flag resolutions.
const (
	ResolvedHidden    = "hidden"
	ResolvedDismissed = "dismissed"
	ResolvedKept      = "kept"
)

// FlagRecord is a person's report of an idea or a comment.
type FlagRecord struct {
	ID         int64
	UserID     int64
	TargetType string
	TargetID   int64
	Reason     string
	Note       string
	CreatedAt  time.Time
	ResolvedAt *time.Time
	ResolvedBy *int64
	Resolution string

	UserName string `gorm:"->;-:migration"`
}

// TableName is the flags table.
func (FlagRecord) TableName() string { return "flags" }

// ErrOwnContent means a person tried to flag what they wrote.
var ErrOwnContent = errors.New("you cannot report what you wrote")

// Flag records a report. Each person reports an item once (ErrDuplicate
// the second time). When as many distinct people as the site's threshold
// have open reports on a visible item, it is hidden at once, pending a
// moderator's review; hidden tells whether that happened now.
func (s *Store) Flag(ctx context.Context, by *accounts.User, targetType string, targetID int64, reason, note string) (hidden bool, err error) {
	if !slices.Contains(FlagReasons, reason) || (targetType != audit.TargetIdea && targetType != audit.TargetComment) {
		return false, store.ErrForbidden
	}
	settings, err := site.Of(s.Store).Settings(ctx)
	if err != nil {
		return false, err
	}
	err = s.Tx(ctx, store.Ideas|store.Comments, func(tx *gorm.DB) error {
		author, isHidden, err := targetState(tx, targetType, targetID)
		if err != nil {
			return err
		}
		if isHidden {
			return store.ErrNotFound
		}
		if author == by.ID {
			return ErrOwnContent
		}
		f := FlagRecord{UserID: by.ID, TargetType: targetType, TargetID: targetID, Reason: reason, Note: note,
			CreatedAt: time.Now().UTC()}
		r := tx.Omit("UserName").Clauses(clause.OnConflict{DoNothing: true}).Create(&f)
		if r.Error != nil {
			return r.Error
		}
		if r.RowsAffected == 0 {
			return store.ErrDuplicate
		}
		if err := notifications.TellStaff(tx, by, notifications.QueueReports); err != nil {
			return err
		}
		var open int64
		if err := tx.Model(&FlagRecord{}).Where("target_type = ? AND target_id = ? AND resolved_at IS NULL",
			targetType, targetID).Count(&open).Error; err != nil {
			return err
		}
		if open < int64(settings.FlagThreshold) {
			return nil
		}
		hidden = true
		return setHidden(tx, nil, targetType, targetID, true, ideas.HiddenFlagged, "")
	})
	return hidden, store.MapErr("flag", err)
}

// targetState gives the author of an idea or comment and whether it is hidden.
func targetState(tx *gorm.DB, targetType string, id int64) (author int64, hidden bool, err error) {
	var row struct {
		AuthorID int64
		Hidden   bool
	}
	table := map[string]string{audit.TargetIdea: "ideas", audit.TargetComment: "comments"}[targetType]
	if table == "" {
		return 0, false, store.ErrNotFound
	}
	q := tx.Table(table).Select("author_id, hidden").Where("id = ?", id)
	if targetType == audit.TargetComment {
		q = q.Where("deleted = ?", false)
	}
	if err := q.Take(&row).Error; err != nil {
		return 0, false, err
	}
	return row.AuthorID, row.Hidden, nil
}

// IdeaFlags is what an idea's page shows of flags (readers' reports): the
// open ones on the idea and on its comments (for moderators), and what the
// viewer has flagged already.
type IdeaFlags struct {
	Idea         []FlagRecord
	Comments     map[int64][]FlagRecord
	MineIdea     bool
	MineComments map[int64]bool
}

// FlagsOnIdea gathers the flags an idea's page shows to viewer: a
// visitor needs none, a contributor their own, a moderator the open ones.
func (s *Store) FlagsOnIdea(ctx context.Context, ideaID int64, viewer *accounts.User) (*IdeaFlags, error) {
	r := &IdeaFlags{Comments: map[int64][]FlagRecord{}, MineComments: map[int64]bool{}}
	if viewer == nil {
		return r, nil
	}
	db := s.DB.WithContext(ctx)
	onIdea := db.Where("flags.target_type = ? AND flags.target_id = ?", audit.TargetIdea, ideaID).
		Or("flags.target_type = ? AND flags.target_id IN (?)", audit.TargetComment,
			db.Table("comments").Select("id").Where("idea_id = ?", ideaID))
	// Every signed-in reader's idea page asks this: a plain query, without
	// GORM's statement building.
	rows, err := db.Raw(`SELECT target_type, target_id FROM flags WHERE user_id = ?
		AND ((target_type = ? AND target_id = ?) OR (target_type = ? AND target_id IN (SELECT id FROM comments WHERE idea_id = ?)))`,
		viewer.ID, audit.TargetIdea, ideaID, audit.TargetComment, ideaID).Rows()
	if err != nil {
		return nil, store.MapErr("reports on idea", err)
	}
	defer rows.Close()
	for rows.Next() {
		var f FlagRecord
		if err := rows.Scan(&f.TargetType, &f.TargetID); err != nil {
			return nil, store.MapErr("reports on idea", err)
		}
		if f.TargetType == audit.TargetIdea {
			r.MineIdea = true
		} else {
			r.MineComments[f.TargetID] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, store.MapErr("reports on idea", err)
	}
	if !viewer.IsModerator() {
		return r, nil
	}
	var open []FlagRecord
	if err := db.Table("flags").Select("flags.*, users.name AS user_name").
		Joins("JOIN users ON users.id = flags.user_id").
		Where("flags.resolved_at IS NULL").Where(onIdea).Order("flags.created_at").Scan(&open).Error; err != nil {
		return nil, store.MapErr("reports on idea", err)
	}
	for _, f := range open {
		if f.TargetType == audit.TargetIdea {
			r.Idea = append(r.Idea, f)
		} else {
			r.Comments[f.TargetID] = append(r.Comments[f.TargetID], f)
		}
	}
	return r, nil
}
