package store_test

import (
	"cmp"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/search"
	"github.com/ideario/ideario/testutil"
	"gorm.io/gorm"
)

// benchVocabulary is the words of the benchmark's ideas, in English,
// Portuguese and French, most common first: texts draw them with a Zipf
// law, as real texts do, so "carro" is in most ideas and "hydrogène" in few.
var benchVocabulary = strings.Fields(`de the carro car voiture que and et o a le la para for pour com with avec
	um une an bateria battery batterie elétrico electric électrique motor engine moteur banco seat siège
	porta door porte roda wheel roue luz light lumière painel dashboard tableau vidro glass verre
	teto roof toit solar solaire segurança safety sécurité conforto comfort confort som sound son
	reciclado recycled recyclé tecido fabric tissu couro leather cuir madeira wood bois bambu bamboo
	cortiça cork liège freio brake frein pneu tyre pneumatique espelho mirror miroir câmera camera caméra
	tela screen écran mapa map carte cidade city ville estrada road route chuva rain pluie sol sun soleil
	criança child enfant cachorro dog chien bagagem luggage bagage consumo consumption consommation
	hidrogênio hydrogen hydrogène aerodinâmica aerodynamics aérodynamique`)

// benchIdeas is how many ideas BenchmarkSearch seeds: 100,000 unless
// IDEARIO_BENCH_IDEAS says otherwise.
func benchIdeas(b *testing.B) int {
	if s := os.Getenv("IDEARIO_BENCH_IDEAS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			b.Fatalf("IDEARIO_BENCH_IDEAS=%q: want a positive number", s)
		}
		return n
	}
	return 100000
}

// benchText draws n words of benchVocabulary with a Zipf law.
func benchText(z *rand.Zipf, n int) string {
	words := make([]string, n)
	for i := range words {
		words[i] = benchVocabulary[z.Uint64()]
	}
	return strings.Join(words, " ")
}

