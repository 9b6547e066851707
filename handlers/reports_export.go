package handlers

import (
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/reporting"
	"github.com/ideario/ideario/reports"
	"github.com/labstack/echo/v4"
)

// reportQuery binds a report's query string; a filter it cannot read is
// a 400.
func (h *Handler) reportQuery(c echo.Context) (ideas.ListQuery, ideas.IdeaFilter, bool, error) {
	q := bindListQuery(c)
	// bindListQuery drops a bad status and defaults the sort; a report
	// refuses the first and is by id without the second.
	q.Status, q.Sort = c.QueryParam("status"), c.QueryParam("sort")
	if err := reporting.CheckQuery(q); err != nil {
		return q, ideas.IdeaFilter{}, false, echo.NewHTTPError(http.StatusBadRequest, err.Error())
	}
	f, empty, err := h.Store.Reporting.Filter(c.Request().Context(), q)
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
		ideas := func(fn func(reporting.ReportIdea) error) error {
			if empty {
				return nil
			}
			return h.Store.Reporting.EachReportIdea(ctx, f, fn)
		}
		now := time.Now()
		meta := reports.MetaOf(h.Config.BaseURL, q, now, Locale(c))
		if out.Name == "pdf" && !empty {
			if meta.Campaign, err = h.Store.Reporting.FiguresOf(ctx, f, now); err != nil {
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
	comments := func(fn func(reporting.ReportComment) error) error {
		if empty {
			return nil
		}
		return h.Store.Reporting.EachReportComment(ctx, f, fn)
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
