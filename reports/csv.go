package reports

import (
	"bufio"
	"encoding/csv"
	"io"

	"github.com/ideario/ideario/models/reporting"
)

// bom marks the CSV as UTF-8 for spreadsheets that would guess otherwise.
const bom = "\uFEFF"

// CSV writes the idea report as RFC 4180 CSV in UTF-8 with a byte-order
// mark. Text cells are neutralised against formula injection.
func CSV(w io.Writer, ideas Ideas, m Meta) error {
	return writeCSV(w, Columns, func(row func([]string) error) error {
		cells := make([]string, len(Columns))
		return ideas(func(i reporting.ReportIdea) error {
			for k, v := range values(i, m) {
				cells[k] = csvCell(v)
			}
			return row(cells)
		})
	})
}

// CommentsCSV writes the comments report as CSV, like CSV.
func CommentsCSV(w io.Writer, comments Comments) error {
	return writeCSV(w, CommentColumns, func(row func([]string) error) error {
		return comments(func(c reporting.ReportComment) error {
			cells := commentValues(c)
			for k := range cells {
				cells[k] = Neutralize(cells[k])
			}
			return row(cells)
		})
	})
}

func csvCell(v any) string {
	if s, ok := v.(string); ok {
		return Neutralize(s)
	}
	return text(v)
}

// writeCSV writes the byte-order mark, the header and the rows that each
// gives, flushing as it goes so that a download starts at once.
func writeCSV(w io.Writer, header []string, each func(row func([]string) error) error) error {
	buf := bufio.NewWriterSize(w, 32<<10)
	if _, err := buf.WriteString(bom); err != nil {
		return err
	}
	cw := csv.NewWriter(buf)
	cw.UseCRLF = true // RFC 4180
	if err := cw.Write(header); err != nil {
		return err
	}
	err := each(func(cells []string) error { return cw.Write(cells) })
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return buf.Flush()
}
