package models_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/media"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

// date is midnight UTC of a day, as the admin form sends dates.
func date(y int, m time.Month, d int) *time.Time {
	return ptr(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

func categoryIDs(cs []models.Category) []int64 {
	var ids []int64
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	return ids
}

func sameTime(t testing.TB, what string, got, want *time.Time) {
	t.Helper()
	switch {
	case got == nil && want == nil:
	case got == nil || want == nil || !got.Equal(*want):
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func TestSaveChallenge(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		mod := newUser(t, store, models.RoleModerator)
		design, err := store.SaveCategory(ctx, mod, 0, models.CategoryInput{Name: "Design", Slug: "design"})
		isErr(t, "category", err, nil)
		materials, err := store.SaveCategory(ctx, mod, 0, models.CategoryInput{Name: "Materials", Slug: "materials", Position: 2})
		isErr(t, "category", err, nil)

		in := models.ChallengeInput{Title: "  Which materials should the car use?  ", Slug: "materials-2030",
			Description: "Tell us **why**.", Phase: models.PhaseDraft,
			IdeationAt: date(2030, 3, 1), VotingAt: date(2030, 4, 1), ResultsAt: date(2030, 6, 1),
			VoteBudget: 10, Premoderate: true, CategoryIDs: []int64{materials.ID, design.ID, design.ID}}
		created, err := store.SaveChallenge(ctx, mod, 0, in)
		isErr(t, "create", err, nil)
		got, err := store.ChallengeByID(ctx, created.ID)
		isErr(t, "reload", err, nil)
		equal(t, "title", got.Title, "Which materials should the car use?")
		equal(t, "slug", got.Slug, "materials-2030")
		equal(t, "description html has the bold word", strings.Contains(got.DescriptionHTML, "<strong>why</strong>"), true)
		equal(t, "phase", got.Phase, models.PhaseDraft)
		sameTime(t, "ideation", got.IdeationAt, in.IdeationAt)
		sameTime(t, "voting", got.VotingAt, in.VotingAt)
		sameTime(t, "review", got.ReviewAt, nil)
		sameTime(t, "results", got.ResultsAt, in.ResultsAt)
		equal(t, "budget", got.VoteBudget, 10)
		equal(t, "premoderate", got.Premoderate, true)
		equal(t, "categories", len(got.Categories), 2)
		equal(t, "first category by position", got.Categories[0].Slug, "design")
		equal(t, "create audited", rows(t, store, "audit_entries", "action = ? AND target_id = ? AND actor_id = ?", "challenge.create", created.ID, mod.ID), 1)

		// An idea posted meanwhile keeps its count through an edit.
		isErr(t, "open", store.SetChallengePhase(ctx, created.ID, models.PhaseIdeation), nil)
		newIdea(t, store, mod.ID, models.IdeaInput{ChallengeID: &created.ID, CategoryID: &design.ID})

		in.Title, in.Phase, in.VoteBudget, in.Premoderate = "Which materials?", models.PhaseIdeation, 0, false
		in.IdeationAt, in.VotingAt, in.ReviewAt = nil, date(2030, 5, 1), date(2030, 5, 15)
		in.CategoryIDs = []int64{materials.ID}
		_, err = store.SaveChallenge(ctx, mod, created.ID, in)
		isErr(t, "update", err, nil)
		got, err = store.ChallengeByID(ctx, created.ID)
		isErr(t, "reload", err, nil)
		equal(t, "new title", got.Title, "Which materials?")
		equal(t, "new phase", got.Phase, models.PhaseIdeation)
		sameTime(t, "ideation cleared", got.IdeationAt, nil)
		sameTime(t, "voting moved", got.VotingAt, date(2030, 5, 1))
		sameTime(t, "review set", got.ReviewAt, date(2030, 5, 15))
		equal(t, "budget cleared", got.VoteBudget, 0)
		equal(t, "premoderate off", got.Premoderate, false)
		equal(t, "one category left", slices.Equal(categoryIDs(got.Categories), []int64{materials.ID}), true)
		equal(t, "idea count kept", got.IdeaCount, 1)
		equal(t, "update audited", rows(t, store, "audit_entries", "action = ? AND target_id = ? AND before_state LIKE ? AND after_state LIKE ?",
			"challenge.update", created.ID, "%Which materials should the car use?%", "%\"title\":\"Which materials?\"%"), 1)

		// Saving without a change writes no audit entry.
		_, err = store.SaveChallenge(ctx, mod, created.ID, in)
		isErr(t, "save again", err, nil)
		equal(t, "no empty audit entry", rows(t, store, "audit_entries", "action = ?", "challenge.update"), 1)

		in.Phase = "open"
		_, err = store.SaveChallenge(ctx, mod, created.ID, in)
		isErr(t, "unknown phase", err, models.ErrForbidden)
		_, err = store.SaveChallenge(ctx, mod, created.ID+100, models.ChallengeInput{Title: "x", Slug: "x"})
		isErr(t, "unknown challenge", err, models.ErrNotFound)
	})
}

func TestSaveChallengeSlugIsUnique(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		mod := newUser(t, store, models.RoleModerator)
		first, err := store.SaveChallenge(ctx, mod, 0, models.ChallengeInput{Title: "First", Slug: "taken"})
		isErr(t, "first", err, nil)
		_, err = store.SaveChallenge(ctx, mod, 0, models.ChallengeInput{Title: "Second", Slug: "taken"})
		isErr(t, "same slug", err, models.ErrDuplicate)
		second, err := store.SaveChallenge(ctx, mod, 0, models.ChallengeInput{Title: "Second", Slug: "free"})
		isErr(t, "second", err, nil)
		_, err = store.SaveChallenge(ctx, mod, second.ID, models.ChallengeInput{Title: "Second", Slug: "taken"})
		isErr(t, "rename onto a taken slug", err, models.ErrDuplicate)
		got, err := store.ChallengeByID(ctx, second.ID)
		isErr(t, "reload", err, nil)
		equal(t, "slug unchanged", got.Slug, "free")
		_, err = store.SaveChallenge(ctx, mod, first.ID, models.ChallengeInput{Title: "First, renamed", Slug: "taken"})
		isErr(t, "keeping its own slug", err, nil)
		equal(t, "challenges", rows(t, store, "challenges", "1 = 1"), 2)
	})
}

