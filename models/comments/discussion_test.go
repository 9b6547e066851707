package comments_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

// bodies prints a page's trees as "body[replies]", with "+N" for the
// replies left off.
func bodies(cs []*comments.Comment) string {
	var parts []string
	for _, c := range cs {
		s := c.Body
		if c.Deleted {
			s = "x"
		}
		if len(c.Replies) > 0 {
			s += "[" + bodies(c.Replies) + "]"
		}
		if c.MoreReplies > 0 {
			s += fmt.Sprintf("+%d", c.MoreReplies)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

// TestDiscussionPages reads a discussion of 45 threads a page at a time,
// in both orders, with a long thread, a hidden one and a deleted comment
// that keeps its replies; then one thread alone; then finds the page of
// several comments.
func TestDiscussionPages(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		author := testutil.NewUser(t, db, "")
		mod := testutil.NewUser(t, db, accounts.RoleModerator)
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
		say := func(body string, parent *int64) int64 {
			t.Helper()
			c, err := db.Comments.CreateComment(ctx, author, idea.ID, parent, body)
			testutil.IsErr(t, "comment "+body, err, nil)
			return c.ID
		}
		roots := make([]int64, 45)
		for i := range roots {
			roots[i] = say(fmt.Sprintf("t%d", i), nil)
		}
		// Thread 0 is long: a chain of 3 replies, then 57 replies to its
		// first comment.
		chain := []int64{roots[0]}
		for i := range 3 {
			chain = append(chain, say(fmt.Sprintf("c%d", i), &chain[len(chain)-1]))
		}
		var long []int64
		for i := range 57 {
			long = append(long, say(fmt.Sprintf("r%d", i), &roots[0]))
		}
		// Thread 1 has two replies; its first comment is deleted.
		say("a", &roots[1])
		say("b", &roots[1])
		_, err := db.Comments.DeleteComment(ctx, roots[1], author)
		testutil.IsErr(t, "delete", err, nil)
		// Thread 44 is hidden, and thread 43's first comment is a leaf that
		// is deleted: it is gone.
		testutil.IsErr(t, "hide", testutil.Behind(db).Model(&comments.Comment{}).Where("id = ?", roots[44]).Update("hidden", true).Error, nil)
		_, err = db.Comments.DeleteComment(ctx, roots[43], author)
		testutil.IsErr(t, "delete", err, nil)

		page := func(viewer *accounts.User, at comments.Page) *comments.Discussion {
			t.Helper()
			d, err := db.Comments.Discussion(ctx, idea.ID, viewer, at)
			testutil.IsErr(t, "discussion", err, nil)
			return d
		}
		first := page(nil, comments.Page{})
		testutil.Equal(t, "threads for a visitor", first.Threads, 43)
		testutil.Equal(t, "pages", first.Pages, 3)
		testutil.Equal(t, "order", first.Order, comments.Oldest)
		if got := bodies(first.Comments[:2]); got != "t0[c0[c1[c2]] r0]+56 x[a b]" {
			t.Errorf("the first threads read %q", got)
		}
		testutil.Equal(t, "threads on the first page", len(first.Comments), comments.ThreadsPerPage)
		last := page(nil, comments.Page{Number: 3})
		testutil.Equal(t, "last page", bodies(last.Comments), "t40 t41 t42")
		testutil.Equal(t, "past the last page", bodies(page(nil, comments.Page{Number: 9}).Comments), "t40 t41 t42")
		testutil.Equal(t, "the page past the last", page(nil, comments.Page{Number: 9}).Number, 3)
		newest := page(nil, comments.Page{Order: comments.Newest})
		testutil.Equal(t, "newest first", bodies(newest.Comments[:3]), "t42 t41 t40")
		testutil.Equal(t, "an unknown order", page(nil, comments.Page{Order: "random"}).Order, comments.Oldest)
		testutil.Equal(t, "threads for the moderator", page(mod, comments.Page{}).Threads, 44)
		testutil.Equal(t, "the hidden thread, for the moderator", bodies(page(mod, comments.Page{Number: 3}).Comments), "t40 t41 t42 t44")

		// Thread 0 alone: 61 comments in reading order, 50 a page.
		alone := page(nil, comments.Page{Thread: roots[0]})
		testutil.Equal(t, "thread pages", alone.Pages, 2)
		testutil.Equal(t, "thread root", alone.Root.ID, roots[0])
		if got := bodies(alone.Comments); !strings.HasPrefix(got, "t0[c0[c1[c2]] r0 r1") || !strings.HasSuffix(got, "r45]") {
			t.Errorf("the thread's first page reads %q", got)
		}
		testutil.Equal(t, "the thread's second page", bodies(page(nil, comments.Page{Thread: roots[0], Number: 2}).Comments),
			"r46 r47 r48 r49 r50 r51 r52 r53 r54 r55 r56")
		_, err = db.Comments.Discussion(ctx, idea.ID, nil, comments.Page{Thread: roots[44]})
		testutil.IsErr(t, "a hidden thread, for a visitor", err, store.ErrNotFound)
		other := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
		_, err = db.Comments.Discussion(ctx, other.ID, nil, comments.Page{Thread: roots[2]})
		testutil.IsErr(t, "a thread of another idea", err, store.ErrNotFound)

		// Where each comment is.
		for _, c := range []struct {
			name   string
			id     int64
			viewer *accounts.User
			want   comments.Page
			err    error
		}{
			{"a thread on the first page", roots[5], nil, comments.Page{Order: comments.Oldest, Number: 1}, nil},
			{"a thread on the second page", roots[25], nil, comments.Page{Order: comments.Oldest, Number: 2}, nil},
			{"after the gone thread", roots[42], nil, comments.Page{Order: comments.Oldest, Number: 3}, nil},
			{"a reply shown under its thread", chain[3], nil, comments.Page{Order: comments.Oldest, Number: 1}, nil},
			{"a reply left off its thread", long[1], nil, comments.Page{Order: comments.Oldest, Number: 1, Thread: roots[0]}, nil},
			{"a reply on the thread's second page", long[50], nil, comments.Page{Order: comments.Oldest, Number: 2, Thread: roots[0]}, nil},
			{"a hidden comment, for a visitor", roots[44], nil, comments.Page{}, store.ErrNotFound},
			{"a hidden comment, for the moderator", roots[44], mod, comments.Page{Order: comments.Oldest, Number: 3}, nil},
			{"a deleted comment leads to its thread", roots[1], nil, comments.Page{Order: comments.Oldest, Number: 1}, nil},
		} {
			ideaID, at, err := db.Comments.Locate(ctx, c.id, c.viewer)
			testutil.IsErr(t, c.name, err, c.err)
			if c.err == nil {
				testutil.Equal(t, c.name+": idea", ideaID, idea.ID)
				testutil.Equal(t, c.name, at, c.want)
			}
		}
	})
}
