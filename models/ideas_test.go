package models_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

func TestCreateIdea(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author := newUser(t, store, "")
		challenge := newChallenge(t, store, models.PhaseIdeation, 0)
		cat, err := store.CreateCategory(t.Context(), "materials", "Materials", "", 1)
		isErr(t, "category", err, nil)
		tests := []struct {
			name        string
			in          models.IdeaInput
			wantSlug    string
			wantHTML    []string
			wantNever   []string
			wantExcerpt string
			wantTags    []string
		}{
			{
				name:        "markdown rendered",
				in:          models.IdeaInput{Title: "  Recycled seats  ", Body: "Use **recycled** PET for the seats."},
				wantSlug:    "recycled-seats",
				wantHTML:    []string{"<strong>recycled</strong>"},
				wantExcerpt: "Use recycled PET for the seats.",
			},
			{
				name:        "script never reaches the HTML",
				in:          models.IdeaInput{Title: "Café à la Mio!", Body: "Hello\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)> [a](javascript:alert(1))"},
				wantSlug:    "cafe-a-la-mio",
				wantHTML:    []string{"<p>Hello</p>"},
				wantNever:   []string{"<script", "alert('x')", "onerror", "javascript:"},
				wantExcerpt: "Hello a",
			},
			{
				name:     "in a challenge and a category, with tags",
				in:       models.IdeaInput{Title: "Bamboo dashboard", Body: "Bamboo is light.", ChallengeID: &challenge.ID, CategoryID: &cat.ID, Tags: models.ParseTags("bamboo, Light , bamboo")},
				wantSlug: "bamboo-dashboard", wantHTML: []string{"<p>Bamboo is light.</p>"}, wantExcerpt: "Bamboo is light.",
				wantTags: []string{"bamboo", "light"},
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := rows(t, store, "ideas", "challenge_id = ?", challenge.ID)
				created, err := store.CreateIdea(t.Context(), author.ID, tt.in)
				isErr(t, "create idea", err, nil)
				got := reload(t, store, created.ID)
				equal(t, "title", got.Title, strings.TrimSpace(tt.in.Title))
				equal(t, "body kept as written", got.Body, tt.in.Body)
				equal(t, "slug", got.Slug, tt.wantSlug)
				equal(t, "excerpt", got.Excerpt, tt.wantExcerpt)
				equal(t, "status", got.Status, models.StatusNew)
				equal(t, "author", got.AuthorID, author.ID)
				for _, w := range tt.wantHTML {
					if !strings.Contains(got.BodyHTML, w) {
						t.Errorf("BodyHTML = %q, want it to contain %q", got.BodyHTML, w)
					}
				}
				for _, w := range tt.wantNever {
					if strings.Contains(got.BodyHTML, w) || strings.Contains(got.Excerpt, w) {
						t.Errorf("BodyHTML = %q, Excerpt = %q: must not contain %q", got.BodyHTML, got.Excerpt, w)
					}
				}
				equal(t, "follower count", got.FollowerCount, 1)
				follows, err := store.Follows(t.Context(), author.ID, got.ID)
				isErr(t, "follows", err, nil)
				equal(t, "author follows", follows, true)
				near(t, "hot", got.Hot, models.HotScore(got.CreatedAt, nil, nil), 1e-9)

				var tags []string
				ts, err := store.IdeaTags(t.Context(), got.ID)
				isErr(t, "tags", err, nil)
				for _, tag := range ts {
					tags = append(tags, tag.Slug)
					equal(t, "idea count of "+tag.Slug, tag.IdeaCount, 1)
				}
				if !slices.Equal(tags, tt.wantTags) {
					t.Errorf("tags = %v, want %v", tags, tt.wantTags)
				}
				if tt.in.ChallengeID != nil {
					c, err := store.ChallengeByID(t.Context(), challenge.ID)
					isErr(t, "challenge", err, nil)
					equal(t, "challenge idea count", c.IdeaCount, before+1)
				}
			})
		}
	})
}

func TestParseTags(t *testing.T) {
	long := strings.Repeat("x", 50)
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"comma separated", "solar, wind,hydro", []string{"solar", "wind", "hydro"}},
		{"lower-cased and spaces squeezed", "  Electric   Car , ", []string{"electric car"}},
		{"duplicates by case", "Green, green , GREEN", []string{"green"}},
		{"duplicates by accent", "Café, cafe, CAFE", []string{"café"}},
		{"empty", "", nil},
		{"only separators", " , ,, ", nil},
		{"only punctuation", "!!!, ??", nil},
		{"capped at MaxTags", "a1,b2,c3,d4,e5,f6,g7", []string{"a1", "b2", "c3", "d4", "e5"}},
		{"duplicates do not use up the cap", "a1,a1,a1,a1,a1,b2,c3", []string{"a1", "b2", "c3"}},
		{"long tag cut to TagMax", long, []string{long[:models.TagMax]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := models.ParseTags(tt.in)
			if !slices.Equal(got, tt.want) {
				t.Errorf("ParseTags(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if len(got) > models.MaxTags {
				t.Errorf("ParseTags(%q) gave %d tags, more than %d", tt.in, len(got), models.MaxTags)
			}
			for _, tag := range got {
				if n := utf8.RuneCountInString(tag); n > models.TagMax {
					t.Errorf("tag %q is %d characters, more than %d", tag, n, models.TagMax)
				}
			}
		})
	}
}

