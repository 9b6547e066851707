package cache

import (
	"slices"
	"sync"
	"time"
)

// A Group is every cache of one running Ideario, each with the data it is
// computed from. The store tells the group of every change that a write
// announces (models/store.Change: its bits say what changed, and a vote
// or a comment names the ideas it concerns), and the group drops or ages
// what of each cache depends on it; a cache that depends on nothing ages
// only. One group per store: a test that runs two instances in one
// process gives each its own, so that one instance's writes reach the
// other only the way they would in production.
type Group struct {
	mu      sync.Mutex
	members []member
}

// Droppable is a cache that a Group can empty: every Map is one.
type Droppable interface {
	Invalidate()
	Len() (values, bytes int)
}

// narrowable is a cache that a Group can empty in part: every Map is one.
type narrowable interface {
	Drop(match Match)
	Age(match Match, within time.Duration)
}

// A Rule says which changes concern a cache, and how they reach it.
type Rule struct {
	On uint64 // the kinds of change that concern it
	// Every, when set, is how often at most the changes that name their
	// ideas reach the values that show them or that they may reorder, by
	// aging them (see Map.Age) rather than dropping them: what the cache
	// shows of those changes is at most about two Every old, save what
	// its values hold in full (Scope.Holds). 0: they are dropped at once.
	Every time.Duration
	// Lagging are the kinds of change (a part of On) that reach the
	// values whose scope is not known late too, within Every: the other
	// kinds drop them at once.
	Lagging uint64
	// Held are the kinds of change that its values may hold in full
	// (Scope.Holds), which must reach them at once.
	Held uint64
	// Live are the kinds of change whose figures the cache's values do not
	// hold (they are read for each request): a change of those kinds
	// concerns only the values it may reorder.
	Live uint64
}

type member struct {
	name string
	rule Rule
	c    Droppable
	lag  *lag // nil: every change reaches it at once
}

// Add puts a cache into the group, under a name for the figures (Sizes),
// to be emptied whenever a change has a bit of on.
func (g *Group) Add(name string, on uint64, c Droppable) {
	g.AddRule(name, Rule{On: on}, c)
}

// AddRule puts a cache into the group, to be reached by changes as its
// rule says.
func (g *Group) AddRule(name string, r Rule, c Droppable) {
	g.mu.Lock()
	defer g.mu.Unlock()
	r.Lagging &= r.On
	m := member{name: name, rule: r, c: c}
	if n, ok := c.(narrowable); ok && r.Every > 0 {
		m.lag = &lag{rule: r, c: n}
	}
	g.members = append(g.members, m)
}

// Changed tells every cache of what changed: the kinds of change, and
// the ideas it concerns alone, or nil when it may concern any. A change
// that names its ideas reaches, of the values a cache keeps:
//   - at once, those that hold it in full (Scope.Holds: the page of the
//     idea commented on), and those whose scope is not known (see
//     Scoped) unless all its kinds lag for the cache (Rule.Lagging);
//   - within the rule's Every, by aging them, those that show one of its
//     ideas (unless its kinds are Live), those whose order it may change
//     (Scope.Order), and those whose scope is not known.
//
// A change that names no idea (a moderator hiding a comment) empties the
// caches it concerns at once.
func (g *Group) Changed(what uint64, ideas []int64) {
	g.mu.Lock()
	members := slices.Clone(g.members)
	g.mu.Unlock()
	for _, m := range members {
		what := what & m.rule.On
		if what == 0 {
			continue
		}
		n, ok := m.c.(narrowable)
		if !ok || ideas == nil {
			m.c.Invalidate()
			if m.lag != nil {
				m.lag.emptied()
			}
			continue
		}
		set := setOf(ideas)
		if unknownNow := what&^m.rule.Lagging != 0; unknownNow || m.lag == nil || what&m.rule.Held != 0 {
			// (A vote on a cache that lags for votes drops nothing: no
			// Drop is remembered for it, see Map.since.)
			n.Drop(func(s *Scope) bool {
				if s == nil {
					return unknownNow || m.lag == nil
				}
				return s.Holds&what != 0 && s.ShowsAny(set) || m.lag == nil && m.rule.concerns(s, what, set)
			})
		}
		if m.lag != nil {
			m.lag.change(what, set)
		}
	}
}

// concerns tells whether a change of the kinds what to the ideas set
// concerns a value of scope s, by showing them or reordering them.
func (r Rule) concerns(s *Scope, what uint64, set map[int64]struct{}) bool {
	return s == nil || s.Order&what != 0 || what&^r.Live != 0 && s.ShowsAny(set)
}

func setOf(ideas []int64) map[int64]struct{} {
	set := make(map[int64]struct{}, len(ideas))
	for _, id := range ideas {
		set[id] = struct{}{}
	}
	return set
}

// lag gathers the changes that reach a cache late: the first ages it at
// once, those that follow within Every wait for one aging at the end of
// it, for all of them, so that a burst (votes, hundreds a second) ages
// the cache at most once per Every.
type lag struct {
	rule Rule
	c    narrowable

	mu      sync.Mutex
	last    time.Time // the last aging or emptying
	pending bool      // an aging is due at last+Every
	what    uint64    // the kinds of change it is for
	ideas   map[int64]struct{}
}

// emptied notes that the cache was just emptied.
func (l *lag) emptied() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.last = time.Now()
}

// change ages the cache for a change of the ideas now, when it was not
// aged within Every, or else gathers the change for the aging at the end
// of Every.
func (l *lag) change(what uint64, ideas map[int64]struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.pending && !time.Now().Before(l.last.Add(l.rule.Every)) {
		l.last = time.Now()
		l.age(what, ideas)
		return
	}
	l.what |= what
	if l.ideas == nil {
		l.ideas = map[int64]struct{}{}
	}
	for id := range ideas {
		l.ideas[id] = struct{}{}
	}
	if l.pending {
		return
	}
	l.pending = true
	time.AfterFunc(time.Until(l.last.Add(l.rule.Every)), func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.age(l.what, l.ideas)
		l.last, l.pending, l.what, l.ideas = time.Now(), false, 0, nil
	})
}

// age ages what changes of the kinds what to the ideas concern.
func (l *lag) age(what uint64, ideas map[int64]struct{}) {
	r := l.rule
	l.c.Age(func(s *Scope) bool { return r.concerns(s, what, ideas) }, r.Every)
}

// A Size is what one cache of a group holds.
type Size struct {
	Name          string
	On            uint64 // the changes that empty it
	Values, Bytes int
}

// Sizes tells what each cache of the group holds, in the order they were
// added.
func (g *Group) Sizes() []Size {
	g.mu.Lock()
	members := slices.Clone(g.members)
	g.mu.Unlock()
	sizes := make([]Size, len(members))
	for i, m := range members {
		sizes[i] = Size{Name: m.name, On: m.rule.On}
		sizes[i].Values, sizes[i].Bytes = m.c.Len()
	}
	return sizes
}
