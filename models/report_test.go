package models_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

func TestEachReportIdea(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		admin := newUser(t, store, models.RoleAdmin)
		author := newUser(t, store, "")
		ch := newChallenge(t, store, models.PhaseIdeation, 0)
		cat, err := store.CreateCategory(ctx, "design", "Design", "", 1)
		isErr(t, "category", err, nil)
		a := newIdea(t, store, author.ID, models.IdeaInput{Title: "Bancos de tecido reciclado", Body: "Com **ação** e coração.",
			ChallengeID: &ch.ID, CategoryID: &cat.ID, Tags: []string{"zeta", "alfa"}})
		b := newIdea(t, store, author.ID, models.IdeaInput{Title: "Toit solaire élégant", Tags: []string{"solar"}})
		c := newIdea(t, store, author.ID, models.IdeaInput{Title: "An idea without tags"})
		hidden := newIdea(t, store, author.ID, models.IdeaInput{Title: "Hidden idea", Tags: []string{"alfa"}})
		isErr(t, "hide", store.HideIdea(ctx, admin, hidden.ID, "spam"), nil)
		merged := newIdea(t, store, author.ID, models.IdeaInput{Title: "Merged idea"})
		isErr(t, "merge", store.MergeIdeas(ctx, admin, merged.ID, b.ID, "same"), nil)
		isErr(t, "status", store.SetStatus(ctx, a.ID, admin, models.StatusAccepted, "Sim, *vamos* fazer."), nil)
		_, err = store.Vote(ctx, admin.ID, a.ID)
		isErr(t, "vote", err, nil)
		old := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
		isErr(t, "backdate", store.Backdate(ctx, c.ID, old), nil)

		tests := []struct {
			name string
			f    models.IdeaFilter
			want []int64
		}{
			{"all visible, by id", models.IdeaFilter{}, []int64{a.ID, b.ID, c.ID}},
			{"most votes first", models.IdeaFilter{Sort: models.SortTop}, []int64{a.ID, c.ID, b.ID}},
			{"newest first", models.IdeaFilter{Sort: models.SortNew}, []int64{b.ID, a.ID, c.ID}},
			{"hidden asked for is still left out", models.IdeaFilter{IncludeHidden: true}, []int64{a.ID, b.ID, c.ID}},
			{"challenge", models.IdeaFilter{ChallengeID: ch.ID}, []int64{a.ID}},
			{"category", models.IdeaFilter{CategoryID: cat.ID}, []int64{a.ID}},
			{"status", models.IdeaFilter{Status: models.StatusAccepted}, []int64{a.ID}},
			{"search", models.IdeaFilter{Query: "solaire"}, []int64{b.ID}},
			{"from", models.IdeaFilter{From: old.AddDate(0, 0, 1)}, []int64{a.ID, b.ID}},
			{"to", models.IdeaFilter{To: old.AddDate(0, 0, 1)}, []int64{c.ID}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var got []int64
				err := store.EachReportIdea(ctx, tt.f, func(i models.ReportIdea) error {
					got = append(got, i.ID)
					return nil
				})
				isErr(t, "each", err, nil)
				if !slices.Equal(got, tt.want) {
					t.Errorf("ideas %v, want %v", got, tt.want)
				}
				n, err := store.CountReportIdeas(ctx, tt.f)
				isErr(t, "count", err, nil)
				equal(t, "count", n, int64(len(tt.want)))
			})
		}

		t.Run("columns", func(t *testing.T) {
			var got []models.ReportIdea
			isErr(t, "each", store.EachReportIdea(ctx, models.IdeaFilter{}, func(i models.ReportIdea) error {
				got = append(got, i)
				return nil
			}), nil)
			if len(got) != 3 {
				t.Fatalf("%d ideas", len(got))
			}
			r := got[0]
			equal(t, "title", r.Title, a.Title)
			equal(t, "challenge", r.Challenge, ch.Title)
			equal(t, "category", r.Category, "Design")
			equal(t, "tags", slices.Equal(r.Tags, []string{"alfa", "zeta"}), true)
			equal(t, "status", r.Status, models.StatusAccepted)
			equal(t, "author", r.Author, author.Name)
			equal(t, "country", r.AuthorCountry, "BR")
			equal(t, "votes", r.Votes, 1)
			equal(t, "followers", r.Followers, 1)
			equal(t, "created in UTC", r.CreatedAt.Location(), time.UTC)
			equal(t, "status changed", r.StatusChangedAt != nil, true)
			equal(t, "response", r.Response, "Sim, vamos fazer.")
			equal(t, "description", r.Description, "Com ação e coração.")
			equal(t, "tags of b", slices.Equal(got[1].Tags, []string{"solar"}), true)
			equal(t, "no tags", len(got[2].Tags), 0)
			equal(t, "backdated", got[2].CreatedAt.Equal(old), true)
			equal(t, "no challenge", got[2].Challenge, "")
		})

		t.Run("an error stops the walk", func(t *testing.T) {
			stop := errors.New("stop")
			calls := 0
			err := store.EachReportIdea(ctx, models.IdeaFilter{}, func(models.ReportIdea) error { calls++; return stop })
			isErr(t, "each", err, stop)
			equal(t, "calls", calls, 1)
		})

		t.Run("comments", func(t *testing.T) {
			first, err := store.CreateComment(ctx, author, a.ID, nil, "Très **bien**")
			isErr(t, "comment", err, nil)
			reply, err := store.CreateComment(ctx, admin, a.ID, &first.ID, "Obrigado")
			isErr(t, "reply", err, nil)
			gone, err := store.CreateComment(ctx, admin, a.ID, nil, "spam")
			isErr(t, "comment", err, nil)
			isErr(t, "hide", store.HideComment(ctx, admin, gone.ID, "spam"), nil)
			_, err = store.CreateComment(ctx, admin, c.ID, nil, "on another idea")
			isErr(t, "comment", err, nil)
			var got []models.ReportComment
			isErr(t, "each", store.EachReportComment(ctx, models.IdeaFilter{ChallengeID: ch.ID}, func(c models.ReportComment) error {
				got = append(got, c)
				return nil
			}), nil)
			if len(got) != 2 {
				t.Fatalf("comments %+v, want the two visible ones on the challenge's idea", got)
			}
			equal(t, "body", got[0].Body, "Très bien")
			equal(t, "idea", got[0].IdeaID, a.ID)
			equal(t, "reply", got[1].ID, reply.ID)
			equal(t, "parent", got[1].ParentID != nil && *got[1].ParentID == first.ID, true)
			equal(t, "country", got[1].Country, "BR")
		})
	})
}

