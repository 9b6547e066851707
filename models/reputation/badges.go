package reputation

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// The badges. Each rewards a contribution others valued, not volume:
// one idea published, not ten.
const (
	BadgeFirstIdea    = "first_idea"         // their first idea was published
	BadgeAccepted     = "idea_accepted"      // an idea of theirs was accepted
	BadgeImplemented  = "idea_implemented"   // an idea of theirs was implemented
	BadgeEarlySupport = "early_supporter"    // among the first supporters of an idea later implemented
	BadgeHelpful      = "helpful_discussion" // a comment of theirs that several people found helpful
	EarlySupporters   = 10                   // how many first supporters are early
	HelpfulForBadge   = 3                    // how many marks make a comment's author win BadgeHelpful
)

// Badges are every badge, in the order a profile shows them.
var Badges = []string{BadgeFirstIdea, BadgeAccepted, BadgeImplemented, BadgeEarlySupport, BadgeHelpful}

// Won is a badge a person has won, with what it is about.
type Won struct {
	Badge     string
	SubjectID int64
	IdeaID    *int64
	CommentID *int64
	CreatedAt time.Time
	// IdeaTitle is the title of the idea it is about, empty when the idea
	// is gone or not visible to all.
	IdeaTitle string
}

// award gives a badge once (per person, badge and subject) and announces
// it to its winner in the same transaction. The notification's Text is
// what the badge is about (an idea's title, or empty), its Detail the
// badge's slug (see Badges); IdeaID and CommentID point to its subject.
func award(tx *gorm.DB, userID int64, badge string, subject, ideaID, commentID int64, about string) error {
	r := tx.Exec(`INSERT INTO badges (user_id, badge, subject_id, idea_id, comment_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		userID, badge, subject, nullable(ideaID), nullable(commentID), time.Now().UTC())
	if r.Error != nil {
		return fmt.Errorf("reputation: award %s: %w", badge, r.Error)
	}
	if r.RowsAffected == 0 {
		return nil // won before
	}
	key := "badge:" + badge + ":" + strconv.FormatInt(subject, 10)
	return notifications.Send(tx, notifications.Event{Key: key, Kind: notifications.KindBadge,
		IdeaID: ideaID, CommentID: commentID, Text: about, Detail: badge}, notifications.People(userID))
}

func nullable(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// IdeaChanged brings the ledger rows about an idea up to date and awards
// the badges its state earns, in the transaction of the change: its
// publication, approval, hiding or showing, merge, or a new status.
// Badges, once won, are kept: a status taken back takes points back, not
// the recognition.
func IdeaChanged(tx *gorm.DB, ideaID int64) error {
	if err := Rebuild(tx, ideaID); err != nil {
		return err
	}
	var idea struct {
		AuthorID     int64
		Title        string
		Status       string
		Hidden       bool
		MergedIntoID *int64
	}
	if err := tx.Table("ideas").Select("author_id, title, status, hidden, merged_into_id").
		Where("id = ?", ideaID).Take(&idea).Error; err != nil {
		return fmt.Errorf("reputation: idea %d: %w", ideaID, err)
	}
	if idea.Hidden || idea.MergedIntoID != nil {
		return nil
	}
	if err := award(tx, idea.AuthorID, BadgeFirstIdea, 0, ideaID, 0, idea.Title); err != nil {
		return err
	}
	for _, s := range acceptedStatuses {
		if idea.Status == s {
			if err := award(tx, idea.AuthorID, BadgeAccepted, ideaID, ideaID, 0, idea.Title); err != nil {
				return err
			}
		}
	}
	if idea.Status != "implemented" {
		return nil
	}
	if err := award(tx, idea.AuthorID, BadgeImplemented, ideaID, ideaID, 0, idea.Title); err != nil {
		return err
	}
	var early []int64
	if err := tx.Table("votes").Where("idea_id = ? AND user_id <> ?", ideaID, idea.AuthorID).
		Order("created_at, user_id").Limit(EarlySupporters).Pluck("user_id", &early).Error; err != nil {
		return fmt.Errorf("reputation: early supporters: %w", err)
	}
	for _, u := range early {
		if err := award(tx, u, BadgeEarlySupport, ideaID, ideaID, 0, idea.Title); err != nil {
			return err
		}
	}
	return nil
}

// HelpfulCounted awards BadgeHelpful to a comment's author once enough
// people found it helpful, in the transaction of the mark that made the
// count.
func HelpfulCounted(tx *gorm.DB, commentID, authorID, ideaID int64, count int, ideaTitle string) error {
	if count < HelpfulForBadge {
		return nil
	}
	return award(tx, authorID, BadgeHelpful, commentID, ideaID, commentID, ideaTitle)
}

// wonBySQL lists a person's badges, with the title of the idea each is
// about while it is shown: false (not hidden), then the person.
const wonBySQL = `SELECT b.badge, b.subject_id, b.idea_id, b.comment_id, b.created_at,
		CASE WHEN i.hidden = ? AND i.merged_into_id IS NULL THEN i.title ELSE '' END AS idea_title
	FROM badges b LEFT JOIN ideas i ON i.id = b.idea_id
	WHERE b.user_id = ? ORDER BY b.created_at, b.badge, b.subject_id`

// WonBy lists the badges a person has won, oldest first.
func (s *Store) WonBy(ctx context.Context, userID int64) ([]Won, error) {
	var out []Won
	err := s.DB.WithContext(ctx).Raw(wonBySQL, false, userID).Scan(&out).Error
	return out, store.MapErr("badges", err)
}
