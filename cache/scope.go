package cache

import (
	"slices"
	"time"
)

// A Scope is what a kept value shows of the data, so that a change that
// names the ideas it concerns (a vote, a comment) drops or ages only the
// values that show them (see Group.Changed). A nil Scope is a value that
// may show anything: every change concerns it.
type Scope struct {
	// Ideas are the ideas the value shows, sorted.
	Ideas []int64
	// Order are the kinds of change that may reorder what it shows or
	// bring other ideas in (a list sorted by votes): every change of
	// those kinds concerns it, whatever ideas it names.
	Order uint64
	// Holds are the kinds of change that it shows in full, not only as a
	// count (an idea's page holds its comments): such a change to one of
	// its ideas reaches it at once, so that whoever made it finds it.
	Holds uint64
}

// NewScope is the scope of a value that shows ideas, in an order that
// the kinds of change order may change, and holds the changes of the
// kinds holds in full.
func NewScope(ideas []int64, order, holds uint64) *Scope {
	s := &Scope{Ideas: slices.Clone(ideas), Order: order, Holds: holds}
	slices.Sort(s.Ideas)
	s.Ideas = slices.Compact(s.Ideas)
	return s
}

// ShowsAny tells whether the scope shows one of ideas.
func (s *Scope) ShowsAny(ideas map[int64]struct{}) bool {
	for _, id := range s.Ideas {
		if _, ok := ideas[id]; ok {
			return true
		}
	}
	return false
}

// Scoped is a value that tells what it shows. Drop and Age take any other
// value for one that may show anything.
type Scoped interface {
	Scope() *Scope
}

// A Match tells which values a change concerns, by their scope (nil for a
// value that may show anything).
type Match func(*Scope) bool

// mark is one Drop or Age, remembered for the values being computed while
// it happened (see since).
type mark struct {
	gen    uint64
	match  Match
	age    bool          // Age; else Drop
	within time.Duration // for Age
}

// maxMarks is how many Drops and Ages a Map remembers: a value computed
// over more of them is not kept (a computation takes milliseconds; the
// changes come a few a second).
const maxMarks = 64

// Drop forgets the values that match concerns; values being computed now
// that it concerns will not be kept either.
func (m *Map[K, V]) Drop(match Match) {
	m.change(mark{match: match})
}

// Age makes the values that match concerns stale now: they are served at
// most within longer, while one request computes each again (see Lookup,
// PeekStale, Get). Values being computed now that it concerns are kept
// aged too. It is a change that every reader may see a moment late: a
// vote count on a page for visitors, the order of a list.
func (m *Map[K, V]) Age(match Match, within time.Duration) {
	m.change(mark{match: match, age: true, within: within})
}

// change applies a Drop or Age to the kept values and remembers it for
// the values being computed.
func (m *Map[K, V]) change(mk mark) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gen++
	mk.gen = m.gen
	if len(m.marks) == maxMarks {
		m.marks = append(m.marks[:0], m.marks[1:]...)
	}
	m.marks = append(m.marks, mk)
	now := m.now()
	for el := m.order.Front(); el != nil; {
		next := el.Next()
		e := el.Value.(*entry[K, V])
		if mk.match(m.scope(e.value)) {
			if mk.age {
				age(e, now, mk.within)
			} else {
				m.remove(el)
			}
		}
		el = next
	}
}

// scope is what v shows, nil when unknown.
func (m *Map[K, V]) scope(v V) *Scope {
	if s, ok := any(v).(Scoped); ok {
		return s.Scope()
	}
	return nil
}

// age makes an entry stale at now, served at most within longer.
func age[K comparable, V any](e *entry[K, V], now time.Time, within time.Duration) {
	if e.expires.After(now) {
		e.expires = now
	}
	if until := now.Add(within); e.dropAt.After(until) {
		e.dropAt = until
	}
}

// since applies to e, computed since generation gen, the Drops and Ages
// that came after gen; it tells whether e may still be kept. The caller
// holds mu.
func (m *Map[K, V]) since(gen uint64, e *entry[K, V], now time.Time) bool {
	if len(m.marks) == 0 || m.marks[0].gen > gen+1 {
		return false // changes it missed are forgotten: it may be stale
	}
	var scope *Scope
	scoped := false
	for _, mk := range m.marks {
		if mk.gen <= gen {
			continue
		}
		if !scoped {
			scope, scoped = m.scope(e.value), true
		}
		if !mk.match(scope) {
			continue
		}
		if !mk.age {
			return false
		}
		age(e, now, mk.within)
	}
	return true
}
