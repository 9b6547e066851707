package store_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/testutil"
)

// searchNamed runs a search and returns the names of the ideas found,
// sorted, by the names ids holds.
func searchNamed(t *testing.T, store *models.Store, q string, names map[int64]string) []string {
	t.Helper()
	var got []string
	for _, id := range testutil.SearchIDs(t, store, ideas.IdeaFilter{Query: q}) {
		got = append(got, names[id])
	}
	slices.Sort(got)
	return got
}

func TestSearchAccentsAndWordForms(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author := testutil.NewUser(t, store, "")
		names := map[int64]string{}
		for _, s := range []struct{ name, title, body string }{
			{"eletrico", "Motor elétrico silencioso", "Um **carro** urbano com bateria trocável."},
			{"securite", "La sécurité avant tout", "Des voitures plus sûres pour les enfants."},
			{"battery", "Swappable battery packs", "One battery, swapped at the station in minutes."},
			{"carros", "Vagas para carros compartilhados", "Estacionamento para os carros da cooperativa."},
			{"voiture", "Une voiture modulable", "Les sièges se replient."},
		} {
			names[testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{Title: s.title, Body: s.body}).ID] = s.name
		}
		tests := []struct {
			q    string
			want []string
		}{
			{"eletrico", []string{"eletrico"}},
			{"ELÉTRICO", []string{"eletrico"}},
			{"elétricos", []string{"eletrico"}},
			{"securite", []string{"securite"}},
			{"sécurité", []string{"securite"}},
			{"batteries", []string{"battery"}},
			{"battery", []string{"battery"}},
			{"swapping", []string{"battery"}},
			{"carro", []string{"carros", "eletrico"}},
			{"carros", []string{"carros", "eletrico"}},
			{"voitures", []string{"securite", "voiture"}},
			{"voiture", []string{"securite", "voiture"}},
			{"voitures modulables", []string{"voiture"}},
			{"enfant", []string{"securite"}},
			{"hydrogen", nil},
		}
		for _, tt := range tests {
			t.Run(tt.q, func(t *testing.T) {
				if got := searchNamed(t, store, tt.q, names); !slices.Equal(got, tt.want) {
					t.Errorf("search %q = %v, want %v", tt.q, got, tt.want)
				}
			})
		}
	})
}

func TestSearchRelevance(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author := testutil.NewUser(t, store, "")
		idea := func(title, body string) int64 {
			return testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{Title: title, Body: body}).ID
		}
		once := idea("Ideas for the dashboard", "Many small things: cup holders, a tray, and maybe a solar charger somewhere, "+
			"with some lighting and storage for the long trips that families take on holidays.")
		best := idea("Solar roof with solar cells", "Solar cells on the roof charge the battery: solar power for free.")
		body := idea("Roof panels", "Solar cells, solar film, solar everything on the roof.")
		// The most supported and most discussed idea must not win on votes.
		testutil.SetIdea(t, store, once, "vote_count", 500)
		testutil.SetIdea(t, store, once, "hot", 1e6)

		if got, want := testutil.SearchIDs(t, store, ideas.IdeaFilter{Query: "solar", Sort: ideas.SortRelevance}), []int64{best, body, once}; !slices.Equal(got, want) {
			t.Errorf("order %v, want %v", got, want)
		}
		if got := testutil.SearchIDs(t, store, ideas.IdeaFilter{Query: "solar", Sort: ideas.SortTop}); got[0] != once {
			t.Errorf("sort top puts %d first, want the most voted %d", got[0], once)
		}
		t.Run("cursor pages follow relevance", func(t *testing.T) {
			var walked []int64
			f := ideas.IdeaFilter{Query: "solar", Sort: ideas.SortRelevance, PerPage: 1}
			for range 5 {
				page, err := store.Ideas.ListIdeas(t.Context(), f)
				testutil.IsErr(t, "page", err, nil)
				for _, c := range page.Ideas {
					walked = append(walked, c.ID)
					f.AfterID = c.ID
				}
				if !page.HasNext {
					break
				}
			}
			if want := []int64{best, body, once}; !slices.Equal(walked, want) {
				t.Errorf("pages walk %v, want %v", walked, want)
			}
		})
	})
}

