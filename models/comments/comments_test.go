package comments_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

func TestCreateCommentNotifies(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author, follower, commenter, bystander := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, ""), testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{Title: "Solar roof panels"})
		// The first idea won a badge, with its notice: gone, so that the
		// notifications below are the comments' alone.
		testutil.IsErr(t, "badge notice", testutil.Behind(db).Exec("DELETE FROM notifications WHERE kind = 'badge'").Error, nil)
		testutil.IsErr(t, "follow", db.Ideas.Follow(t.Context(), follower.ID, idea.ID), nil)
		var first *comments.Comment
		steps := []struct {
			name          string
			by            *accounts.User
			reply         bool
			wantCount     int
			wantFollowers int
			wantUnread    []int64 // author, follower, commenter, bystander
		}{
			{"a newcomer comments", commenter, false, 1, 3, []int64{1, 1, 0, 0}},
			{"the author answers", author, true, 2, 3, []int64{1, 2, 1, 0}},
			{"the follower replies", follower, true, 3, 3, []int64{2, 2, 2, 0}},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				var parent *int64
				if st.reply {
					parent = &first.ID
				}
				c, err := db.Comments.CreateComment(t.Context(), st.by, idea.ID, parent, "Nice <script>alert(1)</script> **idea**")
				testutil.IsErr(t, "comment", err, nil)
				if first == nil {
					first = c
				}
				if strings.Contains(c.BodyHTML, "<script") || !strings.Contains(c.BodyHTML, "<strong>idea</strong>") {
					t.Errorf("body html = %q, want it rendered and sanitised", c.BodyHTML)
				}
				got := testutil.Reload(t, db, idea.ID)
				testutil.Equal(t, "comment_count", got.CommentCount, st.wantCount)
				testutil.Equal(t, "comment rows", testutil.Rows(t, db, "comments", "idea_id = ?", idea.ID), st.wantCount)
				testutil.Equal(t, "follower_count", got.FollowerCount, st.wantFollowers)
				testutil.Equal(t, "unread (author, follower, commenter, bystander)",
					fmt.Sprint(testutil.Unread(t, db, author, follower, commenter, bystander)), fmt.Sprint(st.wantUnread))
			})
		}
		t.Run("notification content", func(t *testing.T) {
			ns, err := db.Notifications.List(t.Context(), author.ID, 10)
			testutil.IsErr(t, "notifications", err, nil)
			if len(ns) != 2 {
				t.Fatalf("author has %d notifications, want 2", len(ns))
			}
			testutil.Equal(t, "newest first", ns[0].ActorName, follower.Name)
			testutil.Equal(t, "older", ns[1].ActorName, commenter.Name)
			testutil.Equal(t, "kind", ns[0].Kind, notifications.KindComment)
			testutil.Equal(t, "text", ns[0].Text, "Solar roof panels")
			if ns[0].IdeaID == nil || *ns[0].IdeaID != idea.ID {
				t.Errorf("idea of the notification = %v, want %d", ns[0].IdeaID, idea.ID)
			}
			limited, err := db.Notifications.List(t.Context(), author.ID, 1)
			testutil.IsErr(t, "notifications", err, nil)
			testutil.Equal(t, "limited", len(limited), 1)
		})
		t.Run("mark read", func(t *testing.T) {
			testutil.IsErr(t, "mark read", db.Notifications.MarkNotificationsRead(t.Context(), author.ID), nil)
			testutil.Equal(t, "unread (author, follower)", fmt.Sprint(testutil.Unread(t, db, author, follower)), "[0 2]")
		})
	})
}

func TestCreateCommentRefused(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author := testutil.NewUser(t, db, "")
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
		other := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
		hidden := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
		testutil.SetIdea(t, db, hidden.ID, "hidden", true)
		elsewhere, err := db.Comments.CreateComment(t.Context(), author, other.ID, nil, "on the other idea")
		testutil.IsErr(t, "comment", err, nil)
		tests := []struct {
			name    string
			ideaID  int64
			parent  *int64
			wantErr error
		}{
			{"reply to a comment of another idea", idea.ID, &elsewhere.ID, store.ErrNotFound},
			{"reply to an unknown comment", idea.ID, testutil.Ptr(int64(999_999)), store.ErrNotFound},
			{"hidden idea", hidden.ID, nil, store.ErrNotFound},
			{"unknown idea", 999_999, nil, store.ErrNotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.Comments.CreateComment(t.Context(), author, tt.ideaID, tt.parent, "refused")
				testutil.IsErr(t, "comment", err, tt.wantErr)
				testutil.Equal(t, "comments saved", testutil.Rows(t, db, "comments", "body = ?", "refused"), 0)
				if tt.ideaID != 999_999 {
					testutil.Equal(t, "comment_count", testutil.Reload(t, db, tt.ideaID).CommentCount, 0)
				}
			})
		}
	})
}

