package cache

import (
	"slices"
	"sync"
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
}

// Add puts a cache into the group, under a name for the figures (Sizes),
// to be emptied whenever a change has a bit of on.
func (g *Group) Add(name string, on uint64, c Droppable) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.members = append(g.members, member{name: name, on: on, c: c})
}

// Changed empties every cache that depends on what changed.
func (g *Group) Changed(what uint64) {
	g.mu.Lock()
	members := slices.Clone(g.members)
	g.mu.Unlock()
	for _, m := range members {
		if m.on&what != 0 {
			m.c.Invalidate()
		}
	}
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
