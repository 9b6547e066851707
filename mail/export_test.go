package mail

import "time"

// SetPoll makes a notifier look for news every d, for tests of its loop.
func SetPoll(n *Notifier, d time.Duration) { n.poll = d }
