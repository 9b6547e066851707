package store_test

import (
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/reporting"
	"github.com/ideario/ideario/testutil"
)

// TestPlainTextCopies checks that saving an idea, a response or a comment
// keeps its plain-text copy, that migration step 6's backfill rebuilds
// lost copies, and that the report reads them.
func TestPlainTextCopies(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		admin := testutil.NewUser(t, store, accounts.RoleAdmin)
		idea := testutil.NewIdea(t, store, admin.ID, ideas.IdeaInput{Title: "Painéis", Body: "Um *painel* com [link](https://x.example)."})
		testutil.IsErr(t, "status", store.Ideas.SetStatus(ctx, idea.ID, admin, ideas.StatusAccepted, "**Sim**."), nil)
		comment, err := store.Comments.CreateComment(ctx, admin, idea.ID, nil, "Muito `bom`")
		testutil.IsErr(t, "comment", err, nil)

		copies := func() (body, response, commentText string) {
			t.Helper()
			var i ideas.Idea
			testutil.IsErr(t, "read idea", store.DB.First(&i, idea.ID).Error, nil)
			var c comments.Comment
			testutil.IsErr(t, "read comment", store.DB.First(&c, comment.ID).Error, nil)
			return i.BodyText, i.ResponseText, c.BodyText
		}
		check := func(when string) {
			t.Helper()
			body, response, text := copies()
			testutil.Equal(t, when+": body", body, "Um painel com link.")
			testutil.Equal(t, when+": response", response, "Sim.")
			testutil.Equal(t, when+": comment", text, "Muito bom")
		}
		check("saved")

		testutil.IsErr(t, "edit", store.Ideas.UpdateIdea(ctx, idea.ID, admin, ideas.IdeaInput{Title: "Painéis", Body: "Dois **painéis**."}), nil)
		body, _, _ := copies()
		testutil.Equal(t, "edited body", body, "Dois painéis.")

		testutil.IsErr(t, "blank", testutil.Behind(store).Exec("UPDATE ideas SET body = ?, body_text = '', response_text = ''",
			"Um *painel* com [link](https://x.example).").Error, nil)
		testutil.IsErr(t, "blank", testutil.Behind(store).Exec("UPDATE comments SET body_text = ''").Error, nil)
		testutil.IsErr(t, "backfill", store.BackfillPlainText(), nil)
		check("backfilled")

		// The report prefers the stored copy over converting the Markdown.
		testutil.IsErr(t, "mark", testutil.Behind(store).Exec("UPDATE ideas SET body_text = 'stored copy'").Error, nil)
		testutil.IsErr(t, "each", store.Reporting.EachReportIdea(ctx, ideas.IdeaFilter{}, func(r reporting.ReportIdea) error {
			testutil.Equal(t, "description", r.Description, "stored copy")
			return nil
		}), nil)
	})
}
