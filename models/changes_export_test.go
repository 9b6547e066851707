package models

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
