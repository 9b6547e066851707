package store_test

import (
	"context"
	"errors"
	"path/filepath"
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

// TestBackupUnderLoad copies a SQLite database while people vote: the copy
// passes integrity_check, opens, and is a consistent snapshot (every
// idea's vote counter equals its votes in the copy).
func TestBackupUnderLoad(t *testing.T) {
	db := testutil.Store(t, "sqlite")
	ctx := t.Context()
	author := testutil.NewUser(t, db, "")
	var ideaList []int64
	for range 20 {
		ideaList = append(ideaList, testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{}).ID)
	}
	var voters []*accounts.User
	for range 40 {
		voters = append(voters, testutil.NewUser(t, db, ""))
	}

	loadCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	var votes atomic.Int64
	for w := range 4 {
		wg.Go(func() {
			for k := w; loadCtx.Err() == nil; k += 4 {
				u, idea := voters[k%len(voters)], ideaList[(k/len(voters))%len(ideaList)]
				if _, err := db.Votes.Vote(loadCtx, u.ID, idea); err == nil {
					votes.Add(1)
				}
				if _, err := db.Votes.Unvote(loadCtx, u.ID, ideaList[(k+7)%len(ideaList)]); err != nil && loadCtx.Err() == nil {
					t.Errorf("unvote: %v", err)
				}
			}
		})
	}
	for votes.Load() < 50 && !t.Failed() { // the backup starts in the middle of the load
		time.Sleep(time.Millisecond)
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	err := db.Backup(ctx, path)
	stop()
	wg.Wait()
	testutil.IsErr(t, "backup", err, nil)

	cp, err := models.Open("sqlite:" + path)
	testutil.IsErr(t, "open the copy", err, nil)
	defer func() { _ = cp.Close() }()
	testutil.IsErr(t, "integrity", cp.CheckIntegrity(ctx), nil)
	var drift int64
	testutil.IsErr(t, "counters", cp.DB.Raw(`SELECT COUNT(*) FROM ideas
		WHERE vote_count <> (SELECT COUNT(*) FROM votes WHERE votes.idea_id = ideas.id)`).Scan(&drift).Error, nil)
	testutil.Equal(t, "ideas whose counter disagrees with their votes", drift, int64(0))
	testutil.Equal(t, "ideas in the copy", testutil.Rows(t, cp, "ideas", "1 = 1"), len(ideaList))

	testutil.Equal(t, "a backup onto an existing file is refused", db.Backup(ctx, path) != nil, true)
}

func TestBackupRefusesPostgres(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		if db.IsSQLite() {
			return
		}
		err := db.Backup(t.Context(), filepath.Join(t.TempDir(), "copy.db"))
		testutil.Equal(t, "backup refused with the reason", errors.Is(err, store.ErrBackupPostgres), true)
	})
}
