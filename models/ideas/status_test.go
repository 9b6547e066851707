package ideas_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

func TestSetStatus(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author, follower := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		moderator := testutil.NewUser(t, db, accounts.RoleModerator)
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{Title: "Bamboo dashboard"})
		testutil.IsErr(t, "follow", db.Ideas.Follow(t.Context(), follower.ID, idea.ID), nil)
		// The first idea won a badge, with its notice: read, so that the
		// counts below are the statuses' (and the "idea accepted" badge's).
		testutil.IsErr(t, "read", db.Notifications.MarkNotificationsRead(t.Context(), author.ID), nil)
		var lastChange *time.Time
		steps := []struct {
			name         string
			id           int64
			status       string
			response     string
			wantErr      error
			wantStatus   string
			wantHTML     string
			wantChanged  bool   // status_changed_at moved
			wantUnread   string // author, follower, moderator
			wantResponse string
		}{
			{name: "under review with a response", status: ideas.StatusUnderReview, response: "We are **looking** <script>alert(1)</script>",
				wantStatus: ideas.StatusUnderReview, wantHTML: "<p>We are <strong>looking</strong> alert(1)</p>\n", wantChanged: true,
				wantUnread: "[1 1 0]", wantResponse: "We are **looking** <script>alert(1)</script>"},
			{name: "same status, new response: told as a response", status: ideas.StatusUnderReview, response: "Still looking.",
				wantStatus: ideas.StatusUnderReview, wantHTML: "<p>Still looking.</p>\n", wantChanged: false,
				wantUnread: "[2 2 0]", wantResponse: "Still looking."},
			{name: "accepted", status: ideas.StatusAccepted, response: "",
				wantStatus: ideas.StatusAccepted, wantHTML: "", wantChanged: true, wantUnread: "[4 3 0]", wantResponse: ""},
			{name: "invalid status refused", status: "approved", response: "nope", wantErr: store.ErrForbidden,
				wantStatus: ideas.StatusAccepted, wantHTML: "", wantChanged: false, wantUnread: "[4 3 0]", wantResponse: ""},
			{name: "empty status refused", status: "", response: "nope", wantErr: store.ErrForbidden,
				wantStatus: ideas.StatusAccepted, wantHTML: "", wantChanged: false, wantUnread: "[4 3 0]", wantResponse: ""},
			{name: "unknown idea", id: 999_999, status: ideas.StatusDeclined, wantErr: store.ErrNotFound,
				wantStatus: ideas.StatusAccepted, wantHTML: "", wantChanged: false, wantUnread: "[4 3 0]", wantResponse: ""},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				id := idea.ID
				if st.id != 0 {
					id = st.id
				}
				time.Sleep(2 * time.Millisecond) // so that a new change time differs from the last one
				err := db.Ideas.SetStatus(t.Context(), id, moderator, st.status, st.response)
				testutil.IsErr(t, "set status", err, st.wantErr)
				got := testutil.Reload(t, db, idea.ID)
				testutil.Equal(t, "status", got.Status, st.wantStatus)
				testutil.Equal(t, "response", got.Response, st.wantResponse)
				testutil.Equal(t, "response html", got.ResponseHTML, st.wantHTML)
				if strings.Contains(got.ResponseHTML, "<script") {
					t.Errorf("response html = %q, unsanitised", got.ResponseHTML)
				}
				if got.StatusChangedAt == nil {
					t.Fatalf("status_changed_at not set")
				}
				changed := lastChange == nil || !got.StatusChangedAt.Equal(*lastChange)
				testutil.Equal(t, "status_changed_at moved", changed, st.wantChanged)
				if changed && time.Since(*got.StatusChangedAt) > time.Minute {
					t.Errorf("status_changed_at = %v, want about now", got.StatusChangedAt)
				}
				lastChange = got.StatusChangedAt
				testutil.Equal(t, "unread (author, follower, moderator)", fmt.Sprint(testutil.Unread(t, db, author, follower, moderator)), st.wantUnread)
			})
		}
		t.Run("notifications", func(t *testing.T) {
			ns, err := db.Notifications.List(t.Context(), follower.ID, 3)
			testutil.IsErr(t, "notifications", err, nil)
			if len(ns) != 3 {
				t.Fatalf("notifications = %d, want 3", len(ns))
			}
			for i, want := range []struct{ kind, detail, quote string }{
				{notifications.KindStatus, ideas.StatusAccepted, ""},
				{notifications.KindResponse, ideas.StatusUnderReview, "Still looking."},
				{notifications.KindStatus, ideas.StatusUnderReview, "We are looking alert(1)"},
			} {
				testutil.Equal(t, "kind", ns[i].Kind, want.kind)
				testutil.Equal(t, "detail", ns[i].Detail, want.detail)
				testutil.Equal(t, "quote", ns[i].Quote, want.quote)
				testutil.Equal(t, "actor", ns[i].ActorName, moderator.Name)
				testutil.Equal(t, "text", ns[i].Text, "Bamboo dashboard")
			}
		})
	})
}