func TestSearchFollowsChanges(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author, mod := testutil.NewUser(t, store, ""), testutil.NewUser(t, store, accounts.RoleModerator)
		find := func(q string) []int64 { return testutil.SearchIDs(t, store, ideas.IdeaFilter{Query: q}) }
		a := testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{Title: "Bamboo dashboard trim", Body: "Bamboo grows fast."}).ID
		b := testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{Title: "Bamboo floor mats", Body: "Woven mats."}).ID
		testutil.Equal(t, "found after create", len(find("bamboo")), 2)

		testutil.IsErr(t, "edit", store.Ideas.UpdateIdea(t.Context(), a, author, ideas.IdeaInput{Title: "Cork dashboard trim", Body: "Cork is light."}), nil)
		testutil.Equal(t, "old words after edit", slices.Equal(find("bamboo"), []int64{b}), true)
		testutil.Equal(t, "new words after edit", slices.Equal(find("cork"), []int64{a}), true)

		testutil.IsErr(t, "hide", store.Moderation.HideIdea(t.Context(), mod, b, "spam"), nil)
		for _, sort := range append(ideas.SortsFor("bamboo"), "") {
			if got := testutil.SearchIDs(t, store, ideas.IdeaFilter{Query: "bamboo mats", Sort: sort}); len(got) != 0 {
				t.Errorf("sort %q finds the hidden idea: %v", sort, got)
			}
		}
		testutil.IsErr(t, "unhide", store.Moderation.UnhideIdea(t.Context(), mod, b, "fine"), nil)
		testutil.Equal(t, "found after unhide", slices.Equal(find("mats"), []int64{b}), true)

		testutil.IsErr(t, "merge", store.Moderation.MergeIdeas(t.Context(), mod, b, a, "same idea"), nil)
		testutil.Equal(t, "merged idea", len(find("mats")), 0)
		testutil.Equal(t, "merge target", slices.Equal(find("cork"), []int64{a}), true)
	})
}

// TestSearchFindsTags checks that an idea is found by its tags' words,
// which its text need not say, in step with edits of its tags, and that
// a tag word counts as much as a title word.
func TestSearchFindsTags(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author := testutil.NewUser(t, store, "")
		names := map[int64]string{}
		idea := func(name, title, body string, tags ...string) int64 {
			id := testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{Title: title, Body: body, Tags: tags}).ID
			names[id] = name
			return id
		}
		quiet := idea("quiet", "A quiet cabin", "Less noise on the road.", "elétrico", "reciclagem")
		seats := idea("seats", "Seats for tall people", "More room for the legs.", "cork")
		floor := idea("floor", "Floor mats", "Mats made of cork, easy to wash.")
		find := func(t *testing.T, q string, want ...string) {
			t.Helper()
			if got := searchNamed(t, store, q, names); !slices.Equal(got, want) {
				t.Errorf("search %q = %v, want %v", q, got, want)
			}
		}
		tests := []struct {
			q    string
			want []string
		}{
			{"eletrico", []string{"quiet"}},
			{"elétricos", []string{"quiet"}},
			{"reciclagem cabin", []string{"quiet"}},
			{"recicl", []string{"quiet"}},
			{"cork", []string{"floor", "seats"}},
		}
		for _, tt := range tests {
			t.Run(tt.q, func(t *testing.T) { find(t, tt.q, tt.want...) })
		}
		t.Run("a tag word weighs as a title word", func(t *testing.T) {
			got := testutil.SearchIDs(t, store, ideas.IdeaFilter{Query: "cork", Sort: ideas.SortRelevance})
			if want := []int64{seats, floor}; !slices.Equal(got, want) {
				t.Errorf("order %v, want %v", got, want)
			}
		})
		t.Run("edits", func(t *testing.T) {
			edit := func(id int64, tags ...string) {
				t.Helper()
				idea, err := store.Ideas.IdeaByID(t.Context(), id)
				testutil.IsErr(t, "read", err, nil)
				in := ideas.IdeaInput{Title: idea.Title, Body: idea.Body, Tags: tags}
				testutil.IsErr(t, "edit", store.Ideas.UpdateIdea(t.Context(), id, author, in), nil)
			}
			edit(quiet, "bambu", "reciclagem")
			find(t, "eletrico")
			find(t, "bambu", "quiet")
			find(t, "reciclagem", "quiet")
			edit(quiet, "bambu", "reciclagem") // the same tags again
			find(t, "bambu", "quiet")
			edit(seats)
			find(t, "cork", "floor")
			find(t, "tall", "seats")
		})
	})
}

