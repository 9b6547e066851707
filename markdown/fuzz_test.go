package markdown

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// unsafeTags are elements that sanitised Markdown must never hold.
var unsafeTags = map[string]bool{
	"script": true, "style": true, "iframe": true, "object": true, "embed": true, "form": true,
	"svg": true, "math": true, "base": true, "meta": true, "link": true, "frame": true, "textarea": true,
}

// FuzzRender feeds the sanitiser anything: what comes out holds no script
// element, no event handler, no link or source outside http, https and
// mailto, and every link to another site says nofollow, noopener, ugc.
//
//	go test ./markdown -run '^$' -fuzz FuzzRender -fuzztime 30s
func FuzzRender(f *testing.F) {
	for _, seed := range []string{
		"**bold** and _italic_ and a [link](https://example.org)",
		"<script>alert(1)</script>",
		"[x](javascript:alert(1))",
		"[x](JaVaScRiPt&#58;alert(1))",
		"![img](x onerror=alert(1))",
		"<img src=x onerror=alert(1)>",
		"<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
		"[x](  javascript:alert(1))",
		"- [ ] task\n- [x] done",
		"| a | b |\n|---|---|\n| <b>x</b> | y |",
		"```\n<script>\n```",
		"<svg/onload=alert(1)>",
		"[x](vbscript:msgbox(1))",
		"\x00\xff\xfe",
	} {
		f.Add(seed)
	}
	f.Add("@ana and [@ana](https://evil.example) and `@ana` and a@ana.org")
	f.Fuzz(func(t *testing.T, src string) {
		// Render, and the renderer of mentions, whose links are its own.
		withMentions, _ := Parse(src).HTML(map[string]int64{"ana": 1, "bia_2": 2})
		checkSafe(t, src, withMentions)
		out := Render(src)
		checkSafe(t, src, out)
		if utf8.ValidString(src) && !utf8.ValidString(out) {
			t.Fatalf("valid UTF-8 in, invalid out: %q", out)
		}
		plain := PlainText(src)
		if ex := Excerpt(src, 40); utf8.RuneCountInString(ex) > 41 || (plain == "" && ex != "") {
			t.Fatalf("excerpt %q of %q", ex, plain)
		}
	})
}

// checkSafe fails the test when rendered HTML holds anything unsafe: a
// script element, an event handler, a link outside http, https and
// mailto, or a link to another site that does not say nofollow.
func checkSafe(t *testing.T, src, out string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if unsafeTags[tok.Data] {
			t.Fatalf("<%s> in %q from %q", tok.Data, out, src)
		}
		rel := ""
		for _, a := range tok.Attr {
			key := strings.ToLower(a.Key)
			if strings.HasPrefix(key, "on") || key == "style" || key == "formaction" {
				t.Fatalf("attribute %s in %q from %q", a.Key, out, src)
			}
			if key == "href" || key == "src" {
				if !safeURL(a.Val) {
					t.Fatalf("%s=%q in %q from %q", a.Key, a.Val, out, src)
				}
			}
			if key == "rel" {
				rel = a.Val
			}
		}
		// A link to another site says it is the writer's, not the site's;
		// a path within the site (a mention's, say) need not.
		if tok.Data == "a" && toAnotherSite(tok) && !strings.Contains(rel, "nofollow noopener ugc") {
			t.Fatalf("a link to another site without rel=\"nofollow noopener ugc\" in %q from %q", out, src)
		}
	}
}

// safeURL says whether a sanitised link leads somewhere harmless: a path,
// an anchor, or an http, https or mailto address.
func safeURL(u string) bool {
	u = strings.TrimSpace(strings.ToLower(u))
	colon := strings.IndexByte(u, ':')
	if colon < 0 || strings.ContainsAny(u[:colon], "/?#") {
		return true // no scheme: a path or an anchor
	}
	switch u[:colon] {
	case "http", "https", "mailto":
		return true
	}
	return false
}

// toAnotherSite tells whether a link's address names a host.
func toAnotherSite(tok html.Token) bool {
	for _, a := range tok.Attr {
		if strings.EqualFold(a.Key, "href") {
			u, err := url.Parse(a.Val)
			return err != nil || u.Host != ""
		}
	}
	return false
}
