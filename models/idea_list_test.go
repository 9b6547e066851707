package models_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
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
	store             *models.Store
	ids               map[string]int64
	names             map[int64]string
	one, two          *models.User
	challenge         *models.Challenge
	design, materials *models.Category
	solar, wind       *models.Tag
}

func newListWorld(t *testing.T, store *models.Store) *listWorld {
	t.Helper()
	w := &listWorld{store: store, ids: map[string]int64{}, names: map[int64]string{}}
	w.one, w.two = newUser(t, store, ""), newUser(t, store, "")
	var voters []*models.User
	for range 5 {
		voters = append(voters, newUser(t, store, ""))
	}
	w.challenge = newChallenge(t, store, models.PhaseIdeation, 0)
	var err error
	w.design, err = store.CreateCategory(t.Context(), "design", "Design", "", 1)
	isErr(t, "category", err, nil)
	w.materials, err = store.CreateCategory(t.Context(), "materials", "Materials", "", 2)
	isErr(t, "category", err, nil)

	specs := []struct {
		name            string
		created         time.Duration
		votes, comments int
		author          *models.User
		inChallenge     bool
		category        *models.Category
		tags            string
	}{
		{"A", 10 * day, 3, 1, w.one, true, w.design, ""},
		{"B", 3 * day, 4, 2, w.one, false, w.design, "solar"},
		{"C", 2 * day, 0, 1, w.two, true, w.materials, ""},
		{"D", time.Hour, 2, 3, w.two, false, nil, "solar, wind"},
		{"E", 30 * time.Minute, 5, 0, w.one, false, w.design, "solar"},
		{"F", 20 * time.Minute, 1, 0, w.two, true, nil, "solar"},
	}
	for _, s := range specs {
		in := models.IdeaInput{Title: "Idea " + s.name, Body: "About " + s.name, Tags: models.ParseTags(s.tags)}
		if s.inChallenge {
			in.ChallengeID = &w.challenge.ID
		}
		if s.category != nil {
			in.CategoryID = &s.category.ID
		}
		id := newIdea(t, store, s.author.ID, in).ID
		w.ids[s.name], w.names[id] = id, s.name
		for _, v := range voters[:s.votes] {
			_, err := store.Vote(t.Context(), v.ID, id)
			isErr(t, "vote", err, nil)
		}
		for i := range s.comments {
			_, err := store.CreateComment(t.Context(), voters[i], id, nil, "comment")
			isErr(t, "comment", err, nil)
		}
		isErr(t, "backdate", store.Backdate(t.Context(), id, ago(s.created)), nil)
	}
	isErr(t, "status", store.SetStatus(t.Context(), w.ids["C"], w.one, models.StatusAccepted, ""), nil)
	setIdea(t, store, w.ids["E"], "hidden", true)
	setIdea(t, store, w.ids["F"], "merged_into_id", w.ids["D"])
	w.solar, err = store.TagBySlug(t.Context(), "solar")
	isErr(t, "tag", err, nil)
	w.wind, err = store.TagBySlug(t.Context(), "wind")
	isErr(t, "tag", err, nil)
	return w
}

// list runs a query and names the ideas it returns, in order.
func (w *listWorld) list(t *testing.T, f models.IdeaFilter) (string, *models.IdeaPage) {
	t.Helper()
	page, err := w.store.ListIdeas(t.Context(), f)
	isErr(t, "list ideas", err, nil)
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
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		w := newListWorld(t, store)
		tests := []struct {
			sort string
			want string
		}{
			{models.SortHot, "D B A C"}, // A: three votes in the last week outweigh C's one comment
			{"", "D B A C"},             // hot is the default
			{"nonsense", "D B A C"},
			{models.SortTop, "B A D C"},
			{models.SortNew, "D C B A"},
			{models.SortDiscussed, "D B C A"}, // C and A tie on one comment: the newer id first
		}
		for _, tt := range tests {
			t.Run("sort "+tt.sort, func(t *testing.T) {
				got, page := w.list(t, models.IdeaFilter{Sort: tt.sort})
				equal(t, "order", got, tt.want)
				equal(t, "has next", page.HasNext, false)
			})
		}
		t.Run("cards carry names and tags", func(t *testing.T) {
			_, page := w.list(t, models.IdeaFilter{Sort: models.SortNew})
			for _, c := range page.Ideas {
				if c.ID != w.ids["D"] {
					continue
				}
				equal(t, "author name", c.AuthorName, w.two.Name)
				equal(t, "author country", c.AuthorCountry, "BR")
				if len(c.Tags) != 2 || c.Tags[0].Slug != "solar" || c.Tags[1].Slug != "wind" {
					t.Errorf("tags = %v, want solar and wind", c.Tags)
				}
				return
			}
			t.Fatalf("idea D not listed")
		})
		t.Run("card of an idea in a challenge and a category", func(t *testing.T) {
			card, err := store.IdeaCardByID(t.Context(), w.ids["A"])
			isErr(t, "card", err, nil)
			equal(t, "challenge slug", card.ChallengeSlug, w.challenge.Slug)
			equal(t, "category slug", card.CategorySlug, "design")
			equal(t, "category name", card.CategoryName, "Design")
			_, err = store.IdeaCardByID(t.Context(), 999_999)
			isErr(t, "unknown card", err, models.ErrNotFound)
		})
	})
}

