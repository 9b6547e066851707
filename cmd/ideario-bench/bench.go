package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"runtime"
	"strings"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/seed"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// benchmark starts the server on the prepared database, runs every
// scenario against it and returns the report.
func benchmark(ctx context.Context, o options, bin string, db database, work string, progress func(string, ...any)) (*report, error) {
	store, err := models.Open(db.dsn)
	if err != nil {
		return nil, err
	}
	// Only the dataset is read through this store: a close error changes no result.
	defer func() { _ = store.Close() }()
	d, err := discover(ctx, store, o.connections)
	if err != nil {
		return nil, fmt.Errorf("read the dataset: %w", err)
	}
	srv, err := startServer(ctx, bin, db.dsn, work, o.profile != "")
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	sessions, err := login(ctx, srv.base, d.accounts, seed.SyntheticPassword)
	if err != nil {
		return nil, err
	}
	b := &bench{load: load{connections: o.connections, duration: o.duration, warmup: o.warmup}, only: o.only,
		srv: srv, progress: progress, profiles: profiles{dir: o.profile, addr: srv.profileAddr, progress: progress}}
	rep := &report{about: describe(o, db, d), checks: map[string]bool{}}
	if err := weighBusiest(ctx, srv.base, d, sessions[0], rep); err != nil {
		return nil, err
	}
	rep.rows = b.pages(ctx, pageScenarios(d, sessions))
	if b.wants("vote POSTs") {
		votes, check, err := b.votes(ctx, store, sessions, d.votePool)
		if err != nil {
			return nil, err
		}
		rep.rows = append(rep.rows, votes)
		rep.notes = append(rep.notes, check.String())
	}
	if err := b.mixed(ctx, store, d, sessions, rep); err != nil {
		return nil, err
	}
	if o.only != nil {
		rep.notes = append(rep.notes, fmt.Sprintf("only the rows matching %q were run", o.only))
	}
	if srv.exited() {
		return nil, fmt.Errorf("the server stopped during the benchmark; its log is %s", srv.log)
	}
	hwm := srv.stop()
	runMax, _ := srv.rss.peaks()
	rep.memory = memory{maxRSSKB: runMax, hwmKB: hwm, limitMB: memoryGoal}
	rep.notes = append(rep.notes, fmt.Sprintf("all targets met: %s", yesNo(rep.allMet())))
	return rep, ctx.Err()
}

// weighBusiest reads the busiest idea's page once anonymously and once
// signed in, and checks that neither is over busyPageBytes of HTML,
// however many comments the idea has.
func weighBusiest(ctx context.Context, base string, d *dataset, s session, rep *report) error {
	path := base + ideas.IdeaPath(d.busiest.ID, d.busiest.Slug)
	var sizes []int
	for _, cookie := range []string{"", s.cookie} {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, path, nil)
		if err != nil {
			return err
		}
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return fmt.Errorf("the busiest idea: %w", err)
		}
		body, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close() // read to its end; its error is ReadAll's
		if err != nil || resp.StatusCode != http.StatusOK {
			return fmt.Errorf("the busiest idea: status %d, %v", resp.StatusCode, err)
		}
		sizes = append(sizes, len(body))
	}
	name := fmt.Sprintf("busiest idea page: %.0f KB of HTML anonymously, %.0f KB signed in (target < %d KB)",
		float64(sizes[0])/1000, float64(sizes[1])/1000, busyPageBytes/1000)
	rep.checks[name] = max(sizes[0], sizes[1]) < busyPageBytes
	return nil
}

// bench runs scenarios against one server.
type bench struct {
	load
	srv      *server
	progress func(string, ...any)
	healthz  float64 // /healthz's requests per second, the reference
	profiles profiles
	only     *regexp.Regexp // nil: every row
}

// wants tells whether the row named name is to be run (see --only).
func (b *bench) wants(name string) bool { return b.only == nil || b.only.MatchString(name) }

// measure warms a scenario up, then measures it.
func (b *bench) measure(ctx context.Context, name string, tr vegeta.Targeter, keepBody bool, onResult func(*vegeta.Result)) measurement {
	return b.measureFor(ctx, name, tr, b.duration, keepBody, onResult)
}

// measureFor is measure for a given time.
func (b *bench) measureFor(ctx context.Context, name string, tr vegeta.Targeter, d time.Duration, keepBody bool, onResult func(*vegeta.Result)) measurement {
	b.progress("%-45s warming up %s, measuring %s", name, b.warmup, d)
	if b.warmup > 0 {
		b.run(ctx, name, tr, b.warmup, keepBody, onResult)
	}
	b.srv.rss.startWindow()
	cpu := b.profiles.cpu(ctx, name, d)
	m := b.run(ctx, name, tr, d, keepBody, onResult)
	_, m.rssKB = b.srv.rss.peaks()
	cpu()
	b.profiles.heap(ctx, name)
	return m
}

// share is a rate as a share of /healthz's.
func (b *bench) share(rps float64) float64 {
	if b.healthz == 0 {
		return 0
	}
	return rps / b.healthz
}

// pages measures the GET scenarios, the first of which is the reference.
func (b *bench) pages(ctx context.Context, scenarios []pageScenario) []row {
	rows := make([]row, 0, len(scenarios)+1)
	for i, sc := range scenarios {
		if i > 0 && !b.wants(sc.name) {
			continue
		}
		m := b.measureFor(ctx, sc.name, rotate(sc.targets(b.srv.base)), cmp.Or(sc.duration, b.duration), false, nil)
		if i == 0 {
			b.healthz = m.rps
		}
		rows = append(rows, row{name: sc.name, m: m, share: b.share(m.rps), goal: sc.goal, checked: true})
	}
	return rows
}

// votes measures vote and unvote POSTs, then checks that none was lost.
func (b *bench) votes(ctx context.Context, store *models.Store, voters []session, pool []int64) (row, voteCheck, error) {
	run, err := newVoteRun(ctx, store, b.srv.base, voters, pool)
	if err != nil {
		return row{}, voteCheck{}, err
	}
	m := b.measure(ctx, "vote POSTs", run.targeter(), true, run.record)
	check, err := run.verify(ctx, store)
	if err != nil {
		return row{}, check, err
	}
	name := fmt.Sprintf("vote/unvote POSTs (%d users, %d ideas)", len(voters), len(pool))
	return row{name: name, m: m, share: b.share(m.rps), goal: votesGoal, checked: check.ok()}, check, nil
}

// describe says what was measured, where and how.
func describe(o options, db database, d *dataset) []string {
	f := d.figures
	return []string{
		fmt.Sprintf("Engine: **%s** (%s). Dataset: %d users, %d ideas, %d votes, %d comments.",
			o.engine, redact(db.dsn), f.Members, f.Ideas, f.Votes, f.Comments),
		fmt.Sprintf("Load: vegeta, closed loop, %d connections, %s per scenario after %s of warm-up, on loopback; %s.",
			o.connections, o.duration, o.warmup, machine()),
		fmt.Sprintf("Run at %s with %s.", time.Now().UTC().Format(time.RFC3339), runtime.Version()),
	}
}

// machine describes the CPU and memory, from /proc.
func machine() string {
	model, memTotal := "unknown CPU", "unknown memory"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && k == "MemTotal" {
				var kb int64
				if _, err := fmt.Sscanf(strings.TrimSpace(v), "%d", &kb); err == nil {
					memTotal = fmt.Sprintf("%.1f GiB RAM", float64(kb)/(1<<20))
				}
			}
		}
	}
	return fmt.Sprintf("%d CPUs (%s), %s", runtime.NumCPU(), model, memTotal)
}
