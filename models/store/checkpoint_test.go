package store_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/testutil"
)

// TestCheckpointsOffTheWritersPath opens a SQLite database: commits never
// checkpoint by themselves, the store's own checkpoints keep the log
// short, and closing the store empties it.
func TestCheckpointsOffTheWritersPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ideario.db")
	store, err := models.Open("sqlite:" + path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	var auto int
	if err := store.DB.Raw("PRAGMA wal_autocheckpoint").Scan(&auto).Error; err != nil || auto != 0 {
		t.Fatalf("wal_autocheckpoint = %d (%v), want 0: commits would checkpoint", auto, err)
	}
	author := testutil.NewUser(t, store, "")
	for i := range 200 {
		testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{Title: "An idea that fills the log " + strconv.Itoa(i)})
	}
	// The store's own checkpointer may be at work at the same moment: the
	// pragma then answers busy, with -1 pages, and is asked again.
	var busy, logged, copied int
	for try := 0; try == 0 || busy == 1 && try < 100; try++ {
		if try > 0 {
			time.Sleep(10 * time.Millisecond)
		}
		if err := store.DB.Raw("PRAGMA wal_checkpoint(PASSIVE)").Row().Scan(&busy, &logged, &copied); err != nil {
			t.Fatal(err)
		}
	}
	if logged <= 0 {
		t.Fatalf("the log holds %d pages after 200 ideas: is the database in WAL mode?", logged)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() != 0 {
		t.Errorf("the log is %d bytes after close, want it emptied", fi.Size())
	}
}
