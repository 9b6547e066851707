package votes

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/ratelimit"
	"github.com/ideario/ideario/models/reputation"
	"github.com/ideario/ideario/models/store"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// On PostgreSQL a batch of votes is applied in two round trips, whatever
// its size: one that counts the voters' limits, locks the ideas (and the
// voters of ideas with a vote budget) and reads all that the votes
// depend on; then, the votes worked out here, one that writes them all
// and commits. Applied one statement after another, each vote cost five
// round trips on the batch's connection, and the writers spent three
// quarters of their time waiting for PostgreSQL's answers
// (docs/benchmarks.md). The rules are the same as in changeVoteIn, which
// SQLite (in process, where a statement costs no round trip) still uses.

// pipelinedBatches counts the batches applied in two round trips (the
// tests check that batches take that path rather than fall back).
var pipelinedBatches atomic.Int64

// errNotPipelined sends a batch back to the statement-by-statement path:
// a vote taken away that was nearly all of its idea's hot score, whose
// score must be worked out again from every vote (ideas.RecomputeHot).
var errNotPipelined = errors.New("votes: batch needs statement-by-statement writing")

// Statements of the first round trip. The locks are taken in the order
// of the other writers: the voters' limits, then the ideas by id, then
// the voters by id; FOR NO KEY UPDATE, as store.RowLock says why.
const (
	lockIdeasSQL = `SELECT id, challenge_id, hidden, merged_into_id, vote_count, hot, created_at
		FROM ideas WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE`
	readChallengesSQL = `SELECT id, phase, ideation_at, voting_at, review_at, results_at, vote_budget
		FROM challenges WHERE id IN (SELECT challenge_id FROM ideas WHERE id = ANY($1))`
	readPairsSQL = `SELECT v.user_id, v.idea_id, v.created_at FROM votes v
		JOIN unnest($1::bigint[], $2::bigint[]) AS p(u, i) ON v.user_id = p.u AND v.idea_id = p.i`
	budgetVotersSQL = `SELECT DISTINCT p.u FROM unnest($1::bigint[], $2::bigint[]) AS p(u, i)
		JOIN ideas ON ideas.id = p.i JOIN challenges c ON c.id = ideas.challenge_id WHERE c.vote_budget > 0`
	lockVotersSQL = `SELECT id FROM users WHERE id IN (` + budgetVotersSQL + `) ORDER BY id FOR NO KEY UPDATE`
	budgetUsedSQL = `SELECT v.user_id, v.challenge_id, COUNT(*) FROM votes v
		WHERE v.user_id IN (` + budgetVotersSQL + `) AND v.challenge_id IN
			(SELECT ideas.challenge_id FROM ideas JOIN challenges c ON c.id = ideas.challenge_id
			 WHERE ideas.id = ANY($2) AND c.vote_budget > 0)
		GROUP BY v.user_id, v.challenge_id`
)

// Statements of the second round trip.
const (
	removeVotesSQL = `DELETE FROM votes v USING unnest($1::bigint[], $2::bigint[]) AS p(u, i)
		WHERE v.user_id = p.u AND v.idea_id = p.i`
	insertVotesSQL = `INSERT INTO votes (user_id, idea_id, challenge_id, created_at)
		SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::timestamptz[]) ON CONFLICT DO NOTHING`
	countVotesSQL = `UPDATE ideas SET vote_count = vote_count + d.delta, hot = d.hot
		FROM unnest($1::bigint[], $2::bigint[], $3::float8[]) AS d(id, delta, hot) WHERE ideas.id = d.id`
)

// The statements of a limit's count, with PostgreSQL's placeholders.
var (
	pgLimitCount = numbered(ratelimit.LimitCountSQL)
	pgLimitWait  = numbered(ratelimit.LimitWaitSQL)
)