// tree prints a thread as "body(depth)[replies]", with deleted comments
// as "x" and hidden ones as "h".
func tree(cs []*comments.Comment) string {
	var parts []string
	for _, c := range cs {
		s := c.Body
		switch {
		case c.Deleted:
			s = "x"
		case c.Hidden:
			s = "h"
		}
		s += fmt.Sprintf("(%d)", c.Depth)
		if len(c.Replies) > 0 {
			s += "[" + tree(c.Replies) + "]"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestCommentThread(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author := testutil.NewUser(t, db, "")
		moderator := testutil.NewUser(t, db, accounts.RoleModerator)
		tests := []struct {
			name     string
			comments [][2]string // body, parent body ("" for a root)
			hide     []string
			viewer   *accounts.User
			want     string
		}{
			{"flat", [][2]string{{"a", ""}, {"b", ""}, {"c", ""}}, nil, nil, "a(0) b(0) c(0)"},
			{"nested replies in order", [][2]string{{"a", ""}, {"b", "a"}, {"c", "b"}, {"d", ""}, {"e", "a"}}, nil, nil,
				"a(0)[b(1)[c(2)] e(1)] d(0)"},
			{"depth stops at MaxDepth", [][2]string{{"a", ""}, {"b", "a"}, {"c", "b"}, {"d", "c"}, {"e", "d"}, {"f", "e"}}, nil, nil,
				"a(0)[b(1)[c(2)[d(3)[e(4)[f(4)]]]]]"},
			{"hidden leaf left out for visitors", [][2]string{{"a", ""}, {"b", "a"}, {"c", ""}}, []string{"b"}, nil, "a(0) c(0)"},
			{"hidden parent kept as a placeholder", [][2]string{{"a", ""}, {"b", "a"}, {"c", ""}}, []string{"a"}, author, "h(0)[b(1)] c(0)"},
			{"moderators see hidden comments", [][2]string{{"a", ""}, {"b", "a"}}, []string{"b"}, moderator, "a(0)[h(1)]"},
			{"empty", nil, nil, nil, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
				ids := map[string]int64{}
				for _, c := range tt.comments {
					var parent *int64
					if c[1] != "" {
						parent = testutil.Ptr(ids[c[1]])
					}
					made, err := db.Comments.CreateComment(t.Context(), author, idea.ID, parent, c[0])
					testutil.IsErr(t, "comment", err, nil)
					ids[c[0]] = made.ID
				}
				for _, h := range tt.hide {
					if err := testutil.Behind(db).Model(&comments.Comment{}).Where("id = ?", ids[h]).Update("hidden", true).Error; err != nil {
						t.Fatalf("hide: %v", err)
					}
				}
				// Comments on another idea never show up.
				_, err := db.Comments.CreateComment(t.Context(), author, testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{}).ID, nil, "other")
				testutil.IsErr(t, "comment", err, nil)
				thread, err := db.Comments.CommentThread(t.Context(), idea.ID, tt.viewer)
				testutil.IsErr(t, "thread", err, nil)
				testutil.Equal(t, "thread", tree(thread), tt.want)
			})
		}
	})
}

