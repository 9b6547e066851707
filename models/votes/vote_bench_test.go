package votes_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/ratelimit"
	"github.com/ideario/ideario/testutil"
)

// voteBenchClients is how many people vote at once, as the load test's
// 32 connections do.
const voteBenchClients = 32

// voteBenchIdeas is how many ideas the votes go to: enough that most
// votes land on different rows, few enough that some meet on one.
const voteBenchIdeas = 500

// BenchmarkVote casts and withdraws votes from 32 goroutines, each as a
// different person, on every engine, and reports votes per second. It
// runs on a fresh database with 5,000 people and 500 ideas, or on SQLite
// on the database named by IDEARIO_BENCH_VOTE_DB (such as a copy of a
// seeded "Mio x10" database, which it changes). It reports the CPU time of
// the process per vote too.
//
//	go test ./models/votes/ -run '^$' -bench Vote -benchtime 20000x
//	IDEARIO_BENCH_VOTE_DB=sqlite:/tmp/v.db go test ./models/votes/ -run '^$' -bench Vote
func BenchmarkVote(b *testing.B) {
	for _, engine := range testutil.Engines() {
		b.Run(engine, func(b *testing.B) {
			store, users, ideas := voteBenchData(b, engine)
			runVoteBench(b, store, users, ideas, nil)
		})
	}
}

// BenchmarkVoteWithinLimit is BenchmarkVote with each vote counted against
// the person's rate limit, as the site counts it, in the vote's
// transaction; the limit is high enough never to refuse, so the figures
// show what counting costs.
func BenchmarkVoteWithinLimit(b *testing.B) {
	limit := ratelimit.Limit{Name: "bench-vote", Max: 1 << 30, Window: time.Hour, Wait: time.Minute, MaxWait: time.Hour}
	for _, engine := range testutil.Engines() {
		b.Run(engine, func(b *testing.B) {
			store, users, ideas := voteBenchData(b, engine)
			runVoteBench(b, store, users, ideas, &limit)
		})
	}
}

