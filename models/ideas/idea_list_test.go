package ideas_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

// listWorld is a small crafted dataset whose order differs under each sort:
//
//	idea  created   votes  comments  author  challenge  category  tags         status
//	A     10 days   3      1         one     yes        design    -            new
//	B     3 days    4      2         one     -          design    solar        new
//	C     2 days    0      1         two     yes        materials -            accepted
//	D     1 hour    2      3         two     -          -         solar, wind  new
//	E     30 min    5      0         one     -          design    solar        new  (hidden)
//	F     20 min    1      0         two     yes        -         solar        new  (merged into D)
//
// Hot is log10(max(votes + comments/2, 1)) + age/48h: D 0.52, B -0.80,
// C -1.00, A -4.46.
type listWorld struct {
	db                *models.Store
	ids               map[string]int64
	names             map[int64]string
	one, two          *accounts.User
	challenge         *challenges.Challenge
	design, materials *challenges.Category
	solar, wind       *challenges.Tag
}

func newListWorld(t *testing.T, db *models.Store) *listWorld {
	t.Helper()
	w := &listWorld{db: db, ids: map[string]int64{}, names: map[int64]string{}}
	w.one, w.two = testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
	var voters []*accounts.User
	for range 5 {
		voters = append(voters, testutil.NewUser(t, db, ""))
	}
	w.challenge = testutil.NewChallenge(t, db, challenges.PhaseIdeation, 0)
	var err error
	w.design, err = db.Challenges.CreateCategory(t.Context(), "design", "Design", "", 1)
	testutil.IsErr(t, "category", err, nil)
	w.materials, err = db.Challenges.CreateCategory(t.Context(), "materials", "Materials", "", 2)
	testutil.IsErr(t, "category", err, nil)

	specs := []struct {
		name            string
		created         time.Duration
		votes, comments int
		author          *accounts.User
		inChallenge     bool
		category        *challenges.Category
		tags            string
	}{
		{"A", 10 * testutil.Day, 3, 1, w.one, true, w.design, ""},
		{"B", 3 * testutil.Day, 4, 2, w.one, false, w.design, "solar"},
		{"C", 2 * testutil.Day, 0, 1, w.two, true, w.materials, ""},
		{"D", time.Hour, 2, 3, w.two, false, nil, "solar, wind"},
		{"E", 30 * time.Minute, 5, 0, w.one, false, w.design, "solar"},
		{"F", 20 * time.Minute, 1, 0, w.two, true, nil, "solar"},
	}
	for _, s := range specs {
		in := ideas.IdeaInput{Title: "Idea " + s.name, Body: "About " + s.name, Tags: ideas.ParseTags(s.tags)}
		if s.inChallenge {
			in.ChallengeID = &w.challenge.ID
		}
		if s.category != nil {
			in.CategoryID = &s.category.ID
		}
		id := testutil.NewIdea(t, db, s.author.ID, in).ID
		w.ids[s.name], w.names[id] = id, s.name
		for _, v := range voters[:s.votes] {
			_, err := db.Votes.Vote(t.Context(), v.ID, id)
			testutil.IsErr(t, "vote", err, nil)
		}
		for i := range s.comments {
			_, err := db.Comments.CreateComment(t.Context(), voters[i], id, nil, "comment")
			testutil.IsErr(t, "comment", err, nil)
		}
		testutil.IsErr(t, "backdate", db.Ideas.Backdate(t.Context(), id, testutil.Ago(s.created)), nil)
	}
	testutil.IsErr(t, "status", db.Ideas.SetStatus(t.Context(), w.ids["C"], w.one, ideas.StatusAccepted, ""), nil)
	testutil.SetIdea(t, db, w.ids["E"], "hidden", true)
	testutil.SetIdea(t, db, w.ids["F"], "merged_into_id", w.ids["D"])
	w.solar, err = db.Challenges.TagBySlug(t.Context(), "solar")
	testutil.IsErr(t, "tag", err, nil)
	w.wind, err = db.Challenges.TagBySlug(t.Context(), "wind")
	testutil.IsErr(t, "tag", err, nil)
	return w
}

