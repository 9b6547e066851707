package seed

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/votes"
)

// ErrNotEmpty means the database already has accounts, so the demo would
// mix with real data.
var ErrNotEmpty = errors.New("the database is not empty; the demo loads only into an empty one")

// DemoAdmin is the one-time admin login that the demo prints.
type DemoAdmin struct {
	Email, Password string
}

// Demo loads the Mio-style demo campaign into an empty database: three
// challenges, four categories, thirty people, forty ideas with their votes
// and discussions. It returns a fresh admin login.
func Demo(ctx context.Context, store *models.Store) (*DemoAdmin, error) {
	n, err := store.Accounts.CountUsers(ctx)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, ErrNotEmpty
	}
	admin := &DemoAdmin{Email: "admin@ideario.example", Password: randomPassword()}
	adminUser, err := store.Accounts.CreateUser(ctx, accounts.NewUser{Name: "Ideario design team", Email: admin.Email,
		Password: admin.Password, Country: "IT", Role: accounts.RoleAdmin})
	if err != nil {
		return nil, fmt.Errorf("seed: admin: %w", err)
	}
	users, err := demoPeople(ctx, store)
	if err != nil {
		return nil, err
	}
	cats := map[string]int64{}
	for i, c := range demoCategories {
		cat, err := store.Challenges.CreateCategory(ctx, c.Slug, c.Name, c.Description, i)
		if err != nil {
			return nil, fmt.Errorf("seed: category %s: %w", c.Slug, err)
		}
		cats[c.Slug] = cat.ID
	}
	byslug := map[string]*challenges.Challenge{}
	for _, dc := range demoChallenges {
		in := challenges.NewChallenge{Slug: dc.Slug, Title: dc.Title, Description: dc.Description,
			Phase: challenges.PhaseIdeation, VoteBudget: dc.VoteBudget}
		for _, slug := range dc.Categories {
			in.CategoryIDs = append(in.CategoryIDs, cats[slug])
		}
		ch, err := store.Challenges.CreateChallenge(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("seed: challenge %s: %w", dc.Slug, err)
		}
		if err := store.Challenges.SaveChallengeTexts(ctx, ch.ID, demoTexts(dc.Slug)); err != nil {
			return nil, fmt.Errorf("seed: challenge %s in other languages: %w", dc.Slug, err)
		}
		byslug[dc.Slug] = ch
	}
	for i, di := range demoIdeas {
		if err := postDemoIdea(ctx, store, di, i, users, adminUser, cats, byslug); err != nil {
			return nil, fmt.Errorf("seed: idea %q: %w", di.Title, err)
		}
	}
	if err := demoWelcomes(ctx, store); err != nil {
		return nil, fmt.Errorf("seed: welcome: %w", err)
	}
	if err := demoModeration(ctx, store, users, byslug["car-of-the-future"]); err != nil {
		return nil, fmt.Errorf("seed: moderation: %w", err)
	}
	// Phases are set last: closed challenges took their ideas and votes first.
	for _, dc := range demoChallenges {
		if err := store.Challenges.SetChallengePhase(ctx, byslug[dc.Slug].ID, dc.Phase); err != nil {
			return nil, err
		}
	}
	return admin, nil
}

