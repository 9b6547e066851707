package store

import (
	"slices"
	"strings"
	"testing"
)

// TestNotices gathers changes as the NOTIFY of one instance tells them,
// and reads them as another instance does.
func TestNotices(t *testing.T) {
	many := make([]int64, maxNoticeIdeas+1)
	for i := range many {
		many[i] = int64(i + 1)
	}
	for _, c := range []struct {
		name      string
		add       func(u *unsent)
		wantWhat  Change
		wantIdeas []int64
	}{
		{"votes on two ideas", func(u *unsent) { u.add(Votes, []int64{7, 3}); u.add(Votes, []int64{3}) }, Votes, []int64{3, 7}},
		{"a vote and a comment", func(u *unsent) { u.add(Votes, []int64{7}); u.add(Comments, []int64{9}) }, Votes | Comments, []int64{7, 9}},
		{"a vote that names no idea", func(u *unsent) { u.add(Votes, []int64{7}); u.add(Votes, nil) }, Votes, nil},
		{"a vote and an edited idea", func(u *unsent) { u.add(Votes, []int64{7}); u.add(Ideas, nil) }, Votes | Ideas, nil},
		{"too many ideas", func(u *unsent) { u.add(Votes, many) }, Votes, nil},
	} {
		var u unsent
		c.add(&u)
		notice := u.take()
		what, ideas := parseNotice(notice)
		if what != c.wantWhat || !slices.Equal(ideas, c.wantIdeas) {
			t.Errorf("%s: notice %q read as %b %v, want %b %v", c.name, notice, what, ideas, c.wantWhat, c.wantIdeas)
		}
		if len(notice) > 8000 {
			t.Errorf("%s: a notice of %d bytes, more than PostgreSQL takes", c.name, len(notice))
		}
		if again := u.take(); again != "0" {
			t.Errorf("%s: a second notice %q, want nothing gathered", c.name, again)
		}
	}
	for _, bad := range []string{"", "x", "-1", "4:", "4:1,x", "4:0", "1024", strings.Repeat("9", 30)} {
		what, ideas := parseNotice(bad)
		if bad == "4:" || bad == "4:1,x" || bad == "4:0" {
			if what != Votes || ideas != nil {
				t.Errorf("notice %q read as %b %v, want votes on any idea", bad, what, ideas)
			}
			continue
		}
		if what != All || ideas != nil {
			t.Errorf("notice %q read as %b %v, want everything", bad, what, ideas)
		}
	}
}