// list runs a query and names the ideas it returns, in order.
func (w *listWorld) list(t *testing.T, f ideas.IdeaFilter) (string, *ideas.IdeaPage) {
	t.Helper()
	page, err := w.db.Ideas.ListIdeas(t.Context(), f)
	testutil.IsErr(t, "list ideas", err, nil)
	var names []string
	for _, c := range page.Ideas {
		name, ok := w.names[c.ID]
		if !ok {
			name = fmt.Sprint(c.ID)
		}
		names = append(names, name)
	}
	return strings.Join(names, " "), page
}

func TestListIdeasSorts(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		w := newListWorld(t, db)
		tests := []struct {
			sort string
			want string
		}{
			{ideas.SortHot, "D B A C"}, // A: three votes in the last week outweigh C's one comment
			{"", "D B A C"},            // hot is the default
			{"nonsense", "D B A C"},
			{ideas.SortTop, "B A D C"},
			{ideas.SortNew, "D C B A"},
			{ideas.SortDiscussed, "D B C A"}, // C and A tie on one comment: the newer id first
		}
		for _, tt := range tests {
			t.Run("sort "+tt.sort, func(t *testing.T) {
				got, page := w.list(t, ideas.IdeaFilter{Sort: tt.sort})
				testutil.Equal(t, "order", got, tt.want)
				testutil.Equal(t, "has next", page.HasNext, false)
			})
		}
		t.Run("cards carry names and tags", func(t *testing.T) {
			_, page := w.list(t, ideas.IdeaFilter{Sort: ideas.SortNew})
			for _, c := range page.Ideas {
				if c.ID != w.ids["D"] {
					continue
				}
				testutil.Equal(t, "author name", c.AuthorName, w.two.Name)
				testutil.Equal(t, "author country", c.AuthorCountry, "BR")
				if len(c.Tags) != 2 || c.Tags[0].Slug != "solar" || c.Tags[1].Slug != "wind" {
					t.Errorf("tags = %v, want solar and wind", c.Tags)
				}
				return
			}
			t.Fatalf("idea D not listed")
		})
		t.Run("card of an idea in a challenge and a category", func(t *testing.T) {
			card, err := db.Ideas.IdeaCardByID(t.Context(), w.ids["A"])
			testutil.IsErr(t, "card", err, nil)
			testutil.Equal(t, "challenge slug", card.ChallengeSlug, w.challenge.Slug)
			testutil.Equal(t, "category slug", card.CategorySlug, "design")
			testutil.Equal(t, "category name", card.CategoryName, "Design")
			_, err = db.Ideas.IdeaCardByID(t.Context(), 999_999)
			testutil.IsErr(t, "unknown card", err, store.ErrNotFound)
		})
	})
}

func TestListIdeasFilters(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		w := newListWorld(t, db)
		bornC := testutil.Reload(t, db, w.ids["C"]).CreatedAt
		tests := []struct {
			name string
			f    ideas.IdeaFilter
			want string
		}{
			{"no filter leaves out hidden and merged ideas", ideas.IdeaFilter{}, "D C B A"},
			{"from includes its instant", ideas.IdeaFilter{From: bornC}, "D C"},
			{"to excludes its instant", ideas.IdeaFilter{To: bornC}, "B A"},
			{"challenge", ideas.IdeaFilter{ChallengeID: w.challenge.ID}, "C A"},
			{"category", ideas.IdeaFilter{CategoryID: w.design.ID}, "B A"},
			{"other category", ideas.IdeaFilter{CategoryID: w.materials.ID}, "C"},
			{"tag", ideas.IdeaFilter{TagID: w.solar.ID}, "D B"},
			{"other tag", ideas.IdeaFilter{TagID: w.wind.ID}, "D"},
			{"status", ideas.IdeaFilter{Status: ideas.StatusAccepted}, "C"},
			{"status new", ideas.IdeaFilter{Status: ideas.StatusNew}, "D B A"},
			{"status nobody has", ideas.IdeaFilter{Status: ideas.StatusDeclined}, ""},
			{"author", ideas.IdeaFilter{AuthorID: w.two.ID}, "D C"},
			{"from", ideas.IdeaFilter{From: testutil.Ago(4 * testutil.Day)}, "D C B"},
			{"to", ideas.IdeaFilter{To: testutil.Ago(4 * testutil.Day)}, "A"},
			{"from and to", ideas.IdeaFilter{From: testutil.Ago(4 * testutil.Day), To: testutil.Ago(testutil.Day)}, "C B"},
			{"from in another time zone", ideas.IdeaFilter{From: testutil.Ago(4 * testutil.Day).In(time.FixedZone("BRT", -3*3600))}, "D C B"},
			{"challenge and category", ideas.IdeaFilter{ChallengeID: w.challenge.ID, CategoryID: w.design.ID}, "A"},
			{"author and tag", ideas.IdeaFilter{AuthorID: w.one.ID, TagID: w.solar.ID}, "B"},
			{"category and status", ideas.IdeaFilter{CategoryID: w.design.ID, Status: ideas.StatusAccepted}, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.f.Sort = ideas.SortNew
				got, _ := w.list(t, tt.f)
				testutil.Equal(t, "ideas", got, tt.want)
			})
		}
	})
}

