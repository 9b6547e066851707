package ideas

import (
	"context"
	"slices"
	"time"

	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// Sorts of the idea list.
const (
	SortHot       = "hot"
	SortTop       = "top"
	SortNew       = "new"
	SortDiscussed = "discussed"
	// SortRelevance orders a search's results by how well they match:
	// the default when searching, and only offered then.
	SortRelevance = "relevance"
)

// Sorts lists the sorts, the default first.
var Sorts = []string{SortHot, SortTop, SortNew, SortDiscussed}

// SortsFor lists the sorts offered for a list searched with query, the
// default first: relevance leads when the query has words to look for.
func SortsFor(query string) []string {
	if len(store.SearchWords(query)) == 0 {
		return Sorts
	}
	return append([]string{SortRelevance}, Sorts...)
}

// ListSort is the sort a page searched with query uses when asked for
// sort: the sort itself when offered, the default otherwise.
func ListSort(sort, query string) string {
	sorts := SortsFor(query)
	if slices.Contains(sorts, sort) {
		return sort
	}
	return sorts[0]
}

// Reordering tells the kinds of change that may reorder a list in the
// sort sort (as ListSort gives it), or bring other ideas into a page of
// it: a vote moves an idea in the hot and top lists, a comment in the
// hot and discussed ones; the newest and the most relevant stay put.
func Reordering(sort string) store.Change {
	switch sort {
	case SortNew, SortRelevance:
		return 0
	case SortTop:
		return store.Votes
	case SortDiscussed:
		return store.Comments
	default:
		return store.Votes | store.Comments
	}
}

// SortColumns maps each sort to its column; every one is indexed with each
// filter in front of it.
var SortColumns = map[string]string{
	SortHot:       "ideas.hot",
	SortTop:       "ideas.vote_count",
	SortNew:       "ideas.created_at",
	SortDiscussed: "ideas.comment_count",
}

// IdeaFilter narrows and orders the idea list. Zero values mean "any".
type IdeaFilter struct {
	Sort        string // hot when empty, even when searching (see ListSort)
	ChallengeID int64
	CategoryID  int64
	TagID       int64
	AuthorID    int64
	Status      string
	Lang        string // the language ideas are written in
	Query       string
	From, To    time.Time // creation time: From <= created_at < To
	Page        int       // from 1
	PerPage     int
	AfterID     int64 // cursor for the API: ideas after this one in the sort
	// IncludeHidden lists hidden and pending ideas too, for moderators.
	IncludeHidden bool
	// CardsOnly leaves out the long text columns (body, response, search
	// words), which cards never show: reading them is most of the query's
	// cost on a large table.
	CardsOnly bool
}

// IdeaCard is an idea as lists show it, with the names of what it links to.
type IdeaCard struct {
	Idea
	AuthorName     string
	AuthorCountry  string
	ChallengeSlug  string
	ChallengeTitle string
	CategorySlug   string
	CategoryName   string
	ChallengeLang  string           `gorm:"-"` // the language of ChallengeTitle when not the site's default
	Tags           []challenges.Tag `gorm:"-"`
}

// IdeaPage is one page of the idea list.
type IdeaPage struct {
	Ideas   []IdeaCard
	Page    int
	HasNext bool
}

// ListIdeas returns one page of visible ideas.
func (s *Store) ListIdeas(ctx context.Context, f IdeaFilter) (*IdeaPage, error) {
	if f.PerPage <= 0 {
		f.PerPage = 20
	}
	if f.Page < 1 {
		f.Page = 1
	}
	q, col := s.filteredIdeas(ctx, f)
	if f.CardsOnly {
		q = q.Select(cardOnlyColumns)
	}
	offsetPage := f.Page
	if f.AfterID > 0 {
		var err error
		if q, err = s.afterCursor(ctx, q, col, f); err != nil {
			return nil, err
		}
		offsetPage = 1 // the cursor, not an offset, says where the page starts
	}
	q = q.Order(col + " DESC, ideas.id DESC")
	cards, more, err := store.ScanPage[IdeaCard](q, offsetPage, f.PerPage)
	if err != nil {
		return nil, store.MapErr("list ideas", err)
	}
	if err := s.attachTags(ctx, cards); err != nil {
		return nil, err
	}
	return &IdeaPage{Ideas: cards, Page: f.Page, HasNext: more}, nil
}

// cardOnlyColumns are what an idea card shows, with the names that
// CardQuery joins in: every column of ideas but the long texts.
const cardOnlyColumns = `ideas.id, ideas.title, ideas.slug, ideas.excerpt, ideas.author_id,
	ideas.challenge_id, ideas.category_id, ideas.status, ideas.vote_count, ideas.comment_count,
	ideas.follower_count, ideas.hot, ideas.hidden, ideas.hidden_reason, ideas.pending,
	ideas.merged_into_id, ideas.created_at, ideas.updated_at, ideas.status_changed_at, ideas.edited_at, ideas.lang,
	users.name AS author_name, users.country AS author_country,
	challenges.slug AS challenge_slug, challenges.title AS challenge_title,
	categories.slug AS category_slug, categories.name AS category_name`

// CardQuery selects ideas with the names of their author, challenge and
// category, as IdeaCard holds them.
func CardQuery(db *gorm.DB) *gorm.DB {
	return db.Table("ideas").
		Select(`ideas.*, users.name AS author_name, users.country AS author_country,
			challenges.slug AS challenge_slug, challenges.title AS challenge_title,
			categories.slug AS category_slug, categories.name AS category_name`).
		Joins("JOIN users ON users.id = ideas.author_id").
		Joins("LEFT JOIN challenges ON challenges.id = ideas.challenge_id").
		Joins("LEFT JOIN categories ON categories.id = ideas.category_id")
}

// IdeaQuery builds the filtered, sorted query behind every idea list.
func (s *Store) IdeaQuery(ctx context.Context, f IdeaFilter) *gorm.DB {
	q, col := s.filteredIdeas(ctx, f)
	return q.Order(col + " DESC, ideas.id DESC")
}

// sort is the sort the list uses: the one asked for, or hot when it names
// none (relevance needs words to look for). Unlike ListSort, an empty sort
// does not mean relevance when searching: reports list every match.
func (f IdeaFilter) sort() string {
	if _, ok := SortColumns[f.Sort]; ok || (f.Sort == SortRelevance && len(store.SearchWords(f.Query)) > 0) {
		return f.Sort
	}
	return SortHot
}

// relevanceCandidates bounds the work of a search by relevance: the
// newest matches that pass the filters, at most this many, are ranked.
// A query that matches fewer is ranked exactly; one that matches more (a
// word in most ideas) still answers in a few milliseconds, by ranking the
// recent ones. The other sorts list every match.
const relevanceCandidates = 1000

// filteredIdeas builds the filtered query behind every idea list, and
// gives the expression it sorts by, highest first, before ideas.id.
func (s *Store) filteredIdeas(ctx context.Context, f IdeaFilter) (*gorm.DB, string) {
	db := s.DB.WithContext(ctx)
	f.Sort = f.sort()
	words := store.SearchWords(f.Query)
	if f.Sort == SortRelevance {
		hits := s.Dialect().SearchHits(filterIdeas(db, f), words, relevanceCandidates)
		// CROSS JOIN keeps the hits first: SQLite looks each one up by id.
		q := CardQuery(db).Table("(?) AS search_hits CROSS JOIN ideas", hits).Where("ideas.id = search_hits.id")
		return q, "search_hits.rank"
	}
	q := filterIdeas(CardQuery(db), f)
	if len(words) > 0 {
		q = s.Dialect().SearchFilter(q, words, true)
	}
	return q, SortColumns[f.Sort]
}

// filterIdeas narrows a query on ideas to those the filter lets through,
// its search words aside.
func filterIdeas(q *gorm.DB, f IdeaFilter) *gorm.DB {
	q = q.Where("ideas.merged_into_id IS NULL")
	if !f.IncludeHidden {
		q = q.Where("ideas.hidden = ?", false)
	}
	if f.ChallengeID > 0 {
		q = q.Where("ideas.challenge_id = ?", f.ChallengeID)
	}
	if f.CategoryID > 0 {
		q = q.Where("ideas.category_id = ?", f.CategoryID)
	}
	if f.Lang != "" {
		q = q.Where("ideas.lang = ?", f.Lang)
	}
	if f.Status != "" {
		q = q.Where("ideas.status = ?", f.Status)
	}
	if f.AuthorID > 0 {
		q = q.Where("ideas.author_id = ?", f.AuthorID)
	}
	if f.TagID > 0 {
		q = q.Where("ideas.id IN (SELECT idea_id FROM idea_tags WHERE tag_id = ?)", f.TagID)
	}
	if !f.From.IsZero() {
		q = q.Where("ideas.created_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("ideas.created_at < ?", f.To.UTC())
	}
	return q
}

// afterCursor continues a list sorted by col after the idea with id
// f.AfterID, so that pages stay stable while ideas come in.
func (s *Store) afterCursor(ctx context.Context, q *gorm.DB, col string, f IdeaFilter) (*gorm.DB, error) {
	key, err := s.cursorKey(ctx, f)
	if err != nil {
		return nil, err
	}
	return q.Where("("+col+" < ? OR ("+col+" = ? AND ideas.id < ?))", key, key, f.AfterID), nil
}

// cursorKey is the value of the list's sort for the idea f.AfterID.
func (s *Store) cursorKey(ctx context.Context, f IdeaFilter) (any, error) {
	db := s.DB.WithContext(ctx)
	sort := f.sort()
	if sort == SortRelevance {
		rank, err := s.Dialect().RankOf(db, store.SearchWords(f.Query), f.AfterID)
		return rank, store.MapErr("cursor", err)
	}
	var after Idea
	if err := db.First(&after, f.AfterID).Error; err != nil {
		return nil, store.MapErr("cursor", err)
	}
	switch sort {
	case SortTop:
		return after.VoteCount, nil
	case SortNew:
		return after.CreatedAt, nil
	case SortDiscussed:
		return after.CommentCount, nil
	default:
		return after.Hot, nil
	}
}

// attachTags loads the tags of a page of ideas in one query.
func (s *Store) attachTags(ctx context.Context, cards []IdeaCard) error {
	if len(cards) == 0 {
		return nil
	}
	ids := make([]int64, len(cards))
	index := make(map[int64]int, len(cards))
	for i, c := range cards {
		ids[i] = c.ID
		index[c.ID] = i
	}
	var rows []struct {
		IdeaID int64
		challenges.Tag
	}
	err := s.DB.WithContext(ctx).Table("idea_tags").
		Select("idea_tags.idea_id, tags.id, tags.slug, tags.name, tags.idea_count").
		Joins("JOIN tags ON tags.id = idea_tags.tag_id").
		Where("idea_tags.idea_id IN ?", ids).Order("tags.slug").Scan(&rows).Error
	if err != nil {
		return store.MapErr("tags of ideas", err)
	}
	for _, r := range rows {
		i := index[r.IdeaID]
		cards[i].Tags = append(cards[i].Tags, r.Tag)
	}
	return nil
}

// IdeaCardByID loads one idea with its names and tags, hidden or not.
func (s *Store) IdeaCardByID(ctx context.Context, id int64) (*IdeaCard, error) {
	var cards []IdeaCard
	err := CardQuery(s.DB.WithContext(ctx)).Where("ideas.id = ?", id).Limit(1).Scan(&cards).Error
	if err != nil {
		return nil, store.MapErr("idea", err)
	}
	if len(cards) == 0 {
		return nil, store.ErrNotFound
	}
	if err := s.attachTags(ctx, cards); err != nil {
		return nil, err
	}
	return &cards[0], nil
}
