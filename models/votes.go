package models

import (
	"context"
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
	var res VoteResult
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var idea Idea
		if err := tx.Select("id, challenge_id, hidden, merged_into_id").First(&idea, ideaID).Error; err != nil {
			return err
		}
		if idea.Hidden || idea.MergedIntoID != nil {
			return ErrNotFound
		}
		challenge, err := voteChallenge(tx, &idea)
		if err != nil {
			return err
		}
		changed, at, err := applyVote(tx, userID, &idea, challenge, support)
		if err != nil {
			return err
		}
		if changed != 0 {
			if err := tx.Model(&Idea{}).Where("id = ?", ideaID).
				UpdateColumn("vote_count", gorm.Expr("vote_count + ?", changed)).Error; err != nil {
				return err
			}
			if err := bumpHot(tx, ideaID, at, 1, changed < 0); err != nil {
				return err
			}
		}
		res.Voted = support
		if challenge != nil && challenge.VoteBudget > 0 {
			var used int64
			if err := tx.Table("votes").Where("user_id = ? AND challenge_id = ?", userID, challenge.ID).Count(&used).Error; err != nil {
				return err
			}
			res.Budget, res.Left = challenge.VoteBudget, max(0, challenge.VoteBudget-int(used))
		}
		return tx.Model(&Idea{}).Select("vote_count").Where("id = ?", ideaID).Scan(&res.Votes).Error
	})
	return res, mapErr("vote", err)
}

// voteChallenge loads the idea's challenge and checks that it takes votes.
func voteChallenge(tx *gorm.DB, idea *Idea) (*Challenge, error) {
	if idea.ChallengeID == nil {
		return nil, nil
	}
	var c Challenge
	if err := tx.First(&c, *idea.ChallengeID).Error; err != nil {
		return nil, err
	}
	if !c.AcceptsVotes(time.Now()) {
		return nil, ErrPhaseClosed
	}
	return &c, nil
}

// applyVote adds or removes the person's vote; it returns +1, -1 or 0 for
// what changed, and when the vote was (or had been) cast.
func applyVote(tx *gorm.DB, userID int64, idea *Idea, c *Challenge, support bool) (int64, time.Time, error) {
	if support {
		now := time.Now().UTC()
		n, err := addVote(tx, userID, idea, c, now)
		return n, now, err
	}
	var cast []time.Time
	if err := tx.Table("votes").Where("user_id = ? AND idea_id = ?", userID, idea.ID).Pluck("created_at", &cast).Error; err != nil {
		return 0, time.Time{}, err
	}
	if len(cast) == 0 {
		return 0, time.Time{}, nil
	}
	r := tx.Exec("DELETE FROM votes WHERE user_id = ? AND idea_id = ?", userID, idea.ID)
	return -r.RowsAffected, cast[0], r.Error
}

// addVote inserts the vote unless it exists, within the challenge's vote
// budget; it returns 1 when a vote was added.
func addVote(tx *gorm.DB, userID int64, idea *Idea, c *Challenge, now time.Time) (int64, error) {
	if c != nil && c.VoteBudget > 0 {
		// The count and the insert must not interleave with the same
		// person's other votes. SQLite has one writer at a time; on
		// PostgreSQL the lock on the person's row queues them.
		if err := tx.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).Select("id").First(&User{}, userID).Error; err != nil {
			return 0, err
		}
		var used, mine int64
		if err := tx.Table("votes").Where("user_id = ? AND challenge_id = ?", userID, c.ID).Count(&used).Error; err != nil {
			return 0, err
		}
		if err := tx.Table("votes").Where("user_id = ? AND idea_id = ?", userID, idea.ID).Count(&mine).Error; err != nil {
			return 0, err
		}
		if mine == 0 && used >= int64(c.VoteBudget) {
			return 0, ErrBudgetReached
		}
	}
	r := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&vote{
		UserID: userID, IdeaID: idea.ID, ChallengeID: idea.ChallengeID, CreatedAt: now,
	})
	return r.RowsAffected, r.Error
}

type vote struct {
	UserID      int64
	IdeaID      int64
	ChallengeID *int64
	CreatedAt   time.Time
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
