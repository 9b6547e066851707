package views

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// filled cuts a part with the given slots and writes it for rd.
func filled(t *testing.T, r *Renderer, rd Reader, slots ...Slot) string {
	t.Helper()
	var html strings.Builder
	for _, s := range slots {
		mark, err := r.marks.mark(s.Kind, s.ID, s.N)
		if err != nil {
			t.Fatal(err)
		}
		html.WriteString("|" + string(mark))
	}
	p, err := r.marks.cut(html.String())
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for range 2 { // the second time from the stamps the part kept
		out.Reset()
		if err := p.writeFor(&out, r, &rd); err != nil {
			t.Fatal(err)
		}
	}
	return out.String()
}

// TestSlotsFilledForTheReader fills the slots of an idea's page for a
// visitor, an author, someone who reported a comment and someone else:
// each sees their own buttons with their own token, and nothing of the
// others'.
func TestSlotsFilledForTheReader(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	slots := []Slot{{"vote-head", 3, 12}, {"idea-actions", 3, 0}, {"follow", 3, 0}, {"budget", 3, 0},
		{"comment-form", 3, 0}, {"comment-actions", 41, 7}, {"comment-actions", 42, 8}}
	base := Reader{Locale: "en", Path: "/ideas/3-roof?x=1&y=2", IdeaPath: "/ideas/3-roof", CanVote: true, VotesLeft: -1}
	cases := []struct {
		who        string
		reader     func(Reader) Reader
		want, none []string
	}{
		{"a visitor", func(rd Reader) Reader { return rd },
			[]string{`href="/login?next=%2fideas%2f3-roof%3fx%3d1%26y%3d2"`, "Log in to follow", "join the discussion"},
			[]string{"_csrf", "/comments/41/", "Report", "votes left"}},
		{"the author of comment 41", func(rd Reader) Reader {
			rd.UserID, rd.Token, rd.IdeaActions, rd.Voted = 7, "tok<7>", "edit", map[int64]bool{3: true}
			rd.Votes = map[int64]int{3: 99} // the count now, not the part's 12
			return rd
		}, []string{`value="tok&lt;7&gt;"`, `class="vote voted"`, `data-vote-count>99<`, `action="/comments/41/delete"`, `href="/ideas/3/edit"`,
			`href="/ideas/3-roof?report=42#comment-42"`, `action="/ideas/3/comments"`, `name="back" value="/ideas/3-roof?x=1&amp;y=2"`},
			[]string{`action="/comments/42/delete"`, "You reported this", "tok&lt;9", "Log in"}},
		{"someone who reported comment 42", func(rd Reader) Reader {
			rd.UserID, rd.Token, rd.IdeaActions = 9, "tok9", "reported"
			rd.ReportedComments, rd.Following, rd.VotesLeft, rd.Budget = map[int64]bool{42: true}, true, 2, 5
			return rd
		}, []string{"You reported this<", "You reported this idea.", `class="vote"`, "Unfollow", "2 of 5 votes left",
			`href="/ideas/3-roof?report=41#comment-41"`},
			[]string{"/delete", "tok&lt;7", `class="vote voted"`, `data-vote-count>99<`}},
	}
	for _, c := range cases {
		page := filled(t, r, c.reader(base), slots...)
		for _, s := range c.want {
			if !strings.Contains(page, s) {
				t.Errorf("%s: %q is missing from\n%s", c.who, s, page)
			}
		}
		for _, s := range c.none {
			if strings.Contains(page, s) {
				t.Errorf("%s: %q should not be in\n%s", c.who, s, page)
			}
		}
		if strings.Contains(page, CSRFSlot) || strings.Contains(page, BackSlot) {
			t.Errorf("%s: a slot's placeholder is left in the page", c.who)
		}
	}
}

// TestSharingParts turns sharing off (Shared says to render whole), and
// checks what the requests that wait for a part get when the request
// rendering it fails or gives up.
func TestSharingParts(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	r.ShareParts(false)
	if p, miss, err := r.Shared("idea", "err", "k"); p != nil || miss != nil || err != nil {
		t.Fatalf("with sharing off: %v, %v, %v", p, miss, err)
	}
	r.ShareParts(true)

	// A failure is shared with those who waited; nothing is kept.
	boom := errors.New("not the same for everyone")
	_, miss, _ := r.Shared("idea", "err", "k")
	waited := make(chan error, 1)
	go func() { _, _, err := r.Shared("idea", "err", "k"); waited <- err }()
	time.Sleep(20 * time.Millisecond)
	miss.Fail(boom)
	if err := <-waited; !errors.Is(err, boom) {
		t.Errorf("a waiting request got %v, want the failure", err)
	}
	if _, miss, _ := r.Shared("idea", "err", "k"); miss == nil {
		t.Fatal("a failed part was kept")
	} else {
		miss.Abandon()
	}

	// When the first request gives up, each waiting one renders its own.
	_, first, _ := r.Shared("idea", "err", "k2")
	var renders atomic.Int32
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			p, miss, err := r.Shared("idea", "err", "k2")
			if miss != nil {
				renders.Add(1)
				p, err = miss.Render(map[string]any{"F": "f", "M": "m"}, nil, nil)
			}
			if p == nil || err != nil {
				t.Errorf("a waiting request got %v, %v", p, err)
			}
		})
	}
	time.Sleep(20 * time.Millisecond)
	first.Abandon()
	first.Abandon() // twice is harmless
	wg.Wait()
	if n := renders.Load(); n < 1 || n > 4 {
		t.Errorf("%d of the waiting requests rendered the part", n)
	}
}
