package models_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

// TestBackupUnderLoad copies a SQLite database while people vote: the copy
// passes integrity_check, opens, and is a consistent snapshot (every
// idea's vote counter equals its votes in the copy).
func TestBackupUnderLoad(t *testing.T) {
	store := testutil.Store(t, "sqlite")
	ctx := t.Context()
	author := newUser(t, store, "")
	var ideas []int64
	for range 20 {
		ideas = append(ideas, newIdea(t, store, author.ID, models.IdeaInput{}).ID)
	}
	var voters []*models.User
	for range 40 {
		voters = append(voters, newUser(t, store, ""))
	}

	loadCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	var votes atomic.Int64
	for w := range 4 {
		wg.Go(func() {
			for k := w; loadCtx.Err() == nil; k += 4 {
				u, idea := voters[k%len(voters)], ideas[(k/len(voters))%len(ideas)]
				if _, err := store.Vote(loadCtx, u.ID, idea); err == nil {
					votes.Add(1)
				}
				if _, err := store.Unvote(loadCtx, u.ID, ideas[(k+7)%len(ideas)]); err != nil && loadCtx.Err() == nil {
					t.Errorf("unvote: %v", err)
				}
			}
		})
	}
	for votes.Load() < 50 && !t.Failed() { // the backup starts in the middle of the load
		time.Sleep(time.Millisecond)
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	err := store.Backup(ctx, path)
	stop()
	wg.Wait()
	isErr(t, "backup", err, nil)

	cp, err := models.Open("sqlite:" + path)
	isErr(t, "open the copy", err, nil)
	defer func() { _ = cp.Close() }()
	isErr(t, "integrity", cp.CheckIntegrity(ctx), nil)
	var drift int64
	isErr(t, "counters", cp.DB.Raw(`SELECT COUNT(*) FROM ideas
		WHERE vote_count <> (SELECT COUNT(*) FROM votes WHERE votes.idea_id = ideas.id)`).Scan(&drift).Error, nil)
	equal(t, "ideas whose counter disagrees with their votes", drift, int64(0))
	equal(t, "ideas in the copy", rows(t, cp, "ideas", "1 = 1"), len(ideas))

	equal(t, "a backup onto an existing file is refused", store.Backup(ctx, path) != nil, true)
}

func TestBackupRefusesPostgres(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		if store.IsSQLite() {
			return
		}
		err := store.Backup(t.Context(), filepath.Join(t.TempDir(), "copy.db"))
		equal(t, "backup refused with the reason", errors.Is(err, models.ErrBackupPostgres), true)
	})
}
