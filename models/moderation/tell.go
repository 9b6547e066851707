package moderation

import (
	"fmt"
	"time"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/notifications"
	"gorm.io/gorm"
)

// What a moderator decided, as a notification's detail.
const (
	DecisionHidden   = "hidden"
	DecisionShown    = "shown"
	DecisionApproved = "approved"
)

// tellAuthor tells the author of an idea or comment what a moderator
// decided about it. The system's own holds (the report threshold) are no
// decision: the author hears once a moderator has looked.
func tellAuthor(tx *gorm.DB, actor *accounts.User, targetType string, id int64, decision string) error {
	if actor == nil {
		return nil
	}
	var about struct {
		AuthorID int64
		IdeaID   int64
		Text     string
	}
	var err error
	switch targetType {
	case audit.TargetIdea:
		err = tx.Table("ideas").Select("author_id, id AS idea_id, title AS text").Where("id = ?", id).Take(&about).Error
	case audit.TargetComment:
		err = tx.Table("comments").Select("comments.author_id, comments.idea_id, ideas.title AS text").
			Joins("JOIN ideas ON ideas.id = comments.idea_id").Where("comments.id = ?", id).Take(&about).Error
	}
	if err != nil {
		return err
	}
	e := notifications.Event{Kind: notifications.KindModeration, IdeaID: about.IdeaID, Actor: actor, Text: about.Text,
		Detail: targetType + ":" + decision,
		Key:    fmt.Sprintf("moderation:%s:%d:%d", targetType, id, time.Now().UnixNano())}
	if targetType == audit.TargetComment {
		e.CommentID = id
	}
	return notifications.Send(tx, e, notifications.People(about.AuthorID))
}
