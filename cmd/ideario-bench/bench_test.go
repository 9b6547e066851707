package main

import (
	"context"
	"testing"
	"time"

	"github.com/ideario/ideario/seed"
	"github.com/ideario/ideario/testutil"
)

// benchAgainst starts the real app on a demo database and reads its
// dataset and sessions as the benchmark does.
func benchAgainst(t *testing.T, engine string, voters int) (*testutil.Server, *dataset, []session) {
	t.Helper()
	ctx := context.Background()
	s := testutil.NewServer(t, engine, testutil.WithoutRateLimits()) // as the benchmark's server runs
	if _, err := seed.Demo(ctx, s.Store); err != nil {
		t.Fatalf("demo: %v", err)
	}
	d, err := discover(ctx, s.Store, voters)
	if err != nil {
		t.Fatalf("discover: %v", err)
	}
	sessions, err := login(ctx, s.URL, d.accounts, seed.SyntheticPassword)
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	return s, d, sessions
}

// TestVotesNoneLost runs the vote scenario briefly against the real app
// and checks the ledger against the database; then it withdraws one
// acknowledged vote behind the ledger's back and expects the check to
// see it as lost.
func TestVotesNoneLost(t *testing.T) {
	for _, engine := range testutil.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			s, d, sessions := benchAgainst(t, engine, 4)
			run, err := newVoteRun(ctx, s.Store, s.URL, sessions, d.votePool)
			if err != nil {
				t.Fatal(err)
			}
			l := load{connections: 4}
			m := l.run(ctx, "votes", run.targeter(), 500*time.Millisecond, true, run.record)
			if m.requests == 0 || m.failed != 0 {
				t.Fatalf("requests %d, failed %d", m.requests, m.failed)
			}
			check, err := run.verify(ctx, s.Store)
			if err != nil {
				t.Fatal(err)
			}
			if !check.ok() || check.acks != int(m.requests) || check.uncertain != 0 { //nolint:gosec // G115: a half-second run makes far fewer than 2^63 requests
				t.Fatalf("check after a clean run: %s", check)
			}
			voter, idea := acknowledgedVote(t, run)
			if _, err := s.Store.Votes.Unvote(ctx, sessions[voter].id, idea); err != nil {
				t.Fatal(err)
			}
			check, err = run.verify(ctx, s.Store)
			if err != nil {
				t.Fatal(err)
			}
			if check.lost != 1 || check.badCounts != 0 {
				t.Errorf("after withdrawing one vote: %s; want 1 lost, counters exact", check)
			}
		})
	}
}

// acknowledgedVote finds a vote the ledger holds as acknowledged.
func acknowledgedVote(t *testing.T, run *voteRun) (int, int64) {
	t.Helper()
	for voter, states := range run.acked {
		for idea, voted := range states {
			if voted {
				return voter, idea
			}
		}
	}
	t.Fatal("the run acknowledged no vote")
	return 0, 0
}

// TestPagesAnswer runs every page scenario briefly and expects only 2xx
// answers: a scenario whose URL redirects or fails would measure nothing.
func TestPagesAnswer(t *testing.T) {
	ctx := context.Background()
	s, d, sessions := benchAgainst(t, "sqlite", 2)
	l := load{connections: 2}
	for _, sc := range pageScenarios(d, sessions) {
		t.Run(sc.name, func(t *testing.T) {
			m := l.run(ctx, sc.name, rotate(sc.targets(s.URL)), 100*time.Millisecond, false, nil)
			if m.requests == 0 || m.failed != 0 || m.rps <= 0 {
				t.Errorf("requests %d, failed %d, %.0f/s", m.requests, m.failed, m.rps)
			}
		})
	}
}

// TestCommentsNoneLost posts comments at a steady rate against the real
// app, as the mixed scenario does, and finds each acknowledged one in the
// database; then it removes one behind the run's back and expects the
// check to see it as lost.
func TestCommentsNoneLost(t *testing.T) {
	ctx := context.Background()
	s, d, sessions := benchAgainst(t, testutil.Engines()[0], 3)
	run := &commentRun{base: s.URL, writers: sessions, pool: d.votePool}
	stop := load{connections: 2}.steady(ctx, 40, run.targeter(), run.record)
	time.Sleep(500 * time.Millisecond)
	stop()
	if len(run.acked) == 0 || len(run.acked) != run.sent {
		t.Fatalf("%d comments acknowledged of %d sent", len(run.acked), run.sent)
	}
	if lost, err := run.lost(ctx, s.Store); err != nil || lost != 0 {
		t.Fatalf("after a clean run: %d lost (%v)", lost, err)
	}
	if err := testutil.Behind(s.Store).Exec("DELETE FROM comments WHERE id = ?", run.acked[0]).Error; err != nil {
		t.Fatal(err)
	}
	if lost, err := run.lost(ctx, s.Store); err != nil || lost != 1 {
		t.Errorf("after removing one: %d lost (%v), want 1", lost, err)
	}
}
