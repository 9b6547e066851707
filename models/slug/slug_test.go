package slug_test

import (
	"testing"

	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/slug"
	"github.com/ideario/ideario/testutil"
)

func TestSlugify(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"accents and punctuation", "Café à la Mio!", 80, "cafe-a-la-mio"},
		{"upper-case accents", "ÀÉÎÕÜ Ç Ñ", 80, "aeiou-c-n"},
		{"runs of spaces and punctuation", "  Hello,   World -- again?! ", 80, "hello-world-again"},
		{"digits kept", "100% Recycled Seats", 80, "100-recycled-seats"},
		{"apostrophes and dots", "Fiat's 2.0 engine", 80, "fiat-s-2-0-engine"},
		{"letters without an ASCII form dropped", "日本語 car ß", 80, "car"},
		{"emoji", "🚗 fast car 🚀", 80, "fast-car"},
		{"cut at the cap", "abcdefghijkl", 10, "abcdefghij"},
		{"no dash left at the cut", "abcde fghij", 6, "abcde"},
		{"cap counts bytes of the slug", "Ação rápida agora", 10, "acao-rapid"},
		{"only punctuation", "--- !!! ???", 80, ""},
		{"empty", "", 80, ""},
		{"zero cap", "anything", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := slug.Slugify(tt.in, tt.max)
			testutil.Equal(t, "Slugify", got, tt.want)
			if len(got) > tt.max {
				t.Errorf("len(%q) = %d, over the cap %d", got, len(got), tt.max)
			}
		})
	}
}

func TestIdeaPath(t *testing.T) {
	tests := []struct {
		name string
		id   int64
		slug string
		want string
	}{
		{"with slug", 42, "solar-roof", "/ideas/42-solar-roof"},
		{"without slug", 7, "", "/ideas/7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testutil.Equal(t, "IdeaPath", ideas.IdeaPath(tt.id, tt.slug), tt.want)
		})
	}
}