func TestSaveChallengeCover(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		mod := newUser(t, store, models.RoleModerator)
		cover := func() *models.Image {
			pic, err := media.Prepare(testutil.EncodeJPEG(t, testutil.Picture(1200, 400, false)))
			isErr(t, "media.Prepare", err, nil)
			return models.ImageOf(pic)
		}
		in := models.ChallengeInput{Title: "With a cover", Slug: "cover", Cover: cover()}
		ch, err := store.SaveChallenge(ctx, mod, 0, in)
		isErr(t, "create", err, nil)
		if ch.CoverImageID == nil {
			t.Fatal("no cover after creating with one")
		}
		first := *ch.CoverImageID
		equal(t, "image owner", rows(t, store, "images", "id = ? AND owner_id = ?", first, mod.ID), 1)

		in.Cover, in.Title = nil, "Still with a cover"
		ch, err = store.SaveChallenge(ctx, mod, ch.ID, in)
		isErr(t, "edit without a file", err, nil)
		equal(t, "cover kept", ch.CoverImageID != nil && *ch.CoverImageID == first, true)

		in.Cover = cover()
		ch, err = store.SaveChallenge(ctx, mod, ch.ID, in)
		isErr(t, "replace", err, nil)
		equal(t, "cover replaced", ch.CoverImageID != nil && *ch.CoverImageID != first, true)

		in.Cover, in.RemoveCover = nil, true
		ch, err = store.SaveChallenge(ctx, mod, ch.ID, in)
		isErr(t, "remove", err, nil)
		equal(t, "cover removed", ch.CoverImageID == nil, true)
		got, err := store.ChallengeByID(ctx, ch.ID)
		isErr(t, "reload", err, nil)
		equal(t, "cover removed in the database", got.CoverImageID == nil, true)
	})
}

