package reports

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ideario/ideario/models/reporting"
)

// xlsxWidths are the columns' widths, in characters.
var xlsxWidths = []float64{8, 40, 36, 28, 18, 24, 14, 24, 10, 8, 10, 10, 20, 20, 40, 80}

// xlsxCellMax is the most characters a spreadsheet cell holds.
const xlsxCellMax = 32767

// Styles of styles.xml, by index: the default, the header, a date.
const (
	styleHeader = 1
	styleDate   = 2
)

// XLSX writes the idea report as an Office Open XML spreadsheet, one row
// at a time: the zip entries go out as they are compressed, so the
// download starts with the first ideas and memory stays flat. The sheet
// has a bold, frozen header row, numbers as numbers, times as dates (UTC),
// and a table with an autofilter over the whole report; text is
// neutralised against formula injection.
//
// The file is written here rather than by excelize because excelize
// assembles its zip only when the workbook is complete; excelize reads it
// back in the tests.
func XLSX(w io.Writer, ideas Ideas, m Meta) error {
	z := zip.NewWriter(w)
	for _, part := range xlsxParts {
		if err := xlsxPart(z, part.name, part.body); err != nil {
			return err
		}
	}
	sheet, err := z.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	rows, err := writeSheet(sheet, ideas, m)
	if err != nil {
		return err
	}
	if err := xlsxPart(z, "xl/worksheets/_rels/sheet1.xml.rels", sheetRels); err != nil {
		return err
	}
	if err := xlsxPart(z, "xl/tables/table1.xml", tablePart(max(rows, 2))); err != nil {
		return err
	}
	return z.Close()
}

func xlsxPart(z *zip.Writer, name, body string) error {
	f, err := z.Create(name)
	if err != nil {
		return err
	}
	_, err = io.WriteString(f, body)
	return err
}

// writeSheet writes the worksheet and returns how many rows it has,
// the header included.
func writeSheet(out io.Writer, ideas Ideas, m Meta) (int, error) {
	w := bufio.NewWriterSize(out, 32<<10)
	w.WriteString(xml.Header)
	w.WriteString(`<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">`)
	w.WriteString(`<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>`)
	w.WriteString(`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><cols>`)
	for k, width := range xlsxWidths {
		fmt.Fprintf(w, `<col min="%d" max="%d" width="%g" customWidth="1"/>`, k+1, k+1, width)
	}
	w.WriteString(`</cols><sheetData><row r="1">`)
	for k, c := range Columns {
		textCell(w, k, 1, styleHeader, c)
	}
	w.WriteString(`</row>`)
	row := 1
	err := ideas(func(i reporting.ReportIdea) error {
		row++
		w.WriteString(`<row r="` + strconv.Itoa(row) + `">`)
		for k, v := range values(i, m) {
			switch v := v.(type) {
			case string:
				if v != "" {
					textCell(w, k, row, 0, Neutralize(v))
				}
			case time.Time:
				w.WriteString(`<c r="` + cellName(k, row) + `" s="` + strconv.Itoa(styleDate) + `"><v>`)
				w.WriteString(strconv.FormatFloat(excelTime(v), 'f', -1, 64) + `</v></c>`)
			case nil:
			default:
				w.WriteString(`<c r="` + cellName(k, row) + `"><v>` + text(v) + `</v></c>`)
			}
		}
		_, err := w.WriteString(`</row>`)
		return err
	})
	if err != nil {
		return 0, err
	}
	w.WriteString(`</sheetData><tableParts count="1"><tablePart r:id="rId1"/></tableParts></worksheet>`)
	return row, w.Flush()
}

