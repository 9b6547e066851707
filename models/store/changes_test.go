package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

// counter counts the calls of an OnChange subscriber.
func counter(t *testing.T, db *models.Store) *atomic.Int64 {
	t.Helper()
	n := &atomic.Int64{}
	t.Cleanup(db.OnChange(func(store.Change) { n.Add(1) }))
	return n
}

// eventually waits for cond, failing the test after a deadline.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: still not true after 10s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestOnChange checks which writes are announced, and that a transaction
// is announced only once it has committed.
func TestOnChange(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := context.Background()
		author := testutil.NewUser(t, db, accounts.RoleContributor)
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{Title: "Recycled seat fabric", Body: "Seats."})
		voter := testutil.NewUser(t, db, accounts.RoleContributor)
		n := counter(t, db)

		tests := []struct {
			name  string
			write func(t *testing.T)
			want  int64
		}{
			{"a vote", func(t *testing.T) {
				_, err := db.Votes.Vote(ctx, voter.ID, idea.ID)
				testutil.IsErr(t, "vote", err, nil)
			}, 1},
			{"the same vote again changes nothing", func(t *testing.T) {
				_, err := db.Votes.Vote(ctx, voter.ID, idea.ID)
				testutil.IsErr(t, "vote", err, nil)
			}, 0},
			{"a failed write", func(t *testing.T) {
				_, err := db.Votes.Vote(ctx, voter.ID, 999999)
				testutil.IsErr(t, "vote", err, store.ErrNotFound)
			}, 0},
			{"a visitor counted", func(t *testing.T) {
				testutil.IsErr(t, "visit", db.Site.RecordVisitor(ctx, "2026-01-01", "abc"), nil)
			}, 0},
			{"a raw update", func(t *testing.T) {
				testutil.IsErr(t, "update", testutil.Behind(db).Exec("UPDATE ideas SET title = ? WHERE id = ?", "Recycled seat covers", idea.ID).Error, nil)
			}, 1},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := n.Load()
				tt.write(t)
				testutil.Equal(t, "announcements", n.Load()-before, tt.want)
			})
		}

		t.Run("a transaction is announced once committed", func(t *testing.T) {
			// The subscriber reads through another connection: called
			// before the commit, it would see the old count.
			seen := &atomic.Int64{}
			seen.Store(-1)
			stop := db.OnChange(func(store.Change) {
				var votes int64
				db.DB.Raw("SELECT vote_count FROM ideas WHERE id = ?", idea.ID).Scan(&votes)
				seen.Store(votes)
			})
			defer stop()
			other := testutil.NewUser(t, db, accounts.RoleContributor)
			_, err := db.Votes.Vote(ctx, other.ID, idea.ID)
			testutil.IsErr(t, "vote", err, nil)
			testutil.Equal(t, "votes seen by the subscriber", seen.Load(), 2)
		})
	})
}