// demoModeration leaves moderators something to do, as a live campaign
// would: a newcomer's idea held for approval, and a reported comment.
func demoModeration(ctx context.Context, store *models.Store, users []*accounts.User, ch *challenges.Challenge) error {
	newcomer, err := store.Accounts.CreateUser(ctx, accounts.NewUser{Name: "Rafael Nunes", Email: "rafael.nunes@example.net",
		Password: randomPassword(), Country: "BR"})
	if err != nil {
		return err
	}
	// Site-wide pre-moderation, on just long enough to hold one idea.
	settings, err := store.Site.Settings(ctx)
	if err != nil {
		return err
	}
	held := settings
	held.Premoderate = true
	if err := store.Site.SaveSettings(ctx, held); err != nil {
		return err
	}
	cats, err := store.Challenges.Categories(ctx)
	if err != nil {
		return err
	}
	_, err = store.Ideas.CreateIdea(ctx, newcomer.ID, ideas.IdeaInput{
		Title: "Buy cheap car parts at my website!!!", ChallengeID: &ch.ID, CategoryID: &cats[0].ID,
		Body: "Best prices on spare parts, visit my shop today, discount code MIO. Fast shipping worldwide.",
	})
	if err != nil {
		return err
	}
	if err := store.Site.SaveSettings(ctx, settings); err != nil {
		return err
	}
	top, err := store.Ideas.ListIdeas(ctx, ideas.IdeaFilter{Sort: ideas.SortTop, PerPage: 1})
	if err != nil || len(top.Ideas) == 0 {
		return fmt.Errorf("no idea to comment on: %w", err)
	}
	spam, err := store.Comments.CreateComment(ctx, newcomer, top.Ideas[0].ID, nil,
		"Great idea. Also check my shop for cheap spare parts, discount code MIO!")
	if err != nil {
		return err
	}
	for _, reporter := range users[:2] {
		if _, err := store.Moderation.Flag(ctx, reporter, audit.TargetComment, spam.ID, "spam", ""); err != nil {
			return err
		}
	}
	return nil
}

func demoPeople(ctx context.Context, store *models.Store) ([]*accounts.User, error) {
	users := make([]*accounts.User, len(demoUsers))
	for i, du := range demoUsers {
		u, err := store.Accounts.CreateUser(ctx, accounts.NewUser{Name: du.Name, Email: du.Email, Password: randomPassword(),
			Country: du.Country, Locale: demoLocales[du.Locale]})
		if err != nil {
			return nil, fmt.Errorf("seed: user %s: %w", du.Email, err)
		}
		users[i] = u
	}
	return users, nil
}

// postDemoIdea posts one idea with its votes, comments and status, then moves
// it back to the day it was posted.
func postDemoIdea(ctx context.Context, store *models.Store, di demoIdea, n int, users []*accounts.User,
	admin *accounts.User, cats map[string]int64, byslug map[string]*challenges.Challenge) error {
	in := ideas.IdeaInput{Title: di.Title, Body: di.Body, Tags: di.Tags, Lang: demoLang(di.Title + " " + di.Body)}
	if id, ok := cats[di.Category]; ok {
		in.CategoryID = &id
	}
	if ch := byslug[di.Challenge]; ch != nil {
		in.ChallengeID = &ch.ID
	}
	author := users[di.Author]
	idea, err := store.Ideas.CreateIdea(ctx, author.ID, in)
	if err != nil {
		return err
	}
	// Voters are picked in a rotating order so that each idea gets a
	// different crowd; a voter whose budget is spent is skipped.
	for k, cast := 0, 0; k < len(users) && cast < di.Votes; k++ {
		voter := users[(n*7+k)%len(users)]
		_, err := store.Votes.Vote(ctx, voter.ID, idea.ID)
		if errors.Is(err, votes.ErrBudgetReached) {
			continue
		}
		if err != nil {
			return err
		}
		cast++
	}
	for _, dc := range di.Comments {
		if err := demoThread(ctx, store, users, idea.ID, nil, dc); err != nil {
			return err
		}
	}
	if di.Status != "" && di.Status != ideas.StatusNew {
		if err := store.Ideas.SetStatus(ctx, idea.ID, admin, di.Status, di.Response); err != nil {
			return err
		}
	}
	return store.Ideas.Backdate(ctx, idea.ID, time.Now().Add(-time.Duration(di.DaysAgo)*24*time.Hour-time.Duration(n)*37*time.Minute))
}

func demoThread(ctx context.Context, store *models.Store, users []*accounts.User, ideaID int64, parent *int64, dc demoComment) error {
	c, err := store.Comments.CreateCommentIn(ctx, users[dc.Author], ideaID, parent, dc.Body, demoLang(dc.Body))
	if err != nil {
		return err
	}
	for _, r := range dc.Replies {
		if err := demoThread(ctx, store, users, ideaID, &c.ID, r); err != nil {
			return err
		}
	}
	return nil
}

func randomPassword() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