func TestListIdeasPages(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		w := newListWorld(t, db)
		tests := []struct {
			name        string
			page, per   int
			want        string
			wantPage    int
			wantHasNext bool
		}{
			{"first page", 1, 3, "D C B", 1, true},
			{"second page", 2, 3, "A", 2, false},
			{"past the end", 3, 3, "", 3, false},
			{"exactly one full page", 1, 4, "D C B A", 1, false},
			{"pages of two", 2, 2, "B A", 2, false},
			{"page zero is the first", 0, 2, "D C", 1, true},
			{"default page size", 1, 0, "D C B A", 1, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, page := w.list(t, ideas.IdeaFilter{Sort: ideas.SortNew, Page: tt.page, PerPage: tt.per})
				testutil.Equal(t, "ideas", got, tt.want)
				testutil.Equal(t, "page", page.Page, tt.wantPage)
				testutil.Equal(t, "has next", page.HasNext, tt.wantHasNext)
			})
		}
	})
}

// TestListIdeasCursor walks every sort with the AfterID cursor, in pages
// of every size: the pages joined must be the full list, once each.
func TestListIdeasCursor(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		w := newListWorld(t, db)
		tests := []struct {
			sort string
			want string
		}{
			{ideas.SortHot, "D B A C"},
			{ideas.SortTop, "B A D C"},
			{ideas.SortNew, "D C B A"},
			{ideas.SortDiscussed, "D B C A"},
		}
		for _, tt := range tests {
			for per := 1; per <= 4; per++ {
				t.Run(fmt.Sprintf("%s by %d", tt.sort, per), func(t *testing.T) {
					var all []string
					after := int64(0)
					for range 10 {
						got, page := w.list(t, ideas.IdeaFilter{Sort: tt.sort, PerPage: per, AfterID: after})
						if got != "" {
							all = append(all, strings.Fields(got)...)
						}
						if !page.HasNext {
							break
						}
						if len(page.Ideas) != per {
							t.Fatalf("a page with a next one has %d ideas, want %d", len(page.Ideas), per)
						}
						after = page.Ideas[len(page.Ideas)-1].ID
					}
					testutil.Equal(t, "pages joined", strings.Join(all, " "), tt.want)
				})
			}
		}
		t.Run("cursor on an unknown idea", func(t *testing.T) {
			_, err := db.Ideas.ListIdeas(t.Context(), ideas.IdeaFilter{AfterID: 999_999})
			testutil.IsErr(t, "list", err, store.ErrNotFound)
		})
		t.Run("cursor with a filter", func(t *testing.T) {
			got, _ := w.list(t, ideas.IdeaFilter{Sort: ideas.SortNew, TagID: w.solar.ID, AfterID: w.ids["D"]})
			testutil.Equal(t, "ideas", got, "B")
		})
	})
}

