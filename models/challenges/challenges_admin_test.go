package challenges_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/media"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/images"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

// date is midnight UTC of a day, as the admin form sends dates.
func date(y int, m time.Month, d int) *time.Time {
	return testutil.Ptr(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

func categoryIDs(cs []challenges.Category) []int64 {
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
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		mod := testutil.NewUser(t, db, accounts.RoleModerator)
		design, err := db.Challenges.SaveCategory(ctx, mod, 0, challenges.CategoryInput{Name: "Design", Slug: "design"})
		testutil.IsErr(t, "category", err, nil)
		materials, err := db.Challenges.SaveCategory(ctx, mod, 0, challenges.CategoryInput{Name: "Materials", Slug: "materials", Position: 2})
		testutil.IsErr(t, "category", err, nil)

		in := challenges.ChallengeInput{Title: "  Which materials should the car use?  ", Slug: "materials-2030",
			Description: "Tell us **why**.", Phase: challenges.PhaseDraft,
			IdeationAt: date(2030, 3, 1), VotingAt: date(2030, 4, 1), ResultsAt: date(2030, 6, 1),
			VoteBudget: 10, Premoderate: true, CategoryIDs: []int64{materials.ID, design.ID, design.ID}}
		created, err := db.Challenges.SaveChallenge(ctx, mod, 0, in)
		testutil.IsErr(t, "create", err, nil)
		got, err := db.Challenges.ChallengeByID(ctx, created.ID)
		testutil.IsErr(t, "reload", err, nil)
		testutil.Equal(t, "title", got.Title, "Which materials should the car use?")
		testutil.Equal(t, "slug", got.Slug, "materials-2030")
		testutil.Equal(t, "description html has the bold word", strings.Contains(got.DescriptionHTML, "<strong>why</strong>"), true)
		testutil.Equal(t, "phase", got.Phase, challenges.PhaseDraft)
		sameTime(t, "ideation", got.IdeationAt, in.IdeationAt)
		sameTime(t, "voting", got.VotingAt, in.VotingAt)
		sameTime(t, "review", got.ReviewAt, nil)
		sameTime(t, "results", got.ResultsAt, in.ResultsAt)
		testutil.Equal(t, "budget", got.VoteBudget, 10)
		testutil.Equal(t, "premoderate", got.Premoderate, true)
		testutil.Equal(t, "categories", len(got.Categories), 2)
		testutil.Equal(t, "first category by position", got.Categories[0].Slug, "design")
		testutil.Equal(t, "create audited", testutil.Rows(t, db, "audit_entries", "action = ? AND target_id = ? AND actor_id = ?", "challenge.create", created.ID, mod.ID), 1)

		// An idea posted meanwhile keeps its count through an edit.
		testutil.IsErr(t, "open", db.Challenges.SetChallengePhase(ctx, created.ID, challenges.PhaseIdeation), nil)
		testutil.NewIdea(t, db, mod.ID, ideas.IdeaInput{ChallengeID: &created.ID, CategoryID: &design.ID})

		in.Title, in.Phase, in.VoteBudget, in.Premoderate = "Which materials?", challenges.PhaseIdeation, 0, false
		in.IdeationAt, in.VotingAt, in.ReviewAt = nil, date(2030, 5, 1), date(2030, 5, 15)
		in.CategoryIDs = []int64{materials.ID}
		_, err = db.Challenges.SaveChallenge(ctx, mod, created.ID, in)
		testutil.IsErr(t, "update", err, nil)
		got, err = db.Challenges.ChallengeByID(ctx, created.ID)
		testutil.IsErr(t, "reload", err, nil)
		testutil.Equal(t, "new title", got.Title, "Which materials?")
		testutil.Equal(t, "new phase", got.Phase, challenges.PhaseIdeation)
		sameTime(t, "ideation cleared", got.IdeationAt, nil)
		sameTime(t, "voting moved", got.VotingAt, date(2030, 5, 1))
		sameTime(t, "review set", got.ReviewAt, date(2030, 5, 15))
		testutil.Equal(t, "budget cleared", got.VoteBudget, 0)
		testutil.Equal(t, "premoderate off", got.Premoderate, false)
		testutil.Equal(t, "one category left", slices.Equal(categoryIDs(got.Categories), []int64{materials.ID}), true)
		testutil.Equal(t, "idea count kept", got.IdeaCount, 1)
		testutil.Equal(t, "update audited", testutil.Rows(t, db, "audit_entries", "action = ? AND target_id = ? AND before_state LIKE ? AND after_state LIKE ?",
			"challenge.update", created.ID, "%Which materials should the car use?%", "%\"title\":\"Which materials?\"%"), 1)

		// Saving without a change writes no audit entry.
		_, err = db.Challenges.SaveChallenge(ctx, mod, created.ID, in)
		testutil.IsErr(t, "save again", err, nil)
		testutil.Equal(t, "no empty audit entry", testutil.Rows(t, db, "audit_entries", "action = ?", "challenge.update"), 1)

		in.Phase = "open"
		_, err = db.Challenges.SaveChallenge(ctx, mod, created.ID, in)
		testutil.IsErr(t, "unknown phase", err, store.ErrForbidden)
		_, err = db.Challenges.SaveChallenge(ctx, mod, created.ID+100, challenges.ChallengeInput{Title: "x", Slug: "x"})
		testutil.IsErr(t, "unknown challenge", err, store.ErrNotFound)
	})
}

