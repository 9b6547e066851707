package config

import (
	"strings"
	"testing"
)

func TestRateLimitsAreChecked(t *testing.T) {
	c := Defaults
	if err := c.Validate(); err != nil {
		t.Fatalf("the defaults do not validate: %v", err)
	}
	tests := []struct {
		name   string
		change func(*RateLimits)
	}{
		{"no limit at all", func(l *RateLimits) { *l = RateLimits{} }},
		{"a maximum of zero", func(l *RateLimits) { l.Vote.Max = 0 }},
		{"no window", func(l *RateLimits) { l.LoginAccount.Window = 0 }},
		{"no wait", func(l *RateLimits) { l.FlagNewcomer.Wait = 0 }},
		{"a longest wait shorter than the first", func(l *RateLimits) { l.Idea.MaxWait = l.Idea.Wait / 2 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Defaults
			tt.change(&c.Limits)
			err := c.Validate()
			if err == nil || !strings.Contains(err.Error(), "rate limit") {
				t.Errorf("Validate = %v, want an error about a rate limit", err)
			}
		})
	}
}
