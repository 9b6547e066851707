package seed

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ideario/ideario/markdown"
	"github.com/ideario/ideario/models/bulk"
	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/models/ideas"
)

// Batches of ideas are cut at whichever limit comes first: big enough
// that commits are few, small enough that memory stays flat.
const (
	batchIdeas = 5000
	batchRows  = 100_000
)

// writeIdeas makes the ideas, with their tags, statuses, votes, comments
// and follows, in one goroutine while another writes the batches: on two
// cores, rendering Markdown and inserting rows overlap. It returns the
// number of ideas of each tag.
func (g *synth) writeIdeas(ctx context.Context) (map[int64]int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan *bulk.BulkBatch, 2)
	tagCounts := map[int64]int{}
	go func() {
		defer close(batches)
		g.makeIdeas(ctx, batches, tagCounts)
	}()
	for b := range batches {
		if err := g.store.Bulk.BulkInsert(ctx, b); err != nil {
			cancel()
			for range batches { // let the maker finish
			}
			return nil, fmt.Errorf("seed: ideas: %w", err)
		}
		g.result.Ideas += int64(len(b.Ideas))
		g.result.Votes += int64(len(b.Votes))
		g.result.Comments += int64(len(b.Comments))
		g.result.Follows += int64(len(b.Follows))
		g.advance(int64(len(b.Ideas) + len(b.Votes) + len(b.Comments)))
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("seed: ideas: %w", err)
	}
	return tagCounts, nil
}

// makeIdeas sends the ideas in batches until all are made or ctx ends.
func (g *synth) makeIdeas(ctx context.Context, out chan<- *bulk.BulkBatch, tagCounts map[int64]int) {
	m := &ideaMaker{g: g, voted: make([]int32, g.opt.Users), followed: make([]int32, g.opt.Users),
		nextComment: g.ids.Comments + 1, rendered: map[string][2]string{}}
	b := &bulk.BulkBatch{}
	for i := range g.opt.Ideas {
		m.make(i, b, tagCounts)
		last := i == g.opt.Ideas-1
		if last || len(b.Ideas) >= batchIdeas || len(b.Votes)+len(b.Comments) >= batchRows {
			renderIdeas(b.Ideas)
			sortByUser(b)
			select {
			case out <- b:
			case <-ctx.Done():
				return
			}
			b = &bulk.BulkBatch{}
		}
	}
}

// ideaMaker makes ideas one after another, reusing its scratch space.
type ideaMaker struct {
	g *synth
	// voted and followed mark, by user index, the last idea (index + 1)
	// the user voted for or follows, so that nobody counts twice.
	voted, followed []int32
	nextComment     int64
	// rendered caches the HTML and plain text of comment bodies and
	// responses: they are drawn from short lists, so most repeat.
	rendered     map[string][2]string
	voteTimes    []time.Time
	commentTimes []time.Time
	threads      []int64 // the thread of each comment of the idea being made
}

// make adds idea i and everything that hangs on it to the batch.
func (m *ideaMaker) make(i int, b *bulk.BulkBatch, tagCounts map[int64]int) {
	g := m.g
	r := newRand(g.opt.Seed, streamIdea, uint64(i)) //nolint:gosec // G115: i is an idea's index, never negative
	created := g.ideaAt[i]
	ch := g.challenges[g.ideaChallenge[i]]
	cat := ch.categories[r.IntN(len(ch.categories))]
	author := activeUser(r, g.usersBy(created))
	lang := ideaLanguage(r, g.userCountry(author))
	title, body := ideaText(r, lang, &synthCategories[cat])
	chID, catID := ch.id, g.categories[cat]
	idea := ideas.Idea{ID: g.ideaID(i), Title: title, Body: body, AuthorID: g.userID(author), ChallengeID: &chID,
		CategoryID: &catID, Status: ideas.StatusNew, CreatedAt: created, UpdatedAt: created, Lang: synthLocales[lang]}
	m.tag(r, idea.ID, cat, b, tagCounts)
	m.setStatus(r, &idea, int(g.votes[i]), b)
	m.vote(r, i, &idea, b)
	followers := m.comment(r, i, author, lang, &idea, b)
	idea.VoteCount, idea.CommentCount, idea.FollowerCount = len(m.voteTimes), len(m.commentTimes), followers
	idea.Hot = ideas.HotScore(created, m.voteTimes, m.commentTimes)
	b.Ideas = append(b.Ideas, idea)
}

