package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/site"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/seed"
)

// firstContributor is the first synthetic account that is a plain
// contributor: user1 is the admin, user2 a moderator, user3 a sponsor.
const firstContributor = 4

// votePoolSize bounds the ideas the vote workers choose from, so that a
// run both adds and withdraws many votes and the check afterwards is quick.
const votePoolSize = 1000

// account is a contributor the benchmark logs in as.
type account struct {
	id    int64
	email string
}

// dataset is what the scenarios need to know about the seeded data.
type dataset struct {
	figures    site.SiteFigures
	challenges []string // slugs
	categories []string // slugs
	words      []string // search words, from idea titles
	bigIdea    ideas.IdeaCard
	busiest    ideas.IdeaCard // the visible idea with the most comments
	votePool   []int64        // visible ideas open for votes without a budget
	accounts   []account
}

// discover reads from the database what the scenarios will ask for.
func discover(ctx context.Context, store *models.Store, accounts int) (*dataset, error) {
	d := &dataset{}
	var err error
	if d.figures, err = store.Site.Figures(ctx); err != nil {
		return nil, err
	}
	steps := []func(context.Context, *models.Store) error{
		d.readTaxonomy, d.readWords, d.findBigIdea, d.findBusiest, d.fillVotePool,
	}
	for _, step := range steps {
		if err := step(ctx, store); err != nil {
			return nil, err
		}
	}
	if d.accounts, err = contributors(ctx, store, accounts); err != nil {
		return nil, err
	}
	return d, nil
}

func (d *dataset) readTaxonomy(ctx context.Context, store *models.Store) error {
	challenges, err := store.Challenges.List(ctx)
	if err != nil {
		return fmt.Errorf("challenges: %w", err)
	}
	for _, c := range challenges {
		d.challenges = append(d.challenges, c.Slug)
	}
	categories, err := store.Challenges.Categories(ctx)
	if err != nil {
		return fmt.Errorf("categories: %w", err)
	}
	for _, c := range categories {
		d.categories = append(d.categories, c.Slug)
	}
	if len(d.challenges) == 0 || len(d.categories) == 0 {
		return errors.New("the dataset has no challenges or no categories to filter by")
	}
	return nil
}

// readWords picks the commonest longer words of the top ideas' titles:
// what people who search are likely to type.
func (d *dataset) readWords(ctx context.Context, store *models.Store) error {
	page, err := store.Ideas.ListIdeas(ctx, ideas.IdeaFilter{Sort: ideas.SortTop, PerPage: 100})
	if err != nil {
		return fmt.Errorf("top ideas: %w", err)
	}
	titles := make([]string, len(page.Ideas))
	for i, card := range page.Ideas {
		titles[i] = card.Title
	}
	d.words = commonWords(titles, 6)
	if len(d.words) == 0 {
		return errors.New("the ideas' titles give no words to search for")
	}
	return nil
}

// commonWords returns up to n words of five letters or more, the most
// frequent first (ties alphabetically).
func commonWords(texts []string, n int) []string {
	counts := map[string]int{}
	for _, text := range texts {
		for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len([]rune(w)) >= 5 {
				counts[w]++
			}
		}
	}
	words := make([]string, 0, len(counts))
	for w := range counts {
		words = append(words, w)
	}
	slices.SortFunc(words, func(a, b string) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a, b))
	})
	return words[:min(n, len(words))]
}

// findBigIdea finds the visible idea with the lowest id: the synthetic
// dataset gives it exactly 100 comments.
func (d *dataset) findBigIdea(ctx context.Context, db *models.Store) error {
	for id := int64(1); id <= 1000; id++ {
		card, err := db.Ideas.IdeaCardByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("idea %d: %w", id, err)
		}
		if card.Hidden || card.MergedIntoID != nil {
			continue
		}
		d.bigIdea = *card
		return nil
	}
	return errors.New("no visible idea among ids 1 to 1000")
}

// findBusiest finds the most discussed visible idea: the page that
// everybody opens in a busy campaign.
func (d *dataset) findBusiest(ctx context.Context, store *models.Store) error {
	page, err := store.Ideas.ListIdeas(ctx, ideas.IdeaFilter{Sort: ideas.SortDiscussed, PerPage: 1, CardsOnly: true})
	if err != nil {
		return fmt.Errorf("the most discussed idea: %w", err)
	}
	if len(page.Ideas) == 0 {
		return errors.New("the dataset has no visible idea")
	}
	d.busiest = page.Ideas[0]
	return nil
}

// fillVotePool collects ideas whose challenge takes votes without a
// budget, so that every vote POST can succeed.
func (d *dataset) fillVotePool(ctx context.Context, store *models.Store) error {
	open, err := openChallenges(ctx, store)
	if err != nil {
		return err
	}
	for page := 1; page <= 200 && len(d.votePool) < votePoolSize; page++ {
		list, err := store.Ideas.ListIdeas(ctx, ideas.IdeaFilter{Sort: ideas.SortNew, Page: page, PerPage: 100})
		if err != nil {
			return fmt.Errorf("vote pool: %w", err)
		}
		for _, card := range list.Ideas {
			if card.ChallengeID == nil || open[*card.ChallengeID] {
				d.votePool = append(d.votePool, card.ID)
			}
		}
		if !list.HasNext {
			break
		}
	}
	if len(d.votePool) == 0 {
		return errors.New("no idea takes votes: every challenge is closed or has a vote budget")
	}
	d.votePool = d.votePool[:min(len(d.votePool), votePoolSize)]
	return nil
}

func openChallenges(ctx context.Context, store *models.Store) (map[int64]bool, error) {
	all, err := store.Challenges.AllChallenges(ctx)
	if err != nil {
		return nil, fmt.Errorf("challenges: %w", err)
	}
	open := map[int64]bool{}
	for _, c := range all {
		if (c.Phase == challenges.PhaseIdeation || c.Phase == challenges.PhaseVoting) && c.VoteBudget == 0 {
			open[c.ID] = true
		}
	}
	return open, nil
}

// contributors returns n synthetic contributors, making the ones a
// database seeded otherwise (the demo, say) lacks.
func contributors(ctx context.Context, db *models.Store, n int) ([]account, error) {
	out := make([]account, 0, n)
	for i := range n {
		email := fmt.Sprintf("user%d@synthetic.example", firstContributor+i)
		u, err := db.Accounts.UserByEmail(ctx, email)
		if errors.Is(err, store.ErrNotFound) {
			u, err = db.Accounts.CreateUser(ctx, accounts.NewUser{Name: fmt.Sprintf("Bench user %d", firstContributor+i),
				Email: email, Password: seed.SyntheticPassword, Country: "BR", Role: accounts.RoleContributor})
		}
		if err != nil {
			return nil, fmt.Errorf("account %s: %w", email, err)
		}
		out = append(out, account{id: u.ID, email: email})
	}
	return out, nil
}
