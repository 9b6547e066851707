package seed

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/bulk"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/passwords"
	"github.com/ideario/ideario/models/slug"
	"github.com/ideario/ideario/models/store"
)

// SyntheticPassword is the password of every synthetic account.
const SyntheticPassword = "synthetic-password"

// Size limits keep a mistyped option from filling the disk or the memory.
const (
	maxSyntheticPeople  = 10_000_000
	maxSyntheticRecords = 100_000_000
)

// ErrHasIdeas means the database already holds ideas, which the synthetic
// dataset would mix with.
var ErrHasIdeas = errors.New("the database already has ideas; the synthetic dataset loads only into a database without any")

// SyntheticOptions sizes the synthetic dataset.
type SyntheticOptions struct {
	Users, Ideas, Votes, Comments int
	// Seed picks the dataset: the same seed gives the same rows.
	Seed int64
	// Progress, if set, is called after each batch with the users, ideas,
	// votes and comments written so far and their total.
	Progress func(done, total int64)

	// until is the end of the year the data spans; zero means the start
	// of the current day (UTC). Tests fix it.
	until time.Time
}

// MioX10 is the reference load-test dataset, ten times the Fiat Mio
// campaign, with seed 1.
func MioX10() SyntheticOptions {
	return SyntheticOptions{Users: 170_000, Ideas: 100_000, Votes: 1_000_000, Comments: 500_000, Seed: 1}
}

// SyntheticResult tells what Synthetic wrote.
type SyntheticResult struct {
	Users, Ideas, Votes, Comments, Follows int64
	Challenges, Categories, Tags           int
	// CommentedIdeaID is the idea with the lowest id; it has exactly 100
	// visible comments when the dataset has at least 100 comments.
	CommentedIdeaID int64
	// From and Until bound the activity: sign-ups, ideas, votes, comments.
	From, Until time.Time
}

// Validate refuses sizes that cannot make a consistent dataset.
func (o SyntheticOptions) Validate() error {
	for _, f := range []struct {
		name     string
		n, limit int
	}{{"users", o.Users, maxSyntheticPeople}, {"ideas", o.Ideas, maxSyntheticPeople},
		{"votes", o.Votes, maxSyntheticRecords}, {"comments", o.Comments, maxSyntheticRecords}} {
		if f.n < 0 || f.n > f.limit {
			return fmt.Errorf("seed: %s must be between 0 and %d, not %d", f.name, f.limit, f.n)
		}
	}
	switch {
	case o.Ideas > 0 && o.Users == 0:
		return errors.New("seed: ideas need at least one user to write them")
	case int64(o.Votes) > int64(o.Users)*int64(o.Ideas):
		return fmt.Errorf("seed: %d votes are more than users × ideas (%d): each person supports an idea once",
			o.Votes, int64(o.Users)*int64(o.Ideas))
	case o.Comments > 0 && o.Ideas == 0:
		return errors.New("seed: comments need at least one idea")
	case o.Comments > 100 && o.Ideas == 1:
		return errors.New("seed: more than 100 comments need at least two ideas (the first idea gets exactly 100)")
	}
	return nil
}

// Synthetic loads the reproducible load-test dataset that the package
// comment describes into a database without ideas (ErrHasIdeas
// otherwise), after checking the options (Validate). Each batch is its
// own transaction: a load that fails or is cancelled leaves the rows
// written so far, so start again from a new database.
func Synthetic(ctx context.Context, store *models.Store, opt SyntheticOptions) (SyntheticResult, error) {
	if err := opt.Validate(); err != nil {
		return SyntheticResult{}, err
	}
	has, err := store.Bulk.HasIdeas(ctx)
	if err != nil {
		return SyntheticResult{}, err
	}
	if has {
		return SyntheticResult{}, ErrHasIdeas
	}
	g, err := newSynth(ctx, store, opt)
	if err != nil {
		return SyntheticResult{}, err
	}
	return g.run(ctx)
}

// synth is one run of the generator.
type synth struct {
	opt           SyntheticOptions
	store         *models.Store
	from, end     time.Time
	ids           bulk.BulkIDs
	hash          string
	categories    []int64 // by index into synthCategories
	newCategories []challenges.Category
	tags          map[string]int64 // by slug
	tagPools      [][]int64        // the tags an idea may get, by category
	newTags       []challenges.Tag
	challenges    []synthChallenge

	ideaAt        []time.Time // creation time, by idea index
	ideaChallenge []uint8
	votes         []int32 // votes per idea
	comments      []int32 // comments per idea
	popular       float64 // votes from which an idea counts as popular

	done, total int64
	result      SyntheticResult
}

// synthChallenge is a challenge of the run: ideas may be posted to it
// from opens until closes (the start of its voting phase, if any).
type synthChallenge struct {
	id            int64
	opens, closes time.Time
	weight        float64
	categories    []int
}

