package challenges

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/ideario/ideario/markdown"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/images"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// Limits on what the admin pages store; the columns allow them.
const (
	ChallengeTitleMax       = 200
	ChallengeSlugMax        = 80
	ChallengeDescriptionMax = 20000
	CategoryNameMax         = 80
	CategorySlugMax         = 64
	CategoryDescriptionMax  = 1000
)

// ChallengeInput is what a moderator sets on a challenge.
type ChallengeInput struct {
	Title, Slug, Description, Phase           string
	IdeationAt, VotingAt, ReviewAt, ResultsAt *time.Time
	VoteBudget                                int
	Premoderate                               bool
	CategoryIDs                               []int64
	// Cover is a new cover image made by PrepareImage; nil keeps the old
	// one, unless RemoveCover asks to go without.
	Cover       *images.Image
	RemoveCover bool
	// Texts are the title and description in other languages than the
	// site's default, by locale; nil leaves them as they are.
	Texts map[string]ChallengeText
}

// challengeState is what the audit log keeps of a challenge.
type challengeState struct {
	Title        string     `json:"title"`
	Slug         string     `json:"slug"`
	Description  string     `json:"description"`
	Phase        string     `json:"phase"`
	IdeationAt   *time.Time `json:"ideation_at"`
	VotingAt     *time.Time `json:"voting_at"`
	ReviewAt     *time.Time `json:"review_at"`
	ResultsAt    *time.Time `json:"results_at"`
	VoteBudget   int        `json:"vote_budget"`
	Premoderate  bool       `json:"premoderate"`
	CoverImageID *int64     `json:"cover_image_id"`
	CategoryIDs  []int64    `json:"category_ids"`
	// Texts are the title and description in other languages, by locale.
	Texts map[string]string `json:"texts,omitempty"`
}

func challengeStateOf(c *Challenge, categoryIDs []int64) *challengeState {
	return &challengeState{Title: c.Title, Slug: c.Slug, Description: c.Description, Phase: c.Phase,
		IdeationAt: c.IdeationAt, VotingAt: c.VotingAt, ReviewAt: c.ReviewAt, ResultsAt: c.ResultsAt,
		VoteBudget: c.VoteBudget, Premoderate: c.Premoderate, CoverImageID: c.CoverImageID, CategoryIDs: categoryIDs}
}

// AllChallenges lists every challenge, drafts included, newest first: the
// admin list. A site has a handful of challenges, never thousands.
func (s *Store) AllChallenges(ctx context.Context) ([]Challenge, error) {
	var all []Challenge
	err := s.DB.WithContext(ctx).Order("created_at DESC, id DESC").Find(&all).Error
	return all, store.MapErr("all challenges", err)
}

