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

// TestBaseURLFollowsAddr: without IDEARIO_BASE_URL, links and mail point
// where the server listens.
func TestBaseURLFollowsAddr(t *testing.T) {
	tests := []struct{ addr, baseURL, want string }{
		{":8080", "", "http://localhost:8080"},
		{":8099", "", "http://localhost:8099"},
		{"127.0.0.1:9000", "", "http://127.0.0.1:9000"},
		{"0.0.0.0:80", "", "http://localhost:80"},
		{"[::1]:8443", "", "http://[::1]:8443"},
		{"[::]:8081", "", "http://localhost:8081"},
		{":8099", "https://ideas.example.org/", "https://ideas.example.org"},
	}
	for _, tt := range tests {
		t.Run(tt.addr+" "+tt.baseURL, func(t *testing.T) {
			c := Defaults
			c.Addr, c.BaseURL = tt.addr, tt.baseURL
			if err := c.Validate(); err != nil {
				t.Fatal(err)
			}
			if c.BaseURL != tt.want {
				t.Errorf("base URL = %q, want %q", c.BaseURL, tt.want)
			}
		})
	}
}
