package cache

// waiting tells how many requests wait for the value of k being computed.
func (m *Map[K, V]) waiting(k K) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	if f, ok := m.flights[k]; ok {
		return f.waiters
	}
	return 0
}
