package bulk

// Bulk loading writes large, already consistent datasets (the synthetic
// load-test data of the seed package) with multi-row INSERTs in big
// transactions, instead of one row at a time through the app's write
// paths. The rows carry their own ids, so that a loader can link parents
// and children before anything reaches the database; the caller keeps the
// counters, hot scores and follows consistent, as the write paths would.
// VerifyCounters checks that it did.

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/reputation"
	"github.com/ideario/ideario/models/slug"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// bulkMaxParams keeps every INSERT under SQLite's limit of 32,766 bound
// parameters (PostgreSQL allows 65,535).
const bulkMaxParams = 30000

// BulkVote is one vote row for a bulk load.
type BulkVote struct {
	UserID, IdeaID int64
	ChallengeID    *int64
	CreatedAt      time.Time
}

// BulkFollow is one follow row for a bulk load.
type BulkFollow struct {
	UserID, IdeaID int64
	CreatedAt      time.Time
}

// BulkPair links two rows: an idea and a tag, or a challenge and a
// category.
type BulkPair struct{ A, B int64 }

// BulkBatch is a set of rows written in one transaction, parents before
// children. Users, tags, challenges, ideas and comments carry their ids;
// status changes get theirs from the database. A user without a handle
// gets the fallback user<id>, which no one else may hold, so that a load
// of thousands of people needs no look-up.
type BulkBatch struct {
	Users               []accounts.User
	Categories          []challenges.Category
	Tags                []challenges.Tag
	Challenges          []challenges.Challenge
	ChallengeCategories []BulkPair // challenge id, category id
	Ideas               []ideas.Idea
	IdeaTags            []BulkPair // idea id, tag id
	StatusChanges       []ideas.StatusChange
	Votes               []BulkVote
	Comments            []comments.Comment
	Follows             []BulkFollow
}

// Rows counts the rows in the batch.
func (b *BulkBatch) Rows() int {
	return len(b.Users) + len(b.Categories) + len(b.Tags) + len(b.Challenges) + len(b.ChallengeCategories) + len(b.Ideas) +
		len(b.IdeaTags) + len(b.StatusChanges) + len(b.Votes) + len(b.Comments) + len(b.Follows)
}

// BulkIDs are the highest ids in use in the tables whose bulk rows carry
// their own ids (0 for an empty table).
type BulkIDs struct {
	Users, Categories, Tags, Challenges, Ideas, Comments int64
}

// MaxIDs reads the highest ids in use, so that a bulk load numbers its
// rows after them.
func (s *Store) MaxIDs(ctx context.Context) (BulkIDs, error) {
	var ids BulkIDs
	db := s.Writes(ctx, store.All)
	for _, t := range []struct {
		table string
		dst   *int64
	}{{"users", &ids.Users}, {"categories", &ids.Categories}, {"tags", &ids.Tags}, {"challenges", &ids.Challenges}, {"ideas", &ids.Ideas}, {"comments", &ids.Comments}} {
		if err := db.Table(t.table).Select("COALESCE(MAX(id), 0)").Scan(t.dst).Error; err != nil {
			return ids, fmt.Errorf("models: max ids: %s: %w", t.table, err)
		}
	}
	return ids, nil
}

// HasIdeas tells whether the database holds any idea at all, hidden or not.
func (s *Store) HasIdeas(ctx context.Context) (bool, error) {
	var ids []int64
	err := s.DB.WithContext(ctx).Model(&ideas.Idea{}).Limit(1).Pluck("id", &ids).Error
	return len(ids) > 0, store.MapErr("has ideas", err)
}

// BulkInsert writes a batch in one transaction. After the last batch,
// FinishBulk must run.
func (s *Store) BulkInsert(ctx context.Context, b *BulkBatch) error {
	err := s.Tx(ctx, store.All, func(tx *gorm.DB) error {
		tagDocs, others, err := bulkTagDocuments(tx, b)
		if err != nil {
			return err
		}
		for _, t := range bulkTables(b, tagDocs) {
			if t.n == 0 {
				continue
			}
			if err := insertRows(tx, t.table, t.columns, t.n, t.row); err != nil {
				return fmt.Errorf("%s: %w", t.table, err)
			}
		}
		return store.RefreshSearchTags(tx, others)
	})
	if err != nil {
		return fmt.Errorf("models: bulk insert: %w", err)
	}
	return nil
}