// ideaLanguage picks the language of an idea from its author's country:
// English mostly, Portuguese and French where people speak them.
func ideaLanguage(r *rand.Rand, country string) string {
	x := r.Float64()
	switch nameLanguage(country) {
	case "pt":
		if x < 0.45 {
			return "pt"
		}
	case "fr":
		if x < 0.6 {
			return "fr"
		}
	default:
		if x < 0.02 {
			return "fr"
		}
	}
	return "en"
}

// tag gives the idea up to four tags from its category and the general ones.
func (m *ideaMaker) tag(r *rand.Rand, ideaID int64, cat int, b *bulk.BulkBatch, tagCounts map[int64]int) {
	pool := m.g.tagPools[cat]
	n := []int{0, 1, 1, 2, 2, 2, 3, 3, 4}[r.IntN(9)]
	for _, j := range r.Perm(len(pool))[:n] {
		id := pool[j]
		b.IdeaTags = append(b.IdeaTags, bulk.BulkPair{A: ideaID, B: id})
		tagCounts[id]++
	}
}

// Cumulative odds of each status after "new", for most ideas and for
// popular ones, which moderators look at more.
var statusOdds = []struct {
	status        string
	usual, famous float64
}{
	{ideas.StatusNew, 0.52, 0.15}, {ideas.StatusUnderReview, 0.72, 0.40}, {ideas.StatusAccepted, 0.80, 0.60},
	{ideas.StatusInProgress, 0.86, 0.75}, {ideas.StatusImplemented, 0.90, 0.88}, {ideas.StatusDeclined, 1, 1},
}

// setStatus moves some ideas along the funnel, with an official response
// and the step in the idea's history, made by the moderator.
func (m *ideaMaker) setStatus(r *rand.Rand, idea *ideas.Idea, votes int, b *bulk.BulkBatch) {
	famous := votes > 0 && float64(votes) >= m.g.popular
	x := r.Float64()
	status := ideas.StatusDeclined
	for _, o := range statusOdds {
		limit := o.usual
		if famous {
			limit = o.famous
		}
		if x < limit {
			status = o.status
			break
		}
	}
	if status == ideas.StatusNew {
		return
	}
	at := between(idea.CreatedAt, m.g.end, 0.2+0.7*r.Float64())
	response := pick(r, synthResponses[status])
	actor := m.g.staffID(1)
	idea.Status, idea.StatusChangedAt, idea.UpdatedAt = status, &at, at
	r2 := m.render(response)
	idea.Response, idea.ResponseHTML, idea.ResponseText = response, r2[0], r2[1]
	b.StatusChanges = append(b.StatusChanges, ideas.StatusChange{IdeaID: idea.ID, ActorID: &actor,
		FromStatus: ideas.StatusNew, ToStatus: status, Response: response, CreatedAt: at})
}

// between is the time a fraction x of the way from a to b, to the second.
func between(a, b time.Time, x float64) time.Time {
	return a.Add(time.Duration(x * float64(b.Sub(a)))).Truncate(time.Second)
}

// vote casts the idea's votes, each by a different person, most of them
// soon after the idea (or the voter) appeared.
func (m *ideaMaker) vote(r *rand.Rand, i int, idea *ideas.Idea, b *bulk.BulkBatch) {
	g := m.g
	users, k, stamp := g.opt.Users, int(g.votes[i]), int32(i+1) //nolint:gosec // G115: validate keeps ideas at most maxSyntheticPeople, below 2^31
	m.voteTimes = m.voteTimes[:0]
	cast := func(u int) {
		from := idea.CreatedAt
		if s := g.signedUp(u); s.After(from) {
			from = s
		}
		x := r.Float64()
		at := between(from, g.end, x*x*x)
		b.Votes = append(b.Votes, bulk.BulkVote{UserID: g.userID(u), IdeaID: idea.ID, ChallengeID: idea.ChallengeID, CreatedAt: at})
		m.voteTimes = append(m.voteTimes, at)
	}
	if 2*k <= users {
		// Half the voters are the most active people, half anyone: the
		// second half keeps the draw quick however many votes there are.
		for n := 0; n < k; {
			u := r.IntN(users)
			if r.IntN(2) == 0 {
				u = activeUser(r, users)
			}
			if m.voted[u] != stamp {
				m.voted[u] = stamp
				cast(u)
				n++
			}
		}
		return
	}
	// Most people vote: draw those who do not.
	for n := 0; n < users-k; {
		if u := r.IntN(users); m.voted[u] != stamp {
			m.voted[u] = stamp
			n++
		}
	}
	for u := range users {
		if m.voted[u] != stamp {
			cast(u)
		}
	}
}

