package reports_test

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ideario/ideario/markdown"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/reporting"
	"github.com/ideario/ideario/reports"
	"github.com/ideario/ideario/testutil"
	"gorm.io/gorm"
)

// benchIdeas is the size of the benchmark's campaign: Mio x10.
const benchIdeas = 100_000

// BenchmarkExport writes a report of 100,000 ideas in each format from a
// SQLite database and reports the time, the allocations and the peak heap
// in use (sampled every 5 ms). Run it with
//
//	go test ./reports/ -run '^$' -bench Export -benchtime 1x
func BenchmarkExport(b *testing.B) {
	store := testutil.Store(b, "sqlite")
	start := time.Now()
	seedBench(b, store, benchIdeas)
	b.Logf("seeded %d ideas in %s", benchIdeas, time.Since(start).Round(time.Millisecond))
	for _, format := range []string{"csv", "json", "xlsx", "pdf"} {
		b.Run(format, func(b *testing.B) {
			write := reports.Formats[format].Write
			meta := reports.Meta{BaseURL: "https://ideas.example.org", Generated: time.Now()}
			var out countingWriter
			runtime.GC()
			peak := sampleHeap()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			b.ResetTimer()
			for range b.N {
				out = 0
				err := write(&out, func(fn func(reporting.ReportIdea) error) error {
					return store.Reporting.EachReportIdea(b.Context(), ideas.IdeaFilter{}, fn)
				}, meta)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(peak()-before.HeapInuse)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "alloc-MB/op")
			b.ReportMetric(float64(out)/(1<<20), "output-MB")
			b.ReportMetric(float64(benchIdeas)*float64(b.N)/b.Elapsed().Seconds(), "ideas/s")
		})
	}
}

// countingWriter throws the report away, counting its bytes.
type countingWriter int64

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}

var _ io.Writer = (*countingWriter)(nil)

// sampleHeap samples HeapInuse until the returned function is called,
// which gives the highest value seen.
func sampleHeap() func() uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak.Load()
	}
}

// seedBench fills the database quickly with raw batched INSERTs: 200
// authors, 4 challenges, 4 categories, 20 tags and n ideas with Markdown
// bodies of about 600 characters (and their plain text, as the app stores
// it), two tags each, some with an official response.
func seedBench(b *testing.B, store *models.Store, n int) {
	b.Helper()
	ctx := b.Context()
	var cats, chs []int64
	for k := range 4 {
		c, err := store.Challenges.CreateCategory(ctx, fmt.Sprintf("cat-%d", k), fmt.Sprintf("Catégorie %d", k), "", k)
		if err != nil {
			b.Fatal(err)
		}
		cats = append(cats, c.ID)
		ch, err := store.Challenges.CreateChallenge(ctx, challenges.NewChallenge{Slug: fmt.Sprintf("ch-%d", k),
			Title: fmt.Sprintf("Desafio número %d: o carro do futuro", k), Phase: challenges.PhaseIdeation})
		if err != nil {
			b.Fatal(err)
		}
		chs = append(chs, ch.ID)
	}
	now := time.Now().UTC()
	err := store.DB.Transaction(func(tx *gorm.DB) error {
		for k := range 200 {
			err := tx.Exec(`INSERT INTO users (name, handle, email, password_hash, country, created_at, updated_at) VALUES (?, ?, ?, 'x', 'BR', ?, ?)`,
				fmt.Sprintf("Pessoa %d Araújo", k), fmt.Sprintf("pessoa_%d", k), fmt.Sprintf("p%d@example.org", k), now, now).Error
			if err != nil {
				return err
			}
		}
		for k := range 20 {
			if err := tx.Exec(`INSERT INTO tags (slug, name, idea_count) VALUES (?, ?, 0)`, fmt.Sprintf("tag-%d", k), fmt.Sprintf("tag-%d", k)).Error; err != nil {
				return err
			}
		}
		var firstUser, firstTag int64
		if err := tx.Raw(`SELECT MIN(id) FROM users`).Scan(&firstUser).Error; err != nil {
			return err
		}
		if err := tx.Raw(`SELECT MIN(id) FROM tags`).Scan(&firstTag).Error; err != nil {
			return err
		}
		body := strings.Repeat("Bancos de **tecido reciclado**, com ação e coração; élégance « à la française ». ", 7)
		bodyText, answer := markdown.PlainText(body), "Obrigado! We *will* study it."
		const batch = 500
		for from := 0; from < n; from += batch {
			var sql strings.Builder
			sql.WriteString(`INSERT INTO ideas (title, slug, body, body_html, body_text, author_id, challenge_id, category_id, status,
				response, response_text, vote_count, comment_count, follower_count, created_at, updated_at, status_changed_at) VALUES `)
			var args []any
			for k := from; k < min(from+batch, n); k++ {
				if k > from {
					sql.WriteString(",")
				}
				sql.WriteString("(?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				created := now.Add(-time.Duration(n-k) * time.Minute)
				status, response, changed := ideas.StatusNew, "", any(nil)
				if k%10 == 0 {
					status, response, changed = ideas.Statuses[k/10%len(ideas.Statuses)], answer, created.Add(time.Hour)
				}
				args = append(args, fmt.Sprintf("Idea %d: =SUM(A%d), «voiture» 🚗", k, k), fmt.Sprintf("idea-%d", k), body, bodyText,
					firstUser+int64(k%200), chs[k%len(chs)], cats[k%len(cats)], status, response, markdown.PlainText(response),
					k%97, k%13, 1+k%7, created, created, changed)
			}
			if err := tx.Exec(sql.String(), args...).Error; err != nil {
				return err
			}
		}
		return tx.Exec(`INSERT INTO idea_tags (idea_id, tag_id) SELECT id, ? + id % 20 FROM ideas
			UNION ALL SELECT id, ? + (id + 7) % 20 FROM ideas`, firstTag, firstTag).Error
	})
	if err != nil {
		b.Fatal(err)
	}
}
