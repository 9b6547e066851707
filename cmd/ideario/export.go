package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ideario/ideario/config"
	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/reporting"
	"github.com/ideario/ideario/reports"
	"github.com/schollz/progressbar/v3"
)

// progressFrom is the report size from which export shows a progress bar.
const progressFrom = 5000

// export writes the idea report to a file, as /reports/ideas.* does.
func export(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) (err error) {
	fs := flags("export", &cfg, stdout)
	format := fs.String("format", "", "csv, xlsx, json or pdf (default: from --out's extension)")
	out := fs.String("out", "", "file to write (required)")
	var q ideas.ListQuery
	fs.StringVar(&q.Challenge, "challenge", "", "challenge slug")
	fs.StringVar(&q.Category, "category", "", "category slug")
	fs.StringVar(&q.Status, "status", "", "status: "+strings.Join(ideas.Statuses, ", "))
	fs.StringVar(&q.Tag, "tag", "", "tag slug")
	fs.StringVar(&q.Q, "q", "", "full-text search")
	fs.StringVar(&q.Sort, "sort", "", "order: "+strings.Join(ideas.Sorts, ", ")+" (default: by id)")
	fs.StringVar(&q.From, "from", "", "ideas created on or after this day, YYYY-MM-DD")
	fs.StringVar(&q.To, "to", "", "ideas created on or before this day, YYYY-MM-DD")
	lang := fs.String("lang", "", "language of the PDF: "+strings.Join(i18n.Locales, ", ")+" (default: the site's default language)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("--out FILE is required")
	}
	if *format == "" {
		*format = strings.TrimPrefix(filepath.Ext(*out), ".")
	}
	f, ok := reports.Formats[*format]
	if !ok {
		return fmt.Errorf("--format must be csv, xlsx, json or pdf, not %q", *format)
	}
	if err := reporting.CheckQuery(q); err != nil {
		return err
	}
	if *lang != "" && i18n.Canonical(*lang) == "" {
		return fmt.Errorf("--lang must be one of %s, not %q", strings.Join(i18n.Locales, ", "), *lang)
	}
	store, err := open(ctx, &cfg, io.Discard)
	if err != nil {
		return err
	}
	defer closeWith(&err, store)
	filter, empty, err := store.Reporting.Filter(ctx, q)
	if err != nil {
		return err
	}
	var total int64
	if !empty {
		if total, err = store.Reporting.CountReportIdeas(ctx, filter); err != nil {
			return err
		}
	}
	var bar *progressbar.ProgressBar
	if total >= progressFrom {
		bar = newProgressBar(stderr, total, "exporting ideas")
	}
	ideas := func(fn func(reporting.ReportIdea) error) error {
		if empty {
			return nil
		}
		return store.Reporting.EachReportIdea(ctx, filter, func(i reporting.ReportIdea) error {
			if bar != nil {
				_ = bar.Add(1) // its only error is a failed redraw of the bar on stderr
			}
			return fn(i)
		})
	}
	if *lang == "" {
		site, err := store.Site.Settings(ctx)
		if err != nil {
			return err
		}
		*lang = site.DefaultLocale
	}
	meta := reports.MetaOf(cfg.BaseURL, q, time.Now(), i18n.Canonical(*lang))
	if f.Name == "pdf" && !empty {
		if meta.Campaign, err = store.Reporting.FiguresOf(ctx, filter, meta.Generated); err != nil {
			return err
		}
	}
	if err := writeFile(*out, func(w io.Writer) error { return f.Write(w, ideas, meta) }); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "wrote %d ideas to %s\n", total, *out)
	return err
}

// writeFile writes through a temporary file in the same folder, renamed at
// the end, so that a failed export leaves no half-written report behind.
func writeFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	// After the rename below there is nothing left to remove, and before it
	// the write's own error is the one to report.
	defer func() { _ = os.Remove(tmp.Name()) }()
	if err := write(tmp); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
