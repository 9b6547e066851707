// Package reports writes the sponsors' idea and comment reports in CSV,
// JSON, XLSX and PDF, one idea at a time, from a walk that the caller
// supplies (models.Store.EachReportIdea): memory stays flat however many
// ideas there are.
package reports

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/reporting"
)

// Columns are the idea report's columns, in SPEC's order; the JSON uses
// the same keys.
var Columns = []string{"id", "title", "url", "challenge", "category", "tags", "status", "author",
	"author_country", "votes", "comments", "followers", "created_at", "status_changed_at", "response", "description"}

// CommentColumns are the comments report's columns.
var CommentColumns = []string{"idea_id", "comment_id", "parent", "author", "country", "created_at", "body"}

// Ideas walks the ideas of a report in order, calling fn for each.
type Ideas func(fn func(reporting.ReportIdea) error) error

// Comments walks the comments of a report in order, calling fn for each.
type Comments func(fn func(reporting.ReportComment) error) error

// Meta describes a report: where links point and what it was asked for.
type Meta struct {
	BaseURL string      // the site's public URL, for the url column
	Filters [][2]string // name and value of each filter used, for the PDF, in its language
	// Locale is the language of the PDF's texts, numbers and dates.
	Locale string
	// StatusName names a status in Locale ("Under review"); nil leaves
	// the status as it is stored.
	Generated time.Time
	// Campaign are the campaign's figures in the report's challenge and
	// dates (visitors, contributors, countries), which the PDF shows
	// beside the report's own; nil leaves them out.
	Campaign   *reporting.ReportFigures
	StatusName func(status string) string
}

// status names a status for the PDF's reader.
func (m Meta) status(s string) string {
	if m.StatusName == nil {
		return strings.ReplaceAll(s, "_", " ")
	}
	return m.StatusName(s)
}

// values are an idea's cells in column order, typed: int64 and int for
// numbers, time.Time (or nil) for times, string for the rest.
func values(i reporting.ReportIdea, m Meta) []any {
	var changed any
	if i.StatusChangedAt != nil {
		changed = *i.StatusChangedAt
	}
	return []any{i.ID, i.Title, m.BaseURL + ideas.IdeaPath(i.ID, i.Slug), i.Challenge, i.Category,
		strings.Join(i.Tags, ";"), i.Status, i.Author, i.AuthorCountry, i.Votes, i.Comments, i.Followers,
		i.CreatedAt, changed, i.Response, i.Description}
}

// text is a cell as text: numbers in decimal, times in RFC 3339 UTC, nil empty.
func text(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case int:
		return strconv.Itoa(v)
	case time.Time:
		return v.UTC().Format(time.RFC3339)
	case nil:
		return ""
	}
	panic("reports: no text form for a cell")
}

// commentValues are a comment's cells in column order, as text.
func commentValues(c reporting.ReportComment) []string {
	parent := ""
	if c.ParentID != nil {
		parent = strconv.FormatInt(*c.ParentID, 10)
	}
	return []string{strconv.FormatInt(c.IdeaID, 10), strconv.FormatInt(c.ID, 10), parent, c.Author, c.Country,
		c.CreatedAt.UTC().Format(time.RFC3339), c.Body}
}

// Format is one way to write the idea report.
type Format struct {
	Name        string // csv, json, xlsx, pdf: the file extension too
	ContentType string
	Write       func(w io.Writer, ideas Ideas, m Meta) error
}

// Formats are the idea report's formats, by name.
var Formats = map[string]Format{
	"csv":  {"csv", "text/csv; charset=utf-8", CSV},
	"json": {"json", "application/json; charset=utf-8", JSON},
	"xlsx": {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", XLSX},
	"pdf":  {"pdf", "application/pdf", PDF},
}

// FileName is the name a downloaded report gets, such as
// ideario-ideas-2026-11-26.csv.
func FileName(what, ext string, day time.Time) string {
	return "ideario-" + what + "-" + day.UTC().Format(time.DateOnly) + "." + ext
}
