package ideas_test

import (
	"strings"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/testutil"
)

func TestIdeaMentions(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author, ana, bia, mod := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, ""), testutil.NewUser(t, db, ""), testutil.NewUser(t, db, accounts.RoleModerator)
		mentions := func(u *accounts.User) []notifications.Notification {
			t.Helper()
			ns, err := db.Notifications.List(t.Context(), u.ID, 50)
			testutil.IsErr(t, "notifications", err, nil)
			var out []notifications.Notification
			for _, n := range ns {
				if n.Kind == notifications.KindMention {
					out = append(out, n)
				}
			}
			return out
		}
		in := ideas.IdeaInput{Title: "Seats of recycled wool",
			Body: "Made with @" + ana.Handle + " and me (@" + author.Handle + "); ask @nobody_here. `@" + bia.Handle + "` is code."}
		idea := testutil.NewIdea(t, db, author.ID, in)

		t.Run("posted: the mentioned hear of it, linked", func(t *testing.T) {
			if !strings.Contains(idea.BodyHTML, `<a href="/users/`) || !strings.Contains(idea.BodyHTML, `class="mention">@`+ana.Handle+`</a>`) {
				t.Errorf("body html = %q, want @%s linked", idea.BodyHTML, ana.Handle)
			}
			if !strings.Contains(idea.BodyHTML, "ask @nobody_here.") {
				t.Errorf("body html = %q, want the unknown handle as text", idea.BodyHTML)
			}
			got := mentions(ana)
			testutil.Equal(t, "ana's mentions", len(got), 1)
			testutil.Equal(t, "text", got[0].Text, idea.Title)
			testutil.Equal(t, "actor", got[0].ActorName, author.Name)
			testutil.Equal(t, "quote", strings.HasPrefix(got[0].Quote, "Made with @"+ana.Handle), true)
			testutil.Equal(t, "the author's own", len(mentions(author)), 0)
			testutil.Equal(t, "in code", len(mentions(bia)), 0)
		})
		t.Run("each edit tells the newly mentioned, once", func(t *testing.T) {
			in.Body += " Thanks @" + bia.Handle + "!"
			for range 2 {
				testutil.IsErr(t, "edit", db.Ideas.UpdateIdea(t.Context(), idea.ID, author, in), nil)
			}
			testutil.Equal(t, "bia's mentions", len(mentions(bia)), 1)
			testutil.Equal(t, "ana's mentions", len(mentions(ana)), 1)
			testutil.Equal(t, "linked after the edit", strings.Contains(testutil.Reload(t, db, idea.ID).BodyHTML, `class="mention">@`+bia.Handle), true)
		})
		t.Run("a moderator's edit does not tell the author of their own idea", func(t *testing.T) {
			in.Body += " @" + author.Handle
			testutil.IsErr(t, "edit", db.Ideas.UpdateIdea(t.Context(), idea.ID, mod, in), nil)
			testutil.Equal(t, "author's mentions", len(mentions(author)), 0)
		})
		t.Run("a hidden idea tells nobody", func(t *testing.T) {
			hidden := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{Body: "nothing yet"})
			testutil.SetIdea(t, db, hidden.ID, "hidden", true)
			testutil.IsErr(t, "edit", db.Ideas.UpdateIdea(t.Context(), hidden.ID, mod, ideas.IdeaInput{Title: hidden.Title, Body: "Hi @" + mod.Handle + " @" + ana.Handle}), nil)
			testutil.Equal(t, "ana's mentions", len(mentions(ana)), 1)
		})
		t.Run("an idea held for approval tells nobody until it is approved", func(t *testing.T) {
			ch := testutil.NewChallenge(t, db, "ideation", 0)
			testutil.SetChallenge(t, db, ch.ID, "premoderate", true)
			newcomer := testutil.NewUser(t, db, "")
			held := testutil.NewIdea(t, db, newcomer.ID, ideas.IdeaInput{ChallengeID: &ch.ID, Body: "Hello @" + bia.Handle})
			testutil.Equal(t, "held", held.Pending, true)
			testutil.Equal(t, "bia's mentions while held", len(mentions(bia)), 1)
			testutil.IsErr(t, "approve", db.Moderation.ApproveIdea(t.Context(), mod, held.ID), nil)
			testutil.Equal(t, "bia's mentions once approved", len(mentions(bia)), 2)
			testutil.IsErr(t, "approve again", db.Moderation.ApproveIdea(t.Context(), mod, held.ID), nil)
			testutil.Equal(t, "told once", len(mentions(bia)), 2)
		})
	})
}