func TestSaveChallengeSlugIsUnique(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		mod := testutil.NewUser(t, db, accounts.RoleModerator)
		first, err := db.Challenges.SaveChallenge(ctx, mod, 0, challenges.ChallengeInput{Title: "First", Slug: "taken"})
		testutil.IsErr(t, "first", err, nil)
		_, err = db.Challenges.SaveChallenge(ctx, mod, 0, challenges.ChallengeInput{Title: "Second", Slug: "taken"})
		testutil.IsErr(t, "same slug", err, store.ErrDuplicate)
		second, err := db.Challenges.SaveChallenge(ctx, mod, 0, challenges.ChallengeInput{Title: "Second", Slug: "free"})
		testutil.IsErr(t, "second", err, nil)
		_, err = db.Challenges.SaveChallenge(ctx, mod, second.ID, challenges.ChallengeInput{Title: "Second", Slug: "taken"})
		testutil.IsErr(t, "rename onto a taken slug", err, store.ErrDuplicate)
		got, err := db.Challenges.ChallengeByID(ctx, second.ID)
		testutil.IsErr(t, "reload", err, nil)
		testutil.Equal(t, "slug unchanged", got.Slug, "free")
		_, err = db.Challenges.SaveChallenge(ctx, mod, first.ID, challenges.ChallengeInput{Title: "First, renamed", Slug: "taken"})
		testutil.IsErr(t, "keeping its own slug", err, nil)
		testutil.Equal(t, "challenges", testutil.Rows(t, db, "challenges", "1 = 1"), 2)
	})
}

func TestSaveChallengeCover(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		mod := testutil.NewUser(t, db, accounts.RoleModerator)
		cover := func() *images.Image {
			pic, err := media.Prepare(testutil.EncodeJPEG(t, testutil.Picture(1200, 400, false)))
			testutil.IsErr(t, "media.Prepare", err, nil)
			return images.ImageOf(pic)
		}
		in := challenges.ChallengeInput{Title: "With a cover", Slug: "cover", Cover: cover()}
		ch, err := db.Challenges.SaveChallenge(ctx, mod, 0, in)
		testutil.IsErr(t, "create", err, nil)
		if ch.CoverImageID == nil {
			t.Fatal("no cover after creating with one")
		}
		first := *ch.CoverImageID
		testutil.Equal(t, "image owner", testutil.Rows(t, db, "images", "id = ? AND owner_id = ?", first, mod.ID), 1)

		in.Cover, in.Title = nil, "Still with a cover"
		ch, err = db.Challenges.SaveChallenge(ctx, mod, ch.ID, in)
		testutil.IsErr(t, "edit without a file", err, nil)
		testutil.Equal(t, "cover kept", ch.CoverImageID != nil && *ch.CoverImageID == first, true)

		in.Cover = cover()
		ch, err = db.Challenges.SaveChallenge(ctx, mod, ch.ID, in)
		testutil.IsErr(t, "replace", err, nil)
		testutil.Equal(t, "cover replaced", ch.CoverImageID != nil && *ch.CoverImageID != first, true)

		in.Cover, in.RemoveCover = nil, true
		ch, err = db.Challenges.SaveChallenge(ctx, mod, ch.ID, in)
		testutil.IsErr(t, "remove", err, nil)
		testutil.Equal(t, "cover removed", ch.CoverImageID == nil, true)
		got, err := db.Challenges.ChallengeByID(ctx, ch.ID)
		testutil.IsErr(t, "reload", err, nil)
		testutil.Equal(t, "cover removed in the database", got.CoverImageID == nil, true)
	})
}

