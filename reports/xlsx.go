package reports

import (
	"io"
	"strconv"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/xuri/excelize/v2"
)

// xlsxWidths are the columns' widths, in characters.
var xlsxWidths = []float64{8, 40, 36, 28, 18, 24, 14, 24, 10, 8, 10, 10, 20, 20, 40, 80}

// XLSX writes the idea report as a spreadsheet through excelize's stream
// writer, which keeps rows on disk rather than in memory: a bold, frozen
// header row, numbers as numbers, times as dates (UTC), a table with an
// autofilter over the whole report, and text neutralised against formula
// injection.
func XLSX(w io.Writer, ideas Ideas, m Meta) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Ideas"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	dateFmt := "yyyy-mm-dd hh:mm:ss"
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	for k, width := range xlsxWidths {
		if err := sw.SetColWidth(k+1, k+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(Columns))
	for k, c := range Columns {
		header[k] = excelize.Cell{StyleID: bold, Value: c}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	row := 1
	cells := make([]any, len(Columns))
	err = ideas(func(i models.ReportIdea) error {
		row++
		for k, v := range values(i, m) {
			switch v := v.(type) {
			case string:
				cells[k] = Neutralize(v)
			case time.Time:
				// Excel rounds fractions of a second; the other formats drop them.
				cells[k] = excelize.Cell{StyleID: date, Value: v.Truncate(time.Second)}
			default:
				cells[k] = v
			}
		}
		return sw.SetRow("A"+strconv.Itoa(row), cells)
	})
	if err != nil {
		return err
	}
	last, err := excelize.CoordinatesToCellName(len(Columns), max(row, 2))
	if err != nil {
		return err
	}
	if err := sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: "IdeaReport", StyleName: "TableStyleLight9"}); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}
