package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// profiles fetches the server's profiles while the scenarios run (with
// --profile): the CPU profile of each scenario's measured time, and the
// heap just after it, as files that `go tool pprof` reads. They show
// where the time and the memory go where a target is missed.
type profiles struct {
	dir      string // empty: no profiles
	addr     string // the server's profiler
	progress func(string, ...any)
}

// cpu starts the CPU profile of a scenario measured for d, and returns
// the function that waits for it and writes it.
func (p profiles) cpu(ctx context.Context, scenario string, d time.Duration) (wait func()) {
	if p.dir == "" {
		return func() {}
	}
	done := make(chan struct{})
	seconds := max(1, int(d.Round(time.Second)/time.Second))
	go func() {
		defer close(done)
		p.fetch(ctx, fmt.Sprintf("/debug/pprof/profile?seconds=%d", seconds), scenario, "cpu")
	}()
	return func() { <-done }
}

// heap writes the server's heap profile after a scenario.
func (p profiles) heap(ctx context.Context, scenario string) {
	if p.dir != "" {
		p.fetch(ctx, "/debug/pprof/heap?gc=1", scenario, "heap")
	}
}

// fetch writes one profile to the folder. A profile that cannot be had
// is told, not fatal: the figures stand without it.
func (p profiles) fetch(ctx context.Context, path, scenario, kind string) {
	name := filepath.Join(p.dir, slug(scenario)+"."+kind+".pprof")
	err := func() error {
		if err := os.MkdirAll(p.dir, 0o750); err != nil {
			return err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+p.addr+path, nil)
		if err != nil {
			return err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer func() { _ = resp.Body.Close() }() // read to the end below
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("%s: %s", path, resp.Status)
		}
		f, err := os.Create(name) //nolint:gosec // G304: a file in the folder the operator named
		if err != nil {
			return err
		}
		if _, err := io.Copy(f, resp.Body); err != nil {
			_ = f.Close() // the copy's error is the one to tell
			return err
		}
		return f.Close()
	}()
	if err != nil {
		p.progress("profile %s of %q: %v", kind, scenario, err)
	}
}

// slug makes a scenario's name a file name: "mixed: /ideas, signed in"
// is "mixed-ideas-signed-in".
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
