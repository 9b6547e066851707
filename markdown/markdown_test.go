package markdown

import (
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	tests := []struct {
		name, in  string
		want      []string
		wantNever []string
	}{
		{"bold", "a **b** c", []string{"<strong>b</strong>"}, nil},
		{"list", "- one\n- two", []string{"<li>one</li>"}, nil},
		{"script tag", "<script>alert(1)</script>", nil, []string{"<script"}},
		{"inline event", `<img src=x onerror="alert(1)">`, nil, []string{"onerror"}},
		{"javascript link", "[x](javascript:alert(1))", nil, []string{"javascript:"}},
		{"data link", "[x](data:text/html;base64,PHNjcmlwdD4=)", nil, []string{"data:"}},
		{"external link", "[site](https://example.org)", []string{`href="https://example.org"`, `rel="nofollow noopener ugc"`}, nil},
		{"protocol-relative link", "[x](//evil.example/a)", []string{`rel="nofollow noopener ugc"`}, nil},
		{"link within the site", "[x](/ideas/1)", []string{`<a href="/ideas/1">x</a>`}, nil},
		{"autolink", "see https://example.org/x", []string{`href="https://example.org/x"`}, nil},
		{"iframe", `<iframe src="https://evil.example"></iframe>`, nil, []string{"<iframe"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Render(tt.in)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("Render(%q) = %q, want it to contain %q", tt.in, got, w)
				}
			}
			for _, w := range tt.wantNever {
				if strings.Contains(strings.ToLower(got), w) {
					t.Errorf("Render(%q) = %q, must not contain %q", tt.in, got, w)
				}
			}
		})
	}
}

func TestPlainTextAndExcerpt(t *testing.T) {
	if got, want := PlainText("# Title\n\nSome **bold** & <b>raw</b> text.\n\n- a\n- b"), "Title Some bold & raw text. a b"; got != want {
		t.Errorf("PlainText = %q, want %q", got, want)
	}
	long := strings.Repeat("word ", 100)
	got := Excerpt(long, 50)
	if len([]rune(got)) > 51 || !strings.HasSuffix(got, "…") {
		t.Errorf("Excerpt = %q, want at most 50 runes and an ellipsis", got)
	}
	if got := Excerpt("short", 50); got != "short" {
		t.Errorf("Excerpt(short) = %q", got)
	}
}
