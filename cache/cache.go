// Package cache keeps, for a while, values computed from the data. Every
// cache of Ideario is a Map: whole pages for anonymous visitors (web), the
// parts of pages every reader shares and the fragments they are made of
// (views), the site-wide lists (models/store) and the home page's figures
// (handlers). A Map has one way to stay small (a byte budget, the least
// recently used value out first), to age (a lifetime), to forget when the
// data changes (Invalidate, with a generation, so that a value computed
// from data read before a change is never kept after it), to forget or
// age only the values a change concerns (Drop, Age: see Scope), and to
// compute a missing value once for all the requests that want it at the
// same time (Get). A Group empties the caches after each change.
package cache

import (
	"container/list"
	"context"
	"errors"
	"sync"
	"time"
)

// Options size a Map. MaxBytes 0 means no budget: for caches of a few
// small values.
type Options struct {
	MaxBytes int           // what all the values may weigh together
	MaxEntry int           // what one value may weigh (MaxBytes when 0)
	TTL      time.Duration // how long a value stays fresh
	// Stale is how long after TTL a value is still served while one
	// computation in the background replaces it (see Get), so that no
	// request waits for a value that merely aged; 0 for none. A change
	// (Invalidate) drops stale values with the fresh ones.
	Stale time.Duration
	// Clock tells the time, for tests that make values age; time.Now when
	// nil.
	Clock func() time.Time
}

// Map is a cache of values of type V by keys of type K. It is safe for
// concurrent use.
type Map[K comparable, V any] struct {
	opt Options
	now func() time.Time

	mu sync.Mutex
	// gen counts the changes: every Invalidate, Drop and Age. A value
	// computed since generation g is checked against the changes after g
	// (see put).
	gen     uint64
	cleared uint64              // the generation of the last Invalidate
	marks   []mark              // the last Drops and Ages, oldest first
	items   map[K]*list.Element // of *entry[K, V]
	order   *list.List          // most recently used in front
	bytes   int
	flights map[K]*flight[V]
}

type entry[K comparable, V any] struct {
	key     K
	value   V
	size    int
	expires time.Time // fresh until then
	dropAt  time.Time // served stale until then
}

// flight is one value being computed; the requests that want it meanwhile
// wait for it instead of computing it too, as they all would right after
// a change.
type flight[V any] struct {
	gen     uint64
	done    chan struct{}
	waiters int // requests waiting for it
	value   V
	err     error
}

// New makes an empty Map.
func New[K comparable, V any](opt Options) *Map[K, V] {
	if opt.MaxEntry == 0 || (opt.MaxBytes > 0 && opt.MaxEntry > opt.MaxBytes) {
		opt.MaxEntry = opt.MaxBytes
	}
	now := opt.Clock
	if now == nil {
		now = time.Now
	}
	return &Map[K, V]{opt: opt, now: now, items: map[K]*list.Element{}, order: list.New(),
		flights: map[K]*flight[V]{}}
}

// Invalidate forgets every value; values being computed will not be kept
// either, and requests that come now do not wait for them.
func (m *Map[K, V]) Invalidate() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gen++
	m.cleared = m.gen
	m.marks = m.marks[:0]
	clear(m.items)
	m.order.Init()
	m.bytes = 0
}

// Generation counts the changes so far: take it before reading the data
// a value is computed from, and give it to Put.
func (m *Map[K, V]) Generation() uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.gen
}

// Peek returns the fresh value of k, if there is one.
func (m *Map[K, V]) Peek(k K) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.fresh(k)
}

// fresh is Peek; the caller holds mu.
func (m *Map[K, V]) fresh(k K) (V, bool) {
	v, fresh, _ := m.kept(k)
	if !fresh {
		var zero V
		return zero, false
	}
	return v, true
}

// PeekStale returns the value of k if it is fresh, or aged but still
// within its Stale time (fresh false): the caller may serve it while it
// has a new one computed.
func (m *Map[K, V]) PeekStale(k K) (v V, fresh, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.kept(k)
}

// kept finds the value of k, fresh or stale, and drops it when it is
// older than that; the caller holds mu.
func (m *Map[K, V]) kept(k K) (v V, fresh, ok bool) {
	if el, found := m.items[k]; found {
		e := el.Value.(*entry[K, V])
		now := m.now()
		if now.Before(e.dropAt) {
			m.order.MoveToFront(el)
			return e.value, now.Before(e.expires), true
		}
		m.remove(el)
	}
	return v, false, false
}

// Put keeps a value of size bytes computed during generation gen, unless
// the data changed since or it is too big, and makes room by dropping the
// least recently used values. It tells whether the value was kept.
func (m *Map[K, V]) Put(k K, v V, size int, gen uint64) bool {
	kept, _ := m.put(k, v, size, gen)
	return kept
}

// put is Put; changed tells that v was not kept because a change after
// gen concerns it.
func (m *Map[K, V]) put(k K, v V, size int, gen uint64) (kept, changed bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if gen < m.cleared {
		return false, true
	}
	if size < 0 || (m.opt.MaxEntry > 0 && size > m.opt.MaxEntry) {
		return false, false
	}
	now := m.now()
	e := &entry[K, V]{key: k, value: v, size: size, expires: now.Add(m.opt.TTL)}
	e.dropAt = e.expires.Add(m.opt.Stale)
	if gen != m.gen && !m.since(gen, e, now) {
		return false, true
	}
	if el, ok := m.items[k]; ok {
		m.remove(el)
	}
	m.items[k] = m.order.PushFront(e)
	m.bytes += size
	for m.opt.MaxBytes > 0 && m.bytes > m.opt.MaxBytes {
		m.remove(m.order.Back())
	}
	return true, false
}

