package web_test

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/testutil"
	"golang.org/x/net/html"
)

// pageForm is a form as a page shows it: where it goes, how, and its
// fields with the values they start with.
type pageForm struct {
	method, action string
	fields         url.Values
}

// formsOn reads the forms of a page, with the value each field would send
// untouched: text, hidden fields and text areas as filled in, the chosen
// option of a list, checked boxes. File fields are left out (uploads have
// their own tests).
func formsOn(t *testing.T, body string) []pageForm {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	attr := func(n *html.Node, key string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == key {
				return a.Val, true
			}
		}
		return "", false
	}
	var forms []pageForm
	var fields func(n *html.Node, f *pageForm)
	fields = func(n *html.Node, f *pageForm) {
		if n.Type == html.ElementNode {
			name, named := attr(n, "name")
			switch {
			case !named || name == "":
			case n.Data == "input":
				typ, _ := attr(n, "type")
				value, _ := attr(n, "value")
				_, checked := attr(n, "checked")
				switch typ {
				case "file", "submit", "button", "image", "reset":
				case "checkbox", "radio":
					if _, ok := f.fields[name]; !ok {
						f.fields[name] = nil // the field exists, even unchecked
					}
					if checked {
						f.fields.Add(name, value)
					}
				default:
					f.fields.Add(name, value)
				}
			case n.Data == "textarea":
				text := ""
				if n.FirstChild != nil {
					text = n.FirstChild.Data
				}
				f.fields.Add(name, text)
			case n.Data == "select":
				chosen, first := "", ""
				var options func(*html.Node)
				options = func(o *html.Node) {
					if o.Type == html.ElementNode && o.Data == "option" {
						v, ok := attr(o, "value")
						if !ok && o.FirstChild != nil {
							v = o.FirstChild.Data
						}
						if first == "" {
							first = v
						}
						if _, sel := attr(o, "selected"); sel {
							chosen = v
						}
					}
					for c := o.FirstChild; c != nil; c = c.NextSibling {
						options(c)
					}
				}
				options(n)
				f.fields.Set(name, cmp.Or(chosen, first))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			fields(c, f)
		}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "form" {
			method, _ := attr(n, "method")
			action, _ := attr(n, "action")
			f := pageForm{method: strings.ToUpper(cmp.Or(method, "GET")), action: action, fields: url.Values{}}
			fields(n, &f)
			forms = append(forms, f)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return forms
}

var anyID = regexp.MustCompile(`/\d+`)

// TestHostileInputInEveryForm finds the forms on the pages a moderator,
// an admin and a sponsor use (their search and filter forms too) and sends
// every line of the hostile corpus through every field of each, one field
// at a time, the others as the page filled them: no 5xx, and no markup sent
// in comes back unescaped, on the answer or on the page it leads to. The
// contributors' and visitors' forms go through TestNoInputCausesA500.
func TestHostileInputInEveryForm(t *testing.T) {
	t.Parallel() // thousands of small requests on a database of its own: it overlaps well with the rest
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		admin := w.userWithRole(t, "Ada Admin", accounts.RoleAdmin)
		author := w.user(t, "Rui Author")
		idea := w.idea(t, author, "Seats of cork", w.open, w.design, "cork")
		other := w.idea(t, author, "Seats of cork, again", w.open, w.design)
		cm := must(w.Store.Comments.CreateComment(ctx, author, idea.ID, nil, "Cork is light"))(t)
		for range 2 {
			reporter := w.user(t, "Reporter")
			must(w.Store.Moderation.Flag(ctx, reporter, audit.TargetIdea, other.ID, "spam", "looks like spam"))(t)
			must(w.Store.Moderation.Flag(ctx, reporter, audit.TargetComment, cm.ID, "offensive", ""))(t)
		}
		c := w.login(t, admin)
		pages := []string{
			"/admin", "/admin/moderation", "/admin/users", "/admin/users/" + itoa(author.ID),
			"/admin/challenges", "/admin/challenges/new", "/admin/challenges/" + itoa(w.open.ID) + "/edit",
			"/admin/categories", "/admin/audit", "/admin/settings", "/admin/ideas/" + itoa(other.ID) + "/merge",
			idea.URL(), "/account", "/notifications", "/reports",
		}
		inputs := append(append([]string{}, odd...), hostile(t)...)
		type target struct{ method, action, field string }
		done := map[target]bool{}
		var sent int
		for _, page := range pages {
			r := c.get(page)
			if r.Code != http.StatusOK {
				t.Fatalf("GET %s: %s", page, r)
			}
			token := c.csrf(page) // the browser's token: the same for every form
			for _, f := range formsOn(t, r.Body) {
				if f.action == "" || f.action == "/logout" || strings.HasPrefix(f.action, "http") {
					continue
				}
				for field := range f.fields {
					// one form of a kind: /admin/categories/1/edit stands for the others
					tg := target{f.method, anyID.ReplaceAllString(f.action, "/N"), field}
					if field == "_csrf" || done[tg] {
						continue
					}
					done[tg] = true
					for _, v := range inputs {
						form := url.Values{}
						for k, vs := range f.fields {
							form[k] = vs
						}
						form.Set(field, v)
						var r *response
						if f.method == http.MethodPost {
							r = c.postForm(f.action, withToken(form, token))
						} else {
							r = c.get(f.action + "?" + form.Encode())
						}
						sent++
						if r.Code >= 500 || r.Code == 0 {
							t.Errorf("%s %s with %s=%s (form on %s): %s", f.method, f.action, field, short(v), page, r)
						}
						wantNotReflected(t, fmt.Sprintf("%s %s %s", f.method, f.action, field), r, v)
						if r.Code == http.StatusSeeOther && strings.HasPrefix(r.Location, "/") {
							wantNotReflected(t, fmt.Sprintf("after %s %s %s", f.method, f.action, field), c.get(r.Location), v)
						}
					}
				}
			}
		}
		if len(done) < 40 {
			t.Errorf("only %d fields found in the forms: did the pages change?", len(done))
		}
		var names []string
		for tg := range done {
			names = append(names, tg.method+" "+tg.action+" "+tg.field)
		}
		slices.Sort(names)
		t.Logf("%d fields of %d pages, %d requests:\n%s", len(done), len(pages), sent, strings.Join(names, "\n"))
		wantCode(t, c.get("/healthz"), http.StatusOK)
	}, testutil.WithoutRateLimits())
}
