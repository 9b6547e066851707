package ideas

import (
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// recountSQL sets an idea's counters from its rows: the idea twice, the
// hidden and deleted flags to leave out (false, false), the idea twice.
const recountSQL = `UPDATE ideas SET
	vote_count = (SELECT COUNT(*) FROM votes WHERE idea_id = ?),
	comment_count = (SELECT COUNT(*) FROM comments WHERE idea_id = ? AND hidden = ? AND deleted = ?),
	follower_count = (SELECT COUNT(*) FROM follows WHERE idea_id = ?)
	WHERE id = ?`

// Recount sets an idea's counters and hot score from its rows.
func Recount(tx *gorm.DB, ideaID int64) error {
	err := tx.Exec(recountSQL, ideaID, ideaID, false, false, ideaID, ideaID).Error
	if err != nil {
		return err
	}
	return RecomputeHot(tx, ideaID)
}

// Lock reads the given columns of an idea and keeps its row locked
// until the transaction ends (see store.RowLock).
//
// Every transaction that changes an idea's counters or hot score calls it
// before its first write, so that they queue on the idea's row in the same
// order and never hold one lock while waiting for another the next one
// holds; and so that a counter or score computed from what was read cannot
// miss a concurrent change.
func Lock(tx *gorm.DB, id int64, columns string) (Idea, error) {
	var idea Idea
	err := tx.Clauses(store.RowLock).Select(columns).Where("id = ?", id).Take(&idea).Error
	return idea, err
}