func TestUpdateComment(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author, stranger := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		moderator := testutil.NewUser(t, db, accounts.RoleModerator)
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
		tests := []struct {
			name    string
			editor  *accounts.User
			deleted bool
			hidden  bool
			id      int64 // 0: the comment made for the case
			wantErr error
		}{
			{"author", author, false, false, 0, nil},
			{"moderator", moderator, false, false, 0, nil},
			{"stranger", stranger, false, false, 0, store.ErrForbidden},
			{"visitor", nil, false, false, 0, store.ErrForbidden},
			{"author of a hidden comment", author, false, true, 0, store.ErrForbidden},
			{"deleted comment", author, true, false, 0, store.ErrNotFound},
			{"unknown comment", author, false, false, 999_999, store.ErrNotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c, err := db.Comments.CreateComment(t.Context(), author, idea.ID, nil, "original")
				testutil.IsErr(t, "comment", err, nil)
				if tt.hidden {
					testutil.IsErr(t, "hide", testutil.Behind(db).Model(&comments.Comment{}).Where("id = ?", c.ID).Update("hidden", true).Error, nil)
				}
				if tt.deleted {
					_, err := db.Comments.DeleteComment(t.Context(), c.ID, author)
					testutil.IsErr(t, "delete", err, nil)
				}
				id := c.ID
				if tt.id != 0 {
					id = tt.id
				}
				_, err = db.Comments.UpdateComment(t.Context(), id, tt.editor, "edited *text* <script>x</script>")
				testutil.IsErr(t, "update", err, tt.wantErr)
				got, err := db.Comments.CommentByID(t.Context(), c.ID)
				testutil.IsErr(t, "comment", err, nil)
				switch {
				case tt.wantErr == nil:
					testutil.Equal(t, "body", got.Body, "edited *text* <script>x</script>")
					testutil.Equal(t, "body html", got.BodyHTML, "<p>edited <em>text</em> x</p>\n")
					testutil.Equal(t, "edited", got.EditedAt != nil, true)
				case tt.deleted:
					testutil.Equal(t, "body of the deleted comment", got.Body, "")
				default:
					testutil.Equal(t, "body", got.Body, "original")
					testutil.Equal(t, "edited", got.EditedAt != nil, false)
				}
			})
		}
	})
}

// TestDeleteComment deletes comments of one thread step by step: the
// counter drops once per comment, and a deleted comment stays as a
// placeholder only while it has replies.
func TestDeleteComment(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		u1, u2, stranger := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		moderator := testutil.NewUser(t, db, accounts.RoleModerator)
		idea := testutil.NewIdea(t, db, u1.ID, ideas.IdeaInput{})
		ids := map[string]int64{}
		for _, c := range []struct {
			body, parent string
			by           *accounts.User
		}{{"c1", "", u1}, {"c2", "c1", u2}, {"c3", "", u1}, {"c4", "", u2}} {
			var parent *int64
			if c.parent != "" {
				parent = testutil.Ptr(ids[c.parent])
			}
			made, err := db.Comments.CreateComment(t.Context(), c.by, idea.ID, parent, c.body)
			testutil.IsErr(t, "comment", err, nil)
			ids[c.body] = made.ID
		}
		steps := []struct {
			name       string
			comment    string
			by         *accounts.User
			wantErr    error
			wantCount  int
			wantThread string
		}{
			{"stranger refused", "c3", stranger, store.ErrForbidden, 4, "c1(0)[c2(1)] c3(0) c4(0)"},
			{"parent with a reply stays as a placeholder", "c1", u1, nil, 3, "x(0)[c2(1)] c3(0) c4(0)"},
			{"deleting twice is harmless", "c1", u1, nil, 3, "x(0)[c2(1)] c3(0) c4(0)"},
			{"leaf dropped", "c3", u1, nil, 2, "x(0)[c2(1)] c4(0)"},
			{"moderator deletes the last reply: the placeholder goes too", "c2", moderator, nil, 1, "c4(0)"},
			{"last comment", "c4", u2, nil, 0, ""},
			{"last comment again", "c4", u2, nil, 0, ""},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				_, err := db.Comments.DeleteComment(t.Context(), ids[st.comment], st.by)
				testutil.IsErr(t, "delete", err, st.wantErr)
				got := testutil.Reload(t, db, idea.ID)
				testutil.Equal(t, "comment_count", got.CommentCount, st.wantCount)
				testutil.Equal(t, "live comment rows", testutil.Rows(t, db, "comments", "idea_id = ? AND deleted = ?", idea.ID, false), st.wantCount)
				testutil.Near(t, "hot", got.Hot, testutil.HotFromRows(t, db, idea.ID), 1e-9)
				thread, err := db.Comments.CommentThread(t.Context(), idea.ID, nil)
				testutil.IsErr(t, "thread", err, nil)
				testutil.Equal(t, "thread", tree(thread), st.wantThread)
			})
		}
		t.Run("unknown comment", func(t *testing.T) {
			_, err := db.Comments.DeleteComment(t.Context(), 999_999, moderator)
			testutil.IsErr(t, "delete", err, store.ErrNotFound)
		})
	})
}
