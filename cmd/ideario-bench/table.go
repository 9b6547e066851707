package main

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// goal is a row's target; zero fields do not apply.
type goal struct {
	minShare float64       // of /healthz's requests per second in the same run
	minRPS   float64       // requests per second
	maxP99   time.Duration // 99th percentile latency, strictly below
	maxEach  time.Duration // every answer's latency, strictly below
}

// String says the goal as the table shows it.
func (g goal) String() string {
	var parts []string
	if g.minShare > 0 {
		parts = append(parts, fmt.Sprintf("≥ %.0f%% of /healthz", g.minShare*100))
	}
	if g.minRPS > 0 {
		parts = append(parts, fmt.Sprintf("≥ %.0f/s", g.minRPS))
	}
	if g.maxP99 > 0 {
		parts = append(parts, fmt.Sprintf("p99 < %d ms", g.maxP99.Milliseconds()))
	}
	if g.maxEach > 0 {
		parts = append(parts, fmt.Sprintf("max < %d ms", g.maxEach.Milliseconds()))
	}
	return strings.Join(parts, ", ")
}

// met tells whether a measurement reaches the goal.
func (g goal) met(m measurement, share float64) bool {
	return share >= g.minShare && m.rps >= g.minRPS && (g.maxP99 == 0 || m.p99 < g.maxP99) &&
		(g.maxEach == 0 || m.max < g.maxEach)
}

// row is one line of the table.
type row struct {
	name    string
	m       measurement
	share   float64 // m.rps as a share of /healthz's
	goal    goal
	checked bool // the other checks (no vote lost, say) passed
}

// met says whether the row reaches its target: the goal, no failed
// request, and the row's own checks.
func (r row) met() bool { return r.checked && r.m.failed == 0 && r.goal.met(r.m, r.share) }

// memory is the server's resident memory over the whole benchmark.
type memory struct {
	maxRSSKB, hwmKB int64
	limitMB         int64
}

func (m memory) met() bool { return max(m.maxRSSKB, m.hwmKB) < m.limitMB*1024 }

// report is the benchmark's result: a few lines about the run, the table
// and the memory line.
type report struct {
	about  []string
	rows   []row
	memory memory
	notes  []string
	checks map[string]bool // other targets, by what they say
}

func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond)) }

// write prints the report as Markdown.
func (r *report) write(out io.Writer) error {
	w := bufio.NewWriter(out)
	for _, line := range r.about {
		fmt.Fprintln(w, line)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| scenario | requests | req/s | p50 ms | p99 ms | max ms | failed | share of /healthz | server RSS MB | target | met |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
	for _, row := range r.rows {
		fmt.Fprintf(w, "| %s | %d | %.0f | %s | %s | %s | %d | %.0f%% | %d | %s | %s |\n",
			row.name, row.m.requests, row.m.rps, ms(row.m.p50), ms(row.m.p99), ms(row.m.max), row.m.failed,
			row.share*100, row.m.rssKB/1024, row.goal, yesNo(row.met()))
	}
	mem := r.memory
	fmt.Fprintf(w, "| server memory, whole run (max VmRSS / VmHWM) | | | | | | | | %d / %d | < %d MB | %s |\n",
		mem.maxRSSKB/1024, mem.hwmKB/1024, mem.limitMB, yesNo(mem.met()))
	var notes []string
	for _, what := range slices.Sorted(maps.Keys(r.checks)) {
		notes = append(notes, what+": "+yesNo(r.checks[what]))
	}
	notes = append(notes, r.notes...)
	for _, row := range r.rows {
		if row.m.failed > 0 {
			notes = append(notes, fmt.Sprintf("%s failed: %s", row.name, failureList(row.m.failures)))
		}
	}
	if len(notes) > 0 {
		fmt.Fprintln(w)
	}
	for _, n := range notes {
		fmt.Fprintln(w, "- "+n)
	}
	return w.Flush()
}

// failureList says how many requests failed for each reason, the
// commonest first.
func failureList(failures map[string]uint64) string {
	reasons := make([]string, 0, len(failures))
	for why := range failures {
		reasons = append(reasons, why)
	}
	slices.SortFunc(reasons, func(a, b string) int {
		return cmp.Or(cmp.Compare(failures[b], failures[a]), cmp.Compare(a, b))
	})
	parts := make([]string, len(reasons))
	for i, why := range reasons {
		parts[i] = fmt.Sprintf("%d × %s", failures[why], why)
	}
	return strings.Join(parts, ", ")
}

// allMet tells whether every row and the memory reach their targets.
func (r *report) allMet() bool {
	for _, row := range r.rows {
		if !row.met() {
			return false
		}
	}
	for _, ok := range r.checks {
		if !ok {
			return false
		}
	}
	return r.memory.met()
}
