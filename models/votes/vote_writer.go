package votes

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ratelimit"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// maxVoteBatch is how many votes one transaction applies at most.
const maxVoteBatch = 64

// errStoreClosed answers a vote that arrives after Close.
var errStoreClosed = errors.New("store closed")

// A voteWriter applies votes by group commit. Votes are the busiest write
// by far, and each one alone costs a transaction whose BEGIN and COMMIT
// weigh more than the vote. One goroutine takes the votes waiting at the
// moment, up to maxVoteBatch, applies them in one transaction, and answers
// each caller only once that transaction has committed: an acknowledged
// vote is durable. When votes come one at a time, each gets its own
// transaction at once, without waiting for company.
//
// The batching is per Store, so per instance; what keeps votes correct
// between instances (or against other writes) is the database itself:
// each vote locks its idea's row, as a single vote does.
//
// SQLite takes one writer at a time, so one goroutine is best there. On
// PostgreSQL a transaction mostly waits for the server's answers, so a few
// goroutines run batches side by side. Each batch takes its ideas' locks
// in id order, so that batches seldom deadlock; when one does, PostgreSQL
// aborts it and its votes are retried one by one (see applyVotes).
type voteWriter struct {
	requests chan *voteRequest
	quit     chan struct{}
	writers  int
	running  sync.WaitGroup
	start    sync.Once
	close    sync.Once

	prepare sync.Mutex
	stmts   *voteStatements // prepared at the first batch
}

// voteRequest is one person's vote or unvote, and its answer.
type voteRequest struct {
	ctx     context.Context
	userID  int64
	ideaID  int64
	support bool
	limit   *ratelimit.Limit // counted in the vote's transaction; nil: none
	res     VoteResult
	err     error
	applied chan struct{}
}

// newVoteWriter makes a writer of a number of goroutines, which start
// with the first vote.
func newVoteWriter(writers int) *voteWriter {
	return &voteWriter{
		requests: make(chan *voteRequest),
		quit:     make(chan struct{}),
		writers:  max(1, writers),
	}
}

// submit hands a vote to the writer, starting it on first use, and waits
// until the vote has committed or failed.
func (w *voteWriter) submit(ctx context.Context, s *Store, r voteRequest) (VoteResult, error) {
	w.start.Do(func() {
		w.running.Add(w.writers)
		for range w.writers {
			go w.run(s)
		}
	})
	r.ctx, r.applied = ctx, make(chan struct{})
	select {
	case w.requests <- &r:
	case <-w.quit:
		return VoteResult{}, fmt.Errorf("models: vote: %w", errStoreClosed)
	case <-ctx.Done():
		return VoteResult{}, fmt.Errorf("models: vote: %w", ctx.Err())
	}
	// Once taken, the vote may commit: its caller must learn the outcome.
	<-r.applied
	return r.res, store.MapErr("vote", r.err)
}

// stop lets the batch under way finish and ends the writer.
func (w *voteWriter) stop() {
	w.close.Do(func() {
		// Taking the start's once keeps the writer from starting after
		// the stop, and orders the wait after the start's Add.
		w.start.Do(func() {})
		close(w.quit)
		w.running.Wait()
		w.prepare.Lock()
		defer w.prepare.Unlock()
		if w.stmts != nil {
			w.stmts.close()
		}
	})
}

// statements prepares the vote statements once; a failure is tried again
// at the next batch.
func (w *voteWriter) statements(ctx context.Context, db *gorm.DB) (*voteStatements, error) {
	w.prepare.Lock()
	defer w.prepare.Unlock()
	if w.stmts == nil {
		stmts, err := prepareVoteStatements(ctx, db)
		if err != nil {
			return nil, err
		}
		w.stmts = stmts
	}
	return w.stmts, nil
}

// run applies batches of votes until stop.
func (w *voteWriter) run(s *Store) {
	defer w.running.Done()
	for {
		select {
		case r := <-w.requests:
			s.applyVotes(w.gather(r))
		case <-w.quit:
			return
		}
	}
}

// gather adds to first the votes already waiting, without waiting for more.
func (w *voteWriter) gather(first *voteRequest) []*voteRequest {
	batch := []*voteRequest{first}
	for len(batch) < maxVoteBatch {
		select {
		case r := <-w.requests:
			batch = append(batch, r)
		default:
			return byIdea(batch)
		}
	}
	return byIdea(batch)
}

// byIdea orders a batch by idea, keeping the order of votes on one idea.
func byIdea(batch []*voteRequest) []*voteRequest {
	slices.SortStableFunc(batch, func(a, b *voteRequest) int { return cmp.Compare(a.ideaID, b.ideaID) })
	return batch
}

// applyVotes applies a batch in one transaction and answers every caller.
// A vote that the rules refuse writes nothing and does not stop the
// others. Any other failure rolls the whole batch back (on PostgreSQL the
// transaction cannot go on after it anyway); each vote is then retried in
// a transaction of its own, so that it fails alone.
func (s *Store) applyVotes(batch []*voteRequest) {
	ctx := context.Background()
	var err error
	if s.IsSQLite() {
		err = s.inVoteTx(ctx, func(t *voteTx) error { return applyEach(t, batch) })
	} else if err = s.applyPipelined(ctx, batch); err != nil {
		// Pipelined, the batch cannot go on after its failure either: it is
		// tried again statement by statement (errNotPipelined), and then
		// vote by vote.
		err = s.inVoteTx(ctx, func(t *voteTx) error { return applyEach(t, batch) })
	}
	if err != nil && len(batch) > 1 {
		for _, r := range batch {
			if err := s.inVoteTx(ctx, func(t *voteTx) error { return applyEach(t, []*voteRequest{r}) }); err != nil {
				r.err = err
			}
		}
	} else if err != nil {
		batch[0].err = err
	}
	for _, r := range batch {
		close(r.applied)
	}
}

