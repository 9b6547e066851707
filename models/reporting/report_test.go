package reporting_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/reporting"
	"github.com/ideario/ideario/testutil"
)

func TestEachReportIdea(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		admin := testutil.NewUser(t, store, accounts.RoleAdmin)
		author := testutil.NewUser(t, store, "")
		ch := testutil.NewChallenge(t, store, challenges.PhaseIdeation, 0)
		cat, err := store.Challenges.CreateCategory(ctx, "design", "Design", "", 1)
		testutil.IsErr(t, "category", err, nil)
		a := testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{Title: "Bancos de tecido reciclado", Body: "Com **ação** e coração.",
			ChallengeID: &ch.ID, CategoryID: &cat.ID, Tags: []string{"zeta", "alfa"}})
		b := testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{Title: "Toit solaire élégant", Tags: []string{"solar"}})
		c := testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{Title: "An idea without tags"})
		hidden := testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{Title: "Hidden idea", Tags: []string{"alfa"}})
		testutil.IsErr(t, "hide", store.Moderation.HideIdea(ctx, admin, hidden.ID, "spam"), nil)
		merged := testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{Title: "Merged idea"})
		testutil.IsErr(t, "merge", store.Moderation.MergeIdeas(ctx, admin, merged.ID, b.ID, "same"), nil)
		testutil.IsErr(t, "status", store.Ideas.SetStatus(ctx, a.ID, admin, ideas.StatusAccepted, "Sim, *vamos* fazer."), nil)
		_, err = store.Votes.Vote(ctx, admin.ID, a.ID)
		testutil.IsErr(t, "vote", err, nil)
		old := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
		testutil.IsErr(t, "backdate", store.Ideas.Backdate(ctx, c.ID, old), nil)

		tests := []struct {
			name string
			f    ideas.IdeaFilter
			want []int64
		}{
			{"all visible, by id", ideas.IdeaFilter{}, []int64{a.ID, b.ID, c.ID}},
			{"most votes first", ideas.IdeaFilter{Sort: ideas.SortTop}, []int64{a.ID, c.ID, b.ID}},
			{"newest first", ideas.IdeaFilter{Sort: ideas.SortNew}, []int64{b.ID, a.ID, c.ID}},
			{"hidden asked for is still left out", ideas.IdeaFilter{IncludeHidden: true}, []int64{a.ID, b.ID, c.ID}},
			{"challenge", ideas.IdeaFilter{ChallengeID: ch.ID}, []int64{a.ID}},
			{"category", ideas.IdeaFilter{CategoryID: cat.ID}, []int64{a.ID}},
			{"status", ideas.IdeaFilter{Status: ideas.StatusAccepted}, []int64{a.ID}},
			{"search", ideas.IdeaFilter{Query: "solaire"}, []int64{b.ID}},
			{"from", ideas.IdeaFilter{From: old.AddDate(0, 0, 1)}, []int64{a.ID, b.ID}},
			{"to", ideas.IdeaFilter{To: old.AddDate(0, 0, 1)}, []int64{c.ID}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var got []int64
				err := store.Reporting.EachReportIdea(ctx, tt.f, func(i reporting.ReportIdea) error {
					got = append(got, i.ID)
					return nil
				})
				testutil.IsErr(t, "each", err, nil)
				if !slices.Equal(got, tt.want) {
					t.Errorf("ideas %v, want %v", got, tt.want)
				}
				n, err := store.Reporting.CountReportIdeas(ctx, tt.f)
				testutil.IsErr(t, "count", err, nil)
				testutil.Equal(t, "count", n, int64(len(tt.want)))
			})
		}

		t.Run("columns", func(t *testing.T) {
			var got []reporting.ReportIdea
			testutil.IsErr(t, "each", store.Reporting.EachReportIdea(ctx, ideas.IdeaFilter{}, func(i reporting.ReportIdea) error {
				got = append(got, i)
				return nil
			}), nil)
			if len(got) != 3 {
				t.Fatalf("%d ideas", len(got))
			}
			r := got[0]
			testutil.Equal(t, "title", r.Title, a.Title)
			testutil.Equal(t, "challenge", r.Challenge, ch.Title)
			testutil.Equal(t, "category", r.Category, "Design")
			testutil.Equal(t, "tags", slices.Equal(r.Tags, []string{"alfa", "zeta"}), true)
			testutil.Equal(t, "status", r.Status, ideas.StatusAccepted)
			testutil.Equal(t, "author", r.Author, author.Name)
			testutil.Equal(t, "country", r.AuthorCountry, "BR")
			testutil.Equal(t, "votes", r.Votes, 1)
			testutil.Equal(t, "followers", r.Followers, 1)
			testutil.Equal(t, "created in UTC", r.CreatedAt.Location(), time.UTC)
			testutil.Equal(t, "status changed", r.StatusChangedAt != nil, true)
			testutil.Equal(t, "response", r.Response, "Sim, vamos fazer.")
			testutil.Equal(t, "description", r.Description, "Com ação e coração.")
			testutil.Equal(t, "tags of b", slices.Equal(got[1].Tags, []string{"solar"}), true)
			testutil.Equal(t, "no tags", len(got[2].Tags), 0)
			testutil.Equal(t, "backdated", got[2].CreatedAt.Equal(old), true)
			testutil.Equal(t, "no challenge", got[2].Challenge, "")
		})

		t.Run("an error stops the walk", func(t *testing.T) {
			stop := errors.New("stop")
			calls := 0
			err := store.Reporting.EachReportIdea(ctx, ideas.IdeaFilter{}, func(reporting.ReportIdea) error { calls++; return stop })
			testutil.IsErr(t, "each", err, stop)
			testutil.Equal(t, "calls", calls, 1)
		})

		t.Run("comments", func(t *testing.T) {
			first, err := store.Comments.CreateComment(ctx, author, a.ID, nil, "Très **bien**")
			testutil.IsErr(t, "comment", err, nil)
			reply, err := store.Comments.CreateComment(ctx, admin, a.ID, &first.ID, "Obrigado")
			testutil.IsErr(t, "reply", err, nil)
			gone, err := store.Comments.CreateComment(ctx, admin, a.ID, nil, "spam")
			testutil.IsErr(t, "comment", err, nil)
			testutil.IsErr(t, "hide", store.Moderation.HideComment(ctx, admin, gone.ID, "spam"), nil)
			_, err = store.Comments.CreateComment(ctx, admin, c.ID, nil, "on another idea")
			testutil.IsErr(t, "comment", err, nil)
			var got []reporting.ReportComment
			testutil.IsErr(t, "each", store.Reporting.EachReportComment(ctx, ideas.IdeaFilter{ChallengeID: ch.ID}, func(c reporting.ReportComment) error {
				got = append(got, c)
				return nil
			}), nil)
			if len(got) != 2 {
				t.Fatalf("comments %+v, want the two visible ones on the challenge's idea", got)
			}
			testutil.Equal(t, "body", got[0].Body, "Très bien")
			testutil.Equal(t, "idea", got[0].IdeaID, a.ID)
			testutil.Equal(t, "reply", got[1].ID, reply.ID)
			testutil.Equal(t, "parent", got[1].ParentID != nil && *got[1].ParentID == first.ID, true)
			testutil.Equal(t, "country", got[1].Country, "BR")
		})
	})
}
