package models

import (
	"context"
	"database/sql"
	"time"

	"github.com/ideario/ideario/markdown"
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

// reportIdeas is the filtered list of visible ideas in id order; the order
// lets the tags stream alongside in one pass.
func (s *Store) reportIdeas(ctx context.Context, f IdeaFilter) *gorm.DB {
	f.IncludeHidden = false
	return s.ideaQuery(ctx, f).
		Order(clause.OrderByColumn{Column: clause.Column{Table: "ideas", Name: "id"}, Reorder: true})
}

// CountReportIdeas counts the ideas that EachReportIdea would walk.
func (s *Store) CountReportIdeas(ctx context.Context, f IdeaFilter) (int64, error) {
	var n int64
	err := s.reportIdeas(ctx, f).Select("ideas.id").Count(&n).Error
	return n, mapErr("count report ideas", err)
}

// EachReportIdea calls fn for every visible idea matching the filter, by
// id, reading the rows one at a time so that memory stays flat however many
// ideas there are. Merged ideas are left out. An error from fn stops the
// walk and is returned.
func (s *Store) EachReportIdea(ctx context.Context, f IdeaFilter, fn func(ReportIdea) error) error {
	rows, err := s.reportIdeas(ctx, f).Select(`ideas.id, ideas.title, ideas.slug, challenges.title, categories.name,
		ideas.status, users.name, users.country, ideas.vote_count, ideas.comment_count, ideas.follower_count,
		ideas.created_at, ideas.status_changed_at, ideas.response, ideas.body`).Rows()
	if err != nil {
		return mapErr("report ideas", err)
	}
	defer rows.Close()
	ids := s.reportIdeas(ctx, f).Select("ideas.id")
	tagRows, err := s.DB.WithContext(ctx).Table("idea_tags").
		Select("idea_tags.idea_id, tags.name").
		Joins("JOIN tags ON tags.id = idea_tags.tag_id").
		Where("idea_tags.idea_id IN (?)", ids).
		Order("idea_tags.idea_id, tags.name").Rows()
	if err != nil {
		return mapErr("report tags", err)
	}
	defer tagRows.Close()
	tags := tagStream{rows: tagRows}
	for rows.Next() {
		var (
			r                   ReportIdea
			challenge, category sql.NullString
			changed             sql.NullTime
			response, body      string
		)
		err := rows.Scan(&r.ID, &r.Title, &r.Slug, &challenge, &category, &r.Status, &r.Author, &r.AuthorCountry,
			&r.Votes, &r.Comments, &r.Followers, &r.CreatedAt, &changed, &response, &body)
		if err != nil {
			return mapErr("report idea", err)
		}
		r.Challenge, r.Category = challenge.String, category.String
		r.CreatedAt = r.CreatedAt.UTC()
		if changed.Valid {
			t := changed.Time.UTC()
			r.StatusChangedAt = &t
		}
		r.Description = markdown.PlainText(body)
		if response != "" { // most ideas have none; rendering is the costly part of a report
			r.Response = markdown.PlainText(response)
		}
		if r.Tags, err = tags.of(r.ID); err != nil {
			return mapErr("report tags", err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return mapErr("report ideas", rows.Err())
}

// tagStream reads (idea id, tag) rows in idea order, alongside the ideas.
type tagStream struct {
	rows    *sql.Rows
	id      int64 // idea of the row read ahead, 0 when none
	name    string
	started bool
}

// of returns the tags of one idea; ideas come in increasing id order.
func (t *tagStream) of(ideaID int64) ([]string, error) {
	if !t.started {
		t.started = true
		if err := t.next(); err != nil {
			return nil, err
		}
	}
	var names []string
	for t.id != 0 && t.id <= ideaID {
		if t.id == ideaID {
			names = append(names, t.name)
		}
		if err := t.next(); err != nil {
			return nil, err
		}
	}
	return names, nil
}

func (t *tagStream) next() error {
	if !t.rows.Next() {
		t.id = 0
		return t.rows.Err()
	}
	return t.rows.Scan(&t.id, &t.name)
}

// EachReportComment calls fn for every visible comment of the visible ideas
// matching the filter, by id, one row at a time.
func (s *Store) EachReportComment(ctx context.Context, f IdeaFilter, fn func(ReportComment) error) error {
	ids := s.reportIdeas(ctx, f).Select("ideas.id")
	rows, err := s.DB.WithContext(ctx).Table("comments").
		Select("comments.idea_id, comments.id, comments.parent_id, users.name, users.country, comments.created_at, comments.body").
		Joins("JOIN users ON users.id = comments.author_id").
		Where("comments.hidden = ? AND comments.deleted = ?", false, false).
		Where("comments.idea_id IN (?)", ids).
		Order("comments.id").Rows()
	if err != nil {
		return mapErr("report comments", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			c      ReportComment
			parent sql.NullInt64
			body   string
		)
		if err := rows.Scan(&c.IdeaID, &c.ID, &parent, &c.Author, &c.Country, &c.CreatedAt, &body); err != nil {
			return mapErr("report comment", err)
		}
		if parent.Valid {
			c.ParentID = &parent.Int64
		}
		c.CreatedAt, c.Body = c.CreatedAt.UTC(), markdown.PlainText(body)
		if err := fn(c); err != nil {
			return err
		}
	}
	return mapErr("report comments", rows.Err())
}