// FinishBulk runs once after a bulk load: where the engine needs it, it
// moves the id sequences past the ids the load chose and tidies the
// tables the load filled (see afterBulkLoad), and writes the ledger of
// points.
func (s *Store) FinishBulk(ctx context.Context) error {
	sequenced := []string{"users", "categories", "tags", "challenges", "ideas", "comments"}
	var filled []string
	for _, t := range bulkTables(&BulkBatch{}, nil) {
		filled = append(filled, t.table)
	}
	if err := store.AfterBulkLoad(s.Dialect(), s.Writes(ctx, store.All), sequenced, filled); err != nil {
		return fmt.Errorf("models: finish bulk load: %w", err)
	}
	// The load wrote ideas, votes and statuses, not the points they earn:
	// the ledger is made from them once, as a recount would.
	return store.MapErr("finish bulk load", s.Tx(ctx, store.People, reputation.RebuildAll))
}

// SetTagCounts sets the tags' idea counts, by tag id.
func (s *Store) SetTagCounts(ctx context.Context, counts map[int64]int) error {
	return store.MapErr("tag counts", s.Tx(ctx, store.Ideas, func(tx *gorm.DB) error {
		for id, n := range counts {
			if err := tx.Model(&challenges.Tag{}).Where("id = ?", id).UpdateColumn("idea_count", n).Error; err != nil {
				return err
			}
		}
		return nil
	}))
}

// bulkTagDocuments gives the tag text to index (see store.TagDocument) of the
// batch's tagged ideas, by id, from the tags of the batch and those
// already stored, so that each idea is written once, whole. It also lists
// the ideas of earlier batches that the batch tags, whose text must be
// written again.
func bulkTagDocuments(tx *gorm.DB, b *BulkBatch) (docs map[int64]string, others []int64, err error) {
	names := make(map[int64]string, len(b.Tags))
	for _, t := range b.Tags {
		names[t.ID] = t.Name
	}
	var stored []int64
	for _, p := range b.IdeaTags {
		if _, ok := names[p.B]; !ok {
			names[p.B] = ""
			stored = append(stored, p.B)
		}
	}
	if len(stored) > 0 {
		var tags []challenges.Tag
		if err := tx.Select("id, name").Where("id IN ?", stored).Find(&tags).Error; err != nil {
			return nil, nil, fmt.Errorf("tags: %w", err)
		}
		for _, t := range tags {
			names[t.ID] = t.Name
		}
	}
	byIdea := map[int64][]string{}
	for _, p := range b.IdeaTags {
		byIdea[p.A] = append(byIdea[p.A], names[p.B])
	}
	inBatch := make(map[int64]bool, len(b.Ideas))
	for _, i := range b.Ideas {
		inBatch[i.ID] = true
	}
	// Ideas share their sets of tags: each set's text is made once.
	made := map[string]string{}
	docs = make(map[int64]string, len(byIdea))
	for id, tagNames := range byIdea {
		if !inBatch[id] {
			others = append(others, id)
			continue
		}
		key := strings.Join(tagNames, "\x00")
		doc, ok := made[key]
		if !ok {
			doc = store.TagDocument(tagNames)
			made[key] = doc
		}
		docs[id] = doc
	}
	slices.Sort(others)
	return docs, others, nil
}

// bulkTable describes how one slice of a batch becomes rows.
type bulkTable struct {
	table   string
	columns []string
	n       int
	row     func(i int, args []any) []any
}

