package markdown

import (
	"slices"
	"strings"
	"testing"
)

func TestMentions(t *testing.T) {
	people := map[string]int64{"ana": 7, "joao_goncalves": 12, "bia": 3}
	tests := []struct {
		name          string
		in            string
		wantHandles   []string
		wantMentioned []int64
		want          []string // in the HTML
		wantNever     []string
	}{
		{"known", "thanks @ana", []string{"ana"}, []int64{7},
			[]string{`thanks <a href="/users/7" class="mention">@ana</a>`}, []string{"nofollow"}},
		{"unknown stays text", "thanks @nobody", []string{"nobody"}, nil,
			[]string{"thanks @nobody"}, []string{"<a"}},
		{"underscores in a handle", "cc @joao_goncalves!", []string{"joao_goncalves"}, []int64{12},
			[]string{`<a href="/users/12" class="mention">@joao_goncalves</a>!`}, []string{"<em>"}},
		{"punctuation after", "@ana, @bia. (@ana)", []string{"ana", "bia"}, []int64{7, 3},
			[]string{`<a href="/users/7" class="mention">@ana</a>,`, `<a href="/users/3" class="mention">@bia</a>.`,
				`(<a href="/users/7" class="mention">@ana</a>)`}, nil},
		{"several, each once", "@bia and @ana and @bia again", []string{"bia", "ana"}, []int64{3, 7},
			[]string{`<a href="/users/3" class="mention">@bia</a> and <a href="/users/7" class="mention">@ana</a>`}, nil},
		{"case-insensitive look-up, written as typed", "hi @Ana", []string{"ana"}, []int64{7},
			[]string{`<a href="/users/7" class="mention">@Ana</a>`}, nil},
		{"in a code span", "run `@ana` now", nil, nil, []string{"<code>@ana</code>"}, []string{"mention"}},
		{"in a code block", "```\n@ana\n```", nil, nil, []string{"@ana\n</code>"}, []string{"mention"}},
		{"in an e-mail address", "write to ana@example.org or bob@ana", nil, nil,
			[]string{`href="mailto:ana@example.org"`, "bob@ana"}, []string{"mention"}},
		{"in link text", "[ask @ana](https://example.org)", nil, nil, []string{">ask @ana</a>"}, []string{"mention"}},
		{"in a link's address", "see https://example.org/@ana and <https://example.org/@bia>", nil, nil,
			[]string{`href="https://example.org/@ana"`}, []string{"mention"}},
		{"inside a word", "x@ana and e@bia", nil, nil, []string{"x@ana"}, []string{"mention"}},
		{"too short or too long", "@al @" + strings.Repeat("a", 31), nil, nil, []string{"@al"}, []string{"mention"}},
		{"cut by a letter beyond ASCII", "@anaé", nil, nil, []string{"@anaé"}, []string{"mention"}},
		{"in emphasis and a heading", "# For @ana\n\n*dear @bia*", []string{"ana", "bia"}, []int64{7, 3},
			[]string{`<h1>For <a href="/users/7" class="mention">@ana</a></h1>`, `<em>dear <a href="/users/3" class="mention">@bia</a></em>`}, nil},
		{"raw HTML around it stays harmless", `<b onclick="x()">@ana</b>`, []string{"ana"}, []int64{7},
			[]string{`<a href="/users/7" class="mention">@ana</a>`}, []string{"onclick"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Parse(tt.in)
			if got := d.Handles(); !slices.Equal(got, tt.wantHandles) {
				t.Errorf("Handles(%q) = %q, want %q", tt.in, got, tt.wantHandles)
			}
			got, mentioned := d.HTML(people)
			if !slices.Equal(mentioned, tt.wantMentioned) {
				t.Errorf("HTML(%q) mentioned %v, want %v", tt.in, mentioned, tt.wantMentioned)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("HTML(%q) = %q, want it to contain %q", tt.in, got, w)
				}
			}
			for _, w := range tt.wantNever {
				if strings.Contains(got, w) {
					t.Errorf("HTML(%q) = %q, must not contain %q", tt.in, got, w)
				}
			}
		})
	}
}

func TestMentionsKeepRender(t *testing.T) {
	// Without a person to link, a text renders as Render renders it.
	for _, in := range []string{"**bold** and [a link](https://example.org)", "- @ana\n- two", "a_b_c @x_y_ `@z`"} {
		if got, _ := Parse(in).HTML(nil); got != Render(in) {
			t.Errorf("Parse(%q).HTML(nil) = %q, Render = %q", in, got, Render(in))
		}
	}
	if got := Render("[x](https://example.org) [y](/ideas/1)"); !strings.Contains(got, `<a href="/ideas/1">y</a>`) ||
		!strings.Contains(got, `rel="nofollow noopener ugc"`) {
		t.Errorf("Render = %q, want nofollow on the link elsewhere only", got)
	}
	if got := Render(`<a href="/x" class="mention">@fake</a> <a class="evil" href="/y">y</a>`); strings.Contains(got, "evil") {
		t.Errorf("Render = %q, kept a class that is no mention's", got)
	}
}
