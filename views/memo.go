package views

import (
	"sync"
	"time"
)

// memo keeps rendered output in memory for a while, up to a byte budget.
// Everything in it is dropped when the data changes (Invalidate), and a
// value computed from data read before an invalidation is never stored
// after it: callers take the generation with get, read and render, then
// put with that generation.
type memo[K comparable, V any] struct {
	mu       sync.Mutex
	entries  map[K]memoEntry[V]
	bytes    int
	maxBytes int
	ttl      time.Duration
	gen      uint64
	now      func() time.Time
}

type memoEntry[V any] struct {
	value   V
	size    int
	expires time.Time
}

func newMemo[K comparable, V any](maxBytes int, ttl time.Duration) memo[K, V] {
	return memo[K, V]{entries: map[K]memoEntry[V]{}, maxBytes: maxBytes, ttl: ttl, now: time.Now}
}

// Invalidate drops every value; the store calls it after every write.
func (m *memo[K, V]) Invalidate() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gen++
	m.entries, m.bytes = map[K]memoEntry[V]{}, 0
}

// get returns a fresh value, or the generation to store a new one under.
func (m *memo[K, V]) get(k K) (V, bool, uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[k]
	if ok && m.now().Before(e.expires) {
		return e.value, true, m.gen
	}
	var zero V
	return zero, false, m.gen
}

// put stores a value of size bytes unless the memo was invalidated since
// gen; when the budget is spent it starts again empty rather than track
// recency, since what it holds is quick to render again.
func (m *memo[K, V]) put(k K, v V, size int, gen uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if gen != m.gen || size > m.maxBytes {
		return
	}
	if old, ok := m.entries[k]; ok {
		m.bytes -= old.size
	}
	if m.bytes+size > m.maxBytes {
		m.entries, m.bytes = map[K]memoEntry[V]{}, 0
	}
	m.entries[k] = memoEntry[V]{value: v, size: size, expires: m.now().Add(m.ttl)}
	m.bytes += size
}