// SaveChallenge creates a challenge (id 0) or changes one, with its
// categories and cover, and records the change in the audit log, all in
// one transaction. A slug that another challenge has is ErrDuplicate.
func (s *Store) SaveChallenge(ctx context.Context, actor *accounts.User, id int64, in ChallengeInput) (*Challenge, error) {
	if in.Phase == "" {
		in.Phase = PhaseDraft
	}
	if !slices.Contains(Phases, in.Phase) {
		return nil, store.ErrForbidden
	}
	categoryIDs := uniqueIDs(in.CategoryIDs)
	now := time.Now().UTC()
	c := &Challenge{CreatedAt: now}
	err := s.Tx(ctx, store.Site, func(tx *gorm.DB) error {
		var before *challengeState
		if id != 0 {
			if err := tx.First(c, id).Error; err != nil {
				return err
			}
			old, err := challengeCategoryIDs(tx, id)
			if err != nil {
				return err
			}
			before = challengeStateOf(c, old)
		}
		c.Title, c.Slug = strings.TrimSpace(in.Title), in.Slug
		c.Description, c.DescriptionHTML = in.Description, markdown.Render(in.Description)
		c.Phase, c.VoteBudget, c.Premoderate = in.Phase, in.VoteBudget, in.Premoderate
		c.IdeationAt, c.VotingAt, c.ReviewAt, c.ResultsAt = utc(in.IdeationAt), utc(in.VotingAt), utc(in.ReviewAt), utc(in.ResultsAt)
		c.UpdatedAt = now
		switch {
		case in.Cover != nil:
			if actor != nil {
				in.Cover.OwnerID = &actor.ID
			}
			in.Cover.CreatedAt = now
			if err := tx.Create(in.Cover).Error; err != nil {
				return err
			}
			c.CoverImageID, c.CoverURL = &in.Cover.ID, ""
		case in.RemoveCover:
			c.CoverImageID, c.CoverURL = nil, ""
		}
		if err := writeChallenge(tx, c, id == 0); err != nil {
			return err
		}
		if err := setChallengeCategories(tx, c.ID, categoryIDs); err != nil {
			return err
		}
		oldTexts, err := challengeTextsOf(tx, c.ID)
		if err != nil {
			return err
		}
		if in.Texts != nil {
			if err := setChallengeTexts(tx, c.ID, in.Texts); err != nil {
				return err
			}
		} else {
			in.Texts = oldTexts
		}
		after := challengeStateOf(c, categoryIDs)
		after.Texts = textsState(in.Texts)
		if before != nil {
			before.Texts = textsState(oldTexts)
		}
		if before == nil {
			return audit.Record(tx, actor, "challenge.create", audit.TargetChallenge, c.ID, "", nil, after)
		}
		if sameJSON(before, after) {
			return nil
		}
		return audit.Record(tx, actor, "challenge.update", audit.TargetChallenge, c.ID, "", before, after)
	})
	if err != nil {
		return nil, store.MapErr("save challenge", err)
	}
	return c, s.loadChallengeCategories(ctx, c)
}

// writeChallenge inserts a new challenge, or updates every column a
// moderator sets; the idea count is left alone, since ideas may be posted
// at the same moment.
func writeChallenge(tx *gorm.DB, c *Challenge, create bool) error {
	if create {
		return tx.Create(c).Error
	}
	return tx.Model(&Challenge{}).Where("id = ?", c.ID).UpdateColumns(map[string]any{
		"title": c.Title, "slug": c.Slug, "description": c.Description, "description_html": c.DescriptionHTML,
		"phase": c.Phase, "ideation_at": c.IdeationAt, "voting_at": c.VotingAt, "review_at": c.ReviewAt,
		"results_at": c.ResultsAt, "vote_budget": c.VoteBudget, "premoderate": c.Premoderate,
		"cover_image_id": c.CoverImageID, "cover_url": c.CoverURL, "updated_at": c.UpdatedAt,
	}).Error
}

func setChallengeCategories(tx *gorm.DB, challengeID int64, categoryIDs []int64) error {
	if err := tx.Exec("DELETE FROM challenge_categories WHERE challenge_id = ?", challengeID).Error; err != nil {
		return err
	}
	for _, cat := range categoryIDs {
		if err := tx.Exec("INSERT INTO challenge_categories (challenge_id, category_id) VALUES (?, ?)", challengeID, cat).Error; err != nil {
			return err
		}
	}
	return nil
}

func challengeCategoryIDs(tx *gorm.DB, challengeID int64) ([]int64, error) {
	var ids []int64
	err := tx.Table("challenge_categories").Where("challenge_id = ?", challengeID).Order("category_id").Pluck("category_id", &ids).Error
	return ids, err
}

// PhaseChange is a phase that a date will bring.
type PhaseChange struct {
	Phase string
	At    time.Time
}

// NextPhaseChange is the first date after now that will change the phase
// in force, or nil when no date will.
func (c *Challenge) NextPhaseChange(now time.Time) *PhaseChange {
	var dates []time.Time
	for _, at := range []*time.Time{c.IdeationAt, c.VotingAt, c.ReviewAt, c.ResultsAt} {
		if at != nil && at.After(now) {
			dates = append(dates, *at)
		}
	}
	sort.Slice(dates, func(i, j int) bool { return dates[i].Before(dates[j]) })
	current := c.CurrentPhase(now)
	for _, at := range dates {
		if p := c.CurrentPhase(at); p != current {
			return &PhaseChange{Phase: p, At: at}
		}
	}
	return nil
}

