package cache

import (
	"slices"
	"sync"
	"time"
)

// A Group is every cache of one running Ideario, each with the data it is
// computed from. The store tells the group of every change that a write
// announces (models/store.Change: its bits say what changed), and the
// group drops each cache that depends on it; a cache that depends on
// nothing ages only. One group per store: a test that runs two instances
// in one process gives each its own, so that one instance's writes reach
// the other only the way they would in production.
type Group struct {
	mu      sync.Mutex
	members []member
}

// Droppable is a cache that a Group can empty: every Map is one.
type Droppable interface {
	Invalidate()
	Len() (values, bytes int)
}

type member struct {
	name string
	on   uint64 // the changes that empty it
	c    Droppable
	lag  *lag // nil: every change empties it at once
}

// lag coalesces the changes of some kinds: the first empties the cache at
// once, those that follow within every wait for one emptying at the end
// of it, so that a burst of them (votes, hundreds a second) empties the
// cache at most once per every.
type lag struct {
	kinds uint64
	every time.Duration

	mu      sync.Mutex
	last    time.Time // the last emptying
	pending bool      // an emptying is due at last+every
}

// Add puts a cache into the group, under a name for the figures (Sizes),
// to be emptied whenever a change has a bit of on.
func (g *Group) Add(name string, on uint64, c Droppable) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.members = append(g.members, member{name: name, on: on, c: c})
}

// AddLagging is Add, with the changes of the kinds in lagging (a part of
// on) coalesced: a cache emptied by one of them is emptied again at most
// once per every, so what it holds is at most every old for those kinds
// of change (a vote count, say), and right at once for the others.
func (g *Group) AddLagging(name string, on, lagging uint64, every time.Duration, c Droppable) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.members = append(g.members, member{name: name, on: on, c: c, lag: &lag{kinds: lagging & on, every: every}})
}

// Changed empties every cache that depends on what changed.
func (g *Group) Changed(what uint64) {
	g.mu.Lock()
	members := slices.Clone(g.members)
	g.mu.Unlock()
	for _, m := range members {
		switch {
		case m.on&what == 0:
		case m.lag == nil || what&m.on&^m.lag.kinds != 0:
			m.c.Invalidate()
			if m.lag != nil {
				m.lag.emptied()
			}
		default:
			m.lag.change(m.c)
		}
	}
}

// emptied notes that the cache was just emptied.
func (l *lag) emptied() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.last = time.Now()
}

// change empties c now when it was not emptied within every, or else
// once at the end of every.
func (l *lag) change(c Droppable) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pending {
		return
	}
	now := time.Now()
	if due := l.last.Add(l.every); now.Before(due) {
		l.pending = true
		time.AfterFunc(due.Sub(now), func() {
			c.Invalidate()
			l.mu.Lock()
			l.last, l.pending = time.Now(), false
			l.mu.Unlock()
		})
		return
	}
	c.Invalidate()
	l.last = now
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
		sizes[i] = Size{Name: m.name, On: m.on}
		sizes[i].Values, sizes[i].Bytes = m.c.Len()
	}
	return sizes
}
