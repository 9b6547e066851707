package views

import (
	"bytes"
	"html/template"
	"strconv"
	"testing"
	"time"
)

func TestFuncs(t *testing.T) {
	tests := []struct {
		name, tmpl string
		data       any
		want       string
	}{
		{"initials of two words", `{{initials .}}`, "ana souza", "AS"},
		{"initials of three words", `{{initials .}}`, "Jürgen van Köhler", "JV"},
		{"initials of nothing", `{{initials .}}`, "  ", ""},
		{"label of a status", `{{label .}}`, "under_review", "Under review"},
		{"label of an unknown key", `{{label .}}`, "zzz", "zzz"},
		{"dict", `{{with dict "a" 1 "b" "x"}}{{.a}}{{.b}}{{end}}`, nil, "1x"},
		{"add", `{{add 2 -1}}`, nil, "1"},
		{"nav section matches", `{{hasPrefix . "/ideas"}}`, "/ideas?sort=top", "true"},
		{"nav section differs", `{{hasPrefix . "/ideas"}}`, "/challenges", "false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tm := template.Must(template.New("t").Funcs(Funcs).Parse(tt.tmpl))
			var b bytes.Buffer
			if err := tm.Execute(&b, tt.data); err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDictOddArguments(t *testing.T) {
	if _, err := dict("a"); err == nil {
		t.Error("dict with an odd number of arguments: no error")
	}
}

func TestEveryPageParses(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{"home", "ideas", "idea", "idea_form", "challenge", "challenges", "user",
		"signup", "login", "forgot", "reset", "account", "notifications", "comment_edit", "error", "message"} {
		if !r.Has(page) {
			t.Errorf("no page %q", page)
		}
	}
}

func TestVersion(t *testing.T) {
	at := time.Date(2026, 11, 27, 3, 0, 0, 5, time.UTC)
	tests := []struct {
		parts []any
		want  string
	}{
		{[]any{int64(12), 7}, "12/7"},
		{[]any{int64(12), at}, "12/" + strconv.FormatInt(at.UnixNano(), 10)},
		{[]any{int64(3), 0, true, "/ideas?sort=new"}, "3/0/true//ideas?sort=new"},
		{[]any{int64(3), "accepted", uint8(2)}, "3/accepted/2"},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := version(tt.parts...); got != tt.want {
			t.Errorf("version(%v) = %q, want %q", tt.parts, got, tt.want)
		}
	}
	if version(int64(1), at) == version(int64(1), at.Add(time.Nanosecond)) {
		t.Error("two edit times a nanosecond apart give one version")
	}
}
