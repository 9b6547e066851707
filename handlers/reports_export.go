package handlers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/reports"
	"github.com/ideario/ideario/views"
	"github.com/labstack/echo/v4"
)

// CheckReportQuery refuses filters a report cannot read: dates must be
// YYYY-MM-DD, the status one of the statuses and the sort one of the sorts
// (none: by id). Unlike the idea list, a
// report is not silently widened.
func CheckReportQuery(q ListQuery) error {
	for _, d := range []struct{ name, value string }{{"from", q.From}, {"to", q.To}} {
		if _, err := time.Parse(time.DateOnly, d.value); d.value != "" && err != nil {
			return fmt.Errorf("%s must be a date as YYYY-MM-DD, not %q", d.name, d.value)
		}
	}
	if q.Status != "" && !slices.Contains(models.Statuses, q.Status) {
		return fmt.Errorf("status must be one of %s, not %q", strings.Join(models.Statuses, ", "), q.Status)
	}
	if q.Sort != "" && !slices.Contains(models.Sorts, q.Sort) {
		return fmt.Errorf("sort must be one of %s, not %q", strings.Join(models.Sorts, ", "), q.Sort)
	}
	return nil
}

// ReportFilter checks a report's filters and resolves them. empty says
// that a filter names nothing (an unknown challenge, category or tag): the
// report then has no ideas. The web and the command line share it.
func ReportFilter(ctx context.Context, store *models.Store, q ListQuery) (f models.IdeaFilter, empty bool, err error) {
	if err := CheckReportQuery(q); err != nil {
		return f, false, err
	}
	f, err = ResolveFilter(ctx, store, q)
	if errors.Is(err, errUnknownFilter) {
		return f, true, nil
	}
	return f, false, err
}

// ReportMeta describes a report for its reader, in a language: the
// filters used, and the names of statuses.
func ReportMeta(baseURL string, q ListQuery, now time.Time, locale string) reports.Meta {
	tr := func(msg string) string { return i18n.T(locale, msg) }
	m := reports.Meta{BaseURL: baseURL, Generated: now, Locale: locale,
		StatusName: func(s string) string { return tr(views.Label(s)) }}
	same := func(s string) string { return s }
	named := func(label func(string) string) func(string) string {
		return func(s string) string { return tr(label(s)) }
	}
	for _, f := range []struct {
		name, value string
		show        func(string) string
	}{{"Challenge", q.Challenge, same}, {"Category", q.Category, same}, {"Status", q.Status, named(views.Label)},
		{"Tag", q.Tag, same}, {"Search", q.Q, same}, {"From", q.From, same}, {"To", q.To, same}, {"Sort", q.Sort, named(views.SortLabel)}} {
		if f.value != "" {
			m.Filters = append(m.Filters, [2]string{tr(f.name), f.show(f.value)})
		}
	}
	return m
}

// CampaignFigures are the campaign's figures for a PDF report: in the
// report's challenge, from its first day (or the start) to its last (or
// today).
func CampaignFigures(ctx context.Context, store *models.Store, f models.IdeaFilter, now time.Time) (*models.ReportFigures, error) {
	rf := models.ReportFilter{ChallengeID: f.ChallengeID, From: f.From, To: now}
	if !f.To.IsZero() {
		rf.To = f.To.AddDate(0, 0, -1) // the filter's To is the midnight after its last day
	}
	fg, err := store.CampaignFigures(ctx, rf)
	return &fg, err
}

// reportQuery binds a report's query string; a filter it cannot read is
// a 400.
func (h *Handler) reportQuery(c echo.Context) (ListQuery, models.IdeaFilter, bool, error) {
	q := bindListQuery(c)
	// bindListQuery drops a bad status and defaults the sort; a report
	// refuses the first and is by id without the second.
	q.Status, q.Sort = c.QueryParam("status"), c.QueryParam("sort")
	if err := CheckReportQuery(q); err != nil {
		return q, models.IdeaFilter{}, false, echo.NewHTTPError(http.StatusBadRequest, err.Error())
	}
	f, empty, err := ReportFilter(c.Request().Context(), h.Store, q)
	return q, f, empty, err
}

// ExportIdeas answers the idea report in one of reports.Formats, streamed
// as the rows are read.
func (h *Handler) ExportIdeas(format string) echo.HandlerFunc {
	out, ok := reports.Formats[format]
	if !ok {
		panic("handlers: no report format " + format)
	}
	return func(c echo.Context) error {
		q, f, empty, err := h.reportQuery(c)
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		ideas := func(fn func(models.ReportIdea) error) error {
			if empty {
				return nil
			}
			return h.Store.EachReportIdea(ctx, f, fn)
		}
		now := time.Now()
		meta := ReportMeta(h.Config.BaseURL, q, now, locale(c))
		if out.Name == "pdf" && !empty {
			if meta.Campaign, err = CampaignFigures(ctx, h.Store, f, now); err != nil {
				return err
			}
		}
		return download(c, out.ContentType, reports.FileName("ideas", out.Name, now), func(w io.Writer) error {
			return out.Write(w, ideas, meta)
		})
	}
}

// ExportComments answers the comments report as CSV: the visible comments
// of the visible ideas that the filters select.
func (h *Handler) ExportComments(c echo.Context) error {
	_, f, empty, err := h.reportQuery(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	comments := func(fn func(models.ReportComment) error) error {
		if empty {
			return nil
		}
		return h.Store.EachReportComment(ctx, f, fn)
	}
	return download(c, "text/csv; charset=utf-8", reports.FileName("comments", "csv", time.Now()), func(w io.Writer) error {
		return reports.CommentsCSV(w, comments)
	})
}

// download sends a file as an attachment, written as it is made. Once the
// first bytes are out an error can no longer change the status: the error
// handler then only logs it, and the cut-off download shows the failure.
func download(c echo.Context, contentType, name string, write func(io.Writer) error) error {
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, contentType)
	res.Header().Set(echo.HeaderContentDisposition, fmt.Sprintf("attachment; filename=%q", name))
	res.Header().Set("X-Content-Type-Options", "nosniff")
	res.Header().Set("Cache-Control", "private, no-store")
	res.WriteHeader(http.StatusOK)
	// Send the headers now: the browser starts the download at once, even
	// for the formats whose bytes come only when the file is complete.
	res.Flush()
	return write(res)
}
