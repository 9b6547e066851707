package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ideario/ideario/testutil"
)

// odd are inputs that people and robots send; none may cause a 500.
var odd = []string{
	"\xff\xfe\xfd", // not UTF-8
	"a\x00b",       // a NUL byte
	"é\xc3",        // UTF-8 cut in the middle of a character
	strings.Repeat("x", 100_000),
	strings.Repeat("é", 20_000),
	"99999999999999999999999",
	"-1",
	"0",
	"1e9",
	"' OR '1'='1",
	`"; DROP TABLE ideas; --`,
	`"*()^:-+ NEAR AND OR NOT ~ *`,
	"%00%ff%zz",
	"../../etc/passwd",
	"\u202e\u200b\ufeff",
	"😀",
	" \t\r\n ",
	"",
}

// hostile is the corpus of web/testdata/hostile.txt: attack strings and
// other naughty input, unescaped.
func hostile(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("testdata/hostile.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		if line == "" || strings.HasPrefix(line, "# ") {
			continue
		}
		out = append(out, unescapeLine(line))
	}
	return out
}

// unescapeLine turns \n, \t, \r, \0 and \xNN into the characters they
// name; any other backslash stays as it is.
func unescapeLine(line string) string {
	var b strings.Builder
	for i := 0; i < len(line); i++ {
		if line[i] != '\\' || i+1 == len(line) {
			b.WriteByte(line[i])
			continue
		}
		switch line[i+1] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '0':
			b.WriteByte(0)
		case 'x':
			if n, err := strconv.ParseUint(line[min(i+2, len(line)):min(i+4, len(line))], 16, 8); err == nil && i+4 <= len(line) {
				b.WriteByte(byte(n))
				i += 2
				break
			}
			b.WriteString(line[i : i+2])
		default:
			b.WriteString(line[i : i+2])
		}
		i++
	}
	return b.String()
}

// wantNotReflected fails when a response holds markup that was sent in
// raw: html/template would have escaped its "<".
func wantNotReflected(t *testing.T, what string, r *response, sent string) {
	t.Helper()
	if strings.Contains(sent, "<") && strings.Contains(r.Body, sent) {
		t.Errorf("%s: %s comes back unescaped", what, short(sent))
	}
}

func short(s string) string {
	if len(s) > 40 {
		return fmt.Sprintf("%q… (%d bytes)", s[:40], len(s))
	}
	return fmt.Sprintf("%q", s)
}

