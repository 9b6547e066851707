package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"
)

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

var commentLocation = regexp.MustCompile(`^/ideas/(\d+)#comment-(\d+)$`)

// postComment comments through the idea page's form and returns the new
// comment's id.
func postComment(t *testing.T, c *client, ideaURL string, ideaID int64, body, parent string) int64 {
	t.Helper()
	form := url.Values{"body": {body}}
	if parent != "" {
		form.Set("parent", parent)
	}
	r := c.submit(ideaURL, ideaPath(ideaID)+"/comments", form)
	wantCode(t, r, http.StatusSeeOther)
	m := commentLocation.FindStringSubmatch(r.Location)
	if m == nil || m[1] != itoa(ideaID) {
		t.Fatalf("redirect to %q, want /ideas/%d#comment-{id}", r.Location, ideaID)
	}
	id, _ := strconv.ParseInt(m[2], 10, 64)
	return id
}

// ancestors lists the ids of the elements around the element with an id.
func ancestors(t *testing.T, page, id string) []string {
	t.Helper()
	doc, err := xhtml.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var found *xhtml.Node
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		for _, a := range n.Attr {
			if a.Key == "id" && a.Val == id {
				found = n
			}
		}
		for c := n.FirstChild; c != nil && found == nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if found == nil {
		t.Fatalf("no element with id %q on the page", id)
	}
	var out []string
	for n := found.Parent; n != nil; n = n.Parent {
		for _, a := range n.Attr {
			if a.Key == "id" {
				out = append(out, a.Val)
			}
		}
	}
	return out
}