func TestSearchHostileInput(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author := testutil.NewUser(t, store, "")
		testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{Title: "Recycled plastic seats", Body: "Bottles near the sea."})
		inputs := []string{
			`"`, `""`, `"plastic`, `*`, `plas*`, `-plastic`, `plastic -seats`, `NEAR(plastic seats)`,
			`plastic NEAR/2 seats`, `plastic AND seats`, `plastic OR seats`, `NOT plastic`, `^plastic`,
			`search_title:plastic`, `ideas_search:x`, `'`, `''; DROP TABLE ideas; --`, `plastic:*`, `!plastic`,
			`plastic & seats | (sea`, `\`, `(((`, `)))`, "plast\x00ic", "\xff\xfe plastic", "\u0301\u0301",
			strings.Repeat("plastic ", 10000), strings.Repeat("x", 100000), strings.Repeat(`"*-()`, 5000),
			strings.Repeat("é", 5000), "日本語 テキスト", "🚗🔋", "a b c d e f g h i j k l m n o p",
		}
		for _, q := range inputs {
			for _, sort := range append(ideas.SortsFor(q), "") {
				if _, err := store.Ideas.ListIdeas(t.Context(), ideas.IdeaFilter{Query: q, Sort: sort}); err != nil {
					t.Errorf("search %.40q (sort %q): %v", q, sort, err)
				}
			}
		}
		if got := testutil.SearchIDs(t, store, ideas.IdeaFilter{Query: strings.Repeat("plastic ", 10000)}); len(got) != 1 {
			t.Errorf("a long repeated query finds %d ideas, want 1", len(got))
		}
	})
}

func TestRefreshSearchText(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author := testutil.NewUser(t, store, "")
		ids := []int64{
			testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{Title: "Hemp fibre door panels", Body: "Hemp is strong."}).ID,
			testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{Title: "Hemp seat covers", Body: "Soft and tough.", Tags: []string{"têxtil"}}).ID,
		}
		// As a bulk loader leaves them: no search text, no plain text.
		if err := testutil.Behind(store).Exec("UPDATE ideas SET search_title = '', search_text = '', search_tags = '', body_text = '' WHERE id IN ?", ids).Error; err != nil {
			t.Fatal(err)
		}
		testutil.Equal(t, "found before refresh", len(testutil.SearchIDs(t, store, ideas.IdeaFilter{Query: "hemp"})), 0)
		n, err := store.RefreshSearchText(t.Context())
		testutil.IsErr(t, "refresh", err, nil)
		testutil.Equal(t, "refreshed", n, 2)
		testutil.Equal(t, "found after refresh", len(testutil.SearchIDs(t, store, ideas.IdeaFilter{Query: "hemp"})), 2)
		testutil.Equal(t, "body found after refresh", len(testutil.SearchIDs(t, store, ideas.IdeaFilter{Query: "tough"})), 1)
		testutil.Equal(t, "tag found after refresh", slices.Equal(testutil.SearchIDs(t, store, ideas.IdeaFilter{Query: "textil"}), ids[1:]), true)
		n, err = store.RefreshSearchText(t.Context())
		testutil.IsErr(t, "refresh again", err, nil)
		testutil.Equal(t, "refreshed again", n, 0)
	})
}

func TestSortsFor(t *testing.T) {
	tests := []struct {
		sort, query, want string
	}{
		{"", "", ideas.SortHot},
		{"", "solar", ideas.SortRelevance},
		{"", `"" --`, ideas.SortHot},
		{ideas.SortRelevance, "", ideas.SortHot},
		{ideas.SortTop, "solar", ideas.SortTop},
		{"bogus", "solar", ideas.SortRelevance},
	}
	for _, tt := range tests {
		if got := ideas.ListSort(tt.sort, tt.query); got != tt.want {
			t.Errorf("ListSort(%q, %q) = %q, want %q", tt.sort, tt.query, got, tt.want)
		}
	}
	if got := ideas.SortsFor("solar"); got[0] != ideas.SortRelevance || len(got) != len(ideas.Sorts)+1 {
		t.Errorf("SortsFor(solar) = %v", got)
	}
}

// TestSearchIndexRebuiltByMigrate drops the engine's index as a database
// from before it would lack it: migrating again builds it from the rows.
func TestSearchIndexRebuiltByMigrate(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author := testutil.NewUser(t, store, "")
		id := testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{Title: "Linen headliner", Body: "Natural fibres."}).ID
		drop := "ALTER TABLE ideas DROP COLUMN search_vector"
		if store.IsSQLite() {
			drop = "DROP TABLE ideas_search"
		}
		if err := testutil.Behind(store).Exec(drop).Error; err != nil {
			t.Fatal(err)
		}
		_, err := store.Migrate(t.Context())
		testutil.IsErr(t, "migrate", err, nil)
		testutil.Equal(t, "found after rebuild", slices.Equal(testutil.SearchIDs(t, store, ideas.IdeaFilter{Query: "fibre"}), []int64{id}), true)
	})
}
