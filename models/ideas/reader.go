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
	Votes     int // the idea's vote count, as it is now
}

// readerOfIdeaSQL reads, in one statement on every signed-in idea page,
// whether a person supports an idea, follows it, how many votes they
// gave in its challenge, and the idea's vote count now: the person and
// the idea twice, the person and the challenge, then the idea.
const readerOfIdeaSQL = `SELECT
	(SELECT COUNT(*) FROM votes WHERE user_id = ? AND idea_id = ?),
	(SELECT COUNT(*) FROM follows WHERE user_id = ? AND idea_id = ?),
	(SELECT COUNT(*) FROM votes WHERE user_id = ? AND challenge_id = ?),
	(SELECT vote_count FROM ideas WHERE id = ?)`

// ReaderOfIdea tells, in one query, where a person stands with an idea
// of a challenge (nil when the idea is in none).
func (s *Store) ReaderOfIdea(ctx context.Context, userID, ideaID int64, c *challenges.Challenge) (IdeaReader, error) {
	r := IdeaReader{VotesLeft: -1}
	var challengeID int64
	if c != nil && c.VoteBudget > 0 {
		challengeID = c.ID
	}
	var voted, following, used, votes int64
	err := s.DB.WithContext(ctx).Raw(readerOfIdeaSQL, userID, ideaID, userID, ideaID, userID, challengeID, ideaID).
		Row().Scan(&voted, &following, &used, &votes)
	if err != nil {
		return r, store.MapErr("reader of idea", err)
	}
	r.Voted, r.Following, r.Votes = voted > 0, following > 0, int(votes)
	if challengeID != 0 {
		r.VotesLeft = max(0, c.VoteBudget-int(used))
	}
	return r, nil
}

// VoteCounts reads the vote counts of ideas as they are now, by id: a
// page kept from a little while ago shows them live (see views.Reader).
func (s *Store) VoteCounts(ctx context.Context, ids []int64) (map[int64]int, error) {
	counts := make(map[int64]int, len(ids))
	if len(ids) == 0 {
		return counts, nil
	}
	var rows []struct {
		ID        int64
		VoteCount int
	}
	err := s.DB.WithContext(ctx).Model(&Idea{}).Select("id, vote_count").Where("id IN ?", ids).Scan(&rows).Error
	for _, r := range rows {
		counts[r.ID] = r.VoteCount
	}
	return counts, store.MapErr("vote counts", err)
}