// remove drops one value; the caller holds mu.
func (m *Map[K, V]) remove(el *list.Element) {
	e := m.order.Remove(el).(*entry[K, V])
	delete(m.items, e.key)
	m.bytes -= e.size
}

// Get returns the fresh value of k, or computes it with load and keeps it
// (see Put). Requests that want k while it is computed wait for that
// computation and share its result; load runs after the generation is
// taken, so what it read before a change is not kept. A negative size
// from load hands the value to the waiting requests without keeping it.
// When the request that computed it went away (its context ended), each
// waiting request computes its own.
//
// With Options.Stale, a value that aged less than Stale ago is returned at
// once, and one computation replaces it in the background: load must then
// not depend on the request that happens to call (its context ends with
// it).
func (m *Map[K, V]) Get(k K, load func() (V, int, error)) (V, error) {
	if m.opt.Stale > 0 {
		if v, ok := m.staleWhileComputing(k, load); ok {
			return v, nil
		}
	}
	v, p, err := m.Lookup(k)
	if p == nil {
		return v, err
	}
	defer p.Abandon() // if load panics, the waiting requests compute their own
	v, size, err := load()
	p.Finish(v, size, err)
	return v, err
}

// staleWhileComputing returns an aged value of k, if there is one, and
// starts one computation of a new one unless one is running.
func (m *Map[K, V]) staleWhileComputing(k K, load func() (V, int, error)) (V, bool) {
	m.mu.Lock()
	v, fresh, ok := m.kept(k)
	if !ok || fresh {
		m.mu.Unlock()
		return v, ok
	}
	if f, running := m.flights[k]; running && f.gen >= m.cleared {
		m.mu.Unlock()
		return v, true
	}
	f := &flight[V]{gen: m.gen, done: make(chan struct{})}
	m.flights[k] = f
	m.mu.Unlock()
	p := &Pending[K, V]{m: m, k: k, gen: f.gen, f: f}
	go func() {
		defer func() {
			// A computation that panics leaves the aged value to age out:
			// the next request that finds it too old computes its own,
			// where the panic reaches the request's recovery.
			_ = recover()
			p.Abandon()
		}()
		nv, size, err := load()
		p.Finish(nv, size, err)
	}()
	return v, true
}

// Lookup is Get in two steps, for a caller that computes a missing value
// itself rather than handing Get a function: it returns the fresh value
// of k, or waits for the request computing it and returns that value or
// error; or else it returns a Pending, and the caller computes the value
// and gives it to Pending.Finish, which keeps it and releases the requests
// that wait for it. A caller that got a Pending must Finish or Abandon it.
// A value that aged (a Stale time, or Age) is returned at once while
// another request computes its replacement; the first request to find it
// aged gets the Pending.
func (m *Map[K, V]) Lookup(k K) (V, *Pending[K, V], error) {
	m.mu.Lock()
	v, fresh, ok := m.kept(k)
	if ok && fresh {
		m.mu.Unlock()
		return v, nil, nil
	}
	if f, running := m.flights[k]; running && f.gen >= m.cleared {
		if ok { // aged (see Age): served while the request computing it works
			m.mu.Unlock()
			return v, nil, nil
		}
		f.waiters++
		m.mu.Unlock()
		<-f.done
		if errors.Is(f.err, context.Canceled) || errors.Is(f.err, context.DeadlineExceeded) || errors.Is(f.err, errAbandoned) {
			return f.value, &Pending[K, V]{m: m, k: k, gen: m.Generation()}, nil
		}
		return f.value, nil, f.err
	}
	f := &flight[V]{gen: m.gen, done: make(chan struct{})}
	m.flights[k] = f
	m.mu.Unlock()
	return f.value, &Pending[K, V]{m: m, k: k, gen: f.gen, f: f}, nil
}

// errAbandoned is what the requests waiting for a value get when the
// request computing it gave up; each then computes its own.
var errAbandoned = errors.New("cache: value abandoned")

// A Pending is a value that the caller of Lookup is to compute.
type Pending[K comparable, V any] struct {
	m    *Map[K, V]
	k    K
	gen  uint64
	f    *flight[V] // nil when nobody waits for this computation
	done bool
}

// Finish keeps v, of size bytes, unless the data changed since Lookup
// (see Put; a negative size hands it to the waiting requests without
// keeping it), or hands err to them; it tells whether v was kept. Only
// the first call of Finish or Abandon counts.
func (p *Pending[K, V]) Finish(v V, size int, err error) bool {
	if p.done {
		return false
	}
	p.done = true
	kept, changed := false, false
	if err == nil {
		kept, changed = p.m.put(p.k, v, size, p.gen)
	}
	if p.f != nil {
		p.m.mu.Lock()
		if p.m.flights[p.k] == p.f {
			delete(p.m.flights, p.k)
		}
		p.m.mu.Unlock()
		p.f.value, p.f.err = v, err
		if changed {
			// Read before a change that concerns it: the requests that
			// waited for it came after the change, and compute their own.
			p.f.err = errAbandoned
		}
		close(p.f.done)
	}
	return kept
}

// Abandon gives up computing the value: the requests waiting for it
// compute their own. After Finish it does nothing, so that a caller can
// defer it.
func (p *Pending[K, V]) Abandon() {
	var zero V
	p.Finish(zero, 0, errAbandoned)
}

// Len tells how many values and bytes are kept.
func (m *Map[K, V]) Len() (values, bytes int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.items), m.bytes
}
