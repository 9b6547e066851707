package comments_test

import (
	"strings"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/testutil"
)

// kinds lists the kinds of a person's notifications, newest first.
func kinds(t *testing.T, db *models.Store, u *accounts.User) string {
	t.Helper()
	ns, err := db.Notifications.List(t.Context(), u.ID, 50)
	testutil.IsErr(t, "notifications", err, nil)
	var out []string
	for _, n := range ns {
		if n.Kind != notifications.KindBadge { // the author's first idea is none of this test's business
			out = append(out, n.Kind)
		}
	}
	return strings.Join(out, ",")
}

func TestCommentMentions(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author, ana, bia, cai := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, ""), testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{Title: "Seats of recycled wool"})
		first, err := db.Comments.CreateComment(t.Context(), bia, idea.ID, nil, "Warm in winter.")
		testutil.IsErr(t, "first comment", err, nil)
		testutil.IsErr(t, "read", db.Notifications.MarkNotificationsRead(t.Context(), author.ID), nil)
		steps := []struct {
			name       string
			by         *accounts.User
			reply      bool
			body       string
			wantLinked []string // handles linked
			wantLinks  int
			// the kinds each has heard of, newest first: author, ana, bia,
			// cai (who follow the idea once they comment)
			want []string
		}{
			{"the idea's author is mentioned: a mention, not a comment", cai, false, "What do you think, @" + author.Handle + "?",
				[]string{author.Handle}, 1, []string{"mention,comment", "", "comment", ""}},
			{"mentioned twice, told once; the writer never", cai, false, "@" + ana.Handle + " and @" + strings.ToUpper(ana.Handle) + ", cc @" + cai.Handle,
				[]string{ana.Handle, cai.Handle}, 3, []string{"comment,mention,comment", "mention", "comment,comment", ""}},
			{"a reply that mentions whom it answers: a mention, not a reply", cai, true, "Right, @" + bia.Handle + ".",
				[]string{bia.Handle}, 1, []string{"comment,comment,mention,comment", "mention", "mention,comment,comment", ""}},
			{"an unknown handle stays text and tells nobody", ana, false, "Ask @nobody_here about it.",
				nil, 0, []string{"comment,comment,comment,mention,comment", "mention", "comment,mention,comment,comment", "comment"}},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				var parent *int64
				if st.reply {
					parent = &first.ID
				}
				c, err := db.Comments.CreateComment(t.Context(), st.by, idea.ID, parent, st.body)
				testutil.IsErr(t, "comment", err, nil)
				testutil.Equal(t, "links", strings.Count(c.BodyHTML, `class="mention"`), st.wantLinks)
				for _, h := range st.wantLinked {
					if !strings.Contains(c.BodyHTML, `class="mention">@`+h+`</a>`) {
						t.Errorf("body html = %q, want @%s linked", c.BodyHTML, h)
					}
				}
				for i, u := range []*accounts.User{author, ana, bia, cai} {
					testutil.Equal(t, "kinds of person "+string(rune('A'+i)), kinds(t, db, u), st.want[i])
				}
			})
		}
		t.Run("an edit tells those it newly mentions, once", func(t *testing.T) {
			for range 2 {
				_, err := db.Comments.UpdateComment(t.Context(), first.ID, bia, "Warm in winter, @"+cai.Handle+" and @"+bia.Handle+".")
				testutil.IsErr(t, "edit", err, nil)
			}
			testutil.Equal(t, "cai, who heard of the comment only as a follower since", kinds(t, db, cai), "mention,comment")
			testutil.Equal(t, "bia, its author", kinds(t, db, bia), "comment,mention,comment,comment")
			ns, err := db.Notifications.List(t.Context(), cai.ID, 1)
			testutil.IsErr(t, "list", err, nil)
			testutil.Equal(t, "kind", ns[0].Kind, notifications.KindMention)
			testutil.Equal(t, "actor", ns[0].ActorName, bia.Name)
			testutil.Equal(t, "text", ns[0].Text, idea.Title)
			testutil.Equal(t, "quote", ns[0].Quote, "Warm in winter, @"+cai.Handle+" and @"+bia.Handle+".")
			testutil.Equal(t, "comment", *ns[0].CommentID, first.ID)
		})
	})
}
