package challenges

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ideario/ideario/markdown"
	"github.com/ideario/ideario/models/slug"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// Challenge phases, in the order a challenge goes through them.
const (
	PhaseDraft    = "draft"
	PhaseIdeation = "ideation"
	PhaseVoting   = "voting"
	PhaseReview   = "review"
	PhaseResults  = "results"
)

// Phases lists the phases in order.
var Phases = []string{PhaseDraft, PhaseIdeation, PhaseVoting, PhaseReview, PhaseResults}

// Challenge is a question a sponsor asks the public.
type Challenge struct {
	ID              int64
	Slug            string
	Title           string
	Description     string
	DescriptionHTML string
	CoverURL        string
	Phase           string
	IdeationAt      *time.Time
	VotingAt        *time.Time
	ReviewAt        *time.Time
	ResultsAt       *time.Time
	VoteBudget      int
	IdeaCount       int
	// Premoderate holds ideas from accounts without an approved idea in
	// the moderation queue.
	Premoderate  bool
	CoverImageID *int64
	CreatedAt    time.Time
	UpdatedAt    time.Time

	Categories []Category `gorm:"-"`
	// Lang and DescriptionLang are the languages the title and the
	// description are shown in, when not the site's default (see In).
	Lang            string `gorm:"-"`
	DescriptionLang string `gorm:"-"`
}

// CurrentPhase is the phase in force at a time. Dates, where set, move the
// challenge on by themselves; a phase set by hand that is further along
// than the dates say wins.
func (c *Challenge) CurrentPhase(now time.Time) string {
	phase := c.Phase
	steps := []struct {
		at    *time.Time
		phase string
	}{{c.IdeationAt, PhaseIdeation}, {c.VotingAt, PhaseVoting}, {c.ReviewAt, PhaseReview}, {c.ResultsAt, PhaseResults}}
	for _, s := range steps {
		if s.at != nil && !now.Before(*s.at) && slices.Index(Phases, s.phase) > slices.Index(Phases, phase) {
			phase = s.phase
		}
	}
	return phase
}

// PhaseNow is the phase in force now, for templates.
func (c Challenge) PhaseNow() string { return c.CurrentPhase(time.Now()) }

// AcceptsIdeas tells whether new ideas may be posted now.
func (c *Challenge) AcceptsIdeas(now time.Time) bool { return c.CurrentPhase(now) == PhaseIdeation }

// AcceptsVotes tells whether votes may be cast or withdrawn now.
func (c *Challenge) AcceptsVotes(now time.Time) bool {
	p := c.CurrentPhase(now)
	return p == PhaseIdeation || p == PhaseVoting
}

// IsPublic tells whether visitors may see the challenge.
func (c *Challenge) IsPublic(now time.Time) bool { return c.CurrentPhase(now) != PhaseDraft }

// Category is a topic within the site.
type Category struct {
	ID          int64
	Slug        string
	Name        string
	Description string
	Position    int
	CreatedAt   time.Time
}

// Tag is a free label on ideas.
type Tag struct {
	ID        int64
	Slug      string
	Name      string
	IdeaCount int
}

// List lists the challenges visitors may see, newest first.
func (s *Store) List(ctx context.Context) ([]Challenge, error) {
	all, err := store.SiteCached(s.SiteCache(), "challenges", func() ([]Challenge, error) {
		var all []Challenge
		err := s.DB.WithContext(ctx).Order("created_at DESC, id DESC").Find(&all).Error
		return all, err
	})
	if err != nil {
		return nil, store.MapErr("challenges", err)
	}
	// Which are public depends on the time; the kept list is not changed.
	now := time.Now()
	visible := make([]Challenge, 0, len(all))
	for _, c := range all {
		if c.IsPublic(now) {
			visible = append(visible, c)
		}
	}
	return visible, nil
}

// ChallengeBySlug finds a challenge with its categories.
func (s *Store) ChallengeBySlug(ctx context.Context, slug string) (*Challenge, error) {
	if !store.Storable(slug) {
		return nil, store.ErrNotFound
	}
	var c Challenge
	if err := s.DB.WithContext(ctx).Where("slug = ?", slug).First(&c).Error; err != nil {
		return nil, store.MapErr("challenge", err)
	}
	return &c, s.loadChallengeCategories(ctx, &c)
}

