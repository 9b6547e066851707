package recount

import (
	"context"
	"fmt"
	"strconv"

	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/reputation"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// CounterFix is a kept counter that disagreed with a recount of the rows
// it counts.
type CounterFix struct {
	Table string // ideas, challenges, tags or users
	ID    int64
	Field string
	Was   string
	Now   string // what the recount gives
}

func (f CounterFix) String() string {
	return fmt.Sprintf("%s %d: %s was %s, a recount gives %s", f.Table, f.ID, f.Field, f.Was, f.Now)
}

// counterCheck finds rows of a table whose counters disagree with their
// recounts: the query returns the row's id, then each counter followed by
// its recount.
type counterCheck struct {
	table  string
	fields []string
	query  string
	args   []any
}

var counterChecks = []counterCheck{
	{"ideas", []string{"vote_count", "comment_count", "follower_count"}, `SELECT id, vote_count, votes, comment_count, comments, follower_count, followers FROM (
		SELECT i.id, i.vote_count, i.comment_count, i.follower_count,
			(SELECT COUNT(*) FROM votes v WHERE v.idea_id = i.id) AS votes,
			(SELECT COUNT(*) FROM comments c WHERE c.idea_id = i.id AND c.hidden = ? AND c.deleted = ?) AS comments,
			(SELECT COUNT(*) FROM follows f WHERE f.idea_id = i.id) AS followers
		FROM ideas i) counted
		WHERE vote_count <> votes OR comment_count <> comments OR follower_count <> followers ORDER BY id`,
		[]any{false, false}},
	{"challenges", []string{"idea_count"}, `SELECT id, idea_count, ideas FROM (
		SELECT c.id, c.idea_count, (SELECT COUNT(*) FROM ideas i
			WHERE i.challenge_id = c.id AND i.hidden = ? AND i.merged_into_id IS NULL) AS ideas
		FROM challenges c) counted WHERE idea_count <> ideas ORDER BY id`,
		[]any{false}},
	{"tags", []string{"idea_count"}, `SELECT id, idea_count, ideas FROM (
		SELECT t.id, t.idea_count, (SELECT COUNT(*) FROM idea_tags it WHERE it.tag_id = t.id) AS ideas
		FROM tags t) counted WHERE idea_count <> ideas ORDER BY id`,
		nil},
}

// Counters checks every kept counter against the rows it counts: each
// idea's votes, visible comments, followers and hot score, each
// challenge's visible ideas, each tag's ideas and each person's
// reputation points (against a rebuild of the ledger), and returns what
// differed. With repair it sets each wrong counter to its recount in one
// write transaction, so that no vote slips in between the count and the
// fix (on SQLite, other writes wait for it: about 20 s on Mio x10).
func (s *Store) Counters(ctx context.Context, repair bool) ([]CounterFix, error) {
	var fixes []CounterFix
	check := func(tx *gorm.DB) error {
		for _, c := range counterChecks {
			found, err := checkCounters(tx, c, repair)
			if err != nil {
				return fmt.Errorf("%s: %w", c.table, err)
			}
			fixes = append(fixes, found...)
		}
		drifts, err := ideas.HotDrifts(tx)
		if err != nil {
			return fmt.Errorf("hot scores: %w", err)
		}
		for _, d := range drifts {
			fixes = append(fixes, CounterFix{"ideas", d.ID, "hot", strconv.FormatFloat(d.Have, 'f', 9, 64),
				strconv.FormatFloat(d.Want, 'f', 9, 64)})
			if repair {
				if err := tx.Model(&ideas.Idea{}).Where("id = ?", d.ID).UpdateColumn("hot", d.Want).Error; err != nil {
					return fmt.Errorf("hot score of idea %d: %w", d.ID, err)
				}
			}
		}
		return checkReputation(tx, repair, &fixes)
	}
	var err error
	if repair {
		err = s.Tx(ctx, store.All, check)
	} else {
		err = check(s.DB.WithContext(ctx))
	}
	return fixes, store.MapErr("recount", err)
}

// checkReputation compares each person's points with a rebuild of the
// ledger from the rows it stems from and, with repair, rebuilds it when
// any differ.
func checkReputation(tx *gorm.DB, repair bool, fixes *[]CounterFix) error {
	drifts, err := reputation.Drifts(tx)
	if err != nil {
		return err
	}
	for _, d := range drifts {
		*fixes = append(*fixes, CounterFix{"users", d.UserID, "reputation", strconv.FormatInt(d.Have, 10), strconv.FormatInt(d.Want, 10)})
	}
	if repair && len(drifts) > 0 {
		return reputation.RebuildAll(tx)
	}
	return nil
}

// checkCounters runs one check and, with repair, sets each differing
// counter to its recount.
func checkCounters(tx *gorm.DB, c counterCheck, repair bool) ([]CounterFix, error) {
	rows, err := tx.Raw(c.query, c.args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type wrong struct {
		id     int64
		values map[string]any
	}
	var fixes []CounterFix
	var repairs []wrong
	for rows.Next() {
		dst := make([]int64, 1+2*len(c.fields))
		ptrs := make([]any, len(dst))
		for k := range dst {
			ptrs[k] = &dst[k]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		w := wrong{id: dst[0], values: map[string]any{}}
		for k, field := range c.fields {
			was, now := dst[1+2*k], dst[2+2*k]
			if was != now {
				fixes = append(fixes, CounterFix{c.table, w.id, field, strconv.FormatInt(was, 10), strconv.FormatInt(now, 10)})
				w.values[field] = now
			}
		}
		repairs = append(repairs, w)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if repair {
		for _, w := range repairs {
			if err := tx.Table(c.table).Where("id = ?", w.id).UpdateColumns(w.values).Error; err != nil {
				return nil, err
			}
		}
	}
	return fixes, nil
}
