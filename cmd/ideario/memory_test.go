package main

import (
	"runtime/debug"
	"testing"
)

// TestServerMemoryLimit: the server limits its heap unless the operator
// chose a limit with GOMEMLIMIT.
func TestServerMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
	debug.SetMemoryLimit(1 << 40)
	limitMemory(func(name string) string {
		if name == "GOMEMLIMIT" {
			return "1GiB"
		}
		return ""
	})
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("with GOMEMLIMIT set, the limit became %d", got)
	}
	limitMemory(func(string) string { return "" })
	if got := debug.SetMemoryLimit(-1); got != serverMemoryLimit {
		t.Errorf("without GOMEMLIMIT, the limit is %d, want %d", got, serverMemoryLimit)
	}
}
