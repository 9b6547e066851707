package seed

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/ideario/ideario/markdown"
	"github.com/ideario/ideario/models/bulk"
	"github.com/ideario/ideario/models/challenges"
)

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
func (g *synth) challengeBatch() *bulk.BulkBatch {
	b := &bulk.BulkBatch{Categories: g.newCategories, Tags: g.newTags}
	counts := make([]int, len(g.challenges))
	for _, c := range g.ideaChallenge {
		counts[c]++
	}
	for i, sc := range g.challenges {
		def := synthChallenges[i]
		opens := sc.opens
		c := challenges.Challenge{ID: sc.id, Slug: def.slug, Title: def.title, Description: def.description,
			DescriptionHTML: markdown.Render(def.description), Phase: challenges.PhaseIdeation, IdeationAt: &opens,
			IdeaCount: counts[i], CreatedAt: opens.AddDate(0, 0, -7), UpdatedAt: opens}
		if sc.closes.Before(g.end) {
			closes := sc.closes
			c.Phase, c.VotingAt, c.UpdatedAt = challenges.PhaseVoting, &closes, closes
		}
		b.Challenges = append(b.Challenges, c)
		for _, cat := range def.categories {
			b.ChallengeCategories = append(b.ChallengeCategories, bulk.BulkPair{A: sc.id, B: g.categories[cat]})
		}
	}
	return b
}
