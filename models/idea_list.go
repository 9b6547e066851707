package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Sorts of the idea list.
const (
	SortHot       = "hot"
	SortTop       = "top"
	SortNew       = "new"
	SortDiscussed = "discussed"
)

// Sorts lists the sorts, the default first.
var Sorts = []string{SortHot, SortTop, SortNew, SortDiscussed}

// sortColumns maps each sort to its column; every one is indexed with each
// filter in front of it.
var sortColumns = map[string]string{
	SortHot:       "ideas.hot",
	SortTop:       "ideas.vote_count",
	SortNew:       "ideas.created_at",
	SortDiscussed: "ideas.comment_count",
}

// IdeaFilter narrows and orders the idea list. Zero values mean "any".
type IdeaFilter struct {
	Sort        string
	ChallengeID int64
	CategoryID  int64
	TagID       int64
	AuthorID    int64
	Status      string
	Query       string
	From, To    time.Time // creation time: From <= created_at < To
	Page        int       // from 1
	PerPage     int
	AfterID     int64 // cursor for the API: ideas after this one in the sort
	// IncludeHidden lists hidden and pending ideas too, for moderators.
	IncludeHidden bool
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
	Tags           []Tag `gorm:"-"`
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
	q, offsetPage := s.ideaQuery(ctx, f), f.Page
	if f.AfterID > 0 {
		var err error
		if q, err = s.afterCursor(ctx, q, f); err != nil {
			return nil, err
		}
		offsetPage = 1 // the cursor, not an offset, says where the page starts
	}
	cards, more, err := scanPage[IdeaCard](q, offsetPage, f.PerPage)
	if err != nil {
		return nil, mapErr("list ideas", err)
	}
	if err := s.attachTags(ctx, cards); err != nil {
		return nil, err
	}
	return &IdeaPage{Ideas: cards, Page: f.Page, HasNext: more}, nil
}

// cardQuery selects ideas with the names of their author, challenge and
// category, as IdeaCard holds them.
func cardQuery(db *gorm.DB) *gorm.DB {
	return db.Table("ideas").
		Select(`ideas.*, users.name AS author_name, users.country AS author_country,
			challenges.slug AS challenge_slug, challenges.title AS challenge_title,
			categories.slug AS category_slug, categories.name AS category_name`).
		Joins("JOIN users ON users.id = ideas.author_id").
		Joins("LEFT JOIN challenges ON challenges.id = ideas.challenge_id").
		Joins("LEFT JOIN categories ON categories.id = ideas.category_id")
}

// ideaQuery builds the filtered, sorted query behind every idea list.
func (s *Store) ideaQuery(ctx context.Context, f IdeaFilter) *gorm.DB {
	col, ok := sortColumns[f.Sort]
	if !ok {
		col = sortColumns[SortHot]
	}
	q := cardQuery(s.DB.WithContext(ctx)).Where("ideas.merged_into_id IS NULL")
	if !f.IncludeHidden {
		q = q.Where("ideas.hidden = ?", false)
	}
	if f.ChallengeID > 0 {
		q = q.Where("ideas.challenge_id = ?", f.ChallengeID)
	}
	if f.CategoryID > 0 {
		q = q.Where("ideas.category_id = ?", f.CategoryID)
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
	if words := searchWords(f.Query); len(words) > 0 {
		q = s.dialect.searchFilter(q, words, true)
	}
	return q.Order(col + " DESC, ideas.id DESC")
}

// afterCursor continues a list after the idea with id f.AfterID, in the
// list's sort order, so that pages stay stable while ideas come in.
func (s *Store) afterCursor(ctx context.Context, q *gorm.DB, f IdeaFilter) (*gorm.DB, error) {
	col, ok := sortColumns[f.Sort]
	if !ok {
		col = sortColumns[SortHot]
	}
	var after Idea
	if err := s.DB.WithContext(ctx).First(&after, f.AfterID).Error; err != nil {
		return nil, mapErr("cursor", err)
	}
	var key any
	switch f.Sort {
	case SortTop:
		key = after.VoteCount
	case SortNew:
		key = after.CreatedAt
	case SortDiscussed:
		key = after.CommentCount
	default:
		key = after.Hot
	}
	return q.Where("("+col+" < ? OR ("+col+" = ? AND ideas.id < ?))", key, key, after.ID), nil
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
		Tag
	}
	err := s.DB.WithContext(ctx).Table("idea_tags").
		Select("idea_tags.idea_id, tags.id, tags.slug, tags.name, tags.idea_count").
		Joins("JOIN tags ON tags.id = idea_tags.tag_id").
		Where("idea_tags.idea_id IN ?", ids).Order("tags.slug").Scan(&rows).Error
	if err != nil {
		return mapErr("tags of ideas", err)
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
	err := cardQuery(s.DB.WithContext(ctx)).Where("ideas.id = ?", id).Limit(1).Scan(&cards).Error
	if err != nil {
		return nil, mapErr("idea", err)
	}
	if len(cards) == 0 {
		return nil, ErrNotFound
	}
	if err := s.attachTags(ctx, cards); err != nil {
		return nil, err
	}
	return &cards[0], nil
}
