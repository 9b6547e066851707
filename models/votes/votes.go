package votes

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/ratelimit"
	"github.com/ideario/ideario/models/reputation"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
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

// VoteWithin is Vote (support) or Unvote, counted against the person's
// limit l (see Limit). The count is part of the vote's transaction: a
// vote costs no extra transaction, and a vote refused by the limit
// (ErrLimited) changes nothing but the count.
func (s *Store) VoteWithin(ctx context.Context, l ratelimit.Limit, userID, ideaID int64, support bool) (VoteResult, error) {
	return s.votes.submit(ctx, s, voteRequest{userID: userID, ideaID: ideaID, support: support, limit: &l})
}

func (s *Store) changeVote(ctx context.Context, userID, ideaID int64, support bool) (VoteResult, error) {
	return s.votes.submit(ctx, s, voteRequest{userID: userID, ideaID: ideaID, support: support})
}

// changeVoteIn applies one vote or unvote inside the transaction t.
// Errors that the rules give (ErrNotFound, ErrPhaseClosed,
// ErrBudgetReached) come before any write, so t may go on after them.
func changeVoteIn(t *voteTx, r voteRequest) (VoteResult, error) {
	var res VoteResult
	target, err := lockVoteTarget(t, r.ideaID)
	if err != nil {
		return res, err
	}
	var used int64
	if target.budget > 0 {
		if used, err = budgetUsed(t, r.userID, target, r.support); err != nil {
			return res, err
		}
	}
	changed, at, err := applyVote(t, r.userID, target, r.support)
	if err != nil {
		return res, err
	}
	if changed != 0 {
		t.wrote(r.ideaID)
		hot, exact := ideas.AddHot(target.hot, target.createdAt, at, 1, changed < 0)
		if _, err := t.exec(t.stmts.count, changed, hot, r.ideaID); err != nil {
			return res, err
		}
		if err := creditAuthor(t, r.userID, r.ideaID, changed, at); err != nil {
			return res, err
		}
		if !exact { // the vote taken away was nearly all of the score
			if err := ideas.RecomputeHot(t.gorm, r.ideaID); err != nil {
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

// creditAuthor gives the idea's author the point of a support, or takes
// back that of a support withdrawn: one statement, in the vote's
// transaction.
func creditAuthor(t *voteTx, userID, ideaID, changed int64, at time.Time) error {
	var err error
	if changed > 0 {
		_, err = t.exec(t.stmts.support, reputation.SupportArgs(userID, ideaID, at)...)
	} else {
		_, err = t.exec(t.stmts.withdraw, reputation.VoteKey(userID, ideaID))
	}
	return err
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

// lockVoteTarget reads the idea, checks that it can be voted for now, and
// keeps its row locked until the transaction ends, so that its counter
// and score, computed from what was read, cannot miss a concurrent vote.
// (SQLite lets one write transaction run at a time, which does the same.)
func lockVoteTarget(t *voteTx, ideaID int64) (voteTarget, error) {
	target := voteTarget{id: ideaID}
	var (
		hidden     bool
		mergedInto *int64
	)
	err := t.queryRow(t.stmts.lockIdea, ideaID).Scan(&target.challengeID, &hidden, &mergedInto, &target.votes,
		&target.hot, &target.createdAt)
	if errors.Is(err, sql.ErrNoRows) || hidden || mergedInto != nil {
		return target, store.ErrNotFound
	}
	if err != nil {
		return target, err
	}
	if target.challengeID == nil {
		return target, nil
	}
	c, err := t.challenge(*target.challengeID)
	if err != nil || c == nil {
		return target, err
	}
	if !c.AcceptsVotes(time.Now()) {
		return target, challenges.ErrPhaseClosed
	}
	target.budget = c.VoteBudget
	return target, nil
}

// budgetUsed counts the person's votes in the idea's challenge, which has
// a vote budget, and with support refuses a new vote beyond the budget.
// The count and the change must not interleave with the same person's
// other votes: SQLite has one writer at a time; on PostgreSQL the lock on
// the person's row queues them.
func budgetUsed(t *voteTx, userID int64, target voteTarget, support bool) (int64, error) {
	var id int64
	if err := t.queryRow(t.stmts.lockVoter, userID).Scan(&id); err != nil {
		return 0, err
	}
	var used, mine int64
	if err := t.queryRow(t.stmts.budget, target.id, userID, *target.challengeID).Scan(&used, &mine); err != nil {
		return 0, err
	}
	if support && mine == 0 && used >= int64(target.budget) {
		return 0, ErrBudgetReached
	}
	return used, nil
}

// applyVote adds or removes the person's vote; it returns +1, -1 or 0 for
// what changed, and when the vote was (or had been) cast.
func applyVote(t *voteTx, userID int64, target voteTarget, support bool) (int64, time.Time, error) {
	if support {
		now := time.Now().UTC()
		r, err := t.exec(t.stmts.insert, userID, target.id, target.challengeID, now)
		if err != nil {
			return 0, now, err
		}
		n, err := r.RowsAffected()
		return n, now, err
	}
	var cast time.Time
	err := t.queryRow(t.stmts.remove, userID, target.id).Scan(&cast)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, nil
	}
	if err != nil {
		return 0, time.Time{}, err
	}
	return -1, cast, nil
}

// voteStatements are the statements of a vote, prepared once: votes are
// the busiest write, and SQLite took longer to parse these statements
// than to run them. GORM writes them for the engine (placeholders, row
// locks), and they run through database/sql on the batch's transaction.
type voteStatements struct {
	lockIdea  *sql.Stmt // the idea (see lockVoteTarget)
	challenge *sql.Stmt // the phase, dates and budget of a challenge
	lockVoter *sql.Stmt // the person's row, for a budget (see budgetUsed)
	budget    *sql.Stmt // the person's votes in a challenge, and on the idea
	insert    *sql.Stmt // a vote, unless there is one
	remove    *sql.Stmt // a vote, returning when it was cast
	count     *sql.Stmt // the idea's counter and hot score
	limit     *sql.Stmt // a count of a rate limit (limitCountSQL)
	wait      *sql.Stmt // a wait of a rate limit (limitWaitSQL)
	support   *sql.Stmt // the author's point for a support (reputation.SupportSQL)
	withdraw  *sql.Stmt // that point taken back (reputation.WithdrawSQL)
}

// prepareVoteStatements prepares the statements of a vote on db.
func prepareVoteStatements(ctx context.Context, db *gorm.DB) (*voteStatements, error) {
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	dry := db.Session(&gorm.Session{DryRun: true, NewDB: true, Context: ctx})
	var rows []map[string]any
	sources := []string{
		dry.Table("ideas").Select("challenge_id, hidden, merged_into_id, vote_count, hot, created_at").
			Where("id = ?", 0).Clauses(store.RowLock).Find(&rows).Statement.SQL.String(),
		dry.Table("challenges").Select("phase, ideation_at, voting_at, review_at, results_at, vote_budget").
			Where("id = ?", 0).Find(&rows).Statement.SQL.String(),
		dry.Table("users").Select("id").Where("id = ?", 0).Clauses(store.RowLock).Find(&rows).Statement.SQL.String(),
		dry.Exec(`SELECT COUNT(*), COUNT(CASE WHEN idea_id = ? THEN 1 END) FROM votes
			WHERE user_id = ? AND challenge_id = ?`, 0, 0, 0).Statement.SQL.String(),
		dry.Exec(`INSERT INTO votes (user_id, idea_id, challenge_id, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, 0, 0, 0, time.Time{}).Statement.SQL.String(),
		dry.Exec("DELETE FROM votes WHERE user_id = ? AND idea_id = ? RETURNING created_at", 0, 0).Statement.SQL.String(),
		dry.Exec("UPDATE ideas SET vote_count = vote_count + ?, hot = ? WHERE id = ?", 0, 0.0, 0).Statement.SQL.String(),
		dry.Exec(ratelimit.LimitCountSQL, "", "", 0, 0, 0, 0, 0, 0, 0, 0).Statement.SQL.String(),
		dry.Exec(ratelimit.LimitWaitSQL, 0, 0, 0, "", "").Statement.SQL.String(),
		dry.Exec(reputation.SupportSQL, reputation.SupportArgs(0, 0, time.Time{})...).Statement.SQL.String(),
		dry.Exec(reputation.WithdrawSQL, "").Statement.SQL.String(),
	}
	stmts := make([]*sql.Stmt, 0, len(sources))
	for _, src := range sources {
		st, err := sqlDB.PrepareContext(ctx, src)
		if err != nil {
			for _, done := range stmts {
				_ = done.Close() // the prepare's error is the one to report
			}
			return nil, fmt.Errorf("models: prepare vote statement: %w", err)
		}
		stmts = append(stmts, st)
	}
	return &voteStatements{lockIdea: stmts[0], challenge: stmts[1], lockVoter: stmts[2], budget: stmts[3],
		insert: stmts[4], remove: stmts[5], count: stmts[6], limit: stmts[7], wait: stmts[8],
		support: stmts[9], withdraw: stmts[10]}, nil
}

// close releases the statements.
func (v *voteStatements) close() {
	for _, st := range []*sql.Stmt{v.lockIdea, v.challenge, v.lockVoter, v.budget, v.insert, v.remove, v.count, v.limit, v.wait, v.support, v.withdraw} {
		_ = st.Close() // closing at shutdown: a statement not released goes with its connection
	}
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
	return voted, store.MapErr("voted ideas", err)
}

// VotesLeft is how many more ideas the person may support in a challenge
// with a vote budget, or -1 where there is no budget.
func (s *Store) VotesLeft(ctx context.Context, userID int64, c *challenges.Challenge) (int, error) {
	if c == nil || c.VoteBudget <= 0 {
		return -1, nil
	}
	var used int64
	err := s.DB.WithContext(ctx).Table("votes").Where("user_id = ? AND challenge_id = ?", userID, c.ID).Count(&used).Error
	return max(0, c.VoteBudget-int(used)), store.MapErr("votes left", err)
}

// ErrBudgetReached refuses a vote beyond the challenge's vote budget.
var ErrBudgetReached = store.Refusal("vote budget used up")