// seedSearchBench writes n ideas of 6-word titles and 60-word bodies with
// multi-row INSERTs, their search text made by package search as the app
// makes it; one idea in 20 is hidden.
func seedSearchBench(b *testing.B, store *models.Store, n int) {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	z := rand.NewZipf(rng, 1.1, 2, uint64(len(benchVocabulary)-1)) //nolint:gosec // G115: a fixed, non-empty word list
	now := time.Now().UTC()
	err := store.DB.Transaction(func(tx *gorm.DB) error {
		err := tx.Exec(`INSERT INTO users (name, email, password_hash, created_at, updated_at) VALUES ('Bench', 'bench@example.org', 'x', ?, ?)`, now, now).Error
		if err != nil {
			return err
		}
		var author int64
		if err := tx.Raw(`SELECT MIN(id) FROM users`).Scan(&author).Error; err != nil {
			return err
		}
		const batch = 1000
		for from := 0; from < n; from += batch {
			var sql strings.Builder
			sql.WriteString(`INSERT INTO ideas (title, body, body_html, body_text, search_title, search_text, author_id,
				vote_count, hot, hidden, created_at, updated_at) VALUES `)
			var args []any
			for k := from; k < min(from+batch, n); k++ {
				if k > from {
					sql.WriteString(",")
				}
				sql.WriteString("(?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				title, body := benchText(z, 6), benchText(z, 60)
				if k%2000 == 7 {
					body += " grafeno" // a rare word: in one idea in 2,000
				}
				created := now.Add(-time.Duration(n-k) * time.Minute)
				args = append(args, title, body, body, search.Document(title), search.Document(body), author,
					k%97, float64(k%1013), k%20 == 0, created, created)
			}
			if err := tx.Exec(sql.String(), args...).Error; err != nil {
				return fmt.Errorf("ideas from %d: %w", from, err)
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if !store.IsSQLite() {
		// As after any bulk load: vacuum moves the new entries out of the
		// GIN index's pending list, which every search would read in full.
		if err := testutil.Behind(store).Exec("VACUUM ANALYZE ideas").Error; err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch seeds 100,000 ideas on each engine and measures one
// page of search results (20 ideas) for common, rare and prefix words, by
// relevance and by hot. Each case runs from 32 goroutines at once, the
// load of 32 connections, and reports its 99th percentile.
//
//	go test ./models/store -run '^$' -bench Search -benchtime 200x
func BenchmarkSearch(b *testing.B) {
	cases := []struct {
		name string
		f    ideas.IdeaFilter
	}{
		{"common word", ideas.IdeaFilter{Query: "carro", Sort: ideas.SortRelevance}},
		{"two common words", ideas.IdeaFilter{Query: "carros elétricos", Sort: ideas.SortRelevance}},
		{"common word, hot", ideas.IdeaFilter{Query: "carro", Sort: ideas.SortHot}},
		{"common word, page 5", ideas.IdeaFilter{Query: "carro", Sort: ideas.SortRelevance, Page: 5}},
		{"uncommon word", ideas.IdeaFilter{Query: "hydrogène", Sort: ideas.SortRelevance}},
		{"rare word", ideas.IdeaFilter{Query: "grafeno", Sort: ideas.SortRelevance}},
		{"rare word, hot", ideas.IdeaFilter{Query: "grafeno", Sort: ideas.SortHot}},
		{"prefix", ideas.IdeaFilter{Query: "aerodyn", Sort: ideas.SortRelevance}},
		{"no match", ideas.IdeaFilter{Query: "zeppelin", Sort: ideas.SortRelevance}},
	}
	for _, engine := range testutil.Engines() {
		b.Run(engine, func(b *testing.B) {
			store := testutil.Store(b, engine)
			start := time.Now()
			seedSearchBench(b, store, benchIdeas(b))
			b.Logf("%s: seeded %d ideas in %v", engine, benchIdeas(b), time.Since(start).Round(time.Millisecond))
			for _, c := range cases {
				b.Run(c.name, func(b *testing.B) { benchList(b, store, c.f) })
			}
		})
	}
}

// benchList reports the median time of one list query alone, then runs
// it b.N times from 32 goroutines and reports the median and 99th
// percentile of those latencies, and how many ideas a page held.
func benchList(b *testing.B, store *models.Store, f ideas.IdeaFilter) {
	var page *ideas.IdeaPage
	alone := make([]time.Duration, 21)
	for i := range alone {
		start := time.Now()
		var err error
		if page, err = store.Ideas.ListIdeas(b.Context(), f); err != nil {
			b.Fatal(err)
		}
		alone[i] = time.Since(start)
	}
	slices.Sort(alone)
	var (
		mu        sync.Mutex
		latencies []time.Duration
	)
	b.SetParallelism(max(1, 32/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			start := time.Now()
			if _, err := store.Ideas.ListIdeas(b.Context(), f); err != nil {
				b.Error(err)
				return
			}
			mu.Lock()
			latencies = append(latencies, time.Since(start))
			mu.Unlock()
		}
	})
	b.StopTimer()
	slices.Sort(latencies)
	if len(latencies) > 0 {
		b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(latencies[len(latencies)/2].Microseconds())/1000, "p50-ms")
	}
	b.ReportMetric(float64(alone[len(alone)/2].Microseconds())/1000, "alone-ms")
	b.ReportMetric(float64(len(page.Ideas)), "ideas")
}

// BenchmarkSearchSeeded measures searches and list pages, as
// benchList does, on a database that `ideario seed --synthetic` filled,
// named by IDEARIO_BENCH_SEARCH_DB (it skips without one): the words are
// the commonest of the top ideas' titles, as people type them, and the
// name of the commonest tag.
//
//	IDEARIO_BENCH_SEARCH_DB=postgres://... go test ./models/store -run '^$' -bench SearchSeeded -benchtime 200x
func BenchmarkSearchSeeded(b *testing.B) {
	dbURL := os.Getenv("IDEARIO_BENCH_SEARCH_DB")
	if dbURL == "" {
		b.Skip("IDEARIO_BENCH_SEARCH_DB names no seeded database")
	}
	store := testutil.OpenStore(b, dbURL)
	top, err := store.Ideas.ListIdeas(b.Context(), ideas.IdeaFilter{Sort: ideas.SortTop, PerPage: 100})
	if err != nil {
		b.Fatal(err)
	}
	counts := map[string]int{}
	for _, c := range top.Ideas {
		for _, w := range search.QueryWords(c.Title) {
			if len([]rune(w)) >= 5 {
				counts[w]++
			}
		}
	}
	words := slices.Collect(maps.Keys(counts))
	slices.SortFunc(words, func(x, y string) int { return cmp.Or(cmp.Compare(counts[y], counts[x]), cmp.Compare(x, y)) })
	tags, err := store.Challenges.PopularTags(b.Context(), 1)
	if err != nil || len(words) < 2 || len(tags) == 0 {
		b.Fatalf("no words or tags to search for (%v): is the database seeded?", err)
	}
	cases := []struct {
		name string
		f    ideas.IdeaFilter
	}{
		{"common word " + words[0], ideas.IdeaFilter{Query: words[0], Sort: ideas.SortRelevance}},
		{"common word, hot", ideas.IdeaFilter{Query: words[0], Sort: ideas.SortHot}},
		{"two words", ideas.IdeaFilter{Query: words[0] + " " + words[1], Sort: ideas.SortRelevance}},
		{"common word, page 5", ideas.IdeaFilter{Query: words[0], Sort: ideas.SortRelevance, Page: 5}},
		{"tag " + tags[0].Name, ideas.IdeaFilter{Query: tags[0].Name, Sort: ideas.SortRelevance}},
		{"prefix", ideas.IdeaFilter{Query: string([]rune(words[1])[:4]), Sort: ideas.SortRelevance}},
		{"no match", ideas.IdeaFilter{Query: "zeppelin", Sort: ideas.SortRelevance}},
		{"list, hot", ideas.IdeaFilter{Sort: ideas.SortHot, CardsOnly: true}},
		{"list, new, page 5", ideas.IdeaFilter{Sort: ideas.SortNew, Page: 5, CardsOnly: true}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) { benchList(b, store, c.f) })
	}
}
