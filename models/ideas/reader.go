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

// ListReader is what a list of ideas shows a reader about them, as it
// is now: their vote counts, and which of them the reader supports.
type ListReader struct {
	Votes map[int64]int
	Voted map[int64]bool
}

// listReaderSQL reads, in one statement on every signed-in list, the
// ideas' vote counts and whether the person supports each: the person,
// then the ideas.
const listReaderSQL = `SELECT id, vote_count,
	CASE WHEN EXISTS (SELECT 1 FROM votes WHERE votes.user_id = ? AND votes.idea_id = ideas.id) THEN 1 ELSE 0 END
	FROM ideas WHERE id IN ?`

// ReaderOfList reads, in one query, the vote counts of ideas as they are
// now and which of them a person supports (userID 0: nobody): a page
// kept from a little while ago shows them live (see views.Reader).
func (s *Store) ReaderOfList(ctx context.Context, userID int64, ids []int64) (ListReader, error) {
	r := ListReader{Votes: make(map[int64]int, len(ids)), Voted: map[int64]bool{}}
	if len(ids) == 0 {
		return r, nil
	}
	rows, err := s.DB.WithContext(ctx).Raw(listReaderSQL, userID, ids).Rows()
	if err != nil {
		return r, store.MapErr("reader of list", err)
	}
	defer func() { _ = rows.Close() }() // read to the end below; its error is rows.Err's
	for rows.Next() {
		var id int64
		var votes, voted int
		if err := rows.Scan(&id, &votes, &voted); err != nil {
			return r, store.MapErr("reader of list", err)
		}
		r.Votes[id] = votes
		if voted == 1 {
			r.Voted[id] = true
		}
	}
	return r, store.MapErr("reader of list", rows.Err())
}
