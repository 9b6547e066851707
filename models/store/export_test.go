package store

import "context"

// HoldAfterNotice makes each NOTIFY of the store wait, once sent, for a
// value of (or the close of) next before the store may send another, so
// that a test can write while a NOTIFY is under way. It does nothing on
// SQLite.
func (s *Store) HoldAfterNotice(next <-chan struct{}) {
	n := s.changes.notices
	if n == nil {
		return
	}
	n.wait() // no goroutine reads send meanwhile
	send := n.send
	n.send = func() {
		send()
		<-next
	}
}

// MigrationCount lets the external tests check that every step of the
// schema's history was recorded.
var MigrationCount = len(migrations)

// BackfillPlainText lets the external tests run migration step 6's backfill
// on rows that lack their plain-text copies.
func (s *Store) BackfillPlainText() error {
	return backfillPlainText(s.Writes(context.Background(), All))
}
