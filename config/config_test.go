package config

import (
	"strings"
	"testing"
)

// TestProfilerOnLoopbackOnly: the profiler tells much about the server,
// so it answers only on this machine.
func TestProfilerOnLoopbackOnly(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:6060": true, "localhost:6060": true, "[::1]:6060": true,
		":6060": false, "0.0.0.0:6060": false, "192.168.1.5:6060": false, "127.0.0.1": false, "example.org:6060": false,
	} {
		c := FromEnv(func(name string) string {
			if name == "IDEARIO_PROFILE_ADDR" {
				return addr
			}
			return ""
		})
		err := c.Validate()
		if got := err == nil; got != ok {
			t.Errorf("IDEARIO_PROFILE_ADDR=%q: Validate = %v, want accepted %v", addr, err, ok)
		}
		if err != nil && !strings.Contains(err.Error(), "IDEARIO_PROFILE_ADDR") {
			t.Errorf("IDEARIO_PROFILE_ADDR=%q: the error %q does not name the setting", addr, err)
		}
	}
}
