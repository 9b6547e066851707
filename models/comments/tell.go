package comments

import (
	"strconv"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/notifications"
	"gorm.io/gorm"
)

// excerptRunes is how much of a comment a notification quotes.
const excerptRunes = 160

// tellOfComment tells of a new comment: the author of the comment it
// answers as a reply, then the idea's author and followers as a comment.
// Each person hears of it once, as the first of these that concerns them.
func tellOfComment(tx *gorm.DB, c *Comment, author *accounts.User, ideaTitle string, repliedTo int64) error {
	e := notifications.Event{Key: "comment:" + strconv.FormatInt(c.ID, 10), IdeaID: c.IdeaID, CommentID: c.ID,
		Actor: author, Text: ideaTitle, Detail: excerpt(c.BodyText)}
	if repliedTo != 0 {
		e.Kind = notifications.KindReply
		if err := notifications.Send(tx, e, notifications.People(repliedTo)); err != nil {
			return err
		}
	}
	e.Kind = notifications.KindComment
	return notifications.Send(tx, e, notifications.Followers(c.IdeaID))
}

func excerpt(text string) string {
	r := []rune(text)
	if len(r) <= excerptRunes {
		return text
	}
	return string(r[:excerptRunes-1]) + "…"
}
