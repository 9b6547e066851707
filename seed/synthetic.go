package seed

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/ideario/ideario/markdown"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/passwords"
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
	has, err := store.HasIdeas(ctx)
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
	ids           models.BulkIDs
	hash          string
	categories    []int64 // by index into synthCategories
	newCategories []models.Category
	tags          map[string]int64 // by slug
	tagPools      [][]int64        // the tags an idea may get, by category
	newTags       []models.Tag
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

func newSynth(ctx context.Context, store *models.Store, opt SyntheticOptions) (*synth, error) {
	end := opt.until
	if end.IsZero() {
		end = time.Now().UTC().Truncate(24 * time.Hour)
	}
	g := &synth{opt: opt, store: store, end: end.UTC(), from: end.UTC().AddDate(-1, 0, 0), tags: map[string]int64{}}
	g.total = int64(opt.Users + opt.Ideas + opt.Votes + opt.Comments)
	var err error
	if g.ids, err = store.MaxIDs(ctx); err != nil {
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
		if _, err := store.ChallengeBySlug(ctx, c.slug); err == nil {
			return nil, fmt.Errorf("seed: a challenge with the slug %q exists already; the synthetic dataset needs a database without it", c.slug)
		} else if !errors.Is(err, models.ErrNotFound) {
			return nil, err
		}
	}
	g.planChallenges()
	g.planIdeas()
	return g, nil
}

