package models_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

func TestSetStatus(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author, follower := newUser(t, store, ""), newUser(t, store, "")
		moderator := newUser(t, store, models.RoleModerator)
		idea := newIdea(t, store, author.ID, models.IdeaInput{Title: "Bamboo dashboard"})
		isErr(t, "follow", store.Follow(t.Context(), follower.ID, idea.ID), nil)
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
			{name: "under review with a response", status: models.StatusUnderReview, response: "We are **looking** <script>alert(1)</script>",
				wantStatus: models.StatusUnderReview, wantHTML: "<p>We are <strong>looking</strong> alert(1)</p>\n", wantChanged: true,
				wantUnread: "[1 1 0]", wantResponse: "We are **looking** <script>alert(1)</script>"},
			{name: "same status, new response: nobody told", status: models.StatusUnderReview, response: "Still looking.",
				wantStatus: models.StatusUnderReview, wantHTML: "<p>Still looking.</p>\n", wantChanged: false,
				wantUnread: "[1 1 0]", wantResponse: "Still looking."},
			{name: "accepted", status: models.StatusAccepted, response: "",
				wantStatus: models.StatusAccepted, wantHTML: "", wantChanged: true, wantUnread: "[2 2 0]", wantResponse: ""},
			{name: "invalid status refused", status: "approved", response: "nope", wantErr: models.ErrForbidden,
				wantStatus: models.StatusAccepted, wantHTML: "", wantChanged: false, wantUnread: "[2 2 0]", wantResponse: ""},
			{name: "empty status refused", status: "", response: "nope", wantErr: models.ErrForbidden,
				wantStatus: models.StatusAccepted, wantHTML: "", wantChanged: false, wantUnread: "[2 2 0]", wantResponse: ""},
			{name: "unknown idea", id: 999_999, status: models.StatusDeclined, wantErr: models.ErrNotFound,
				wantStatus: models.StatusAccepted, wantHTML: "", wantChanged: false, wantUnread: "[2 2 0]", wantResponse: ""},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				id := idea.ID
				if st.id != 0 {
					id = st.id
				}
				time.Sleep(2 * time.Millisecond) // so that a new change time differs from the last one
				err := store.SetStatus(t.Context(), id, moderator, st.status, st.response)
				isErr(t, "set status", err, st.wantErr)
				got := reload(t, store, idea.ID)
				equal(t, "status", got.Status, st.wantStatus)
				equal(t, "response", got.Response, st.wantResponse)
				equal(t, "response html", got.ResponseHTML, st.wantHTML)
				if strings.Contains(got.ResponseHTML, "<script") {
					t.Errorf("response html = %q, unsanitised", got.ResponseHTML)
				}
				if got.StatusChangedAt == nil {
					t.Fatalf("status_changed_at not set")
				}
				changed := lastChange == nil || !got.StatusChangedAt.Equal(*lastChange)
				equal(t, "status_changed_at moved", changed, st.wantChanged)
				if changed && time.Since(*got.StatusChangedAt) > time.Minute {
					t.Errorf("status_changed_at = %v, want about now", got.StatusChangedAt)
				}
				lastChange = got.StatusChangedAt
				equal(t, "unread (author, follower, moderator)", fmt.Sprint(unread(t, store, author, follower, moderator)), st.wantUnread)
			})
		}
		t.Run("notification", func(t *testing.T) {
			ns, err := store.Notifications(t.Context(), follower.ID, 1)
			isErr(t, "notifications", err, nil)
			if len(ns) != 1 {
				t.Fatalf("notifications = %d, want 1", len(ns))
			}
			equal(t, "kind", ns[0].Kind, models.KindStatus)
			equal(t, "actor", ns[0].ActorName, moderator.Name)
			equal(t, "text", ns[0].Text, "Bamboo dashboard")
		})
	})
}
