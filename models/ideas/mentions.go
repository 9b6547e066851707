package ideas

import (
	"slices"
	"strconv"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/notifications"
	"gorm.io/gorm"
)

// renderMentions renders the idea's body with its @mentions linked, and
// answers the people it mentions.
func (i *Idea) renderMentions(tx *gorm.DB) ([]int64, error) {
	html, mentioned, err := accounts.RenderMentions(tx, i.Body)
	if err != nil {
		return nil, err
	}
	i.BodyHTML = html
	return mentioned, nil
}

// tellOfMentions tells the people an idea mentions, by actor (its author,
// or a moderator who edited it), unless the idea is hidden or waits for
// approval: nobody may read it yet. The event is the idea's, so that a
// person hears of their mention once however often it is edited; the
// idea's author never hears of it, whoever edited it.
func tellOfMentions(tx *gorm.DB, idea *Idea, actorID int64, mentioned []int64) error {
	mentioned = slices.DeleteFunc(mentioned, func(id int64) bool { return id == idea.AuthorID })
	if len(mentioned) == 0 || idea.Hidden || idea.Pending {
		return nil
	}
	var actor accounts.User
	if err := tx.Select("id, name").First(&actor, actorID).Error; err != nil {
		return err
	}
	return notifications.Send(tx, notifications.Event{Key: "idea:" + strconv.FormatInt(idea.ID, 10),
		Kind: notifications.KindMention, IdeaID: idea.ID, Actor: &actor, Text: idea.Title,
		Quote: notifications.Excerpt(idea.BodyText)}, notifications.People(mentioned...))
}

// TellOfMentionsOnApproval tells the people an idea mentions once a
// moderator has published it: while it waited for approval nobody could
// read it, so nobody was told. The mention is its author's.
func TellOfMentionsOnApproval(tx *gorm.DB, ideaID int64) error {
	var idea Idea
	if err := tx.Select("id, title, body, body_text, author_id, hidden, pending").First(&idea, ideaID).Error; err != nil {
		return err
	}
	_, mentioned, err := accounts.RenderMentions(tx, idea.Body)
	if err != nil {
		return err
	}
	return tellOfMentions(tx, &idea, idea.AuthorID, mentioned)
}
