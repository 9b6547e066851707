package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/seed"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// The mixed scenario of issue 14: people read while others vote and
// comment at a steady rate, as on a busy campaign's evening.
const (
	mixedVotesPerSecond    = 300
	mixedCommentsPerSecond = 10
	mixedWriters           = 40 // people who vote and comment, apart from the readers
)

// Targets of the reads under the writes.
var (
	mixedAnonymous = goal{minShare: 0.5, maxP99: 50 * time.Millisecond}
	mixedSignedIn  = goal{minShare: 0.1, maxP99: 50 * time.Millisecond}
)

// commentRun posts comments on the ideas of the pool, one writer after
// another, and keeps the ids the server acknowledged, to check that the
// database holds every one of them.
type commentRun struct {
	base    string
	writers []session
	pool    []int64

	mu    sync.Mutex
	next  int
	acked []int64
	sent  int
}

func (r *commentRun) targeter() vegeta.Targeter {
	return func(t *vegeta.Target) error {
		r.mu.Lock()
		s := r.writers[r.next%len(r.writers)]
		r.next++
		n := r.next
		r.mu.Unlock()
		idea := r.pool[rand.IntN(len(r.pool))]
		body := url.Values{"body": {fmt.Sprintf("A thought from the evening rush, number %d.", n)}}.Encode()
		*t = vegeta.Target{Method: http.MethodPost, URL: fmt.Sprintf("%s/ideas/%d/comments", r.base, idea), Body: []byte(body),
			Header: http.Header{"Cookie": {s.cookie}, "X-Csrf-Token": {s.csrf}, "Accept": {"application/json"},
				"Content-Type": {"application/x-www-form-urlencoded"}}}
		return nil
	}
}

// record keeps the id of an acknowledged comment.
func (r *commentRun) record(res *vegeta.Result) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent++
	var answer struct {
		ID int64 `json:"id"`
	}
	if res.Code == http.StatusCreated && json.Unmarshal(res.Body, &answer) == nil && answer.ID > 0 {
		r.acked = append(r.acked, answer.ID)
	}
}

// lost counts the acknowledged comments the database does not hold.
func (r *commentRun) lost(ctx context.Context, store *models.Store) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	lost := 0
	for _, id := range r.acked {
		if _, err := store.Comments.CommentByID(ctx, id); err != nil {
			lost++
		}
	}
	return lost, nil
}

// steady sends a targeter's requests at a fixed rate until stop is
// called, and hands each answer to onResult.
func (l load) steady(ctx context.Context, perSecond int, tr vegeta.Targeter, onResult func(*vegeta.Result)) (stop func()) {
	atk := l.attacker(true)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for res := range atk.Attack(tr, vegeta.Rate{Freq: perSecond, Per: time.Second}, time.Hour, "writes") {
			onResult(res)
		}
	}()
	cancel := context.AfterFunc(ctx, func() { atk.Stop() })
	return func() { cancel(); atk.Stop(); <-done }
}

// mixed measures anonymous and signed-in reads while other people vote
// and comment, then checks that no acknowledged write was lost.
func (b *bench) mixed(ctx context.Context, store *models.Store, d *dataset, readers []session, rep *report) error {
	reads := []pageScenario{
		{name: "mixed: / (home), anonymous", paths: []string{"/"}, goal: mixedAnonymous},
		{name: "mixed: /ideas, anonymous", paths: []string{"/ideas"}, goal: mixedAnonymous},
		{name: "mixed: /ideas, signed in", paths: []string{"/ideas"}, goal: mixedSignedIn, sessions: readers},
	}
	reads = slices.DeleteFunc(reads, func(sc pageScenario) bool { return !b.wants(sc.name) })
	if len(reads) == 0 {
		return nil
	}
	writers, err := writerSessions(ctx, store, b.srv.base, len(readers))
	if err != nil {
		return err
	}
	votes, err := newVoteRun(ctx, store, b.srv.base, writers, d.votePool)
	if err != nil {
		return err
	}
	comments := &commentRun{base: b.srv.base, writers: writers, pool: d.votePool}
	started := time.Now()
	stopVotes := b.steady(ctx, mixedVotesPerSecond, votes.targeter(), votes.record)
	stopComments := b.steady(ctx, mixedCommentsPerSecond, comments.targeter(), comments.record)
	for _, sc := range reads {
		m := b.measure(ctx, sc.name, rotate(sc.targets(b.srv.base)), false, nil)
		rep.rows = append(rep.rows, row{name: sc.name, m: m, share: b.share(m.rps), goal: sc.goal, checked: true})
	}
	stopVotes()
	stopComments()
	elapsed := time.Since(started).Seconds()
	check, err := votes.verify(ctx, store)
	if err != nil {
		return err
	}
	lost, err := comments.lost(ctx, store)
	if err != nil {
		return err
	}
	voteRate, commentRate := float64(check.acks)/elapsed, float64(len(comments.acked))/elapsed
	what := fmt.Sprintf("mixed writes beside the reads: %.0f votes/s and %.1f comments/s acknowledged (asked %d and %d), "+
		"%d votes and %d comments lost, %d vote counters wrong",
		voteRate, commentRate, mixedVotesPerSecond, mixedCommentsPerSecond, check.lost, lost, check.badCounts)
	rep.checks[what] = check.ok() && lost == 0 && voteRate >= 0.95*mixedVotesPerSecond && commentRate >= 0.95*mixedCommentsPerSecond
	return nil
}

// writerSessions logs in the people who write during the mixed scenario:
// contributors after the readers'.
func writerSessions(ctx context.Context, store *models.Store, base string, readers int) ([]session, error) {
	all, err := contributors(ctx, store, readers+mixedWriters)
	if err != nil {
		return nil, err
	}
	return login(ctx, base, all[readers:], seed.SyntheticPassword)
}
