package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"

	"github.com/ideario/ideario/markdown"
	"github.com/ideario/ideario/search"
	"gorm.io/gorm"
)

// SearchWords splits a query into the words to look for (see package
// search), so that nothing the visitor types is read as search syntax.
func SearchWords(q string) []string { return search.QueryWords(q) }

// newSearchQuery gives each word's forms and the prefix to look for.
func newSearchQuery(words []string) search.Query { return search.NewQuery(words) }

// ftsMatch writes a query in SQLite's full-text syntax: each group of
// forms in parentheses, joined by AND (all) or OR. Forms hold only
// lower-case letters and digits, so none is read as an operator.
func ftsMatch(q search.Query, all bool) string {
	return joinGroups(q, " OR ", "*", map[bool]string{true: " AND ", false: " OR "}[all], func(f string) string { return f })
}

// tsQuery writes a query in PostgreSQL's tsquery syntax, each form quoted
// as a lexeme so that it is read as text, never as syntax.
func tsQuery(q search.Query, all bool) string {
	return joinGroups(q, " | ", ":*", map[bool]string{true: " & ", false: " | "}[all], func(f string) string { return "'" + f + "'" })
}

// joinGroups writes a query for either engine: the forms of a group joined
// by or, the groups by and; the prefix, if any, joins the last group.
func joinGroups(q search.Query, or, prefix, and string, term func(string) string) string {
	groups := make([]string, len(q.Groups))
	for i, forms := range q.Groups {
		terms := make([]string, 0, len(forms)+1)
		last := q.Prefix != "" && i == len(q.Groups)-1
		for _, f := range forms {
			if !last || f != q.Prefix { // the prefix matches the word itself too
				terms = append(terms, term(f))
			}
		}
		if last {
			terms = append(terms, term(q.Prefix)+prefix)
		}
		groups[i] = "(" + strings.Join(terms, or) + ")"
	}
	return strings.Join(groups, and)
}

// BM25's usual constants: how fast a word's repetitions stop counting, and
// how much a long text is penalised.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// bm25 is SQLite's ideario_rank function: the relevance of a row, read
// from FTS4's matchinfo(..., 'pcnaly'), with an optional weight for each
// column. It is Okapi BM25 without the words' rarity (idf): every result
// holds every word of the query, and matchinfo's 'x', which gives the
// rarity, reads the whole index entry of each word a second time, which
// doubled the time of a search for a common word. A blob of the wrong
// shape ranks 0.
func bm25(matchinfo []byte, weights ...float64) float64 {
	info := make([]uint32, len(matchinfo)/4)
	for i := range info {
		info[i] = binary.NativeEndian.Uint32(matchinfo[4*i:])
	}
	if len(info) < 3 {
		return 0
	}
	phrases, cols := int(info[0]), int(info[1])
	if len(info) != 3+2*cols+phrases*cols {
		return 0
	}
	avgLen, rowLen, hits := info[3:3+cols], info[3+cols:3+2*cols], info[3+2*cols:]
	score := 0.0
	for p := range phrases {
		for c := range cols {
			tf := float64(hits[p*cols+c])
			if tf == 0 {
				continue
			}
			norm := 1 - bm25B + bm25B*float64(rowLen[c])/max(float64(avgLen[c]), 1)
			w := 1.0
			if c < len(weights) {
				w = weights[c]
			}
			score += w * tf * (bm25K1 + 1) / (tf + bm25K1*norm)
		}
	}
	return score
}

// firstRank reads the one relevance a RankOf query returns.
func firstRank(ranks []float64, err error) (float64, error) {
	if err != nil {
		return 0, fmt.Errorf("models: rank: %w", err)
	}
	if len(ranks) == 0 {
		return 0, ErrNotFound
	}
	return ranks[0], nil
}

// searchBatch is how many ideas RefreshSearchText fills in one transaction.
const searchBatch = 500

