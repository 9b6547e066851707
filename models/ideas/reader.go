package ideas

import (
	"context"

	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/store"
)

// IdeaReader is what an idea's page shows a signed-in reader about
// themselves: whether they support it and follow it, and how many votes
// they have left in its challenge (-1 where it has no vote budget).
type IdeaReader struct {
	Voted     bool
	Following bool
	VotesLeft int
}

// readerOfIdeaSQL reads, in one statement on every signed-in idea page,
// whether a person supports an idea, follows it, and how many votes they
// gave in its challenge: the person and the idea twice, then the person
// and the challenge.
const readerOfIdeaSQL = `SELECT
	(SELECT COUNT(*) FROM votes WHERE user_id = ? AND idea_id = ?),
	(SELECT COUNT(*) FROM follows WHERE user_id = ? AND idea_id = ?),
	(SELECT COUNT(*) FROM votes WHERE user_id = ? AND challenge_id = ?)`

// ReaderOfIdea tells, in one query, where a person stands with an idea
// of a challenge (nil when the idea is in none).
func (s *Store) ReaderOfIdea(ctx context.Context, userID, ideaID int64, c *challenges.Challenge) (IdeaReader, error) {
	r := IdeaReader{VotesLeft: -1}
	var challengeID int64
	if c != nil && c.VoteBudget > 0 {
		challengeID = c.ID
	}
	var voted, following, used int64
	err := s.DB.WithContext(ctx).Raw(readerOfIdeaSQL, userID, ideaID, userID, ideaID, userID, challengeID).Row().Scan(&voted, &following, &used)
	if err != nil {
		return r, store.MapErr("reader of idea", err)
	}
	r.Voted, r.Following = voted > 0, following > 0
	if challengeID != 0 {
		r.VotesLeft = max(0, c.VoteBudget-int(used))
	}
	return r, nil
}
