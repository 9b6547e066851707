package slug_test

import (
	"testing"

	"github.com/ideario/ideario/markdown"
	"github.com/ideario/ideario/models/slug"
	"github.com/ideario/ideario/testutil"
)

func TestHandle(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"accents folded", "João Gonçalves", "joao_goncalves"},
		{"punctuation becomes one underscore", "Ana-Maria  d'Ávila", "ana_maria_d_avila"},
		{"digits kept", "Rafa 2000", "rafa_2000"},
		{"cut at thirty", "Maximiliano Alessandro Bartolomeu Silva", "maximiliano_alessandro_bartolo"},
		{"too short", "Al", ""},
		{"no usable letters", "日本語", ""},
		{"fallback form refused", "User 42", "user_42"},
		{"fallback form refused", "User42", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := slug.Handle(tt.in)
			testutil.Equal(t, "Handle", got, tt.want)
			if got != "" && !markdown.ValidHandle(got) {
				t.Errorf("Handle(%q) = %q, not a valid handle", tt.in, got)
			}
		})
	}
}

func TestNumberedHandle(t *testing.T) {
	testutil.Equal(t, "short", slug.NumberedHandle("ana_silva", 2), "ana_silva_2")
	long := slug.NumberedHandle("maximiliano_alessandro_bartolo", 12)
	testutil.Equal(t, "long", long, "maximiliano_alessandro_bart_12")
	testutil.Equal(t, "long is valid", markdown.ValidHandle(long), true)
}

func TestValidHandle(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"ana", true}, {"ana_silva_2", true}, {"an", false}, {"Ana", false}, {"ana-silva", false},
		{"ana silva", false}, {"ção", false}, {"abcdefghijklmnopqrstuvwxyz_1234", false}, {"", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) { testutil.Equal(t, "ValidHandle", markdown.ValidHandle(tt.in), tt.want) })
	}
	for _, h := range []string{"user1", "user42"} {
		testutil.Equal(t, "IsFallbackHandle "+h, slug.IsFallbackHandle(h), true)
	}
	for _, h := range []string{"user", "user_1", "users1", "username"} {
		testutil.Equal(t, "IsFallbackHandle "+h, slug.IsFallbackHandle(h), false)
	}
}