// RefreshSearchText fills the search text (title, body and tags) of the
// ideas that have none (written by a bulk loader rather than CreateIdea),
// a batch at a time, and says how many it filled. The full-text index
// follows by itself.
func (s *Store) RefreshSearchText(ctx context.Context) (int, error) {
	total, after := 0, int64(0)
	for {
		var n int
		err := s.Tx(ctx, Ideas, func(tx *gorm.DB) error {
			var err error
			n, after, err = fillSearchText(tx, after)
			return err
		})
		if err != nil {
			return total, fmt.Errorf("models: refresh search text: %w", err)
		}
		total += n
		if n < searchBatch {
			return total, nil
		}
	}
}

// TagDocument is the text to index for an idea's tags: the words and
// stems of their names (see search.Document), in name order. Tags are
// indexed with the title, so that searching for a tag's word finds the
// ideas that carry the tag without saying the word.
func TagDocument(names []string) string {
	return search.Document(strings.Join(slices.Sorted(slices.Values(names)), " "))
}

// RefreshSearchTags indexes the tags the ideas ids carry now; every
// change of an idea's tags ends with it.
func RefreshSearchTags(tx *gorm.DB, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	var rows []struct {
		IdeaID int64
		Name   string
	}
	err := tx.Table("idea_tags").Select("idea_tags.idea_id, tags.name").
		Joins("JOIN tags ON tags.id = idea_tags.tag_id").Where("idea_tags.idea_id IN ?", ids).Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("read tags: %w", err)
	}
	names := make(map[int64][]string, len(ids))
	for _, r := range rows {
		names[r.IdeaID] = append(names[r.IdeaID], r.Name)
	}
	for _, id := range ids {
		doc := TagDocument(names[id])
		// An unchanged text is not written: the index stays as it is.
		err := tx.Exec("UPDATE ideas SET search_tags = ? WHERE id = ? AND search_tags <> ?", doc, id, doc).Error
		if err != nil {
			return fmt.Errorf("write tags of idea %d: %w", id, err)
		}
	}
	return nil
}

// backfillSearchTags indexes the tags of every idea tagged before
// migration step 9.
func backfillSearchTags(tx *gorm.DB) error {
	for after := int64(0); ; {
		var ids []int64
		err := tx.Raw("SELECT DISTINCT idea_id FROM idea_tags WHERE idea_id > ? ORDER BY idea_id LIMIT ?", after, searchBatch).Scan(&ids).Error
		if err != nil {
			return fmt.Errorf("read tagged ideas: %w", err)
		}
		if err := RefreshSearchTags(tx, ids); err != nil || len(ids) < searchBatch {
			return err
		}
		after = ids[len(ids)-1]
	}
}

// backfillSearchText fills the search text of every idea written before
// migration step 7.
func backfillSearchText(tx *gorm.DB) error {
	for after := int64(0); ; {
		n, last, err := fillSearchText(tx, after)
		if err != nil || n < searchBatch {
			return err
		}
		after = last
	}
}

// fillSearchText fills the search text, tags included, of up to
// searchBatch ideas without one after the id after, and returns how many
// it read and the last id.
func fillSearchText(tx *gorm.DB, after int64) (int, int64, error) {
	var rows []struct {
		ID                    int64
		Title, Body, BodyText string
	}
	err := tx.Table("ideas").Select("id, title, body, body_text").
		Where("id > ? AND search_title = '' AND search_text = ''", after).
		Order("id").Limit(searchBatch).Scan(&rows).Error
	if err != nil {
		return 0, after, fmt.Errorf("read ideas: %w", err)
	}
	ids := make([]int64, 0, len(rows))
	for _, r := range rows {
		text := r.BodyText
		if text == "" {
			text = markdown.PlainText(r.Body)
		}
		err := tx.Table("ideas").Where("id = ?", r.ID).UpdateColumns(map[string]any{
			"search_title": search.Document(r.Title), "search_text": search.Document(text),
		}).Error
		if err != nil {
			return 0, after, fmt.Errorf("write idea %d: %w", r.ID, err)
		}
		after = r.ID
		ids = append(ids, r.ID)
	}
	return len(rows), after, RefreshSearchTags(tx, ids)
}
