package ideas

import (
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/models/reputation"
	"gorm.io/gorm"
)

// countOrHold counts a new idea in its challenge and its author's
// reputation, or, when it waits for approval, tells the moderators; and its author follows its challenge,
// to hear of the challenge's top ideas in their digest.
func countOrHold(tx *gorm.DB, idea *Idea, authorID int64) error {
	if idea.Pending {
		if err := notifications.TellStaff(tx, &accounts.User{ID: authorID}, notifications.QueueHeld); err != nil {
			return err
		}
	} else {
		if err := challenges.CountInChallenge(tx, idea.ChallengeID, 1); err != nil {
			return err
		}
		// A held idea earns its points when a moderator approves it.
		if err := reputation.IdeaChanged(tx, idea.ID); err != nil {
			return err
		}
	}
	if idea.ChallengeID == nil {
		return nil
	}
	return challenges.FollowIn(tx, authorID, *idea.ChallengeID)
}
