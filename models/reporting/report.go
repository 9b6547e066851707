package reporting

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/ideario/ideario/markdown"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ReportIdea is one idea of the sponsors' idea report, with the names of
// what it links to and its texts as plain text.
type ReportIdea struct {
	ID              int64
	Title           string
	Slug            string
	Challenge       string // title; "" for the ideas box
	Category        string // name; "" for none
	Tags            []string
	Status          string
	Author          string
	AuthorCountry   string
	Votes           int
	Comments        int
	Followers       int
	CreatedAt       time.Time
	StatusChangedAt *time.Time
	Response        string // plain text
	Description     string // plain text
}

// ReportComment is one comment of the comments report.
type ReportComment struct {
	IdeaID    int64
	ID        int64
	ParentID  *int64
	Author    string
	Country   string
	CreatedAt time.Time
	Body      string // plain text
}

// reportIdeas is the filtered list of visible ideas in the filter's sort,
// or by id when it names none.
func (s *Store) reportIdeas(ctx context.Context, f ideas.IdeaFilter) *gorm.DB {
	f.IncludeHidden = false
	q := ideas.Of(s.Store).IdeaQuery(ctx, f)
	if _, sorted := ideas.SortColumns[f.Sort]; !sorted {
		q = q.Order(clause.OrderByColumn{Column: clause.Column{Table: "ideas", Name: "id"}, Reorder: true})
	}
	return q
}

// CountReportIdeas counts the ideas that EachReportIdea would walk.
func (s *Store) CountReportIdeas(ctx context.Context, f ideas.IdeaFilter) (int64, error) {
	var n int64
	err := s.reportIdeas(ctx, f).Select("ideas.id").Count(&n).Error
	return n, store.MapErr("count report ideas", err)
}

// tagSeparator joins an idea's tag names in the report query; no tag name
// can hold it.
const tagSeparator = "\x1f"

// EachReportIdea calls fn for every visible idea matching the filter, in
// the filter's sort (by id when it has none), reading the rows one at a
// time so that memory stays flat however many ideas there are. Merged
// ideas are left out. An error from fn stops the walk and is returned.
func (s *Store) EachReportIdea(ctx context.Context, f ideas.IdeaFilter, fn func(ReportIdea) error) error {
	rows, err := s.reportIdeas(ctx, f).Select(`ideas.id, ideas.title, ideas.slug, challenges.title, categories.name,
		ideas.status, users.name, users.country, ideas.vote_count, ideas.comment_count, ideas.follower_count,
		ideas.created_at, ideas.status_changed_at, ideas.response, ideas.response_text, ideas.body, ideas.body_text, ` +
		s.Dialect().TagList("ideas.id")).Rows()
	if err != nil {
		return store.MapErr("report ideas", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			r                   ReportIdea
			challenge, category sql.NullString
			changed             sql.NullTime
			body, response      plainText
			tags                sql.NullString
		)
		err := rows.Scan(&r.ID, &r.Title, &r.Slug, &challenge, &category, &r.Status, &r.Author, &r.AuthorCountry,
			&r.Votes, &r.Comments, &r.Followers, &r.CreatedAt, &changed,
			&response.markdown, &response.text, &body.markdown, &body.text, &tags)
		if err != nil {
			return store.MapErr("report idea", err)
		}
		r.Challenge, r.Category = challenge.String, category.String
		r.CreatedAt = r.CreatedAt.UTC()
		if changed.Valid {
			t := changed.Time.UTC()
			r.StatusChangedAt = &t
		}
		r.Description, r.Response = body.String(), response.String()
		if tags.String != "" {
			r.Tags = strings.Split(tags.String, tagSeparator)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return store.MapErr("report ideas", rows.Err())
}

// plainText is a text read with its stored plain-text copy.
type plainText struct{ markdown, text string }

// String is the plain text; a row saved by something that did not fill the
// copy (a bulk import) is converted here.
func (p plainText) String() string {
	if p.text == "" && p.markdown != "" {
		return markdown.PlainText(p.markdown)
	}
	return p.text
}

// EachReportComment calls fn for every visible comment of the visible ideas
// matching the filter, by id, one row at a time.
func (s *Store) EachReportComment(ctx context.Context, f ideas.IdeaFilter, fn func(ReportComment) error) error {
	ids := s.reportIdeas(ctx, f).Select("ideas.id")
	rows, err := s.DB.WithContext(ctx).Table("comments").
		Select("comments.idea_id, comments.id, comments.parent_id, users.name, users.country, comments.created_at, comments.body, comments.body_text").
		Joins("JOIN users ON users.id = comments.author_id").
		Where("comments.hidden = ? AND comments.deleted = ?", false, false).
		Where("comments.idea_id IN (?)", ids).
		Order("comments.id").Rows()
	if err != nil {
		return store.MapErr("report comments", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			c      ReportComment
			parent sql.NullInt64
			body   plainText
		)
		if err := rows.Scan(&c.IdeaID, &c.ID, &parent, &c.Author, &c.Country, &c.CreatedAt, &body.markdown, &body.text); err != nil {
			return store.MapErr("report comment", err)
		}
		if parent.Valid {
			c.ParentID = &parent.Int64
		}
		c.CreatedAt, c.Body = c.CreatedAt.UTC(), body.String()
		if err := fn(c); err != nil {
			return err
		}
	}
	return store.MapErr("report comments", rows.Err())
}