// bulkTables lists the batch's tables in the order their foreign keys
// need; tagDocs holds the tag text to index of the batch's tagged ideas.
func bulkTables(b *BulkBatch, tagDocs map[int64]string) []bulkTable {
	return []bulkTable{
		{"users", []string{"id", "name", "handle", "email", "password_hash", "country", "locale", "role", "verified_at",
			"notify_email", "session_version", "created_at", "updated_at"}, len(b.Users), func(i int, a []any) []any {
			u := &b.Users[i]
			return append(a, u.ID, u.Name, cmp.Or(u.Handle, slug.FallbackHandle(u.ID)), u.Email, u.PasswordHash, u.Country, u.Locale, u.Role, u.VerifiedAt,
				u.NotifyEmail, max(u.SessionVersion, 1), u.CreatedAt, u.UpdatedAt)
		}},
		{"categories", []string{"id", "slug", "name", "description", "position", "created_at"}, len(b.Categories), func(i int, a []any) []any {
			c := &b.Categories[i]
			return append(a, c.ID, c.Slug, c.Name, c.Description, c.Position, c.CreatedAt)
		}},
		{"tags", []string{"id", "slug", "name", "idea_count"}, len(b.Tags), func(i int, a []any) []any {
			t := &b.Tags[i]
			return append(a, t.ID, t.Slug, t.Name, t.IdeaCount)
		}},
		{"challenges", []string{"id", "slug", "title", "description", "description_html", "phase", "ideation_at",
			"voting_at", "review_at", "results_at", "vote_budget", "idea_count", "premoderate", "created_at", "updated_at"},
			len(b.Challenges), func(i int, a []any) []any {
				c := &b.Challenges[i]
				return append(a, c.ID, c.Slug, c.Title, c.Description, c.DescriptionHTML, c.Phase, c.IdeationAt,
					c.VotingAt, c.ReviewAt, c.ResultsAt, c.VoteBudget, c.IdeaCount, c.Premoderate, c.CreatedAt, c.UpdatedAt)
			}},
		{"challenge_categories", []string{"challenge_id", "category_id"}, len(b.ChallengeCategories), func(i int, a []any) []any {
			return append(a, b.ChallengeCategories[i].A, b.ChallengeCategories[i].B)
		}},
		{"ideas", []string{"id", "title", "slug", "body", "body_html", "body_text", "search_title", "search_text", "search_tags", "excerpt", "author_id",
			"challenge_id", "category_id", "status", "response", "response_html", "response_text", "vote_count", "comment_count", "follower_count",
			"hot", "hidden", "pending", "created_at", "updated_at", "status_changed_at", "lang"}, len(b.Ideas), func(i int, a []any) []any {
			d := &b.Ideas[i]
			return append(a, d.ID, d.Title, d.Slug, d.Body, d.BodyHTML, d.BodyText, d.SearchTitle, d.SearchText, tagDocs[d.ID], d.Excerpt, d.AuthorID, d.ChallengeID,
				d.CategoryID, d.Status, d.Response, d.ResponseHTML, d.ResponseText, d.VoteCount, d.CommentCount, d.FollowerCount,
				d.Hot, d.Hidden, d.Pending, d.CreatedAt, d.UpdatedAt, d.StatusChangedAt, d.Lang)
		}},
		{"idea_tags", []string{"idea_id", "tag_id"}, len(b.IdeaTags), func(i int, a []any) []any {
			return append(a, b.IdeaTags[i].A, b.IdeaTags[i].B)
		}},
		{"status_changes", []string{"idea_id", "actor_id", "from_status", "to_status", "response", "created_at"},
			len(b.StatusChanges), func(i int, a []any) []any {
				c := &b.StatusChanges[i]
				return append(a, c.IdeaID, c.ActorID, c.FromStatus, c.ToStatus, c.Response, c.CreatedAt)
			}},
		{"votes", []string{"user_id", "idea_id", "challenge_id", "created_at"}, len(b.Votes), func(i int, a []any) []any {
			v := &b.Votes[i]
			return append(a, v.UserID, v.IdeaID, v.ChallengeID, v.CreatedAt)
		}},
		{"comments", []string{"id", "idea_id", "author_id", "parent_id", "thread_id", "body", "body_html", "body_text", "hidden", "deleted",
			"created_at", "updated_at", "lang"}, len(b.Comments), func(i int, a []any) []any {
			c := &b.Comments[i]
			return append(a, c.ID, c.IdeaID, c.AuthorID, c.ParentID, c.ThreadID, c.Body, c.BodyHTML, c.BodyText, c.Hidden, c.Deleted,
				c.CreatedAt, c.UpdatedAt, c.Lang)
		}},
		{"follows", []string{"user_id", "idea_id", "created_at"}, len(b.Follows), func(i int, a []any) []any {
			f := &b.Follows[i]
			return append(a, f.UserID, f.IdeaID, f.CreatedAt)
		}},
	}
}