// comment writes the idea's discussion, oldest first, a third of it
// replies to earlier comments, and makes the author and every commenter
// follow the idea, as the app does. It returns the number of followers.
func (m *ideaMaker) comment(r *rand.Rand, i, author int, lang string, idea *ideas.Idea, b *bulk.BulkBatch) int {
	g := m.g
	k, stamp := int(g.comments[i]), int32(i+1) //nolint:gosec // G115: validate keeps ideas at most maxSyntheticPeople, below 2^31
	m.followed[author] = stamp
	b.Follows = append(b.Follows, bulk.BulkFollow{UserID: idea.AuthorID, IdeaID: idea.ID, CreatedAt: idea.CreatedAt})
	followers := 1
	m.commentTimes = m.commentTimes[:0]
	for range k {
		x := r.Float64()
		m.commentTimes = append(m.commentTimes, between(idea.CreatedAt, g.end, math.Pow(x, 2.5)))
	}
	slices.SortFunc(m.commentTimes, func(a, b time.Time) int { return a.Compare(b) })
	first := m.nextComment
	m.threads = m.threads[:0] // of this idea's comments, by their order
	for j, at := range m.commentTimes {
		who := author
		if r.IntN(10) > 0 {
			who = activeUser(r, g.usersBy(at))
		}
		commentLang := commentLanguage(r, lang)
		body := commentText(r, commentLang)
		html := m.render(body)
		c := comments.Comment{ID: first + int64(j), IdeaID: idea.ID, AuthorID: g.userID(who), Body: body,
			BodyHTML: html[0], BodyText: html[1], CreatedAt: at, UpdatedAt: at, Lang: synthLocales[commentLang]}
		c.ThreadID = c.ID
		if j > 0 && r.IntN(3) == 0 {
			p := r.IntN(j)
			parent := first + int64(p)
			c.ParentID, c.ThreadID = &parent, m.threads[p]
		}
		m.threads = append(m.threads, c.ThreadID)
		b.Comments = append(b.Comments, c)
		if m.followed[who] != stamp {
			m.followed[who] = stamp
			b.Follows = append(b.Follows, bulk.BulkFollow{UserID: c.AuthorID, IdeaID: idea.ID, CreatedAt: at})
			followers++
		}
	}
	m.nextComment += int64(k)
	return followers
}

// render returns the HTML and plain text of a short Markdown text.
func (m *ideaMaker) render(src string) [2]string {
	out, ok := m.rendered[src]
	if !ok {
		out = [2]string{markdown.Render(src), markdown.PlainText(src)}
		m.rendered[src] = out
	}
	return out
}

// renderIdeas fills the ideas' HTML, plain and search texts, on every
// core: it is most of the work of making an idea.
func renderIdeas(list []ideas.Idea) {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(list); i += workers {
				list[i].Render()
			}
		})
	}
	wg.Wait()
}

// sortByUser orders the batch's votes and follows as their primary keys
// (user, idea), so that inserting them walks each index once instead of
// jumping around it: the rows are the same, only their order changes.
func sortByUser(b *bulk.BulkBatch) {
	slices.SortFunc(b.Votes, func(x, y bulk.BulkVote) int {
		return cmp.Or(cmp.Compare(x.UserID, y.UserID), cmp.Compare(x.IdeaID, y.IdeaID))
	})
	slices.SortFunc(b.Follows, func(x, y bulk.BulkFollow) int {
		return cmp.Or(cmp.Compare(x.UserID, y.UserID), cmp.Compare(x.IdeaID, y.IdeaID))
	})
}

// commentLanguage is mostly the idea's language, sometimes English.
func commentLanguage(r *rand.Rand, ideaLang string) string {
	if ideaLang != "en" && r.IntN(4) == 0 {
		return "en"
	}
	return ideaLang
}

// countryTail is the long tail of the users' countries.
var countryTail = strings.Fields(synthCountryTail)
