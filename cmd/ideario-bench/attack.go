package main

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// measurement is what one scenario's run gave.
type measurement struct {
	requests uint64
	failed   uint64            // transport errors and answers other than 2xx
	failures map[string]uint64 // the failed requests by status or error
	rps      float64           // 2xx answers per second
	p50, p99 time.Duration
	max      time.Duration // the slowest answer
	rssKB    int64         // the server's largest VmRSS during the run
}

// load is how hard the scenarios push: a closed loop of a fixed number of
// workers, each sending its next request as soon as the last one is
// answered, over as many keep-alive connections.
type load struct {
	connections int
	duration    time.Duration
	warmup      time.Duration
}

// attackOptions builds a vegeta attacker for a closed-loop run at the
// highest rate the server sustains. Redirects are not followed: a page
// that answers 3xx is counted as failed, not as its target's speed.
func (l load) attacker(keepBody bool) *vegeta.Attacker {
	n := uint64(l.connections) //nolint:gosec // G115: parseOptions keeps connections within 1-1000
	opts := []func(*vegeta.Attacker){
		vegeta.Workers(n), vegeta.MaxWorkers(n),
		vegeta.Connections(l.connections), vegeta.MaxConnections(l.connections),
		vegeta.KeepAlive(true), vegeta.Redirects(vegeta.NoFollow), vegeta.Timeout(30 * time.Second),
	}
	if !keepBody {
		opts = append(opts, vegeta.MaxBody(0))
	}
	return vegeta.NewAttacker(opts...)
}

// run drives the targeter for d and measures the answers; each result
// also goes to onResult when it is not nil, in the order they arrive.
func (l load) run(ctx context.Context, name string, tr vegeta.Targeter, d time.Duration, keepBody bool, onResult func(*vegeta.Result)) measurement {
	atk := l.attacker(keepBody)
	stop := context.AfterFunc(ctx, func() { atk.Stop() })
	defer stop()
	var metrics vegeta.Metrics
	var m measurement
	var ok uint64
	for res := range atk.Attack(tr, vegeta.Rate{Freq: 0}, d, name) {
		metrics.Add(res)
		m.requests++
		if res.Error == "" && res.Code >= 200 && res.Code < 300 {
			ok++
		} else {
			m.fail(res)
		}
		if onResult != nil {
			onResult(res)
		}
	}
	metrics.Close()
	if elapsed := (metrics.Duration + metrics.Wait).Seconds(); elapsed > 0 {
		m.rps = float64(ok) / elapsed
	}
	m.p50, m.p99, m.max = metrics.Latencies.P50, metrics.Latencies.P99, metrics.Latencies.Max
	return m
}

// fail counts a failed request under its status, or its error when no
// answer came.
func (m *measurement) fail(res *vegeta.Result) {
	m.failed++
	if m.failures == nil {
		m.failures = map[string]uint64{}
	}
	why := fmt.Sprintf("status %d", res.Code)
	if res.Code == 0 {
		why = res.Error
	}
	m.failures[why]++
}

// rotate cycles through a fixed list of targets, one per request.
func rotate(targets []vegeta.Target) vegeta.Targeter {
	var n atomic.Uint64
	return func(t *vegeta.Target) error {
		*t = targets[(n.Add(1)-1)%uint64(len(targets))]
		return nil
	}
}