// TestTagCounts follows each tag's idea count through creates and edits;
// the count must always equal the number of ideas carrying the tag.
func TestTagCounts(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author := newUser(t, store, "")
		ideas := map[string]int64{}
		steps := []struct {
			name string
			idea string // an idea key: created on first use, then edited
			tags string
			want map[string]int
		}{
			{"first idea", "one", "solar, wind", map[string]int{"solar": 1, "wind": 1}},
			{"second idea shares a tag", "two", "Solar", map[string]int{"solar": 2, "wind": 1}},
			{"edit swaps a tag", "one", "wind, hydro", map[string]int{"solar": 1, "wind": 1, "hydro": 1}},
			{"edit keeps the same tags", "one", "hydro, wind", map[string]int{"solar": 1, "wind": 1, "hydro": 1}},
			{"edit removes every tag", "two", "", map[string]int{"solar": 0, "wind": 1, "hydro": 1}},
			{"edit with duplicates", "two", "wind, WIND, wind", map[string]int{"solar": 0, "wind": 2, "hydro": 1}},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				in := models.IdeaInput{Title: "Idea " + st.idea, Body: "Body", Tags: models.ParseTags(st.tags)}
				if id, ok := ideas[st.idea]; ok {
					isErr(t, "update", store.UpdateIdea(t.Context(), id, author, in), nil)
				} else {
					ideas[st.idea] = newIdea(t, store, author.ID, in).ID
				}
				for slug, want := range st.want {
					tag, err := store.TagBySlug(t.Context(), slug)
					isErr(t, "tag "+slug, err, nil)
					equal(t, "idea count of "+slug, tag.IdeaCount, want)
					equal(t, "ideas carrying "+slug, rows(t, store, "idea_tags", "tag_id = ?", tag.ID), want)
				}
			})
		}
	})
}

func TestUpdateIdea(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author := newUser(t, store, "")
		stranger := newUser(t, store, "")
		moderator := newUser(t, store, models.RoleModerator)
		admin := newUser(t, store, models.RoleAdmin)
		sponsor := newUser(t, store, models.RoleSponsor)
		tests := []struct {
			name    string
			phase   string // challenge phase when the edit comes; "" for the ideas box
			hidden  bool
			editor  *models.User
			wantErr error
		}{
			{"author in the ideas box", "", false, author, nil},
			{"author during ideation", models.PhaseIdeation, false, author, nil},
			{"stranger", "", false, stranger, models.ErrForbidden},
			{"sponsor is no moderator", "", false, sponsor, models.ErrForbidden},
			{"moderator", "", false, moderator, nil},
			{"admin", "", false, admin, nil},
			{"author after ideation closed", models.PhaseVoting, false, author, models.ErrPhaseClosed},
			{"author in review", models.PhaseReview, false, author, models.ErrPhaseClosed},
			{"moderator after ideation closed", models.PhaseResults, false, moderator, nil},
			{"author of a hidden idea", "", true, author, models.ErrForbidden},
			{"moderator on a hidden idea", "", true, moderator, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := models.IdeaInput{Title: "Original title", Body: "Original body", Tags: []string{"old"}}
				var challenge *models.Challenge
				if tt.phase != "" {
					challenge = newChallenge(t, store, models.PhaseIdeation, 0)
					in.ChallengeID = &challenge.ID
				}
				idea := newIdea(t, store, author.ID, in)
				if challenge != nil {
					isErr(t, "set phase", store.SetChallengePhase(t.Context(), challenge.ID, tt.phase), nil)
				}
				if tt.hidden {
					setIdea(t, store, idea.ID, "hidden", true)
				}
				edit := models.IdeaInput{Title: " Édited title ", Body: "New *body*", Tags: []string{"new"}}
				err := store.UpdateIdea(t.Context(), idea.ID, tt.editor, edit)
				isErr(t, "update", err, tt.wantErr)

				got := reload(t, store, idea.ID)
				wantTitle, wantSlug, wantTag := "Original title", "original-title", "old"
				if tt.wantErr == nil {
					wantTitle, wantSlug, wantTag = "Édited title", "edited-title", "new"
					equal(t, "body html", got.BodyHTML, "<p>New <em>body</em></p>\n")
				}
				equal(t, "title", got.Title, wantTitle)
				equal(t, "slug", got.Slug, wantSlug)
				equal(t, "author unchanged", got.AuthorID, author.ID)
				ts, err := store.IdeaTags(t.Context(), idea.ID)
				isErr(t, "tags", err, nil)
				if len(ts) != 1 || ts[0].Slug != wantTag {
					t.Errorf("tags = %v, want only %q", ts, wantTag)
				}
			})
		}
		t.Run("unknown idea", func(t *testing.T) {
			err := store.UpdateIdea(t.Context(), 1_000_000, moderator, models.IdeaInput{Title: "Whatever", Body: "x"})
			isErr(t, "update", err, models.ErrNotFound)
		})
	})
}
