package web_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/passwords"
	"github.com/ideario/ideario/testutil"
)

// benchSize is the dataset of BenchmarkPages: a mid-size campaign. The
// reference "Mio x10" dataset has its own load benchmark.
const (
	benchUsers = 300
	benchIdeas = 3000
	benchVotes = 15000
)

// BenchmarkPages serves the main pages through the real router over
// loopback, on a SQLite database seeded with a mid-size campaign, with
// requests from GOMAXPROCS goroutines at once:
//
//	go test ./web/ -run '^$' -bench Pages -benchtime 2000x
func BenchmarkPages(b *testing.B) {
	s := testutil.NewServer(b, "sqlite")
	ideaID := benchSeed(b, s.Store)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	jar, _ := cookiejar.New(nil)
	voter := &http.Client{Jar: jar, Transport: &http.Transport{MaxIdleConnsPerHost: 64},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	benchLogin(b, voter, s.URL, "p0@example.org")
	pages := []string{"/healthz", "/", "/ideas", "/ideas?sort=top", "/ideas?sort=new&page=50",
		"/ideas?sort=discussed&category=materials", "/ideas?q=battery", fmt.Sprintf("/ideas/%d", ideaID)}
	for _, page := range pages {
		b.Run(strings.TrimPrefix(page, "/"), func(b *testing.B) {
			benchGet(b, client, s.URL+page)
		})
	}
	b.Run("ideas signed in", func(b *testing.B) {
		benchGet(b, voter, s.URL+"/ideas")
	})
	b.Run("vote+unvote JSON", func(b *testing.B) {
		token := benchCSRF(b, voter, s.URL+"/ideas")
		b.RunParallel(func(pb *testing.PB) {
			for i := 0; pb.Next(); i++ {
				action := []string{"vote", "unvote"}[i%2]
				req, _ := http.NewRequest("POST", fmt.Sprintf("%s/ideas/%d/%s", s.URL, ideaID, action), nil)
				req.Header.Set("Accept", "application/json")
				req.Header.Set("X-CSRF-Token", token)
				resp, err := voter.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				_ = resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatalf("%s: %d", action, resp.StatusCode)
				}
			}
		})
	})
}

func benchGet(b *testing.B, client *http.Client, u string) {
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := client.Get(u)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode != 200 && resp.StatusCode != 301 {
				b.Fatalf("%s: %d", u, resp.StatusCode)
			}
		}
	})
}

var benchWords = strings.Fields(`battery seat roof panel recycled solar light door wheel
	dashboard camera sensor window engine frame paint fabric cable charger mirror`)

// benchSeed fills the store through the models, as the app itself would,
// and returns the id of the idea with the most comments.
func benchSeed(b *testing.B, store *models.Store) int64 {
	b.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	var cats []*challenges.Category
	for i, name := range []string{"Design", "Materials", "Features", "Manufacturing"} {
		c, err := store.Challenges.CreateCategory(ctx, name, name, "", i)
		if err != nil {
			b.Fatal(err)
		}
		cats = append(cats, c)
	}
	ch, err := store.Challenges.CreateChallenge(ctx, challenges.NewChallenge{Slug: "mio", Title: "Car of the future",
		Phase: challenges.PhaseIdeation, CategoryIDs: []int64{cats[0].ID, cats[1].ID, cats[2].ID, cats[3].ID}})
	if err != nil {
		b.Fatal(err)
	}
	users := make([]int64, benchUsers)
	hash, _ := passwords.Hash("benchmark password")
	for i := range users {
		u := &accounts.User{Name: fmt.Sprintf("Person %d", i), Handle: fmt.Sprintf("person_%d", i), Email: fmt.Sprintf("p%d@example.org", i),
			PasswordHash: hash, Country: []string{"BR", "IT", "FR", "PT", "US"}[i%5], Locale: "en", Role: "contributor"}
		if err := testutil.Behind(store).Create(u).Error; err != nil {
			b.Fatal(err)
		}
		users[i] = u.ID
	}
	ideaList := make([]int64, benchIdeas)
	for i := range ideaList {
		w := func() string { return benchWords[rng.IntN(len(benchWords))] }
		idea, err := store.Ideas.CreateIdea(ctx, users[rng.IntN(len(users))], ideas.IdeaInput{
			Title: fmt.Sprintf("A %s %s for the %s", w(), w(), w()), Body: strings.Repeat(w()+" "+w()+". ", 30),
			ChallengeID: &ch.ID, CategoryID: &cats[i%4].ID, Tags: []string{w()}})
		if err != nil {
			b.Fatal(err)
		}
		ideaList[i] = idea.ID
	}
	for i := 0; i < benchVotes; i++ {
		// Skewed: low-numbered ideaList get most of the support.
		idea := ideaList[int(float64(len(ideaList))*rng.Float64()*rng.Float64())]
		if _, err := store.Votes.Vote(ctx, users[rng.IntN(len(users))], idea); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; i < 100; i++ {
		u, _ := store.Accounts.UserByID(ctx, users[i%len(users)])
		if _, err := store.Comments.CreateComment(ctx, u, ideaList[0], nil, "A comment with **Markdown** in it."); err != nil {
			b.Fatal(err)
		}
	}
	return ideaList[0]
}

func benchCSRF(b *testing.B, c *http.Client, page string) string {
	b.Helper()
	resp, err := c.Get(page)
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	m := regexp.MustCompile(`name="(?:csrf-token" content|_csrf" value)="([^"]+)"`).FindSubmatch(body)
	if m == nil {
		b.Fatal("no CSRF token")
	}
	return string(m[1])
}

// benchLogin signs the client in.
func benchLogin(b *testing.B, c *http.Client, base, email string) {
	b.Helper()
	token := benchCSRF(b, c, base+"/login")
	resp, err := c.PostForm(base+"/login", url.Values{"_csrf": {token}, "email": {email}, "password": {"benchmark password"}})
	if err != nil {
		b.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		b.Fatalf("log-in: %d", resp.StatusCode)
	}
}
