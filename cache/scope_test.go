package cache

import (
	"testing"
	"time"
)

// shown is a value that tells what it shows.
type shown struct {
	n     int
	scope *Scope
}

func (s *shown) Scope() *Scope { return s.scope }

// stateOf tells whether the value of k is kept fresh, aged, or gone.
func stateOf(m *Map[string, *shown], k string) string {
	switch _, fresh, ok := m.PeekStale(k); {
	case !ok:
		return "gone"
	case fresh:
		return "fresh"
	}
	return "aged"
}

// TestDropAndAgeWhatAChangeConcerns keeps values that show different
// ideas, and changes one idea: only what shows it, what it may reorder and
// what shows anything go.
func TestDropAndAgeWhatAChangeConcerns(t *testing.T) {
	const votes = 1
	m := New[string, *shown](Options{TTL: time.Hour})
	fill := func() {
		gen := m.Generation()
		m.Put("idea 1", &shown{1, NewScope([]int64{1}, 0, 0)}, 1, gen)
		m.Put("idea 2", &shown{2, NewScope([]int64{2}, 0, 0)}, 1, gen)
		m.Put("top list", &shown{3, NewScope([]int64{2, 3}, votes, 0)}, 1, gen)
		m.Put("new list", &shown{4, NewScope([]int64{3, 2}, 0, 0)}, 1, gen)
		m.Put("unknown", &shown{5, nil}, 1, gen)
	}
	state := func(k string) string { return stateOf(m, k) }
	fill()
	one := setOf([]int64{1})
	m.Drop(func(s *Scope) bool { return s == nil || s.ShowsAny(one) })
	for k, want := range map[string]string{"idea 1": "gone", "idea 2": "fresh", "top list": "fresh", "new list": "fresh", "unknown": "gone"} {
		if got := state(k); got != want {
			t.Errorf("after dropping idea 1: %s is %s, want %s", k, got, want)
		}
	}
	fill()
	m.Age(func(s *Scope) bool { return s == nil || s.Order&votes != 0 || s.ShowsAny(one) }, time.Minute)
	for k, want := range map[string]string{"idea 1": "aged", "idea 2": "fresh", "top list": "aged", "new list": "fresh", "unknown": "aged"} {
		if got := state(k); got != want {
			t.Errorf("after aging idea 1: %s is %s, want %s", k, got, want)
		}
	}
}

// TestChangesWhileComputing changes the data while values are computed:
// a value that a Drop concerns is not kept, and the requests that waited
// for it compute their own; one that an Age concerns is kept aged; one
// that neither concerns is kept fresh.
func TestChangesWhileComputing(t *testing.T) {
	m := New[string, *shown](Options{TTL: time.Hour})
	two := setOf([]int64{2})
	showsTwo := func(s *Scope) bool { return s == nil || s.ShowsAny(two) }

	_, p, _ := m.Lookup("a")
	waiter := make(chan *Pending[string, *shown], 1)
	go func() {
		_, wp, _ := m.Lookup("a")
		waiter <- wp
	}()
	for m.waiting("a") == 0 {
		time.Sleep(time.Millisecond)
	}
	m.Drop(showsTwo)
	if p.Finish(&shown{1, NewScope([]int64{2}, 0, 0)}, 1, nil) {
		t.Error("a value read before a change that concerns it was kept")
	}
	if wp := <-waiter; wp == nil {
		t.Error("the request that waited got the value read before the change")
	} else {
		wp.Abandon()
	}

	_, p, _ = m.Lookup("b")
	m.Drop(showsTwo)
	if !p.Finish(&shown{1, NewScope([]int64{3}, 0, 0)}, 1, nil) {
		t.Error("a value that the change does not concern was not kept")
	}
	if _, ok := m.Peek("b"); !ok {
		t.Error("it is not fresh")
	}

	_, p, _ = m.Lookup("c")
	m.Age(showsTwo, time.Minute)
	if !p.Finish(&shown{1, NewScope([]int64{2}, 0, 0)}, 1, nil) {
		t.Error("a value that an Age concerns was not kept")
	}
	if _, fresh, ok := m.PeekStale("c"); !ok || fresh {
		t.Errorf("it is kept fresh %v, kept %v; want aged", fresh, ok)
	}

	gen := m.Generation()
	for range maxMarks + 1 {
		m.Age(func(*Scope) bool { return false }, time.Minute)
	}
	if m.Put("d", &shown{1, NewScope([]int64{9}, 0, 0)}, 1, gen) {
		t.Error("a value computed over more changes than are remembered was kept")
	}
}

