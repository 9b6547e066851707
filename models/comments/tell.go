package comments

import (
	"slices"
	"strconv"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/notifications"
	"gorm.io/gorm"
)

// tellOfComment tells of a new comment: the people it mentions as a
// mention, the author of the comment it answers as a reply, then the
// idea's author and followers as a comment. Each person hears of it once,
// as the first of these that concerns them.
func tellOfComment(tx *gorm.DB, c *Comment, author *accounts.User, ideaTitle string, repliedTo int64, mentioned []int64) error {
	e := commentEvent(c, author, ideaTitle)
	if err := tellOfMentions(tx, e, mentioned); err != nil {
		return err
	}
	if repliedTo != 0 {
		e.Kind = notifications.KindReply
		if err := notifications.Send(tx, e, notifications.People(repliedTo)); err != nil {
			return err
		}
	}
	e.Kind = notifications.KindComment
	return notifications.Send(tx, e, notifications.Followers(c.IdeaID))
}

// tellOfMentions tells the people a comment mentions. An edit tells
// those it newly mentions: the comment's event key lets each person hear
// of a comment once, however often it is edited.
func tellOfMentions(tx *gorm.DB, e notifications.Event, mentioned []int64) error {
	if len(mentioned) == 0 {
		return nil
	}
	e.Kind = notifications.KindMention
	return notifications.Send(tx, e, notifications.People(mentioned...))
}

// commentEvent is the event of a comment, whatever kind it is told as.
func commentEvent(c *Comment, actor *accounts.User, ideaTitle string) notifications.Event {
	return notifications.Event{Key: "comment:" + strconv.FormatInt(c.ID, 10), IdeaID: c.IdeaID, CommentID: c.ID,
		Actor: actor, Text: ideaTitle, Quote: notifications.Excerpt(c.BodyText)}
}

// tellOfEditedComment tells the people an edit mentions, unless the
// comment or its idea is hidden. The comment's author is left out too:
// a moderator's edit is still the author's words.
func tellOfEditedComment(tx *gorm.DB, c *Comment, editor *accounts.User, mentioned []int64) error {
	mentioned = slices.DeleteFunc(mentioned, func(id int64) bool { return id == c.AuthorID })
	if len(mentioned) == 0 || c.Hidden {
		return nil
	}
	var idea ideas.Idea
	if err := tx.Select("id, title, hidden").First(&idea, c.IdeaID).Error; err != nil {
		return err
	}
	if idea.Hidden {
		return nil
	}
	return tellOfMentions(tx, commentEvent(c, editor, idea.Title), mentioned)
}