// runVoteBench makes b.N vote changes, every person alternately voting
// for and withdrawing from random ideas, and checks that none failed.
func runVoteBench(b *testing.B, store *models.Store, users, ideas []int64, limit *ratelimit.Limit) {
	ctx := context.Background()
	var next, failed atomic.Int64
	var firstErr atomic.Value
	b.SetParallelism(max(1, voteBenchClients/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	start, cpu := time.Now(), processCPU()
	b.RunParallel(func(pb *testing.PB) {
		i := next.Add(1)
		user := users[int(i)%len(users)]
		rng := rand.New(rand.NewPCG(uint64(i), 7)) //nolint:gosec // G115: a seed, where any bit pattern will do
		for pb.Next() {
			idea := ideas[rng.IntN(len(ideas))]
			vote := func(support bool) error {
				var err error
				switch {
				case limit != nil:
					_, err = store.Votes.VoteWithin(ctx, *limit, user, idea, support)
				case support:
					_, err = store.Votes.Vote(ctx, user, idea)
				default:
					_, err = store.Votes.Unvote(ctx, user, idea)
				}
				return err
			}
			err := vote(true)
			if err == nil {
				err = vote(false)
			}
			if err != nil {
				failed.Add(1)
				firstErr.CompareAndSwap(nil, err)
			}
		}
	})
	elapsed, used := time.Since(start), processCPU()-cpu
	b.StopTimer()
	if err, _ := firstErr.Load().(error); err != nil {
		b.Fatalf("%d of %d vote pairs failed, first: %v", failed.Load(), b.N, err)
	}
	b.ReportMetric(float64(2*b.N)/elapsed.Seconds(), "votes/s")
	b.ReportMetric(float64(used.Microseconds())/float64(2*b.N), "cpu-µs/vote")
}

// processCPU is the CPU time the process has used so far: on a busy
// machine, a steadier measure than the rate.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// voteBenchData opens the benchmark's database and lists people and ideas
// that can vote and be voted for.
func voteBenchData(b *testing.B, engine string) (*models.Store, []int64, []int64) {
	if dbURL := os.Getenv("IDEARIO_BENCH_VOTE_DB"); dbURL != "" {
		if !strings.HasPrefix(dbURL, "sqlite:") || engine != "sqlite" {
			b.Skipf("IDEARIO_BENCH_VOTE_DB serves the sqlite run only")
		}
		store := testutil.OpenStore(b, dbURL)
		return store, existingIDs(b, store, "users", 5000), votableIdeas(b, store)
	}
	store := testutil.Store(b, engine)
	seedVoteBench(b, store, 5000, voteBenchIdeas)
	return store, existingIDs(b, store, "users", 5000), existingIDs(b, store, "ideas", voteBenchIdeas)
}

// existingIDs lists up to n ids of a table, lowest first.
func existingIDs(b *testing.B, store *models.Store, table string, n int) []int64 {
	b.Helper()
	var ids []int64
	if err := store.DB.Raw(fmt.Sprintf("SELECT id FROM %s ORDER BY id LIMIT ?", table), n).Scan(&ids).Error; err != nil {
		b.Fatal(err)
	}
	if len(ids) == 0 {
		b.Fatalf("no rows in %s", table)
	}
	return ids
}

// votableIdeas finds voteBenchIdeas visible ideas of a seeded database
// that take votes without a budget, by trying a vote on each.
func votableIdeas(b *testing.B, store *models.Store) []int64 {
	b.Helper()
	ctx := context.Background()
	var candidates []int64
	err := store.DB.Raw(`SELECT i.id FROM ideas i LEFT JOIN challenges c ON c.id = i.challenge_id
		WHERE NOT i.hidden AND i.merged_into_id IS NULL AND COALESCE(c.vote_budget, 0) = 0
		ORDER BY i.id DESC LIMIT ?`, 20*voteBenchIdeas).Scan(&candidates).Error
	if err != nil {
		b.Fatal(err)
	}
	probe := existingIDs(b, store, "users", 1)[0]
	var ideas []int64
	for _, id := range candidates {
		if len(ideas) == voteBenchIdeas {
			break
		}
		res, err := store.Votes.Vote(ctx, probe, id)
		if errors.Is(err, challenges.ErrPhaseClosed) {
			continue
		}
		if err != nil {
			b.Fatalf("probe vote on idea %d: %v", id, err)
		}
		if res.Voted {
			if _, err := store.Votes.Unvote(ctx, probe, id); err != nil {
				b.Fatal(err)
			}
		}
		ideas = append(ideas, id)
	}
	if len(ideas) == 0 {
		b.Fatal("no idea in the database takes votes")
	}
	return ideas
}

// seedVoteBench writes people and ideas with multi-row INSERTs; every
// other idea is in a challenge open for ideas, without a vote budget.
func seedVoteBench(b *testing.B, store *models.Store, users, ideaList int) {
	b.Helper()
	now := time.Now().UTC()
	db := testutil.Behind(store)
	err := db.Exec(`INSERT INTO challenges (slug, title, phase, created_at, updated_at)
		VALUES ('bench', 'Bench', 'ideation', ?, ?)`, now, now).Error
	if err != nil {
		b.Fatal(err)
	}
	var challenge int64
	if err := db.Raw(`SELECT id FROM challenges WHERE slug = 'bench'`).Scan(&challenge).Error; err != nil {
		b.Fatal(err)
	}
	insertRows(b, store, `INSERT INTO users (name, handle, email, password_hash, created_at, updated_at) VALUES `,
		"(?, ?, ?, 'x', ?, ?)", users, func(k int) []any {
			return []any{fmt.Sprintf("Voter %d", k), fmt.Sprintf("voter_%d", k), fmt.Sprintf("voter%d@example.org", k), now, now}
		})
	author := existingIDs(b, store, "users", 1)[0]
	insertRows(b, store, `INSERT INTO ideas (title, body, body_html, body_text, author_id, challenge_id,
		hot, created_at, updated_at) VALUES `, "(?, 'b', 'b', 'b', ?, ?, ?, ?, ?)", ideaList, func(k int) []any {
		var c *int64
		if k%2 == 1 {
			c = &challenge
		}
		return []any{fmt.Sprintf("Idea %d", k), author, c, ideas.HotScore(now, nil, nil), now, now}
	})
}

// insertRows inserts n rows, 200 to a statement.
func insertRows(b *testing.B, store *models.Store, head, row string, n int, args func(k int) []any) {
	b.Helper()
	const batch = 200
	for from := 0; from < n; from += batch {
		var sql strings.Builder
		sql.WriteString(head)
		var all []any
		for k := from; k < min(from+batch, n); k++ {
			if k > from {
				sql.WriteString(",")
			}
			sql.WriteString(row)
			all = append(all, args(k)...)
		}
		if err := testutil.Behind(store).Exec(sql.String(), all...).Error; err != nil {
			b.Fatalf("rows from %d: %v", from, err)
		}
	}
}