// TestAgedValueServedWhileOneComputes ages a value: the first request
// computes it again, those that come meanwhile get the aged one at once,
// and past its time it is no longer served.
func TestAgedValueServedWhileOneComputes(t *testing.T) {
	now := time.Unix(1000, 0)
	m := New[string, int](Options{TTL: time.Hour, Clock: func() time.Time { return now }})
	m.Put("k", 1, 1, m.Generation())
	m.Age(func(*Scope) bool { return true }, time.Second)
	v, p, _ := m.Lookup("k")
	if p == nil {
		t.Fatalf("the first request after aging got %d, want to compute it", v)
	}
	if v, p2, _ := m.Lookup("k"); p2 != nil || v != 1 {
		t.Errorf("a request meanwhile got %d, pending %v; want the aged value at once", v, p2)
	}
	p.Finish(2, 1, nil)
	if v, _ := m.Peek("k"); v != 2 {
		t.Errorf("then %d, want the new value", v)
	}
	m.Age(func(*Scope) bool { return true }, time.Second)
	now = now.Add(2 * time.Second)
	if _, _, ok := m.PeekStale("k"); ok {
		t.Error("an aged value was served past its time")
	}
}

// TestGroupNarrowChanges sends changes that name their ideas to a group
// of a page cache (votes and comments lag) and a part cache (votes lag,
// vote counts live): each loses only what the change concerns.
func TestGroupNarrowChanges(t *testing.T) {
	const ideas, votes, comments = 1, 2, 4
	pages, parts := New[string, *shown](Options{TTL: time.Hour}), New[string, *shown](Options{TTL: time.Hour})
	fill := func() {
		for _, m := range []*Map[string, *shown]{pages, parts} {
			gen := m.Generation()
			m.Put("idea 1", &shown{1, NewScope([]int64{1}, 0, comments)}, 1, gen)
			m.Put("idea 2", &shown{2, NewScope([]int64{2}, 0, comments)}, 1, gen)
			m.Put("hot list", &shown{3, NewScope([]int64{2, 3}, votes|comments, 0)}, 1, gen)
			m.Put("new list", &shown{4, NewScope([]int64{1, 3}, 0, 0)}, 1, gen)
		}
	}
	state := stateOf
	type want map[string]string
	for _, c := range []struct {
		name         string
		what         uint64
		ideas        []int64
		pages, parts want
	}{
		{"a vote on idea 1", votes, []int64{1},
			want{"idea 1": "aged", "idea 2": "fresh", "hot list": "aged", "new list": "aged"},
			want{"idea 1": "fresh", "idea 2": "fresh", "hot list": "aged", "new list": "fresh"}},
		{"a comment on idea 1", comments, []int64{1},
			want{"idea 1": "gone", "idea 2": "fresh", "hot list": "aged", "new list": "aged"},
			want{"idea 1": "gone", "idea 2": "fresh", "hot list": "aged", "new list": "aged"}},
		{"a comment that names no idea (a moderator hid it)", comments, nil,
			want{"idea 1": "gone", "idea 2": "gone", "hot list": "gone", "new list": "gone"},
			want{"idea 1": "gone", "idea 2": "gone", "hot list": "gone", "new list": "gone"}},
		{"an idea edited", ideas, nil,
			want{"idea 1": "gone", "idea 2": "gone", "hot list": "gone", "new list": "gone"},
			want{"idea 1": "gone", "idea 2": "gone", "hot list": "gone", "new list": "gone"}},
	} {
		var g Group // a new lag for each change: each is the first of its burst
		g.AddRule("pages", Rule{On: ideas | votes | comments, Lagging: votes | comments, Held: comments, Every: time.Hour}, pages)
		g.AddRule("parts", Rule{On: ideas | votes | comments, Lagging: votes, Held: comments, Every: time.Hour, Live: votes}, parts)
		fill()
		g.Changed(c.what, c.ideas)
		for k, w := range c.pages {
			if got := state(pages, k); got != w {
				t.Errorf("%s: the page of %s is %s, want %s", c.name, k, got, w)
			}
		}
		for k, w := range c.parts {
			if got := state(parts, k); got != w {
				t.Errorf("%s: the part of %s is %s, want %s", c.name, k, got, w)
			}
		}
	}
}