// applyEach applies the votes in order within t, recording each outcome;
// it stops at the first error that is not a refusal by the rules.
func applyEach(t *voteTx, batch []*voteRequest) error {
	for _, r := range batch {
		r.err = r.ctx.Err()
	}
	// The voters' limits first, in the order of their rows, then the
	// ideas in theirs (the batch is byIdea): as every transaction takes
	// its locks in this order, none waits for another in a circle.
	byVoter := slices.Clone(batch)
	slices.SortStableFunc(byVoter, func(a, b *voteRequest) int { return cmp.Compare(a.userID, b.userID) })
	for _, r := range byVoter {
		if r.err != nil || r.limit == nil {
			continue
		}
		refused, err := ratelimit.CountIn(voteTxLimits{t}, *r.limit, strconv.FormatInt(r.userID, 10), time.Now())
		if err != nil {
			r.err = err
			return err
		}
		r.err = refused
	}
	for _, r := range batch {
		if r.err != nil {
			continue
		}
		r.res, r.err = changeVoteIn(t, *r)
		if r.err != nil && !ruleRefused(r.err) {
			return r.err
		}
	}
	return nil
}

// voteTx is the transaction of a batch: the vote statements run on its
// connection directly, the rare others (ideas.RecomputeHot) through GORM.
type voteTx struct {
	ctx        context.Context
	gorm       *gorm.DB
	sql        *sql.Tx
	stmts      *voteStatements
	bound      map[*sql.Stmt]*sql.Stmt         // the statements on this transaction
	challenges map[int64]*challenges.Challenge // as read by this transaction; nil: none
}

// inVoteTx runs fn in one write transaction with the vote statements, and
// announces its writes once it has committed (see Store.tx).
func (s *Store) inVoteTx(ctx context.Context, fn func(t *voteTx) error) error {
	stmts, err := s.votes.statements(ctx, s.DB)
	if err != nil {
		return err
	}
	return s.Tx(ctx, store.Votes, func(tx *gorm.DB) error {
		sqlTx, ok := tx.Statement.ConnPool.(*sql.Tx)
		if !ok {
			return fmt.Errorf("models: vote: a %T is not a database/sql transaction", tx.Statement.ConnPool)
		}
		return fn(&voteTx{ctx: tx.Statement.Context, gorm: tx, sql: sqlTx, stmts: stmts,
			bound: map[*sql.Stmt]*sql.Stmt{}, challenges: map[int64]*challenges.Challenge{}})
	})
}

// on is the prepared statement st on the transaction's connection.
func (t *voteTx) on(st *sql.Stmt) *sql.Stmt {
	b, ok := t.bound[st]
	if !ok {
		b = t.sql.StmtContext(t.ctx, st)
		t.bound[st] = b
	}
	return b
}

func (t *voteTx) queryRow(st *sql.Stmt, args ...any) *sql.Row {
	return t.on(st).QueryRowContext(t.ctx, args...)
}

func (t *voteTx) exec(st *sql.Stmt, args ...any) (sql.Result, error) {
	return t.on(st).ExecContext(t.ctx, args...)
}

// challenge reads what a vote needs of a challenge (phase, dates, budget)
// once per batch, for the votes on its ideas; nil when there is no such
// challenge. The batch is one transaction: its votes take effect at one
// moment, for which one reading is right.
func (t *voteTx) challenge(id int64) (*challenges.Challenge, error) {
	if c, ok := t.challenges[id]; ok {
		return c, nil
	}
	c := &challenges.Challenge{ID: id}
	err := t.queryRow(t.stmts.challenge, id).Scan(&c.Phase, &c.IdeationAt, &c.VotingAt, &c.ReviewAt, &c.ResultsAt, &c.VoteBudget)
	if errors.Is(err, sql.ErrNoRows) {
		c, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	t.challenges[id] = c
	return c, nil
}

// voteTxLimits runs a rate limit's statements prepared, on the batch's
// transaction.
type voteTxLimits struct{ t *voteTx }

func (v voteTxLimits) Count(args ...any) *sql.Row { return v.t.queryRow(v.t.stmts.limit, args...) }
func (v voteTxLimits) Wait(args ...any) error {
	_, err := v.t.exec(v.t.stmts.wait, args...)
	return err
}

// wrote tells the change feed that the transaction wrote, as GORM's
// callback does for the statements that go through GORM (see afterWrite),
// and that it changed the votes of the idea ideaID alone.
func (t *voteTx) wrote(ideaID int64) {
	store.MarkWritten(t.ctx)
	store.About(t.ctx, ideaID)
}

// ruleRefused tells whether a vote failed on a rule, found out by reading
// only, which leaves the transaction usable.
func ruleRefused(err error) bool {
	for _, want := range []error{store.ErrNotFound, challenges.ErrPhaseClosed, ErrBudgetReached, gorm.ErrRecordNotFound, sql.ErrNoRows} {
		if errors.Is(err, want) {
			return true
		}
	}
	return false
}