func TestComments(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		author := w.user(t, "Lara")
		idea := w.idea(t, author, "Recycled aluminium wheels", w.open, w.materials)
		elsewhere := w.idea(t, author, "Another idea entirely", w.open, w.design)
		other := must(w.Store.Comments.CreateComment(context.Background(), author, elsewhere.ID, nil, "On the other idea"))(t)
		commenter := w.user(t, "Marco")
		c := w.login(t, commenter)

		var top, reply int64
		t.Run("comment and reply nest on the page", func(t *testing.T) {
			top = postComment(t, c, idea.URL(), idea.ID, "What about the *weight*?", "")
			page := c.get(idea.URL() + "?reply=" + itoa(top))
			wantIn(t, page, `<input type="hidden" name="parent" value="`+itoa(top)+`">`)
			reply = postComment(t, w.login(t, author), idea.URL(), idea.ID, "It is **lighter**.", itoa(top))
			page = c.get(idea.URL())
			wantCode(t, page, http.StatusOK)
			wantIn(t, page, "<em>weight</em>")
			wantIn(t, page, "<strong>lighter</strong>")
			wantIn(t, page, "2 comments")
			around := ancestors(t, page.Body, "comment-"+itoa(reply))
			if len(around) == 0 || around[0] != "comment-"+itoa(top) {
				t.Errorf("the reply sits in %v, want inside comment-%d", around, top)
			}
			if around := ancestors(t, page.Body, "comment-"+itoa(top)); len(around) > 0 && strings.HasPrefix(around[0], "comment-") {
				t.Errorf("the comment sits in %v, want at the top level", around)
			}
			check(t, "counter", must(w.Store.Ideas.IdeaByID(context.Background(), idea.ID))(t).CommentCount, 2)
		})

		invalid := []struct {
			name   string
			form   url.Values
			wantIn string
		}{
			{"empty body", url.Values{"body": {""}}, "Please fill this in."},
			{"blank body", url.Values{"body": {" \n\t "}}, "Please fill this in."},
			{"body too long", url.Values{"body": {strings.Repeat("c", 5001)}}, "5,000 characters or fewer"},
			{"reply to a comment of another idea", url.Values{"body": {"hi"}, "parent": {itoa(other.ID)}}, "does not exist"},
			{"reply to no comment", url.Values{"body": {"hi"}, "parent": {"999999"}}, "does not exist"},
		}
		for _, tt := range invalid {
			t.Run(tt.name, func(t *testing.T) {
				before := w.count(t, "comments", "")
				r := c.submit(idea.URL(), ideaPath(idea.ID)+"/comments", tt.form)
				wantCode(t, r, http.StatusUnprocessableEntity)
				if msg := fieldError(r.Body, "body"); !strings.Contains(msg, tt.wantIn) {
					t.Errorf("message next to the comment = %q, want it to contain %q", msg, tt.wantIn)
				}
				if b := tt.form.Get("body"); b == "hi" {
					wantIn(t, r, ">hi</textarea>") // what the person wrote is kept
				}
				check(t, "comments", w.count(t, "comments", ""), before)
			})
		}
		t.Run("links on the page that shows a comment's error", func(t *testing.T) {
			// The page is answered at POST /ideas/{id}/comments: its links and
			// forms must still lead to the idea, not to that address.
			r := c.submit(idea.URL(), ideaPath(idea.ID)+"/comments", url.Values{"body": {""}})
			wantCode(t, r, http.StatusUnprocessableEntity)
			back := regexp.MustCompile(`name="back" value="([^"]*)"`).FindStringSubmatch(r.Body)
			if back == nil {
				t.Fatalf("no vote form on %s", r)
			}
			vote := c.submit(idea.URL(), ideaPath(idea.ID)+"/vote", url.Values{"back": {html.UnescapeString(back[1])}})
			wantCode(t, c.follow(vote), http.StatusOK)
			c.postJSON(ideaPath(idea.ID)+"/unvote", nil, nil)

			reply := regexp.MustCompile(`<a href="([^"]*reply=` + itoa(top) + `[^"]*)"`).FindStringSubmatch(r.Body)
			if reply == nil {
				t.Fatalf("no reply link on %s", r)
			}
			base := mustURL(t, w.URL+ideaPath(idea.ID)+"/comments")
			link := base.ResolveReference(mustURL(t, html.UnescapeString(reply[1])))
			if got := c.get(link.RequestURI()); got.Code != http.StatusOK {
				t.Errorf("the Reply link on the page answered at POST /ideas/{id}/comments leads to GET %s: %s",
					link.RequestURI(), http.StatusText(got.Code))
			}
		})

		t.Run("parent that is not a number", func(t *testing.T) {
			before := w.count(t, "comments", "")
			r := c.submit(idea.URL(), ideaPath(idea.ID)+"/comments", url.Values{"body": {"hi"}, "parent": {"abc"}})
			wantCode(t, r, http.StatusUnprocessableEntity)
			check(t, "comments", w.count(t, "comments", ""), before)
		})
		t.Run("unknown idea", func(t *testing.T) {
			r := c.submit("/", "/ideas/999999/comments", url.Values{"body": {"hi"}})
			wantCode(t, r, http.StatusNotFound)
		})

		t.Run("someone else's comment", func(t *testing.T) {
			stranger := w.login(t, w.user(t, "Nina"))
			id := itoa(top)
			wantCode(t, stranger.get("/comments/"+id+"/edit"), http.StatusForbidden)
			wantCode(t, stranger.submit("/", "/comments/"+id+"/edit", url.Values{"body": {"Hacked"}}), http.StatusForbidden)
			wantCode(t, stranger.submit("/", "/comments/"+id+"/delete", nil), http.StatusForbidden)
			cm := must(w.Store.Comments.CommentByID(context.Background(), top))(t)
			check(t, "body", cm.Body, "What about the *weight*?")
			check(t, "deleted", cm.Deleted, false)
		})

		t.Run("edit own", func(t *testing.T) {
			edit := "/comments/" + itoa(top) + "/edit"
			r := c.get(edit)
			wantCode(t, r, http.StatusOK)
			wantIn(t, r, "What about the *weight*?</textarea>")
			r = c.submit(edit, edit, url.Values{"body": {""}})
			wantCode(t, r, http.StatusUnprocessableEntity)
			if fieldError(r.Body, "body") == "" {
				t.Errorf("no message next to the comment: %s", r)
			}
			r = c.submit(edit, edit, url.Values{"body": {"What about the _cost_?"}})
			wantCode(t, r, http.StatusSeeOther)
			check(t, "redirect", r.Location, ideaPath(idea.ID)+"#comment-"+itoa(top))
			cm := must(w.Store.Comments.CommentByID(context.Background(), top))(t)
			check(t, "body", cm.Body, "What about the _cost_?")
			check(t, "edited", cm.EditedAt != nil, true)
			page := c.follow(r)
			wantIn(t, page, "<em>cost</em>")
			wantNotIn(t, page, "weight")
		})

		t.Run("delete own", func(t *testing.T) {
			r := c.submit(idea.URL(), "/comments/"+itoa(top)+"/delete", nil)
			wantCode(t, r, http.StatusSeeOther)
			cm := must(w.Store.Comments.CommentByID(context.Background(), top))(t)
			check(t, "deleted", cm.Deleted, true)
			check(t, "counter", must(w.Store.Ideas.IdeaByID(context.Background(), idea.ID))(t).CommentCount, 1)
			page := c.get(idea.URL())
			wantIn(t, page, "This comment was deleted.")
			wantIn(t, page, "<strong>lighter</strong>") // the reply stays
			wantCode(t, c.submit("/", "/comments/"+itoa(top)+"/edit", url.Values{"body": {"back"}}), http.StatusNotFound)
		})
	})
}
