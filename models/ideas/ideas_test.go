package ideas_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

func TestCreateIdea(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author := testutil.NewUser(t, db, "")
		challenge := testutil.NewChallenge(t, db, challenges.PhaseIdeation, 0)
		cat, err := db.Challenges.CreateCategory(t.Context(), "materials", "Materials", "", 1)
		testutil.IsErr(t, "category", err, nil)
		tests := []struct {
			name        string
			in          ideas.IdeaInput
			wantSlug    string
			wantHTML    []string
			wantNever   []string
			wantExcerpt string
			wantTags    []string
		}{
			{
				name:        "markdown rendered",
				in:          ideas.IdeaInput{Title: "  Recycled seats  ", Body: "Use **recycled** PET for the seats."},
				wantSlug:    "recycled-seats",
				wantHTML:    []string{"<strong>recycled</strong>"},
				wantExcerpt: "Use recycled PET for the seats.",
			},
			{
				name:        "script never reaches the HTML",
				in:          ideas.IdeaInput{Title: "Café à la Mio!", Body: "Hello\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)> [a](javascript:alert(1))"},
				wantSlug:    "cafe-a-la-mio",
				wantHTML:    []string{"<p>Hello</p>"},
				wantNever:   []string{"<script", "alert('x')", "onerror", "javascript:"},
				wantExcerpt: "Hello a",
			},
			{
				name:     "in a challenge and a category, with tags",
				in:       ideas.IdeaInput{Title: "Bamboo dashboard", Body: "Bamboo is light.", ChallengeID: &challenge.ID, CategoryID: &cat.ID, Tags: ideas.ParseTags("bamboo, Light , bamboo")},
				wantSlug: "bamboo-dashboard", wantHTML: []string{"<p>Bamboo is light.</p>"}, wantExcerpt: "Bamboo is light.",
				wantTags: []string{"bamboo", "light"},
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := testutil.Rows(t, db, "ideas", "challenge_id = ?", challenge.ID)
				created, err := db.Ideas.CreateIdea(t.Context(), author.ID, tt.in)
				testutil.IsErr(t, "create idea", err, nil)
				got := testutil.Reload(t, db, created.ID)
				testutil.Equal(t, "title", got.Title, strings.TrimSpace(tt.in.Title))
				testutil.Equal(t, "body kept as written", got.Body, tt.in.Body)
				testutil.Equal(t, "slug", got.Slug, tt.wantSlug)
				testutil.Equal(t, "excerpt", got.Excerpt, tt.wantExcerpt)
				testutil.Equal(t, "status", got.Status, ideas.StatusNew)
				testutil.Equal(t, "author", got.AuthorID, author.ID)
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
				testutil.Equal(t, "follower count", got.FollowerCount, 1)
				follows, err := db.Ideas.Follows(t.Context(), author.ID, got.ID)
				testutil.IsErr(t, "follows", err, nil)
				testutil.Equal(t, "author follows", follows, true)
				testutil.Near(t, "hot", got.Hot, ideas.HotScore(got.CreatedAt, nil, nil), 1e-9)

				var tags []string
				ts, err := db.Ideas.IdeaTags(t.Context(), got.ID)
				testutil.IsErr(t, "tags", err, nil)
				for _, tag := range ts {
					tags = append(tags, tag.Slug)
					testutil.Equal(t, "idea count of "+tag.Slug, tag.IdeaCount, 1)
				}
				if !slices.Equal(tags, tt.wantTags) {
					t.Errorf("tags = %v, want %v", tags, tt.wantTags)
				}
				if tt.in.ChallengeID != nil {
					c, err := db.Challenges.ChallengeByID(t.Context(), challenge.ID)
					testutil.IsErr(t, "challenge", err, nil)
					testutil.Equal(t, "challenge idea count", c.IdeaCount, before+1)
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
		{"long tag cut to TagMax", long, []string{long[:ideas.TagMax]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ideas.ParseTags(tt.in)
			if !slices.Equal(got, tt.want) {
				t.Errorf("ParseTags(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if len(got) > ideas.MaxTags {
				t.Errorf("ParseTags(%q) gave %d tags, more than %d", tt.in, len(got), ideas.MaxTags)
			}
			for _, tag := range got {
				if n := utf8.RuneCountInString(tag); n > ideas.TagMax {
					t.Errorf("tag %q is %d characters, more than %d", tag, n, ideas.TagMax)
				}
			}
		})
	}
}

// TestTagCounts follows each tag's idea count through creates and edits;
// the count must always equal the number of ideas carrying the tag.
func TestTagCounts(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author := testutil.NewUser(t, db, "")
		ideaList := map[string]int64{}
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
				in := ideas.IdeaInput{Title: "Idea " + st.idea, Body: "Body", Tags: ideas.ParseTags(st.tags)}
				if id, ok := ideaList[st.idea]; ok {
					testutil.IsErr(t, "update", db.Ideas.UpdateIdea(t.Context(), id, author, in), nil)
				} else {
					ideaList[st.idea] = testutil.NewIdea(t, db, author.ID, in).ID
				}
				for slug, want := range st.want {
					tag, err := db.Challenges.TagBySlug(t.Context(), slug)
					testutil.IsErr(t, "tag "+slug, err, nil)
					testutil.Equal(t, "idea count of "+slug, tag.IdeaCount, want)
					testutil.Equal(t, "ideas carrying "+slug, testutil.Rows(t, db, "idea_tags", "tag_id = ?", tag.ID), want)
				}
			})
		}
	})
}