// NextChange is NextPhaseChange from now, for templates.
func (c Challenge) NextChange() *PhaseChange { return c.NextPhaseChange(time.Now()) }

// CategoryInput is what a moderator sets on a category.
type CategoryInput struct {
	Name, Slug, Description string
	Position                int
}

// CategoryStat is a category with the number of ideas filed under it.
type CategoryStat struct {
	Category
	IdeaCount int64
}

// CategoriesWithCounts lists every category in display order with its
// number of ideas, hidden ones included.
func (s *Store) CategoriesWithCounts(ctx context.Context) ([]CategoryStat, error) {
	cats, err := s.Categories(ctx)
	if err != nil {
		return nil, err
	}
	var counts []struct {
		CategoryID int64
		N          int64
	}
	err = s.DB.WithContext(ctx).Table("ideas").Select("category_id, COUNT(*) AS n").
		Where("category_id IS NOT NULL").Group("category_id").Scan(&counts).Error
	if err != nil {
		return nil, store.MapErr("category counts", err)
	}
	byID := make(map[int64]int64, len(counts))
	for _, n := range counts {
		byID[n.CategoryID] = n.N
	}
	out := make([]CategoryStat, len(cats))
	for i, cat := range cats {
		out[i] = CategoryStat{Category: cat, IdeaCount: byID[cat.ID]}
	}
	return out, nil
}

// SaveCategory creates a category (id 0) or changes one, and records it
// in the audit log. A slug that another category has is ErrDuplicate.
func (s *Store) SaveCategory(ctx context.Context, actor *accounts.User, id int64, in CategoryInput) (*Category, error) {
	c := &Category{CreatedAt: time.Now().UTC()}
	err := s.Tx(ctx, store.Site, func(tx *gorm.DB) error {
		var before *Category
		if id != 0 {
			if err := tx.First(c, id).Error; err != nil {
				return err
			}
			old := *c
			before = &old
		}
		c.Name, c.Slug, c.Description, c.Position = strings.TrimSpace(in.Name), in.Slug, in.Description, in.Position
		if before == nil {
			if err := tx.Create(c).Error; err != nil {
				return err
			}
			return audit.Record(tx, actor, "category.create", audit.TargetCategory, c.ID, "", nil, categoryState(c))
		}
		if *before == *c {
			return nil
		}
		err := tx.Model(&Category{}).Where("id = ?", id).UpdateColumns(map[string]any{
			"name": c.Name, "slug": c.Slug, "description": c.Description, "position": c.Position}).Error
		if err != nil {
			return err
		}
		return audit.Record(tx, actor, "category.update", audit.TargetCategory, c.ID, "", categoryState(before), categoryState(c))
	})
	return c, store.MapErr("save category", err)
}

func categoryState(c *Category) map[string]any {
	return map[string]any{"name": c.Name, "slug": c.Slug, "description": c.Description, "position": c.Position}
}

// CategoryByID finds one category.
func (s *Store) CategoryByID(ctx context.Context, id int64) (*Category, error) {
	var c Category
	err := s.DB.WithContext(ctx).First(&c, id).Error
	return &c, store.MapErr("category", err)
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func uniqueIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

func sameJSON(a, b any) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(ja) == string(jb)
}

// SetChallengePhase moves a challenge to a phase by hand.
func (s *Store) SetChallengePhase(ctx context.Context, id int64, phase string) error {
	if !slices.Contains(Phases, phase) {
		return store.ErrForbidden
	}
	err := s.Writes(ctx, store.Site).Model(&Challenge{}).Where("id = ?", id).
		Updates(map[string]any{"phase": phase, "updated_at": time.Now().UTC()}).Error
	return store.MapErr("set phase", err)
}
