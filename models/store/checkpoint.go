package store

import (
	"database/sql"
	"time"
)

// checkpointEvery is how often the write-ahead log is copied into a SQLite
// database file.
const checkpointEvery = 200 * time.Millisecond

// checkpointer copies SQLite's write-ahead log into the database file from
// a goroutine of its own. By default SQLite does it inside the commit that
// takes the log past 1,000 pages: that commit then writes megabytes and
// waits for two fsyncs, and with it every vote of the batch, and the one
// writer with them (votes stalled many times a second under load).
// Commits stay as durable: each is in the log before COMMIT returns. A
// PASSIVE checkpoint never waits for readers or writers; the last one, on
// close, empties the log.
type checkpointer struct {
	db   *sql.DB
	stop chan struct{}
	done chan struct{}
}

// startCheckpoints runs checkpoints on db until close.
func startCheckpoints(db *sql.DB) *checkpointer {
	c := &checkpointer{db: db, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		tick := time.NewTicker(checkpointEvery)
		defer tick.Stop()
		for {
			select {
			case <-c.stop:
				return
			case <-tick.C:
				// An error (the database is busy or closing) waits for the next tick.
				_, _ = db.Exec("PRAGMA wal_checkpoint(PASSIVE)")
			}
		}
	}()
	return c
}

// close stops the checkpoints and empties the log.
func (c *checkpointer) close() {
	if c == nil {
		return
	}
	close(c.stop)
	<-c.done
	_, _ = c.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
}