// numbered writes a statement's ? placeholders as $1, $2...
func numbered(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// pair is a person and an idea.
type pair struct{ user, idea int64 }

// pipelined is what the first round trip read, and what the votes make
// of it as they are worked out in order.
type pipelined struct {
	ideas      map[int64]*voteTarget
	challenges map[int64]*challenges.Challenge
	cast       map[pair]time.Time // the votes there are, with when each was cast
	fresh      map[pair]bool      // cast in this batch, and there now
	removed    map[pair]bool      // taken away in this batch, whether cast again or not
	used       map[pair]int64     // a voter's votes in a challenge with a budget (pair.idea is the challenge)
	changed    map[int64]int64    // each idea whose votes changed, with its change of count (0 when as many came as went)
	limits     map[*voteRequest][]any
}

// applyPipelined applies a batch on PostgreSQL in one transaction of two
// round trips, and announces what it changed once committed.
func (s *Store) applyPipelined(ctx context.Context, batch []*voteRequest) error {
	sqlDB, err := s.DB.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close() }() // back to the pool; an error here changes no vote
	var changed []int64
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("votes: a %T is not a pgx connection", dc)
		}
		changed, err = pipelineBatch(ctx, c.Conn(), batch)
		return err
	})
	if err == nil {
		pipelinedBatches.Add(1)
		if len(changed) > 0 {
			s.Announce(store.Votes, changed)
		}
	}
	return err
}

// pipelineBatch runs the batch's transaction on c and returns the ideas
// whose votes changed.
func pipelineBatch(ctx context.Context, c *pgx.Conn, batch []*voteRequest) ([]int64, error) {
	tx, err := c.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { _ = tx.Rollback(ctx) }() // after Commit, a no-op
	now := time.Now()
	p, err := readBatch(ctx, tx, batch, now)
	if err != nil {
		return nil, err
	}
	for _, r := range batch { // in the batch's order: by idea, and in order on each
		if r.err != nil { // its caller gave up, or its limit refused it
			continue
		}
		if r.res, r.err = p.apply(r, now); r.err != nil && !ruleRefused(r.err) {
			return nil, r.err
		}
	}
	if err := p.write(ctx, tx, batch); err != nil {
		return nil, err
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(p.changed))
	for id := range p.changed {
		ids = append(ids, id)
	}
	return ids, nil
}

// readBatch counts the limits, takes the locks and reads what the votes
// depend on, in one round trip.
func readBatch(ctx context.Context, tx pgx.Tx, batch []*voteRequest, now time.Time) (*pipelined, error) {
	p := &pipelined{ideas: map[int64]*voteTarget{}, challenges: map[int64]*challenges.Challenge{},
		cast: map[pair]time.Time{}, fresh: map[pair]bool{}, removed: map[pair]bool{}, used: map[pair]int64{}, changed: map[int64]int64{},
		limits: map[*voteRequest][]any{}}
	var users, ideaIDs []int64
	for _, r := range batch {
		r.err = r.ctx.Err()
		users, ideaIDs = append(users, r.userID), append(ideaIDs, r.ideaID)
	}
	b := &pgx.Batch{}
	byVoter := slices.Clone(batch)
	slices.SortStableFunc(byVoter, func(a, b *voteRequest) int { return cmp.Compare(a.userID, b.userID) })
	for _, r := range byVoter {
		if r.err != nil || r.limit == nil {
			continue
		}
		l, subject := *r.limit, strconv.FormatInt(r.userID, 10)
		b.Queue(pgLimitCount, ratelimit.CountArgs(l, subject, now)...).QueryRow(func(row pgx.Row) error {
			var hits, strikes int
			var blocked sql.NullInt64
			if err := row.Scan(&hits, &strikes, &blocked); err != nil {
				return err
			}
			wait, refused := ratelimit.Judge(l, subject, now, hits, strikes, blocked)
			if refused != nil {
				r.err = refused
			}
			if wait != nil {
				p.limits[r] = wait
			}
			return nil
		})
	}
	b.Queue(lockIdeasSQL, ideaIDs).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			t := &voteTarget{}
			var hidden bool
			var merged *int64
			if err := rows.Scan(&t.id, &t.challengeID, &hidden, &merged, &t.votes, &t.hot, &t.createdAt); err != nil {
				return err
			}
			if !hidden && merged == nil {
				p.ideas[t.id] = t
			}
		}
		return rows.Err()
	})
	b.Queue(readChallengesSQL, ideaIDs).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			ch := &challenges.Challenge{}
			if err := rows.Scan(&ch.ID, &ch.Phase, &ch.IdeationAt, &ch.VotingAt, &ch.ReviewAt, &ch.ResultsAt, &ch.VoteBudget); err != nil {
				return err
			}
			p.challenges[ch.ID] = ch
		}
		return rows.Err()
	})
	b.Queue(readPairsSQL, users, ideaIDs).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var k pair
			var at time.Time
			if err := rows.Scan(&k.user, &k.idea, &at); err != nil {
				return err
			}
			p.cast[k] = at
		}
		return rows.Err()
	})
	b.Queue(lockVotersSQL, users, ideaIDs)
	b.Queue(budgetUsedSQL, users, ideaIDs).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var k pair
			var n int64
			if err := rows.Scan(&k.user, &k.idea, &n); err != nil {
				return err
			}
			p.used[k] = n
		}
		return rows.Err()
	})
	return p, tx.SendBatch(ctx, b).Close()
}

