package ideas

import (
	"math"
	"time"

	"gorm.io/gorm"
)

// The "hot" sort ranks ideas by their activity with an exponential decay:
// every vote, every comment (worth half a vote) and the idea's own
// publication (worth one vote) count fully when they happen and half as
// much every hotHalfLife after. So an idea that was popular a month ago
// but is quiet now sinks, and a new idea that people are supporting today
// rises.
//
// Since every contribution decays at the same rate, the ranking between
// two ideas never changes while nothing happens to them. The score can
// therefore be stored on the row, kept up to date in the same transaction
// as a vote or a comment, and served by an index. It is stored as the
// logarithm of the decayed sum measured at a fixed epoch:
//
//	hot = ln( Σ weightᵢ · 2^((tᵢ − epoch) / hotHalfLife) )
//
// which stays a small number for centuries.
const (
	hotHalfLife   = 72 * time.Hour
	CommentWeight = 0.5
)

var hotEpoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// hotTerm is the logarithm of one contribution of weight w made at t.
func hotTerm(t time.Time, w float64) float64 {
	return math.Log(w) + math.Ln2*t.Sub(hotEpoch).Seconds()/hotHalfLife.Seconds()
}

// logAdd is ln(eᵃ + eᵇ), computed without overflow.
func logAdd(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// HotScore computes an idea's hot score from scratch, from the times of
// its creation, its votes and its comments.
func HotScore(created time.Time, votes, comments []time.Time) float64 {
	h := hotTerm(created, 1)
	for _, t := range votes {
		h = logAdd(h, hotTerm(t, 1))
	}
	for _, t := range comments {
		h = logAdd(h, hotTerm(t, CommentWeight))
	}
	return h
}

// BumpHot adds (or, with remove, takes away) one contribution made at t to
// the stored score of idea, as Lock read it (its ID, Hot and CreatedAt),
// inside the caller's transaction.
func BumpHot(tx *gorm.DB, idea Idea, t time.Time, w float64, remove bool) error {
	hot, exact := AddHot(idea.Hot, idea.CreatedAt, t, w, remove)
	if !exact {
		return RecomputeHot(tx, idea.ID)
	}
	return tx.Model(&Idea{}).Where("id = ?", idea.ID).UpdateColumn("hot", hot).Error
}

// AddHot is the score hot of an idea published at created once one
// contribution of weight w made at t is added, or with remove taken away.
// exact is false when taking it away would lose the score's precision:
// when that contribution is nearly the whole sum (a fresh vote on an idea
// whose other activity is months old), eʰ − eᵗ cancels to rounding noise,
// and the caller must recompute the score from the rows instead.
func AddHot(hot float64, created, t time.Time, w float64, remove bool) (score float64, exact bool) {
	term := hotTerm(t, w)
	if !remove {
		return logAdd(hot, term), true
	}
	share := math.Exp(term - hot) // the part of the sum that goes
	if share > 1-1e-6 {
		return hot, false
	}
	// ln(eʰ − eᵗ), never below the idea's own publication, which is
	// always part of the sum.
	return math.Max(hot+math.Log1p(-share), hotTerm(created, 1)), true
}

// RecomputeHot sets an idea's score from all its votes and visible
// comments (after back-dating, or to repair a drifted score).
func RecomputeHot(tx *gorm.DB, ideaID int64) error {
	var idea Idea
	if err := tx.Select("id, created_at").First(&idea, ideaID).Error; err != nil {
		return err
	}
	var votes, comments []time.Time
	if err := tx.Table("votes").Where("idea_id = ?", ideaID).Pluck("created_at", &votes).Error; err != nil {
		return err
	}
	if err := tx.Table("comments").Where("idea_id = ? AND hidden = ? AND deleted = ?", ideaID, false, false).
		Pluck("created_at", &comments).Error; err != nil {
		return err
	}
	return tx.Model(&Idea{}).Where("id = ?", ideaID).
		UpdateColumn("hot", HotScore(idea.CreatedAt, votes, comments)).Error
}

// HotDrift is an idea whose stored hot score differs from a recount.
type HotDrift struct {
	ID         int64
	Have, Want float64
}

// HotDrifts recomputes every idea's hot score from its votes and visible
// comments, reading each table once, and returns the ideas whose stored
// score differs by more than a relative 1e-9.
func HotDrifts(db *gorm.DB) ([]HotDrift, error) {
	times := map[int64]*struct{ votes, comments []time.Time }{}
	type stamp struct {
		IdeaID    int64
		CreatedAt time.Time
	}
	for _, src := range []struct {
		q     *gorm.DB
		votes bool
	}{
		{db.Table("votes").Select("idea_id, created_at"), true},
		{db.Table("comments").Select("idea_id, created_at").Where("hidden = ? AND deleted = ?", false, false), false},
	} {
		var rows []stamp
		if err := src.q.Scan(&rows).Error; err != nil {
			return nil, err
		}
		for _, r := range rows {
			t := times[r.IdeaID]
			if t == nil {
				t = &struct{ votes, comments []time.Time }{}
				times[r.IdeaID] = t
			}
			if src.votes {
				t.votes = append(t.votes, r.CreatedAt)
			} else {
				t.comments = append(t.comments, r.CreatedAt)
			}
		}
	}
	var ideas []Idea
	if err := db.Select("id, hot, created_at").Order("id").Find(&ideas).Error; err != nil {
		return nil, err
	}
	var drifts []HotDrift
	for _, i := range ideas {
		want := HotScore(i.CreatedAt, nil, nil)
		if t := times[i.ID]; t != nil {
			want = HotScore(i.CreatedAt, t.votes, t.comments)
		}
		if math.Abs(i.Hot-want) > 1e-9*math.Max(1, math.Abs(want)) {
			drifts = append(drifts, HotDrift{i.ID, i.Hot, want})
		}
	}
	return drifts, nil
}