// TestPlainTextCopies checks that saving an idea, a response or a comment
// keeps its plain-text copy, that migration step 6's backfill rebuilds
// lost copies, and that the report reads them.
func TestPlainTextCopies(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		admin := newUser(t, store, models.RoleAdmin)
		idea := newIdea(t, store, admin.ID, models.IdeaInput{Title: "Painéis", Body: "Um *painel* com [link](https://x.example)."})
		isErr(t, "status", store.SetStatus(ctx, idea.ID, admin, models.StatusAccepted, "**Sim**."), nil)
		comment, err := store.CreateComment(ctx, admin, idea.ID, nil, "Muito `bom`")
		isErr(t, "comment", err, nil)

		copies := func() (body, response, commentText string) {
			t.Helper()
			var i models.Idea
			isErr(t, "read idea", store.DB.First(&i, idea.ID).Error, nil)
			var c models.Comment
			isErr(t, "read comment", store.DB.First(&c, comment.ID).Error, nil)
			return i.BodyText, i.ResponseText, c.BodyText
		}
		check := func(when string) {
			t.Helper()
			body, response, text := copies()
			equal(t, when+": body", body, "Um painel com link.")
			equal(t, when+": response", response, "Sim.")
			equal(t, when+": comment", text, "Muito bom")
		}
		check("saved")

		isErr(t, "edit", store.UpdateIdea(ctx, idea.ID, admin, models.IdeaInput{Title: "Painéis", Body: "Dois **painéis**."}), nil)
		body, _, _ := copies()
		equal(t, "edited body", body, "Dois painéis.")

		isErr(t, "blank", store.DB.Exec("UPDATE ideas SET body = ?, body_text = '', response_text = ''",
			"Um *painel* com [link](https://x.example).").Error, nil)
		isErr(t, "blank", store.DB.Exec("UPDATE comments SET body_text = ''").Error, nil)
		isErr(t, "backfill", store.BackfillPlainText(), nil)
		check("backfilled")

		// The report prefers the stored copy over converting the Markdown.
		isErr(t, "mark", store.DB.Exec("UPDATE ideas SET body_text = 'stored copy'").Error, nil)
		isErr(t, "each", store.EachReportIdea(ctx, models.IdeaFilter{}, func(r models.ReportIdea) error {
			equal(t, "description", r.Description, "stored copy")
			return nil
		}), nil)
	})
}