func TestListIdeasSearch(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author := testutil.NewUser(t, db, "")
		names := map[int64]string{}
		ids := map[string]int64{}
		for _, s := range []struct{ name, title, body string }{
			{"seats", "Recycled plastic seats", "Use bottles collected near the sea."},
			{"cafe", "Café corner in the dashboard", "A small espresso machine."},
			{"solar", "Solar roof", "Panels on the roof, or on the bonnet, while recycling the old ones."},
			{"hidden", "Recycled hidden plastic", "Espresso and solar, but hidden."},
		} {
			id := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{Title: s.title, Body: s.body}).ID
			names[id], ids[s.name] = s.name, id
		}
		testutil.SetIdea(t, db, ids["hidden"], "hidden", true)

		tests := []struct {
			name, q string
			want    []string
		}{
			{"word in the title", "plastic", []string{"seats"}},
			{"word in the body", "espresso", []string{"cafe"}},
			{"any case", "SOLAR", []string{"solar"}},
			{"accent-insensitive", "cafe", []string{"cafe"}},
			{"accent in the query", "café", []string{"cafe"}},
			{"accent in the query, upper case", "CAFÉ", []string{"cafe"}},
			{"prefix", "recycl", []string{"seats", "solar"}},
			{"every word must match", "solar bonnet", []string{"solar"}},
			{"words from title and body", "seats bottles", []string{"seats"}},
			{"no match", "hydrogen", nil},
			{"words that match different ideas", "solar espresso", nil},
			{"double quote", `"plastic`, []string{"seats"}},
			{"balanced quotes", `"plastic seats"`, []string{"seats"}},
			{"star", "plas*", []string{"seats"}},
			{"lone star", "*", []string{"cafe", "seats", "solar"}},
			{"OR is a word", "solar OR espresso", nil},
			{"AND is a word", "solar AND roof", nil},
			{"NOT is a word", "solar NOT espresso", nil},
			{"minus is no exclusion", "recycled -plastic", []string{"seats"}},
			{"NEAR( is a word", "NEAR(plastic seats)", []string{"seats"}},
			{"column syntax", "title:plastic", nil},
			{"caret and braces", "^plastic {seats}", []string{"seats"}},
			{"unbalanced parenthesis", "(roof", []string{"solar"}},
			{"only punctuation", `"" -- ()`, []string{"cafe", "seats", "solar"}},
			{"sql quote", "roof'; DROP TABLE ideas; --", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page, err := db.Ideas.ListIdeas(t.Context(), ideas.IdeaFilter{Query: tt.q})
				testutil.IsErr(t, "search "+tt.q, err, nil)
				var got []string
				for _, c := range page.Ideas {
					got = append(got, names[c.ID])
				}
				slices.Sort(got)
				if !slices.Equal(got, tt.want) {
					t.Errorf("search %q = %v, want %v", tt.q, got, tt.want)
				}
			})
		}
		// Search must follow edits: the index drops the old words.
		t.Run("after an edit", func(t *testing.T) {
			edit := ideas.IdeaInput{Title: "Tea corner in the dashboard", Body: "A small kettle."}
			testutil.IsErr(t, "edit", db.Ideas.UpdateIdea(t.Context(), ids["cafe"], author, edit), nil)
			for q, want := range map[string]int{"espresso": 0, "cafe": 0, "kettle": 1, "tea": 1} {
				page, err := db.Ideas.ListIdeas(t.Context(), ideas.IdeaFilter{Query: q})
				testutil.IsErr(t, "search", err, nil)
				testutil.Equal(t, "ideas found by "+q, len(page.Ideas), want)
			}
		})
		t.Run("with a filter", func(t *testing.T) {
			page, err := db.Ideas.ListIdeas(t.Context(), ideas.IdeaFilter{Query: "recycl", AuthorID: author.ID, Sort: ideas.SortTop, PerPage: 1})
			testutil.IsErr(t, "search", err, nil)
			testutil.Equal(t, "ideas", len(page.Ideas), 1)
			testutil.Equal(t, "has next", page.HasNext, true)
		})
	})
}