// TestChangesAcrossInstances checks, on PostgreSQL, that a write by one
// instance reaches the other's subscribers, and that a listener which
// loses its connection reconnects and tells its subscribers to start
// afresh, since notices may have been lost meanwhile.
func TestChangesAcrossInstances(t *testing.T) {
	dbURL := testutil.DBURL(t, "postgres") // skips without PostgreSQL
	writer, watcher := testutil.OpenStore(t, dbURL), testutil.OpenStore(t, dbURL)
	n := counter(t, watcher)
	watch(t, watcher)
	eventually(t, "the listener starts afresh once connected", func() bool { return n.Load() >= 1 })

	before := n.Load()
	testutil.NewUser(t, writer, accounts.RoleContributor)
	eventually(t, "a write by the other instance arrives", func() bool { return n.Load() > before })

	var killed int64
	err := writer.DB.Raw(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE query LIKE 'LISTEN %' AND query LIKE '%' || current_schema() || '%'`).Scan(&killed).Error
	testutil.IsErr(t, "terminate the listener", err, nil)
	testutil.Equal(t, "listeners ended", killed, 1)
	before = n.Load()
	eventually(t, "the listener starts afresh after reconnecting", func() bool { return n.Load() > before })

	before = n.Load()
	testutil.NewUser(t, writer, accounts.RoleContributor)
	eventually(t, "writes arrive after the reconnection", func() bool { return n.Load() > before })
}

// TestChangesCoalesced fires many writes at once on one instance and
// checks, on PostgreSQL, that the other instance hears of them through far
// fewer notices than writes, and that the last notice comes after the
// last write: what the other instance reads then is the final state.
func TestChangesCoalesced(t *testing.T) {
	dbURL := testutil.DBURL(t, "postgres") // skips without PostgreSQL
	writer, watcher := testutil.OpenStore(t, dbURL), testutil.OpenStore(t, dbURL)
	const writers, writes = 32, 50
	author := testutil.NewUser(t, writer, accounts.RoleContributor)
	ideaList := make([]int64, writers)
	for i := range ideaList {
		ideaList[i] = testutil.NewIdea(t, writer, author.ID, ideas.IdeaInput{Body: "Written by many."}).ID
	}

	var notices, seen atomic.Int64
	t.Cleanup(watcher.OnChange(func(store.Change) {
		var votes int64
		if err := watcher.DB.Raw("SELECT COALESCE(SUM(vote_count), 0) FROM ideas WHERE id IN ?", ideaList).Scan(&votes).Error; err != nil {
			t.Errorf("read votes: %v", err)
		}
		seen.Store(votes)
		notices.Add(1)
	}))
	watch(t, watcher)
	eventually(t, "the listener starts afresh once connected", func() bool { return notices.Load() >= 1 })

	before := notices.Load()
	var wg sync.WaitGroup
	for _, id := range ideaList {
		wg.Go(func() {
			for range writes {
				if err := testutil.Behind(writer).Exec("UPDATE ideas SET vote_count = vote_count + 1 WHERE id = ?", id).Error; err != nil {
					t.Errorf("write: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
	eventually(t, "the other instance reads the last write", func() bool { return seen.Load() == writers*writes })
	// Notices sent before the last may still be on their way: count them
	// once they stop coming.
	last := int64(-1)
	eventually(t, "the notices stop", func() bool {
		time.Sleep(200 * time.Millisecond)
		n := notices.Load()
		defer func() { last = n }()
		return n == last
	})
	got := last - before
	t.Logf("%d writes announced by %d notices", writers*writes, got)
	if got > writers*writes/4 {
		t.Errorf("%d notices for %d writes, want at most a quarter", got, writers*writes)
	}
}

// TestChangesAnnouncedAfterNoticeUnderWay checks, on PostgreSQL, that a
// write which commits while a NOTIFY is under way reaches the other
// instance: one more NOTIFY follows for it.
func TestChangesAnnouncedAfterNoticeUnderWay(t *testing.T) {
	dbURL := testutil.DBURL(t, "postgres") // skips without PostgreSQL
	writer, watcher := testutil.OpenStore(t, dbURL), testutil.OpenStore(t, dbURL)
	author := testutil.NewUser(t, writer, accounts.RoleContributor)
	id := testutil.NewIdea(t, writer, author.ID, ideas.IdeaInput{Body: "Renamed twice."}).ID

	var seen atomic.Value
	seen.Store("")
	t.Cleanup(watcher.OnChange(func(store.Change) {
		var title string
		if err := watcher.DB.Raw("SELECT title FROM ideas WHERE id = ?", id).Scan(&title).Error; err != nil {
			t.Errorf("read title: %v", err)
		}
		seen.Store(title)
	}))
	watch(t, watcher)
	rename := func(title string) {
		t.Helper()
		testutil.IsErr(t, "rename", testutil.Behind(writer).Exec("UPDATE ideas SET title = ? WHERE id = ?", title, id).Error, nil)
	}
	eventually(t, "the listener starts", func() bool { return seen.Load() != "" })

	next := make(chan struct{})
	writer.HoldAfterNotice(next)
	rename("First title")
	eventually(t, "the first rename arrives", func() bool { return seen.Load() == "First title" })
	rename("Second title") // while the first NOTIFY is still under way
	close(next)
	eventually(t, "the second rename arrives", func() bool { return seen.Load() == "Second title" })
}

// watch follows the other instances' changes on db, as ideario serve
// does, until the end of the test.
func watch(t *testing.T, db *models.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- db.WatchChanges(ctx, testutil.Logger(t)) }()
	t.Cleanup(func() {
		cancel()
		testutil.IsErr(t, "watch", <-done, nil)
	})
}