func TestNoInputCausesA500(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		u := w.user(t, "Rita")
		idea := w.idea(t, u, "Robust idea here", w.open, w.design, "robust")
		cm := must(w.Store.Comments.CreateComment(ctx, u, idea.ID, nil, "A comment"))(t)
		id, cid := itoa(idea.ID), itoa(cm.ID)
		signedIn := w.login(t, u)
		visitor := newClient(t, w.Server)

		gets := []struct {
			who    *client
			path   string // the odd value goes where %s is
			escape func(string) string
		}{}
		for _, base := range []string{"/ideas", "/feed.atom", "/api/v1/ideas", "/challenges/open-car"} {
			for _, p := range []string{"sort", "challenge", "category", "status", "tag", "q", "page", "cursor", "limit", "from", "to"} {
				gets = append(gets, struct {
					who    *client
					path   string
					escape func(string) string
				}{visitor, base + "?" + p + "=%s", url.QueryEscape})
			}
		}
		for _, p := range []string{"/ideas/%s", "/users/%s", "/challenges/%s", "/ideas/" + id + "-%s", "/api/v1/ideas/%s",
			"/ideas/%s/edit", "/comments/%s/edit"} {
			gets = append(gets, struct {
				who    *client
				path   string
				escape func(string) string
			}{signedIn, p, url.PathEscape})
		}
		for _, p := range []string{"/password/reset?token=%s", "/verify?token=%s", "/login?next=%s", "/signup?next=%s",
			"/ideas/new?challenge=%s&category=%s", idea.URL() + "?reply=%s"} {
			gets = append(gets, struct {
				who    *client
				path   string
				escape func(string) string
			}{signedIn, p, url.QueryEscape})
		}
		inputs := append(append([]string{}, odd...), hostile(t)...)
		t.Run("GET", func(t *testing.T) {
			for _, g := range gets {
				for _, v := range inputs {
					p := strings.ReplaceAll(g.path, "%s", g.escape(v))
					r := g.who.get(p)
					if r.Code >= 500 || r.Code == 0 {
						t.Errorf("GET %s with %s: %d", g.path, short(v), r.Code)
					}
					wantNotReflected(t, "GET "+g.path, r, v)
				}
			}
		})

		ideaFields := url.Values{"title": {"A sturdy title"}, "body": {"A body"}, "challenge": {"open-car"}, "category": {"design"}, "tags": {"a, b"}}
		posts := []struct {
			anonymous bool
			path      string
			form      url.Values
		}{
			{true, "/signup", url.Values{"name": {"Odd"}, "email": {"odd@example.org"}, "password": {password}, "country": {"BR"}, "next": {"/"}}},
			{true, "/login", url.Values{"email": {u.Email}, "password": {"wrong password"}, "next": {"/"}}},
			{true, "/password/forgot", url.Values{"email": {"nobody@example.org"}}},
			{true, "/password/reset", url.Values{"token": {"nope"}, "password": {password}}},
			{false, "/ideas", ideaFields},
			{false, "/ideas/" + id + "/edit", ideaFields},
			{false, "/ideas/" + id + "/comments", url.Values{"body": {"Hello"}, "parent": {cid}}},
			{false, "/comments/" + cid + "/edit", url.Values{"body": {"Hello"}}},
			{false, "/account", url.Values{"name": {"Rita"}, "country": {"BR"}, "locale": {"en"}, "password": {""}, "new_password": {""}, "notify_email": {"1"}}},
			{false, "/ideas/" + id + "/vote", url.Values{"back": {"/ideas"}}},
			{false, "/ideas/" + id + "/follow", url.Values{"back": {"/ideas"}}},
		}
		t.Run("POST", func(t *testing.T) {
			for _, p := range posts {
				c, page := signedIn, "/"
				if p.anonymous {
					// pages without a form carry no token for visitors
					c, page = newClient(t, w.Server), "/login"
				}
				token := c.csrf(page)
				for field := range p.form {
					for i, v := range inputs {
						form := withToken(p.form, token)
						if p.path == "/signup" {
							// a new address each time, so that each sign-up can store
							form.Set("email", fmt.Sprintf("odd%d-%s@example.org", i, field))
						}
						form.Set(field, v)
						r := c.postForm(p.path, form)
						if r.Code >= 500 || r.Code == 0 {
							t.Errorf("POST %s with %s=%s: %s", p.path, field, short(v), r)
						}
						wantNotReflected(t, "POST "+p.path+" "+field, r, v)
						if r.Code == http.StatusSeeOther {
							w.wantStoredAsSent(t, p.path, field, form, r, idea.ID, cm.ID, u.ID)
						}
						if r.Code == http.StatusSeeOther && r.Location != "" {
							wantNotReflected(t, "after POST "+p.path+" "+field, c.get(r.Location), v)
						}
						if p.anonymous {
							if p.path == "/signup" && r.Code == http.StatusSeeOther {
								c = newClient(t, w.Server) // signed in now: a new visitor for the next
								token = c.csrf(page)
							}
							continue // these answer JSON no differently
						}
						if r := c.post(p.path, form, http.Header{"Accept": {"application/json"}}); r.Code >= 500 || r.Code == 0 {
							t.Errorf("POST %s (JSON) with %s=%s: %s", p.path, field, short(v), r)
						}
					}
				}
			}
		})

		t.Run("odd requests", func(t *testing.T) {
			token := signedIn.csrf("/")
			tests := []struct {
				name        string
				path        string
				contentType string
				body        string
			}{
				{"bad percent-encoding", "/ideas", "application/x-www-form-urlencoded", "_csrf=" + token + "&title=%zz"},
				{"bad multipart", "/ideas", "multipart/form-data; boundary=xyz", "--xyz\r\nnot a part"},
				{"multipart without boundary", "/ideas", "multipart/form-data", "x"},
				{"JSON body", "/ideas", "application/json", `{"title": "x"}`},
				{"no content type", "/ideas/" + id + "/vote", "", "_csrf=" + token},
				{"huge form", "/ideas", "application/x-www-form-urlencoded", "_csrf=" + token + "&body=" + strings.Repeat("b", 13<<20)},
				{"many fields", "/ideas", "application/x-www-form-urlencoded", "_csrf=" + token + strings.Repeat("&tags=a", 100_000)},
			}
			for _, tt := range tests {
				req, err := http.NewRequest(http.MethodPost, w.URL+tt.path, strings.NewReader(tt.body))
				if err != nil {
					t.Fatal(err)
				}
				if tt.contentType != "" {
					req.Header.Set("Content-Type", tt.contentType)
				}
				req.Header.Set("X-CSRF-Token", token)
				if r := signedIn.do(req); r.Code >= 500 || r.Code == 0 {
					t.Errorf("%s: %s", tt.name, r)
				}
			}
			for _, method := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch, "PROPFIND"} {
				req, _ := http.NewRequest(method, w.URL+"/ideas/"+id, nil)
				if r := visitor.do(req); r.Code >= 500 || r.Code == 0 {
					t.Errorf("%s: %s", method, r)
				}
			}
		})

		t.Run("still up", func(t *testing.T) {
			wantCode(t, visitor.get("/healthz"), http.StatusOK)
			wantCode(t, visitor.get("/ideas"), http.StatusOK)
		})
	}, testutil.WithoutRateLimits()) // thousands of posts from one person and address: limits have their own tests
}

