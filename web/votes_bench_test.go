package web_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
)

// voteBenchVoters is how many people vote at once, each on a connection
// of their own, as in the load test (cmd/ideario-bench).
const voteBenchVoters = 32

// BenchmarkVotePOSTs sends vote and unvote POSTs (JSON answers, the CSRF
// token in a header) through the real router over loopback, from 32
// signed-in people at once, each voting for a random idea of a pool of
// 1,000 and withdrawing the vote again. It runs on a copy of a Mio x10
// SQLite database named by IDEARIO_BENCH_DB, which it changes, and reports
// the POSTs per second and the CPU time of the whole process (server and
// clients) per POST:
//
//	IDEARIO_BENCH_DB=/tmp/v.db go test ./web/ -run '^$' -bench VotePOSTs -benchtime 20000x
func BenchmarkVotePOSTs(b *testing.B) {
	store, ts := benchServer(b)

	pool := voteBenchPool(b, store)
	voters := make([]*benchVoter, voteBenchVoters)
	for i := range voters {
		voters[i] = newBenchVoter(b, ts.URL, fmt.Sprintf("user%d@synthetic.example", 4+i))
	}
	var next, posts atomic.Int64
	b.SetParallelism(max(1, voteBenchVoters/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	start, cpu := time.Now(), processCPU()
	b.RunParallel(func(pb *testing.PB) {
		v := voters[int(next.Add(1)-1)%len(voters)]
		rng := rand.New(rand.NewPCG(uint64(next.Load()), 11)) //nolint:gosec // G115: a seed, where any bit pattern will do
		for pb.Next() {
			idea := pool[rng.IntN(len(pool))]
			v.post(b, ts.URL, idea, "vote")
			v.post(b, ts.URL, idea, "unvote")
			posts.Add(2)
		}
	})
	elapsed, used := time.Since(start), processCPU()-cpu
	b.StopTimer()
	b.ReportMetric(float64(posts.Load())/elapsed.Seconds(), "POSTs/s")
	b.ReportMetric(float64(used.Microseconds())/float64(posts.Load()), "cpu-µs/POST")
}

// benchVoter is one signed-in person with a connection of their own.
type benchVoter struct {
	client *http.Client
	token  string
}

func newBenchVoter(b *testing.B, base, email string) *benchVoter {
	b.Helper()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Transport: &http.Transport{MaxIdleConnsPerHost: 1},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	token := benchCSRF(b, client, base+"/login")
	resp, err := client.PostForm(base+"/login", url.Values{"_csrf": {token},
		"email": {email}, "password": {"synthetic-password"}})
	if err != nil {
		b.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		b.Fatalf("log-in of %s: %d", email, resp.StatusCode)
	}
	return &benchVoter{client: client, token: token}
}

// post votes or unvotes as a script does, and fails the benchmark on any
// answer but 200.
func (v *benchVoter) post(b *testing.B, base string, idea int64, action string) {
	req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/ideas/%d/%s", base, idea, action), nil)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-CSRF-Token", v.token)
	resp, err := v.client.Do(req)
	if err != nil {
		b.Error(err)
		return
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Errorf("%s idea %d: %d", action, idea, resp.StatusCode)
	}
}

// voteBenchPool lists up to 1,000 of the newest visible ideas that take
// votes without a budget, as the load test's pool.
func voteBenchPool(b *testing.B, store *models.Store) []int64 {
	b.Helper()
	var pool []int64
	err := store.DB.WithContext(context.Background()).Raw(`SELECT i.id FROM ideas i
		LEFT JOIN challenges c ON c.id = i.challenge_id
		WHERE NOT i.hidden AND NOT i.pending AND i.merged_into_id IS NULL
		AND (c.id IS NULL OR (c.phase IN ('ideation', 'voting') AND c.vote_budget = 0))
		ORDER BY i.created_at DESC, i.id DESC LIMIT 1000`).Scan(&pool).Error
	if err != nil {
		b.Fatal(err)
	}
	if len(pool) == 0 {
		b.Fatal("no idea takes votes")
	}
	return pool
}

// processCPU is the CPU time the process has used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
