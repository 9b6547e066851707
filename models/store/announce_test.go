package store_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
	"gorm.io/gorm"
)

// heard collects what the store announces.
type heard struct {
	mu   sync.Mutex
	what []store.Change
}

func listen(t *testing.T, db *models.Store) *heard {
	h := &heard{}
	t.Cleanup(db.OnChange(func(what store.Change) {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.what = append(h.what, what)
	}))
	return h
}

// take returns what was announced since the last call.
func (h *heard) take() []store.Change {
	h.mu.Lock()
	defer h.mu.Unlock()
	got := h.what
	h.what = nil
	return got
}

// Each write says what it changed, and the store announces exactly that:
// once a transaction has committed, never for one that wrote nothing or
// failed, and nothing for a write no page shows.
func TestWritesSayWhatTheyChanged(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		author := testutil.NewUser(t, db, "")
		idea := testutil.NewIdea(t, db, author.ID, ideaInput("Announced"))
		h := listen(t, db)
		rename := func(tx *gorm.DB) error {
			return tx.Exec("UPDATE ideas SET title = ? WHERE id = ?", "Announced again", idea.ID).Error
		}

		testutil.IsErr(t, "site write", db.Writes(ctx, store.Site).Exec("INSERT INTO settings (name, value) VALUES (?, ?)", "site_name", "Mio").Error, nil)
		testutil.Equal(t, "after a write of the site's lists", sameChanges(h.take(), store.Site), true)

		err := db.Tx(ctx, store.Ideas|store.Votes, func(tx *gorm.DB) error {
			if err := rename(tx); err != nil {
				return err
			}
			testutil.Equal(t, "announced before the commit", len(h.take()), 0)
			return nil
		})
		testutil.IsErr(t, "transaction", err, nil)
		testutil.Equal(t, "after the commit", sameChanges(h.take(), store.Ideas|store.Votes), true)

		testutil.IsErr(t, "no rows", db.Tx(ctx, store.Ideas, func(tx *gorm.DB) error {
			return tx.Exec("UPDATE ideas SET title = ? WHERE id = ?", "Nobody", -1).Error
		}), nil)
		testutil.Equal(t, "a transaction that wrote nothing", len(h.take()), 0)

		refused := errors.New("refused")
		testutil.IsErr(t, "failed", db.Tx(ctx, store.Ideas, func(tx *gorm.DB) error {
			if err := rename(tx); err != nil {
				return err
			}
			return refused
		}), refused)
		testutil.Equal(t, "a transaction rolled back", len(h.take()), 0)

		testutil.IsErr(t, "unseen", db.Writes(ctx, store.Unseen).Exec("INSERT INTO visitor_days (day, visitor) VALUES (?, ?)", "2026-12-07", "someone").Error, nil)
		testutil.Equal(t, "a write no page shows", len(h.take()), 0)
	})
}

// A write that says nothing of what it changed is reported (the tests fail
// on it, see testutil.OpenStore) and, to be safe, empties every cache.
func TestUnannouncedWriteIsReported(t *testing.T) {
	db := testutil.Store(t, "sqlite")
	var reported []string
	db.ReportUnannounced(func(sql string) { reported = append(reported, sql) })
	h := listen(t, db)
	testutil.IsErr(t, "write", db.DB.Exec("INSERT INTO settings (name, value) VALUES (?, ?)", "site_name", "Quiet").Error, nil)
	testutil.Equal(t, "reported", len(reported) == 1 && strings.HasPrefix(reported[0], "INSERT INTO settings"), true)
	testutil.Equal(t, "announced as everything", sameChanges(h.take(), store.All), true)

	testutil.IsErr(t, "read", db.DB.Exec("UPDATE settings SET value = value WHERE name = ?", "no such setting").Error, nil)
	testutil.Equal(t, "a statement that changed no row", len(reported), 1)
}

func sameChanges(got []store.Change, want ...store.Change) bool { return slices.Equal(got, want) }

func ideaInput(title string) ideas.IdeaInput { return ideas.IdeaInput{Title: title} }

// A vote and a comment name the idea they concern, so that the caches
// drop only what shows it; a change of any other kind concerns any idea,
// even when a statement named one.
func TestVotesAndCommentsNameTheirIdea(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		author, voter := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		idea := testutil.NewIdea(t, db, author.ID, ideaInput("Named"))
		type change struct {
			what  store.Change
			ideas []int64
		}
		var (
			mu    sync.Mutex
			heard []change
		)
		t.Cleanup(db.OnChangeOf(func(what store.Change, ideas []int64) {
			mu.Lock()
			defer mu.Unlock()
			heard = append(heard, change{what, ideas})
		}))
		take := func(step string, want change) {
			t.Helper()
			mu.Lock()
			defer mu.Unlock()
			if len(heard) != 1 || heard[0].what != want.what || !slices.Equal(heard[0].ideas, want.ideas) {
				t.Errorf("%s: heard %+v, want %+v", step, heard, want)
			}
			heard = nil
		}
		_, err := db.Votes.Vote(ctx, voter.ID, idea.ID)
		testutil.IsErr(t, "vote", err, nil)
		take("a vote", change{store.Votes, []int64{idea.ID}})
		c, err := db.Comments.CreateComment(ctx, voter, idea.ID, nil, "Named too")
		testutil.IsErr(t, "comment", err, nil)
		take("a comment", change{store.Comments, []int64{idea.ID}})
		_, err = db.Comments.UpdateComment(ctx, c.ID, voter, "Named again")
		testutil.IsErr(t, "edit", err, nil)
		take("an edit", change{store.Comments, []int64{idea.ID}})
		_, err = db.Comments.DeleteComment(ctx, c.ID, voter)
		testutil.IsErr(t, "delete", err, nil)
		take("a deletion", change{store.Comments, []int64{idea.ID}})
		err = db.Tx(ctx, store.Ideas|store.Votes, func(tx *gorm.DB) error {
			store.About(tx.Statement.Context, idea.ID)
			return tx.Exec("UPDATE ideas SET title = ? WHERE id = ?", "Renamed", idea.ID).Error
		})
		testutil.IsErr(t, "rename", err, nil)
		take("a change to the idea itself", change{store.Ideas | store.Votes, nil})
	})
}