// textCell writes an inline string cell; style 0 is the default.
func textCell(w *bufio.Writer, col, row, style int, s string) {
	if utf8.RuneCountInString(s) > xlsxCellMax {
		s = string([]rune(s)[:xlsxCellMax])
	}
	w.WriteString(`<c r="` + cellName(col, row) + `" t="inlineStr"`)
	if style != 0 {
		w.WriteString(` s="` + strconv.Itoa(style) + `"`)
	}
	w.WriteString(`><is><t xml:space="preserve">`)
	// EscapeText also replaces the characters XML cannot hold. Its only
	// error is w's, which w keeps and returns from writeSheet's Flush.
	_ = xml.EscapeText(w, []byte(s))
	w.WriteString(`</t></is></c>`)
}

// cellName is the A1-style name of a cell; col counts from 0, row from 1.
// The report has fewer than 27 columns.
func cellName(col, row int) string {
	return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[col:col+1] + strconv.Itoa(row)
}

// excelTime is a time as a spreadsheet serial: days since 1899-12-30, in
// UTC, to the second (spreadsheets round finer fractions).
func excelTime(t time.Time) float64 {
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	return float64(t.UTC().Truncate(time.Second).Sub(epoch)/time.Second) / 86400
}

// tablePart is the table over the report's rows, with its autofilter.
func tablePart(rows int) string {
	ref := "A1:" + cellName(len(Columns)-1, rows)
	var b strings.Builder
	b.WriteString(xml.Header)
	fmt.Fprintf(&b, `<table xmlns="%s" id="1" name="IdeaReport" displayName="IdeaReport" ref="%s" totalsRowShown="0">`, nsMain, ref)
	fmt.Fprintf(&b, `<autoFilter ref="%s"/><tableColumns count="%d">`, ref, len(Columns))
	for k, c := range Columns {
		fmt.Fprintf(&b, `<tableColumn id="%d" name="%s"/>`, k+1, c)
	}
	b.WriteString(`</tableColumns><tableStyleInfo name="TableStyleLight9" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`)
	return b.String()
}

const (
	nsMain   = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel    = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkgRel = "http://schemas.openxmlformats.org/package/2006/relationships"
	relType  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	ctSheet  = "application/vnd.openxmlformats-officedocument.spreadsheetml."
)

const sheetRels = xml.Header + `<Relationships xmlns="` + nsPkgRel + `">` +
	`<Relationship Id="rId1" Type="` + relType + `table" Target="../tables/table1.xml"/></Relationships>`

// xlsxParts are the parts that do not depend on the report, in the order
// they are written, before the sheet.
var xlsxParts = []struct{ name, body string }{
	{"[Content_Types].xml", xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="` + ctSheet + `sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="` + ctSheet + `worksheet+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="` + ctSheet + `styles+xml"/>` +
		`<Override PartName="/xl/tables/table1.xml" ContentType="` + ctSheet + `table+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`</Types>`},
	{"_rels/.rels", xml.Header + `<Relationships xmlns="` + nsPkgRel + `">` +
		`<Relationship Id="rId1" Type="` + relType + `officeDocument" Target="xl/workbook.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
		`</Relationships>`},
	{"docProps/core.xml", xml.Header + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Ideario idea report</dc:title><dc:creator>Ideario</dc:creator></cp:coreProperties>`},
	{"xl/workbook.xml", xml.Header + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">` +
		`<bookViews><workbookView/></bookViews><sheets><sheet name="Ideas" sheetId="1" r:id="rId1"/></sheets></workbook>`},
	{"xl/_rels/workbook.xml.rels", xml.Header + `<Relationships xmlns="` + nsPkgRel + `">` +
		`<Relationship Id="rId1" Type="` + relType + `worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="` + relType + `styles" Target="styles.xml"/></Relationships>`},
	// Fonts: regular, bold. Fills: the two that every workbook must have.
	// Cell formats: the default, bold (the header), a date and time.
	{"xl/styles.xml", xml.Header + `<styleSheet xmlns="` + nsMain + `">` +
		`<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>` +
		`<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
		`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
		`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
		`<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
		`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
		`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>` +
		`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`},
}
