package admin

import (
	"fmt"
	"testing"
)

func TestStateChanges(t *testing.T) {
	cases := []struct {
		name, before, after string
		want                string
	}{
		{"nothing", "", "", "[]"},
		{"created", "", `{"slug":"seats","position":2}`, "[{position  2} {slug  seats}]"},
		{"only what changed", `{"a":1,"b":"x"}`, `{"a":1,"b":"y"}`, "[{b x y}]"},
		{"removed field", `{"a":1,"b":2}`, `{"a":1}`, "[{b 2 }]"},
		{"nothing to something", `{"suspended_until":null}`, `{"suspended_until":"2030-01-02T00:00:00Z"}`,
			"[{suspended_until — 2 Jan 2030 at 00:00 UTC}]"},
		{"time with an offset", `{"at":"2030-01-02T01:30:00+02:00"}`, `{"at":null}`, "[{at 1 Jan 2030 at 23:30 UTC —}]"},
		{"lists", `{"categories":[1,2]}`, `{"categories":["a","b"]}`, "[{categories 1, 2 a, b}]"},
		{"empty list and empty text", `{"tags":[],"name":""}`, `{"tags":["x"],"name":"n"}`, `[{name "" n} {tags — x}]`},
		{"nested objects stay compact JSON", `{"s":{"a": 1}}`, `{"s":{"a": 2}}`, `[{s {"a":1} {"a":2}}]`},
		{"booleans", `{"hidden":false}`, `{"hidden":true}`, "[{hidden false true}]"},
		{"not an object", `[1, 2]`, `"text"`, "[{value 1, 2 text}]"},
		{"not JSON at all", `oops`, ``, "[{value oops }]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := fmt.Sprint(stateChanges("en", tc.before, tc.after)); got != tc.want {
				t.Errorf("stateChanges(%s, %s) = %s, want %s", tc.before, tc.after, got, tc.want)
			}
		})
	}
}