// Random streams: each kind of row draws from its own stream, and each
// idea or user from its own position in it, so that rows do not depend on
// the order in which they are made.
const (
	streamPlan = iota + 1
	streamUser
	streamIdea
)

func newRand(seed int64, stream, n uint64) *rand.Rand {
	// A negative seed wraps to a large one: any bit pattern is a seed, and the
	// same seed still gives the same data.
	return rand.New(rand.NewPCG(uint64(seed), stream<<48^n)) //nolint:gosec // G115: see above
}

func newSynth(ctx context.Context, db *models.Store, opt SyntheticOptions) (*synth, error) {
	end := opt.until
	if end.IsZero() {
		end = time.Now().UTC().Truncate(24 * time.Hour)
	}
	g := &synth{opt: opt, store: db, end: end.UTC(), from: end.UTC().AddDate(-1, 0, 0), tags: map[string]int64{}}
	g.total = int64(opt.Users + opt.Ideas + opt.Votes + opt.Comments)
	var err error
	if g.ids, err = db.Bulk.MaxIDs(ctx); err != nil {
		return nil, err
	}
	// One hash for every account: argon2id is slow on purpose.
	if g.hash, err = passwords.Hash(SyntheticPassword); err != nil {
		return nil, err
	}
	if err := g.ensureCategories(ctx); err != nil {
		return nil, err
	}
	if err := g.ensureTags(ctx); err != nil {
		return nil, err
	}
	for _, c := range synthChallenges {
		if _, err := db.Challenges.ChallengeBySlug(ctx, c.slug); err == nil {
			return nil, fmt.Errorf("seed: a challenge with the slug %q exists already; the synthetic dataset needs a database without it", c.slug)
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	g.planChallenges()
	g.planIdeas()
	return g, nil
}

func (g *synth) run(ctx context.Context) (SyntheticResult, error) {
	if err := g.store.Bulk.BulkInsert(ctx, g.challengeBatch()); err != nil {
		return g.result, fmt.Errorf("seed: challenges: %w", err)
	}
	if err := g.writeUsers(ctx); err != nil {
		return g.result, err
	}
	tagCounts, err := g.writeIdeas(ctx)
	if err != nil {
		return g.result, err
	}
	if err := g.store.Bulk.SetTagCounts(ctx, tagCounts); err != nil {
		return g.result, err
	}
	if err := g.store.Bulk.FinishBulk(ctx); err != nil {
		return g.result, err
	}
	g.result.Challenges, g.result.Categories, g.result.Tags = len(g.challenges), len(g.categories), len(g.tags)
	g.result.From, g.result.Until = g.from, g.end
	if g.opt.Ideas > 0 {
		g.result.CommentedIdeaID = g.ideaID(0)
	}
	return g.result, nil
}

// ensureCategories finds the campaign's categories that exist and numbers
// the others, which the challenges' batch writes.
func (g *synth) ensureCategories(ctx context.Context) error {
	next := g.ids.Categories
	for i, c := range synthCategories {
		cat, err := g.store.Challenges.CategoryBySlug(ctx, c.slug)
		switch {
		case err == nil:
			g.categories = append(g.categories, cat.ID)
		case errors.Is(err, store.ErrNotFound):
			next++
			g.categories = append(g.categories, next)
			g.newCategories = append(g.newCategories, challenges.Category{ID: next, Slug: c.slug, Name: c.name,
				Description: c.description, Position: i, CreatedAt: g.from.AddDate(0, 0, -7)})
		default:
			return fmt.Errorf("seed: category %s: %w", c.slug, err)
		}
	}
	return nil
}

// ensureTags finds the campaign's tags that exist and numbers the others,
// which the challenges' batch writes.
func (g *synth) ensureTags(ctx context.Context) error {
	names := slices.Clone(synthTags)
	for _, c := range synthCategories {
		names = append(names, c.tags...)
	}
	next := g.ids.Tags
	for _, name := range names {
		slug := slug.Slugify(name, ideas.TagMax)
		if _, ok := g.tags[slug]; ok {
			continue
		}
		t, err := g.store.Challenges.TagBySlug(ctx, slug)
		switch {
		case err == nil:
			g.tags[slug] = t.ID
		case errors.Is(err, store.ErrNotFound):
			next++
			g.tags[slug] = next
			g.newTags = append(g.newTags, challenges.Tag{ID: next, Slug: slug, Name: name})
		default:
			return fmt.Errorf("seed: tag %s: %w", slug, err)
		}
	}
	for _, c := range synthCategories {
		var pool []int64
		for _, name := range append(slices.Clip(c.tags), synthTags...) {
			if id := g.tags[slug.Slugify(name, ideas.TagMax)]; !slices.Contains(pool, id) {
				pool = append(pool, id)
			}
		}
		g.tagPools = append(g.tagPools, pool)
	}
	return nil
}

func (g *synth) advance(n int64) {
	g.done += n
	if g.opt.Progress != nil {
		g.opt.Progress(g.done, g.total)
	}
}