func (g *synth) run(ctx context.Context) (SyntheticResult, error) {
	if err := g.store.BulkInsert(ctx, g.challengeBatch()); err != nil {
		return g.result, fmt.Errorf("seed: challenges: %w", err)
	}
	if err := g.writeUsers(ctx); err != nil {
		return g.result, err
	}
	tagCounts, err := g.writeIdeas(ctx)
	if err != nil {
		return g.result, err
	}
	if err := g.store.SetTagCounts(ctx, tagCounts); err != nil {
		return g.result, err
	}
	if err := g.store.FinishBulk(ctx); err != nil {
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
		cat, err := g.store.CategoryBySlug(ctx, c.slug)
		switch {
		case err == nil:
			g.categories = append(g.categories, cat.ID)
		case errors.Is(err, models.ErrNotFound):
			next++
			g.categories = append(g.categories, next)
			g.newCategories = append(g.newCategories, models.Category{ID: next, Slug: c.slug, Name: c.name,
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
		slug := models.Slugify(name, models.TagMax)
		if _, ok := g.tags[slug]; ok {
			continue
		}
		t, err := g.store.TagBySlug(ctx, slug)
		switch {
		case err == nil:
			g.tags[slug] = t.ID
		case errors.Is(err, models.ErrNotFound):
			next++
			g.tags[slug] = next
			g.newTags = append(g.newTags, models.Tag{ID: next, Slug: slug, Name: name})
		default:
			return fmt.Errorf("seed: tag %s: %w", slug, err)
		}
	}
	for _, c := range synthCategories {
		var pool []int64
		for _, name := range append(slices.Clip(c.tags), synthTags...) {
			if id := g.tags[models.Slugify(name, models.TagMax)]; !slices.Contains(pool, id) {
				pool = append(pool, id)
			}
		}
		g.tagPools = append(g.tagPools, pool)
	}
	return nil
}

// planChallenges opens the challenges one after another over the first
// two thirds of the year; the two oldest moved to their voting phase
// three months before the end, so they take votes but no more ideas.
func (g *synth) planChallenges() {
	span := g.end.Sub(g.from)
	for i, c := range synthChallenges {
		sc := synthChallenge{
			id:     g.ids.Challenges + int64(i) + 1,
			opens:  g.from.Add(span * time.Duration(i) / 15),
			closes: g.end,
			weight: c.weight, categories: c.categories,
		}
		if i < 2 {
			sc.closes = g.end.AddDate(0, -3, 0)
		}
		g.challenges = append(g.challenges, sc)
	}
}

// planIdeas decides when each idea is posted and to which challenge, and
// how many votes and comments it gets.
func (g *synth) planIdeas() {
	n := g.opt.Ideas
	r := newRand(g.opt.Seed, streamPlan, 0)
	g.ideaAt = make([]time.Time, n)
	g.ideaChallenge = make([]uint8, n)
	span := g.end.Sub(g.from).Seconds()
	for i := range n {
		// Ideas come fastest after the launch; the power keeps the times
		// in id order.
		x := (float64(i) + r.Float64()) / float64(n)
		g.ideaAt[i] = g.from.Add(time.Duration(math.Pow(x, 1.4) * span * float64(time.Second))).Truncate(time.Second)
		g.ideaChallenge[i] = uint8(g.pickChallenge(r, g.ideaAt[i])) //nolint:gosec // G115: an index into synthChallenges, a short fixed list
	}
	voteWeights, commentWeights := g.popularity(r)
	g.votes = allocate(int64(g.opt.Votes), voteWeights, int64(g.opt.Users))
	g.comments = make([]int32, n)
	if n > 0 {
		first := min(g.opt.Comments, 100)
		if n == 1 {
			first = g.opt.Comments
		}
		g.comments[0] = int32(first) //nolint:gosec // G115: validate keeps comments at most maxSyntheticRecords, below 2^31
		copy(g.comments[1:], allocate(int64(g.opt.Comments-first), commentWeights[1:], math.MaxInt32))
		g.popular = 5 * float64(g.opt.Votes) / float64(n)
	}
}

// popularity gives each idea weights for votes and comments that follow
// Zipf's law over a random ranking of the ideas (so a few ideas get most
// of them), with older ideas having had more time to collect them.
func (g *synth) popularity(r *rand.Rand) (votes, comments []float64) {
	n := g.opt.Ideas
	rank := r.Perm(n)
	votes, comments = make([]float64, n), make([]float64, n)
	span := g.end.Sub(g.from).Seconds()
	for i := range n {
		age := 0.4 + 0.6*g.end.Sub(g.ideaAt[i]).Seconds()/span
		votes[i] = age / float64(rank[i]+5)
		comments[i] = age / math.Pow(float64(rank[i]+5), 0.85)
	}
	return votes, comments
}

// pickChallenge chooses, by weight, one of the challenges that take ideas
// at t (the first one opens with the campaign).
func (g *synth) pickChallenge(r *rand.Rand, t time.Time) int {
	var total float64
	for _, c := range g.challenges {
		if c.takes(t) {
			total += c.weight
		}
	}
	x := r.Float64() * total
	for i, c := range g.challenges {
		if c.takes(t) {
			if x -= c.weight; x < 0 {
				return i
			}
		}
	}
	return 0
}

func (c synthChallenge) takes(t time.Time) bool { return !t.Before(c.opens) && t.Before(c.closes) }

// allocate shares total among items in proportion to weights, none above
// limit, and returns exact integers that add up to total. total must not
// exceed limit × len(weights).
func allocate(total int64, weights []float64, limit int64) []int32 {
	counts := make([]int64, len(weights))
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpDesc(weights[a], weights[b]) })
	for total > 0 {
		var sum float64
		for _, i := range order {
			if counts[i] < limit {
				sum += weights[i]
			}
		}
		given := int64(0)
		for _, i := range order {
			if counts[i] < limit && sum > 0 {
				share := min(int64(float64(total-given)*weights[i]/sum), limit-counts[i], total-given)
				counts[i] += share
				given += share
				sum -= weights[i]
			}
		}
		if given == 0 {
			// What is left is less than any share: one more each to the
			// heaviest items that have room.
			for _, i := range order {
				if counts[i] < limit && given < total {
					counts[i]++
					given++
				}
			}
		}
		total -= given
	}
	out := make([]int32, len(counts))
	for i, c := range counts {
		out[i] = int32(c) //nolint:gosec // G115: each count is at most limit, which callers keep within int32
	}
	return out
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// challengeBatch holds the challenges, with the number of ideas each will
// get, their categories and the new categories and tags.
func (g *synth) challengeBatch() *models.BulkBatch {
	b := &models.BulkBatch{Categories: g.newCategories, Tags: g.newTags}
	counts := make([]int, len(g.challenges))
	for _, c := range g.ideaChallenge {
		counts[c]++
	}
	for i, sc := range g.challenges {
		def := synthChallenges[i]
		opens := sc.opens
		c := models.Challenge{ID: sc.id, Slug: def.slug, Title: def.title, Description: def.description,
			DescriptionHTML: markdown.Render(def.description), Phase: models.PhaseIdeation, IdeationAt: &opens,
			IdeaCount: counts[i], CreatedAt: opens.AddDate(0, 0, -7), UpdatedAt: opens}
		if sc.closes.Before(g.end) {
			closes := sc.closes
			c.Phase, c.VotingAt, c.UpdatedAt = models.PhaseVoting, &closes, closes
		}
		b.Challenges = append(b.Challenges, c)
		for _, cat := range def.categories {
			b.ChallengeCategories = append(b.ChallengeCategories, models.BulkPair{A: sc.id, B: g.categories[cat]})
		}
	}
	return b
}

// signedUp is when user u (from 0) signed up: the staff at the launch,
// then a quarter of the people in the first tenth of the year and the
// rest more and more slowly, never later than a tenth before the end.
func (g *synth) signedUp(u int) time.Time {
	if u < 3 {
		return g.from
	}
	x := float64(u) / float64(g.opt.Users)
	return g.from.Add(time.Duration(0.9 * math.Pow(x, 1.6) * g.end.Sub(g.from).Seconds() * float64(time.Second))).Truncate(time.Second)
}

// usersBy counts the users signed up at t (at least one: the admin).
func (g *synth) usersBy(t time.Time) int {
	frac := t.Sub(g.from).Seconds() / (0.9 * g.end.Sub(g.from).Seconds())
	k := min(g.opt.Users, int(float64(g.opt.Users)*math.Pow(max(frac, 0), 1/1.6)))
	for k < g.opt.Users && !g.signedUp(k).After(t) {
		k++
	}
	for k > 1 && g.signedUp(k-1).After(t) {
		k--
	}
	return max(k, 1)
}

// activeUser picks one of the first k users, favouring early ones: the
// people who joined first take part the most.
func activeUser(r *rand.Rand, k int) int {
	x := r.Float64()
	return min(k-1, int(x*x*float64(k)))
}

func (g *synth) userID(u int) int64     { return g.ids.Users + int64(u) + 1 }
func (g *synth) ideaID(i int) int64     { return g.ids.Ideas + int64(i) + 1 }
func (g *synth) staffID(role int) int64 { return g.userID(min(role, g.opt.Users-1)) }

// userCountry is user u's country, drawn from the user's own stream.
func (g *synth) userCountry(u int) string {
	return pickCountry(newRand(g.opt.Seed, streamUser, uint64(u))) //nolint:gosec // G115: u is a user's index, never negative
}

// writeUsers writes the accounts in batches.
func (g *synth) writeUsers(ctx context.Context) error {
	const batch = 20_000
	for lo := 0; lo < g.opt.Users; lo += batch {
		b := &models.BulkBatch{}
		for u := lo; u < min(g.opt.Users, lo+batch); u++ {
			b.Users = append(b.Users, g.user(u))
		}
		if err := g.store.BulkInsert(ctx, b); err != nil {
			return fmt.Errorf("seed: users: %w", err)
		}
		g.result.Users += int64(len(b.Users))
		g.advance(int64(len(b.Users)))
	}
	return nil
}

func (g *synth) user(u int) models.User {
	r := newRand(g.opt.Seed, streamUser, uint64(u)) //nolint:gosec // G115: u is a user's index, never negative
	country := pickCountry(r)
	names := synthNames[nameLanguage(country)]
	at := g.signedUp(u)
	user := models.User{ID: g.userID(u), Name: pick(r, names[0]) + " " + pick(r, names[1]),
		Email: "user" + strconv.Itoa(u+1) + "@synthetic.example", PasswordHash: g.hash, Country: country,
		Locale: synthLocales[nameLanguage(country)], Role: models.RoleContributor, NotifyEmail: r.IntN(5) > 0, SessionVersion: 1, CreatedAt: at, UpdatedAt: at}
	if r.IntN(8) > 0 {
		verified := at.Add(time.Duration(1+r.IntN(120)) * time.Minute)
		user.VerifiedAt = &verified
	}
	switch u {
	case 0:
		user.Role, user.Name = models.RoleAdmin, "Synthetic Admin"
	case 1:
		user.Role, user.Name = models.RoleModerator, "Synthetic Moderator"
	case 2:
		user.Role, user.Name = models.RoleSponsor, "Synthetic Sponsor"
	}
	return user
}

// pickCountry draws a country: the head of the list by its shares, the
// tail by Zipf's law over what is left.
func pickCountry(r *rand.Rand) string {
	x := r.Float64()
	for _, c := range synthCountryHeads {
		if x -= c.share; x < 0 {
			return c.code
		}
	}
	return countryTail[min(len(countryTail)-1, int(float64(len(countryTail))*math.Pow(r.Float64(), 2.5)))]
}

func (g *synth) advance(n int64) {
	g.done += n
	if g.opt.Progress != nil {
		g.opt.Progress(g.done, g.total)
	}
}