var (
	createdIdea    = regexp.MustCompile(`^/ideas/(\d+)`)
	createdComment = regexp.MustCompile(`#comment-(\d+)$`)
)

// wantStoredAsSent checks that a post that succeeded stored the text of
// field exactly as the form sent it (the form reads text trimmed of
// spaces at both ends), for the fields kept as typed.
func (w *world) wantStoredAsSent(t *testing.T, path, field string, form url.Values, r *response, ideaID, commentID, userID int64) {
	t.Helper()
	var query string
	var id any
	switch {
	case path == "/signup" && field == "name":
		query, id = "SELECT name FROM users WHERE email = ?", form.Get("email")
	case path == "/account" && field == "name":
		query, id = "SELECT name FROM users WHERE id = ?", userID
	case path == "/ideas" && (field == "title" || field == "body"):
		m := createdIdea.FindStringSubmatch(r.Location)
		if m == nil {
			t.Errorf("POST %s: no idea in the redirect to %q", path, r.Location)
			return
		}
		query, id = "SELECT "+field+" FROM ideas WHERE id = ?", m[1]
	case path == fmt.Sprintf("/ideas/%d/edit", ideaID) && (field == "title" || field == "body"):
		query, id = "SELECT "+field+" FROM ideas WHERE id = ?", ideaID
	case path == fmt.Sprintf("/ideas/%d/comments", ideaID) && field == "body":
		m := createdComment.FindStringSubmatch(r.Location)
		if m == nil {
			t.Errorf("POST %s: no comment in the redirect to %q", path, r.Location)
			return
		}
		query, id = "SELECT body FROM comments WHERE id = ?", m[1]
	case path == fmt.Sprintf("/comments/%d/edit", commentID) && field == "body":
		query, id = "SELECT body FROM comments WHERE id = ?", commentID
	default:
		return
	}
	var got []string
	if err := w.Store.DB.Raw(query, id).Scan(&got).Error; err != nil {
		t.Fatalf("reading what POST %s stored: %v", path, err)
	}
	if want := strings.TrimSpace(form.Get(field)); len(got) != 1 || got[0] != want {
		t.Errorf("POST %s stored %s = %v, sent %s", path, field, got, short(want))
	}
}