// insertRows writes n rows with as few multi-row INSERTs as the parameter
// limit allows; row appends the values of row i to args.
func insertRows(tx *gorm.DB, table string, columns []string, n int, row func(i int, args []any) []any) error {
	perStmt := max(1, bulkMaxParams/len(columns))
	tuple := "(" + strings.Repeat("?, ", len(columns)-1) + "?)"
	head := "INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES "
	args := make([]any, 0, min(n, perStmt)*len(columns))
	for lo := 0; lo < n; lo += perStmt {
		hi := min(n, lo+perStmt)
		var sql strings.Builder
		sql.Grow(len(head) + (hi-lo)*(len(tuple)+2))
		sql.WriteString(head)
		args = args[:0]
		for i := lo; i < hi; i++ {
			if i > lo {
				sql.WriteString(", ")
			}
			sql.WriteString(tuple)
			args = row(i, args)
		}
		if err := tx.Exec(sql.String(), args...).Error; err != nil {
			return err
		}
	}
	return nil
}

// VerifyCounters compares every counter kept on a row with a recount of
// the rows it counts: ideas' votes, visible comments, followers and hot
// score (within a relative tolerance of 1e-9), challenges' visible ideas
// and tags' ideas. It returns one line per difference, at most limit.
func (s *Store) VerifyCounters(ctx context.Context, limit int) ([]string, error) {
	limit = max(limit, 1)
	db := s.Writes(ctx, store.All)
	var problems []string
	checks := []struct{ what, sql string }{
		{"counters of idea", `SELECT i.id FROM ideas i WHERE
			i.vote_count <> (SELECT COUNT(*) FROM votes v WHERE v.idea_id = i.id)
			OR i.comment_count <> (SELECT COUNT(*) FROM comments c WHERE c.idea_id = i.id AND c.hidden = FALSE AND c.deleted = FALSE)
			OR i.follower_count <> (SELECT COUNT(*) FROM follows f WHERE f.idea_id = i.id)`},
		{"idea count of challenge", `SELECT c.id FROM challenges c WHERE c.idea_count <>
			(SELECT COUNT(*) FROM ideas i WHERE i.challenge_id = c.id AND i.hidden = FALSE AND i.merged_into_id IS NULL)`},
		{"idea count of tag", `SELECT t.id FROM tags t WHERE t.idea_count <> (SELECT COUNT(*) FROM idea_tags it WHERE it.tag_id = t.id)`},
	}
	for _, c := range checks {
		var ids []int64
		if err := db.Raw(c.sql + " LIMIT " + fmt.Sprint(limit)).Scan(&ids).Error; err != nil {
			return nil, fmt.Errorf("models: verify counters: %s: %w", c.what, err)
		}
		for _, id := range ids {
			problems = append(problems, fmt.Sprintf("%s %d: not equal to a recount", c.what, id))
		}
	}
	drifts, err := ideas.HotDrifts(db)
	if err != nil {
		return nil, fmt.Errorf("models: verify counters: hot: %w", err)
	}
	for _, d := range drifts[:min(len(drifts), max(limit-len(problems), 0))] {
		problems = append(problems, fmt.Sprintf("hot score of idea %d is %.12f, a recount gives %.12f", d.ID, d.Have, d.Want))
	}
	return problems, nil
}