// ChallengeByID finds a challenge with its categories.
func (s *Store) ChallengeByID(ctx context.Context, id int64) (*Challenge, error) {
	var c Challenge
	if err := s.DB.WithContext(ctx).First(&c, id).Error; err != nil {
		return nil, store.MapErr("challenge", err)
	}
	return &c, s.loadChallengeCategories(ctx, &c)
}

func (s *Store) loadChallengeCategories(ctx context.Context, c *Challenge) error {
	err := s.DB.WithContext(ctx).
		Joins("JOIN challenge_categories cc ON cc.category_id = categories.id").
		Where("cc.challenge_id = ?", c.ID).Order("position, name").Find(&c.Categories).Error
	return store.MapErr("challenge categories", err)
}

// NewChallenge holds what is needed to create a challenge.
type NewChallenge struct {
	Slug, Title, Description, Phase string
	VoteBudget                      int
	CategoryIDs                     []int64
}

// CreateChallenge stores a challenge and links its categories.
func (s *Store) CreateChallenge(ctx context.Context, in NewChallenge) (*Challenge, error) {
	c := &Challenge{
		Slug:            slug.Slugify(in.Slug, 80),
		Title:           strings.TrimSpace(in.Title),
		Description:     in.Description,
		DescriptionHTML: markdown.Render(in.Description),
		Phase:           in.Phase,
		VoteBudget:      in.VoteBudget,
	}
	if c.Phase == "" {
		c.Phase = PhaseDraft
	}
	err := s.Tx(ctx, store.Site, func(tx *gorm.DB) error {
		if err := tx.Create(c).Error; err != nil {
			return err
		}
		for _, id := range in.CategoryIDs {
			if err := tx.Exec("INSERT INTO challenge_categories (challenge_id, category_id) VALUES (?, ?)", c.ID, id).Error; err != nil {
				return err
			}
		}
		return nil
	})
	return c, store.MapErr("create challenge", err)
}

// Categories lists every category in display order.
func (s *Store) Categories(ctx context.Context) ([]Category, error) {
	cs, err := store.SiteCached(s.SiteCache(), "categories", func() ([]Category, error) {
		var cs []Category
		err := s.DB.WithContext(ctx).Order("position, name").Find(&cs).Error
		return cs, err
	})
	return slices.Clone(cs), store.MapErr("categories", err)
}

// CategoryBySlug finds one category.
func (s *Store) CategoryBySlug(ctx context.Context, slug string) (*Category, error) {
	if !store.Storable(slug) {
		return nil, store.ErrNotFound
	}
	var c Category
	err := s.DB.WithContext(ctx).Where("slug = ?", slug).First(&c).Error
	return &c, store.MapErr("category", err)
}

// CreateCategory stores a category.
func (s *Store) CreateCategory(ctx context.Context, key, name, description string, position int) (*Category, error) {
	c := &Category{Slug: slug.Slugify(key, 64), Name: strings.TrimSpace(name), Description: description, Position: position}
	err := s.Writes(ctx, store.Site).Create(c).Error
	return c, store.MapErr("create category", err)
}

// TagBySlug finds one tag.
func (s *Store) TagBySlug(ctx context.Context, slug string) (*Tag, error) {
	if !store.Storable(slug) {
		return nil, store.ErrNotFound
	}
	var t Tag
	err := s.DB.WithContext(ctx).Where("slug = ?", slug).First(&t).Error
	return &t, store.MapErr("tag", err)
}

// PopularTags lists the most used tags.
func (s *Store) PopularTags(ctx context.Context, limit int) ([]Tag, error) {
	ts, err := store.SiteCached(s.SiteCache(), "tags:"+strconv.Itoa(limit), func() ([]Tag, error) {
		var ts []Tag
		err := s.DB.WithContext(ctx).Where("idea_count > 0").Order("idea_count DESC, slug").Limit(limit).Find(&ts).Error
		return ts, err
	})
	return slices.Clone(ts), store.MapErr("tags", err)
}

// CountInChallenge keeps a challenge's count of visible ideas exact.
func CountInChallenge(tx *gorm.DB, challengeID *int64, delta int) error {
	if challengeID == nil {
		return nil
	}
	return tx.Model(&Challenge{}).Where("id = ?", *challengeID).
		UpdateColumn("idea_count", gorm.Expr("idea_count + ?", delta)).Error
}

// ErrPhaseClosed refuses what the challenge's phase does not allow now.
var ErrPhaseClosed = store.Refusal("the challenge is not in a phase that allows this")
