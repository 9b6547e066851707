package models

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// VoteResult is the state after a vote or an unvote.
type VoteResult struct {
	Voted bool `json:"voted"`
	Votes int  `json:"votes"`
	// Budget and Left tell, in a challenge with a vote budget, how many
	// ideas a person may support and how many more they still can.
	Budget int `json:"-"`
	Left   int `json:"-"`
}

// Vote records a person's support for an idea. It is idempotent: voting
// twice leaves one vote. The idea's counter changes in the same transaction.
func (s *Store) Vote(ctx context.Context, userID, ideaID int64) (VoteResult, error) {
	return s.changeVote(ctx, userID, ideaID, true)
}

// Unvote withdraws a person's support; withdrawing twice changes nothing.
func (s *Store) Unvote(ctx context.Context, userID, ideaID int64) (VoteResult, error) {
	return s.changeVote(ctx, userID, ideaID, false)
}

func (s *Store) changeVote(ctx context.Context, userID, ideaID int64, support bool) (VoteResult, error) {
	return s.votes.submit(ctx, s, voteRequest{userID: userID, ideaID: ideaID, support: support})
}

// changeVoteIn applies one vote or unvote inside the transaction tx.
// Errors that the rules give (ErrNotFound, ErrPhaseClosed,
// ErrBudgetReached) come before any write, so tx may go on after them.
func changeVoteIn(tx *gorm.DB, r voteRequest) (VoteResult, error) {
	var res VoteResult
	target, err := lockVoteTarget(tx, r.ideaID)
	if err != nil {
		return res, err
	}
	var used int64
	if target.budget > 0 {
		if used, err = budgetUsed(tx, r.userID, target, r.support); err != nil {
			return res, err
		}
	}
	changed, at, err := applyVote(tx, r.userID, target, r.support)
	if err != nil {
		return res, err
	}
	if changed != 0 {
		hot, exact := addHot(target.hot, target.createdAt, at, 1, changed < 0)
		err := tx.Exec("UPDATE ideas SET vote_count = vote_count + ?, hot = ? WHERE id = ?", changed, hot, r.ideaID).Error
		if err != nil {
			return res, err
		}
		if !exact { // the vote taken away was nearly all of the score
			if err := recomputeHot(tx, r.ideaID); err != nil {
				return res, err
			}
		}
	}
	res.Voted, res.Votes = r.support, target.votes+int(changed)
	if target.budget > 0 {
		res.Budget, res.Left = target.budget, max(0, target.budget-int(used+changed))
	}
	return res, nil
}

// voteTarget is what a vote needs to know of an idea and its challenge.
type voteTarget struct {
	id          int64
	challengeID *int64
	votes       int
	hot         float64
	createdAt   time.Time
	budget      int
}

// lockVoteTarget reads the idea and its challenge in one query, checks
// that the idea can be voted for now, and keeps the idea's row locked
// until the transaction ends, so that its counter and score, computed
// from what was read, cannot miss a concurrent vote. (SQLite lets one
// write transaction run at a time, which does the same.)
func lockVoteTarget(tx *gorm.DB, ideaID int64) (voteTarget, error) {
	t := voteTarget{id: ideaID}
	var (
		hidden, inChallenge bool
		mergedInto          *int64
		c                   Challenge
		phase               *string
		budget              *int
	)
	err := tx.Table("ideas i").
		Select(`i.challenge_id, i.hidden, i.merged_into_id, i.vote_count, i.hot, i.created_at,
			c.id IS NOT NULL, c.phase, c.ideation_at, c.voting_at, c.review_at, c.results_at, c.vote_budget`).
		Joins("LEFT JOIN challenges c ON c.id = i.challenge_id").
		Where("i.id = ?", ideaID).
		Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate, Table: clause.Table{Name: "i"}}).
		Row().Scan(&t.challengeID, &hidden, &mergedInto, &t.votes, &t.hot, &t.createdAt,
		&inChallenge, &phase, &c.IdeationAt, &c.VotingAt, &c.ReviewAt, &c.ResultsAt, &budget)
	if errors.Is(err, sql.ErrNoRows) || hidden || mergedInto != nil {
		return t, ErrNotFound
	}
	if err != nil {
		return t, err
	}
	if inChallenge {
		c.Phase = *phase
		if !c.AcceptsVotes(time.Now()) {
			return t, ErrPhaseClosed
		}
		t.budget = *budget
	}
	return t, nil
}

// budgetUsed counts the person's votes in the idea's challenge, which has
// a vote budget, and with support refuses a new vote beyond the budget.
// The count and the change must not interleave with the same person's
// other votes: SQLite has one writer at a time; on PostgreSQL the lock on
// the person's row queues them.
func budgetUsed(tx *gorm.DB, userID int64, t voteTarget, support bool) (int64, error) {
	if err := tx.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).Select("id").First(&User{}, userID).Error; err != nil {
		return 0, err
	}
	var used, mine int64
	err := tx.Raw(`SELECT COUNT(*), COUNT(CASE WHEN idea_id = ? THEN 1 END) FROM votes
		WHERE user_id = ? AND challenge_id = ?`, t.id, userID, *t.challengeID).Row().Scan(&used, &mine)
	if err != nil {
		return 0, err
	}
	if support && mine == 0 && used >= int64(t.budget) {
		return 0, ErrBudgetReached
	}
	return used, nil
}

// applyVote adds or removes the person's vote; it returns +1, -1 or 0 for
// what changed, and when the vote was (or had been) cast.
func applyVote(tx *gorm.DB, userID int64, t voteTarget, support bool) (int64, time.Time, error) {
	if support {
		now := time.Now().UTC()
		r := tx.Exec(`INSERT INTO votes (user_id, idea_id, challenge_id, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, userID, t.id, t.challengeID, now)
		return r.RowsAffected, now, r.Error
	}
	var cast time.Time
	err := tx.Raw("SELECT created_at FROM votes WHERE user_id = ? AND idea_id = ?", userID, t.id).Row().Scan(&cast)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, nil
	}
	if err != nil {
		return 0, time.Time{}, err
	}
	r := tx.Exec("DELETE FROM votes WHERE user_id = ? AND idea_id = ?", userID, t.id)
	return -r.RowsAffected, cast, r.Error
}

// VotedIdeas tells which of the given ideas the person supports, in one query.
func (s *Store) VotedIdeas(ctx context.Context, userID int64, ideaIDs []int64) (map[int64]bool, error) {
	voted := make(map[int64]bool, len(ideaIDs))
	if userID == 0 || len(ideaIDs) == 0 {
		return voted, nil
	}
	var ids []int64
	err := s.DB.WithContext(ctx).Table("votes").Where("user_id = ? AND idea_id IN ?", userID, ideaIDs).
		Pluck("idea_id", &ids).Error
	for _, id := range ids {
		voted[id] = true
	}
	return voted, mapErr("voted ideas", err)
}

// VotesLeft is how many more ideas the person may support in a challenge
// with a vote budget, or -1 where there is no budget.
func (s *Store) VotesLeft(ctx context.Context, userID int64, c *Challenge) (int, error) {
	if c == nil || c.VoteBudget <= 0 {
		return -1, nil
	}
	var used int64
	err := s.DB.WithContext(ctx).Table("votes").Where("user_id = ? AND challenge_id = ?", userID, c.ID).Count(&used).Error
	return max(0, c.VoteBudget-int(used)), mapErr("votes left", err)
}