func TestNextPhaseChange(t *testing.T) {
	now := time.Date(2030, 5, 10, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		c         models.Challenge
		wantPhase string
		wantAt    *time.Time
	}{
		{"no dates", models.Challenge{Phase: models.PhaseIdeation}, "", nil},
		{"draft opening tomorrow", models.Challenge{Phase: models.PhaseDraft, IdeationAt: date(2030, 5, 11)}, models.PhaseIdeation, date(2030, 5, 11)},
		{"in ideation, voting next", models.Challenge{Phase: models.PhaseDraft, IdeationAt: date(2030, 5, 1), VotingAt: date(2030, 5, 20), ReviewAt: date(2030, 6, 1)},
			models.PhaseVoting, date(2030, 5, 20)},
		{"every date passed", models.Challenge{Phase: models.PhaseDraft, IdeationAt: date(2030, 5, 1), ResultsAt: date(2030, 5, 2)}, "", nil},
		{"a date behind the manual phase changes nothing", models.Challenge{Phase: models.PhaseReview, VotingAt: date(2030, 5, 20), ResultsAt: date(2030, 6, 1)},
			models.PhaseResults, date(2030, 6, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.c.NextPhaseChange(now)
			if tt.wantAt == nil {
				if got != nil {
					t.Errorf("next change %+v, want none", got)
				}
				return
			}
			if got == nil {
				t.Fatalf("no next change, want %s on %v", tt.wantPhase, tt.wantAt)
			}
			equal(t, "phase", got.Phase, tt.wantPhase)
			sameTime(t, "at", &got.At, tt.wantAt)
		})
	}
}

func TestSaveCategory(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		mod := newUser(t, store, models.RoleModerator)
		features, err := store.SaveCategory(ctx, mod, 0, models.CategoryInput{Name: " Features ", Slug: "features", Description: "What the car does", Position: 3})
		isErr(t, "create", err, nil)
		equal(t, "name trimmed", features.Name, "Features")
		design, err := store.SaveCategory(ctx, mod, 0, models.CategoryInput{Name: "Design", Slug: "design", Position: 1})
		isErr(t, "create", err, nil)
		_, err = store.SaveCategory(ctx, mod, 0, models.CategoryInput{Name: "Design again", Slug: "design"})
		isErr(t, "same slug", err, models.ErrDuplicate)
		_, err = store.SaveCategory(ctx, mod, features.ID, models.CategoryInput{Name: "Features", Slug: "design"})
		isErr(t, "rename onto a taken slug", err, models.ErrDuplicate)

		_, err = store.SaveCategory(ctx, mod, features.ID, models.CategoryInput{Name: "Gadgets", Slug: "gadgets", Description: "", Position: 0})
		isErr(t, "update", err, nil)
		got, err := store.CategoryByID(ctx, features.ID)
		isErr(t, "reload", err, nil)
		equal(t, "name", got.Name, "Gadgets")
		equal(t, "slug", got.Slug, "gadgets")
		equal(t, "description", got.Description, "")
		equal(t, "position", got.Position, 0)
		_, err = store.SaveCategory(ctx, mod, features.ID, models.CategoryInput{Name: "Gadgets", Slug: "gadgets"})
		isErr(t, "save without a change", err, nil)
		equal(t, "creates audited", rows(t, store, "audit_entries", "action = ?", "category.create"), 2)
		equal(t, "one update audited", rows(t, store, "audit_entries", "action = ? AND target_id = ? AND before_state LIKE ?",
			"category.update", features.ID, "%features%"), 1)

		author := newUser(t, store, "")
		newIdea(t, store, author.ID, models.IdeaInput{CategoryID: &design.ID})
		newIdea(t, store, author.ID, models.IdeaInput{CategoryID: &design.ID})
		newIdea(t, store, author.ID, models.IdeaInput{})
		stats, err := store.CategoriesWithCounts(ctx)
		isErr(t, "counts", err, nil)
		equal(t, "categories", len(stats), 2)
		equal(t, "by position", stats[0].Slug, "gadgets")
		equal(t, "gadgets ideas", stats[0].IdeaCount, int64(0))
		equal(t, "design ideas", stats[1].IdeaCount, int64(2))
		_, err = store.SaveCategory(ctx, mod, 999, models.CategoryInput{Name: "x", Slug: "x"})
		isErr(t, "unknown category", err, models.ErrNotFound)
	})
}