func TestListIdeasFilters(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		w := newListWorld(t, store)
		bornC := reload(t, store, w.ids["C"]).CreatedAt
		tests := []struct {
			name string
			f    models.IdeaFilter
			want string
		}{
			{"no filter leaves out hidden and merged ideas", models.IdeaFilter{}, "D C B A"},
			{"from includes its instant", models.IdeaFilter{From: bornC}, "D C"},
			{"to excludes its instant", models.IdeaFilter{To: bornC}, "B A"},
			{"challenge", models.IdeaFilter{ChallengeID: w.challenge.ID}, "C A"},
			{"category", models.IdeaFilter{CategoryID: w.design.ID}, "B A"},
			{"other category", models.IdeaFilter{CategoryID: w.materials.ID}, "C"},
			{"tag", models.IdeaFilter{TagID: w.solar.ID}, "D B"},
			{"other tag", models.IdeaFilter{TagID: w.wind.ID}, "D"},
			{"status", models.IdeaFilter{Status: models.StatusAccepted}, "C"},
			{"status new", models.IdeaFilter{Status: models.StatusNew}, "D B A"},
			{"status nobody has", models.IdeaFilter{Status: models.StatusDeclined}, ""},
			{"author", models.IdeaFilter{AuthorID: w.two.ID}, "D C"},
			{"from", models.IdeaFilter{From: ago(4 * day)}, "D C B"},
			{"to", models.IdeaFilter{To: ago(4 * day)}, "A"},
			{"from and to", models.IdeaFilter{From: ago(4 * day), To: ago(day)}, "C B"},
			{"from in another time zone", models.IdeaFilter{From: ago(4 * day).In(time.FixedZone("BRT", -3*3600))}, "D C B"},
			{"challenge and category", models.IdeaFilter{ChallengeID: w.challenge.ID, CategoryID: w.design.ID}, "A"},
			{"author and tag", models.IdeaFilter{AuthorID: w.one.ID, TagID: w.solar.ID}, "B"},
			{"category and status", models.IdeaFilter{CategoryID: w.design.ID, Status: models.StatusAccepted}, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.f.Sort = models.SortNew
				got, _ := w.list(t, tt.f)
				equal(t, "ideas", got, tt.want)
			})
		}
	})
}

func TestListIdeasPages(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		w := newListWorld(t, store)
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
				got, page := w.list(t, models.IdeaFilter{Sort: models.SortNew, Page: tt.page, PerPage: tt.per})
				equal(t, "ideas", got, tt.want)
				equal(t, "page", page.Page, tt.wantPage)
				equal(t, "has next", page.HasNext, tt.wantHasNext)
			})
		}
	})
}

// TestListIdeasCursor walks every sort with the AfterID cursor, in pages
// of every size: the pages joined must be the full list, once each.
func TestListIdeasCursor(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		w := newListWorld(t, store)
		tests := []struct {
			sort string
			want string
		}{
			{models.SortHot, "D B A C"},
			{models.SortTop, "B A D C"},
			{models.SortNew, "D C B A"},
			{models.SortDiscussed, "D B C A"},
		}
		for _, tt := range tests {
			for per := 1; per <= 4; per++ {
				t.Run(fmt.Sprintf("%s by %d", tt.sort, per), func(t *testing.T) {
					var all []string
					after := int64(0)
					for range 10 {
						got, page := w.list(t, models.IdeaFilter{Sort: tt.sort, PerPage: per, AfterID: after})
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
					equal(t, "pages joined", strings.Join(all, " "), tt.want)
				})
			}
		}
		t.Run("cursor on an unknown idea", func(t *testing.T) {
			_, err := store.ListIdeas(t.Context(), models.IdeaFilter{AfterID: 999_999})
			isErr(t, "list", err, models.ErrNotFound)
		})
		t.Run("cursor with a filter", func(t *testing.T) {
			got, _ := w.list(t, models.IdeaFilter{Sort: models.SortNew, TagID: w.solar.ID, AfterID: w.ids["D"]})
			equal(t, "ideas", got, "B")
		})
	})
}

func TestListIdeasSearch(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author := newUser(t, store, "")
		names := map[int64]string{}
		ids := map[string]int64{}
		for _, s := range []struct{ name, title, body string }{
			{"seats", "Recycled plastic seats", "Use bottles collected near the sea."},
			{"cafe", "Café corner in the dashboard", "A small espresso machine."},
			{"solar", "Solar roof", "Panels on the roof, or on the bonnet, while recycling the old ones."},
			{"hidden", "Recycled hidden plastic", "Espresso and solar, but hidden."},
		} {
			id := newIdea(t, store, author.ID, models.IdeaInput{Title: s.title, Body: s.body}).ID
			names[id], ids[s.name] = s.name, id
		}
		setIdea(t, store, ids["hidden"], "hidden", true)

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
				page, err := store.ListIdeas(t.Context(), models.IdeaFilter{Query: tt.q})
				isErr(t, "search "+tt.q, err, nil)
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
			edit := models.IdeaInput{Title: "Tea corner in the dashboard", Body: "A small kettle."}
			isErr(t, "edit", store.UpdateIdea(t.Context(), ids["cafe"], author, edit), nil)
			for q, want := range map[string]int{"espresso": 0, "cafe": 0, "kettle": 1, "tea": 1} {
				page, err := store.ListIdeas(t.Context(), models.IdeaFilter{Query: q})
				isErr(t, "search", err, nil)
				equal(t, "ideas found by "+q, len(page.Ideas), want)
			}
		})
		t.Run("with a filter", func(t *testing.T) {
			page, err := store.ListIdeas(t.Context(), models.IdeaFilter{Query: "recycl", AuthorID: author.ID, Sort: models.SortTop, PerPage: 1})
			isErr(t, "search", err, nil)
			equal(t, "ideas", len(page.Ideas), 1)
			equal(t, "has next", page.HasNext, true)
		})
	})
}