func TestUpdateIdea(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author := testutil.NewUser(t, db, "")
		stranger := testutil.NewUser(t, db, "")
		moderator := testutil.NewUser(t, db, accounts.RoleModerator)
		admin := testutil.NewUser(t, db, accounts.RoleAdmin)
		sponsor := testutil.NewUser(t, db, accounts.RoleSponsor)
		tests := []struct {
			name    string
			phase   string // challenge phase when the edit comes; "" for the ideas box
			hidden  bool
			editor  *accounts.User
			wantErr error
		}{
			{"author in the ideas box", "", false, author, nil},
			{"author during ideation", challenges.PhaseIdeation, false, author, nil},
			{"stranger", "", false, stranger, store.ErrForbidden},
			{"sponsor is no moderator", "", false, sponsor, store.ErrForbidden},
			{"moderator", "", false, moderator, nil},
			{"admin", "", false, admin, nil},
			{"author after ideation closed", challenges.PhaseVoting, false, author, challenges.ErrPhaseClosed},
			{"author in review", challenges.PhaseReview, false, author, challenges.ErrPhaseClosed},
			{"moderator after ideation closed", challenges.PhaseResults, false, moderator, nil},
			{"author of a hidden idea", "", true, author, store.ErrForbidden},
			{"moderator on a hidden idea", "", true, moderator, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := ideas.IdeaInput{Title: "Original title", Body: "Original body", Tags: []string{"old"}}
				var challenge *challenges.Challenge
				if tt.phase != "" {
					challenge = testutil.NewChallenge(t, db, challenges.PhaseIdeation, 0)
					in.ChallengeID = &challenge.ID
				}
				idea := testutil.NewIdea(t, db, author.ID, in)
				if challenge != nil {
					testutil.IsErr(t, "set phase", db.Challenges.SetChallengePhase(t.Context(), challenge.ID, tt.phase), nil)
				}
				if tt.hidden {
					testutil.SetIdea(t, db, idea.ID, "hidden", true)
				}
				edit := ideas.IdeaInput{Title: " Édited title ", Body: "New *body*", Tags: []string{"new"}}
				err := db.Ideas.UpdateIdea(t.Context(), idea.ID, tt.editor, edit)
				testutil.IsErr(t, "update", err, tt.wantErr)

				got := testutil.Reload(t, db, idea.ID)
				wantTitle, wantSlug, wantTag := "Original title", "original-title", "old"
				if tt.wantErr == nil {
					wantTitle, wantSlug, wantTag = "Édited title", "edited-title", "new"
					testutil.Equal(t, "body html", got.BodyHTML, "<p>New <em>body</em></p>\n")
				}
				testutil.Equal(t, "title", got.Title, wantTitle)
				testutil.Equal(t, "slug", got.Slug, wantSlug)
				testutil.Equal(t, "author unchanged", got.AuthorID, author.ID)
				ts, err := db.Ideas.IdeaTags(t.Context(), idea.ID)
				testutil.IsErr(t, "tags", err, nil)
				if len(ts) != 1 || ts[0].Slug != wantTag {
					t.Errorf("tags = %v, want only %q", ts, wantTag)
				}
			})
		}
		t.Run("unknown idea", func(t *testing.T) {
			err := db.Ideas.UpdateIdea(t.Context(), 1_000_000, moderator, ideas.IdeaInput{Title: "Whatever", Body: "x"})
			testutil.IsErr(t, "update", err, store.ErrNotFound)
		})
	})
}