// apply works out one vote, as changeVoteIn would write it, on what the
// batch read and the votes before it in the batch.
func (p *pipelined) apply(r *voteRequest, now time.Time) (VoteResult, error) {
	var res VoteResult
	t, ok := p.ideas[r.ideaID]
	if !ok {
		return res, store.ErrNotFound
	}
	var budget int
	if t.challengeID != nil {
		c := p.challenges[*t.challengeID]
		if c != nil && !c.AcceptsVotes(now) {
			return res, challenges.ErrPhaseClosed
		}
		if c != nil {
			budget = c.VoteBudget
		}
	}
	k := pair{r.userID, r.ideaID}
	cast, voted := p.cast[k]
	var used int64
	if budget > 0 {
		used = p.used[pair{r.userID, *t.challengeID}]
		if r.support && !voted && used >= int64(budget) {
			return res, ErrBudgetReached
		}
	}
	var delta int64
	at := now.UTC()
	switch {
	case r.support && !voted:
		delta, p.cast[k], p.fresh[k] = 1, at, true
	case !r.support && voted:
		delta, at = -1, cast
		delete(p.cast, k)
		delete(p.fresh, k)
		p.removed[k] = true
	}
	if delta != 0 {
		hot, exact := ideas.AddHot(t.hot, t.createdAt, at, 1, delta < 0)
		if !exact {
			return res, errNotPipelined
		}
		t.hot, t.votes = hot, t.votes+int(delta)
		p.changed[r.ideaID] += delta
		if budget > 0 {
			p.used[pair{r.userID, *t.challengeID}] += delta
		}
	}
	res.Voted, res.Votes = r.support, t.votes
	if budget > 0 {
		res.Budget, res.Left = budget, max(0, budget-int(used+delta))
	}
	return res, nil
}

// write sends the batch's writes and waits in one round trip: the waits
// of limits passed, the votes taken away (or cast again), the votes cast,
// and each idea's count and hot score.
func (p *pipelined) write(ctx context.Context, tx pgx.Tx, batch []*voteRequest) error {
	b := &pgx.Batch{}
	for _, r := range batch {
		if wait, ok := p.limits[r]; ok {
			b.Queue(pgLimitWait, wait...)
		}
	}
	var goneUsers, goneIdeas, newUsers, newIdeas []int64
	var goneKeys, newKeys []string
	var newChallenges []*int64
	var newAt []time.Time
	for k := range p.removed {
		goneUsers, goneIdeas = append(goneUsers, k.user), append(goneIdeas, k.idea)
		goneKeys = append(goneKeys, reputation.VoteKey(k.user, k.idea))
	}
	for k := range p.fresh {
		newUsers, newIdeas, newAt = append(newUsers, k.user), append(newIdeas, k.idea), append(newAt, p.cast[k])
		newChallenges = append(newChallenges, p.ideas[k.idea].challengeID)
		newKeys = append(newKeys, reputation.VoteKey(k.user, k.idea))
	}
	// The authors' points go with the votes, in the same round trip: one
	// statement for those taken away, one for those cast.
	if len(goneUsers) > 0 {
		b.Queue(removeVotesSQL, goneUsers, goneIdeas)
		b.Queue(reputation.WithdrawBatchSQL, goneKeys)
	}
	if len(newUsers) > 0 {
		b.Queue(insertVotesSQL, newUsers, newIdeas, newChallenges, newAt)
		b.Queue(reputation.SupportsBatchSQL, reputation.ReasonSupport, reputation.PointsSupport, newUsers, newIdeas, newAt, newKeys)
	}
	var ids, deltas []int64
	var hots []float64
	for id, d := range p.changed { // a vote cast and another taken away change the score, if not the count
		ids, deltas, hots = append(ids, id), append(deltas, d), append(hots, p.ideas[id].hot)
	}
	if len(ids) > 0 {
		b.Queue(countVotesSQL, ids, deltas, hots)
	}
	if b.Len() == 0 {
		return nil
	}
	return tx.SendBatch(ctx, b).Close()
}