func TestNextPhaseChange(t *testing.T) {
	now := time.Date(2030, 5, 10, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		c         challenges.Challenge
		wantPhase string
		wantAt    *time.Time
	}{
		{"no dates", challenges.Challenge{Phase: challenges.PhaseIdeation}, "", nil},
		{"draft opening tomorrow", challenges.Challenge{Phase: challenges.PhaseDraft, IdeationAt: date(2030, 5, 11)}, challenges.PhaseIdeation, date(2030, 5, 11)},
		{"in ideation, voting next", challenges.Challenge{Phase: challenges.PhaseDraft, IdeationAt: date(2030, 5, 1), VotingAt: date(2030, 5, 20), ReviewAt: date(2030, 6, 1)},
			challenges.PhaseVoting, date(2030, 5, 20)},
		{"every date passed", challenges.Challenge{Phase: challenges.PhaseDraft, IdeationAt: date(2030, 5, 1), ResultsAt: date(2030, 5, 2)}, "", nil},
		{"a date behind the manual phase changes nothing", challenges.Challenge{Phase: challenges.PhaseReview, VotingAt: date(2030, 5, 20), ResultsAt: date(2030, 6, 1)},
			challenges.PhaseResults, date(2030, 6, 1)},
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
			testutil.Equal(t, "phase", got.Phase, tt.wantPhase)
			sameTime(t, "at", &got.At, tt.wantAt)
		})
	}
}

func TestSaveCategory(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		mod := testutil.NewUser(t, db, accounts.RoleModerator)
		features, err := db.Challenges.SaveCategory(ctx, mod, 0, challenges.CategoryInput{Name: " Features ", Slug: "features", Description: "What the car does", Position: 3})
		testutil.IsErr(t, "create", err, nil)
		testutil.Equal(t, "name trimmed", features.Name, "Features")
		design, err := db.Challenges.SaveCategory(ctx, mod, 0, challenges.CategoryInput{Name: "Design", Slug: "design", Position: 1})
		testutil.IsErr(t, "create", err, nil)
		_, err = db.Challenges.SaveCategory(ctx, mod, 0, challenges.CategoryInput{Name: "Design again", Slug: "design"})
		testutil.IsErr(t, "same slug", err, store.ErrDuplicate)
		_, err = db.Challenges.SaveCategory(ctx, mod, features.ID, challenges.CategoryInput{Name: "Features", Slug: "design"})
		testutil.IsErr(t, "rename onto a taken slug", err, store.ErrDuplicate)

		_, err = db.Challenges.SaveCategory(ctx, mod, features.ID, challenges.CategoryInput{Name: "Gadgets", Slug: "gadgets", Description: "", Position: 0})
		testutil.IsErr(t, "update", err, nil)
		got, err := db.Challenges.CategoryByID(ctx, features.ID)
		testutil.IsErr(t, "reload", err, nil)
		testutil.Equal(t, "name", got.Name, "Gadgets")
		testutil.Equal(t, "slug", got.Slug, "gadgets")
		testutil.Equal(t, "description", got.Description, "")
		testutil.Equal(t, "position", got.Position, 0)
		_, err = db.Challenges.SaveCategory(ctx, mod, features.ID, challenges.CategoryInput{Name: "Gadgets", Slug: "gadgets"})
		testutil.IsErr(t, "save without a change", err, nil)
		testutil.Equal(t, "creates audited", testutil.Rows(t, db, "audit_entries", "action = ?", "category.create"), 2)
		testutil.Equal(t, "one update audited", testutil.Rows(t, db, "audit_entries", "action = ? AND target_id = ? AND before_state LIKE ?",
			"category.update", features.ID, "%features%"), 1)

		author := testutil.NewUser(t, db, "")
		testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{CategoryID: &design.ID})
		testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{CategoryID: &design.ID})
		testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
		stats, err := db.Challenges.CategoriesWithCounts(ctx)
		testutil.IsErr(t, "counts", err, nil)
		testutil.Equal(t, "categories", len(stats), 2)
		testutil.Equal(t, "by position", stats[0].Slug, "gadgets")
		testutil.Equal(t, "gadgets ideas", stats[0].IdeaCount, int64(0))
		testutil.Equal(t, "design ideas", stats[1].IdeaCount, int64(2))
		_, err = db.Challenges.SaveCategory(ctx, mod, 999, challenges.CategoryInput{Name: "x", Slug: "x"})
		testutil.IsErr(t, "unknown category", err, store.ErrNotFound)
	})
}
