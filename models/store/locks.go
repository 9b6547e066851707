package store

import (
	"gorm.io/gorm/clause"
)

// RowLock is the lock a write transaction takes on a row whose counters it
// will change: FOR NO KEY UPDATE on PostgreSQL; GORM leaves it out on
// SQLite, where one write transaction runs at a time.
//
// FOR UPDATE would be wrong here. Adding a comment, a vote, a follow or a
// notification checks its foreign keys, which holds a KEY SHARE lock on
// the idea's and the person's rows until commit; FOR UPDATE waits for
// every such lock, and queues ahead of the holders' own later updates of
// the row, so two comments and one vote on the same idea could each wait
// for another ("deadlock detected"). NO KEY UPDATE does not conflict with
// KEY SHARE, and still queues writers of the same row one behind another.
var RowLock = clause.Locking{Strength: "NO KEY UPDATE"}
