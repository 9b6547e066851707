package reports

import (
	"encoding/xml"
	"html/template"
	"io"
	"strings"
	"testing"
)

// svgOf takes the SVG out of a chart's HTML and parses it as XML,
// counting its elements by name and class.
func svgOf(t *testing.T, h template.HTML) (title string, count map[string]int) {
	t.Helper()
	s := string(h)
	start, end := strings.Index(s, "<svg"), strings.Index(s, "</svg>")
	if start < 0 || end < 0 {
		t.Fatalf("no SVG in %s", s)
	}
	dec := xml.NewDecoder(strings.NewReader(s[start : end+len("</svg>")]))
	count = map[string]int{}
	var inTitle bool
	for depth := 0; ; {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%s", err, s)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			count[el.Name.Local]++
			for _, a := range el.Attr {
				if a.Name.Local == "class" {
					count[el.Name.Local+"."+a.Value]++
				}
				if el.Name.Local == "svg" && a.Name.Local == "role" && a.Value == "img" {
					count["role=img"]++
				}
			}
			inTitle = el.Name.Local == "title" && depth == 1
			depth++
		case xml.EndElement:
			depth--
			inTitle = false
		case xml.CharData:
			if inTitle {
				title += string(el)
			}
		}
	}
	return title, count
}

func TestCharts(t *testing.T) {
	c := Chart{ID: "ideas", Title: "Ideas <by> “day” & more", Label: "Day", Value: "Ideas", Empty: "No data yet", Numbers: "Show the numbers"}
	labels := []string{"2026-03-16", "2026-03-17", "2026-03-18", "Café & <b>"}
	values := []int64{3, 0, 7, 1}
	for _, tc := range []struct {
		name     string
		draw     func([]string, []int64) template.HTML
		bars     string
		wantBars int
	}{
		{"bars", c.Bars, "rect.bar", 4},
		{"horizontal bars", c.HBars, "rect.bar", 4},
		{"area", c.Area, "polyline.line", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.draw(labels, values)
			title, count := svgOf(t, h)
			if title != c.Title {
				t.Errorf("title %q, want %q", title, c.Title)
			}
			if count["role=img"] != 1 {
				t.Error("the SVG has no role=img")
			}
			bars := count[tc.bars]
			if bars != tc.wantBars {
				t.Errorf("%d %s, want %d: %v", bars, tc.bars, tc.wantBars, count)
			}
			for _, want := range []string{`aria-labelledby="ideas-title"`, `<title id="ideas-title">`, "<details", "Show the numbers",
				`<th scope="row">Café &amp; &lt;b&gt;</th><td class="num">1</td>`, `<td class="num">7</td>`} {
				if !strings.Contains(string(h), want) {
					t.Errorf("%q missing from %s", want, h)
				}
			}
			if strings.Contains(string(h), "<b>") {
				t.Error("a label was not escaped")
			}
		})
	}
	t.Run("no data", func(t *testing.T) {
		for name, draw := range map[string]func([]string, []int64) template.HTML{"bars": c.Bars, "hbars": c.HBars, "area": c.Area} {
			h := draw([]string{"a", "b"}, []int64{0, 0})
			title, count := svgOf(t, h)
			if title != c.Title || count["text.empty"] != 1 || count["rect.bar"]+count["polyline.line"] != 0 {
				t.Errorf("%s: want the title and the empty state only, got %q %v", name, title, count)
			}
			if !strings.Contains(string(h), "No data yet") {
				t.Errorf("%s: the empty text is missing", name)
			}
			_, count = svgOf(t, draw(nil, nil))
			if count["text.empty"] != 1 {
				t.Errorf("%s without labels: no empty state", name)
			}
		}
	})
}

func TestNiceMax(t *testing.T) {
	for _, tc := range []struct{ max, want int64 }{{0, 0}, {1, 2}, {3, 4}, {5, 6}, {7, 10}, {11, 20}, {45, 60}, {61, 100}, {999, 1000}} {
		if got := niceMax([]int64{tc.max}); got != tc.want {
			t.Errorf("niceMax(%d) = %d, want %d", tc.max, got, tc.want)
		}
	}
}
