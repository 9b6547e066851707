package main

import (
	"runtime/debug"
)

// serverMemoryLimit is the Go heap's soft limit for `ideario serve` when
// GOMEMLIMIT does not set another. The caches have fixed budgets (about
// 45 MB together) and the rest of the live heap is small, but Go lets its
// heap grow to twice what is live before collecting: under load that
// alone took the server to 300 MB. With this limit the collector runs
// earlier only when the heap nears it; SQLite's pages (24 MB) and the
// program's own (30 MB) come on top (docs/benchmarks.md).
const serverMemoryLimit = 128 << 20

// limitMemory sets serverMemoryLimit unless GOMEMLIMIT, which the Go
// runtime reads itself, is set.
func limitMemory(getenv func(string) string) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serverMemoryLimit)
	}
}
