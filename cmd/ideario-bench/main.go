// Command ideario-bench measures Ideario under load, as a visitor's browser
// would meet it: it seeds the "Mio x10" dataset (or reuses a seeded
// database), starts `ideario serve` as a separate process, drives it over
// loopback with the vegeta load library from this process, and prints a
// Markdown table of requests per second, p50 and p99 for each page, each
// page's throughput as a share of /healthz in the same run, and whether each
// target is met.
//
//	go run ./cmd/ideario-bench [--engine sqlite|postgres] [--db DSN-or-path]
//	    [--reuse] [--duration 10s] [--connections 32] [--only REGEXP]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"syscall"
	"time"
)

// options are the benchmark's settings, from the command line.
type options struct {
	engine      string
	db          string
	reuse       bool
	duration    time.Duration
	warmup      time.Duration
	connections int
	size        datasetSize
	// profile, when set, is a folder where each scenario's CPU profile
	// and the heap after it are written (see profiles.go).
	profile string
	// only, when set, keeps the rows whose names it matches (and
	// /healthz, the reference): a quicker run while working on a few.
	only *regexp.Regexp
}

// datasetSize is what `ideario seed --synthetic` is asked to make.
type datasetSize struct {
	users, ideas, votes, comments int
	seed                          int64
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "ideario-bench:", err)
		}
		os.Exit(1)
	}
}

func parseOptions(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("ideario-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.engine, "engine", "sqlite", "database engine: sqlite or postgres")
	fs.StringVar(&o.db, "db", "", "database: a SQLite path or sqlite:PATH, or a postgres:// URL "+
		"(default: a file in the temp folder, or a schema of its own in $IDEARIO_TEST_POSTGRES)")
	fs.BoolVar(&o.reuse, "reuse", false, "keep the database's data when it has some, instead of seeding")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "how long each scenario runs")
	fs.DurationVar(&o.warmup, "warmup", time.Second, "how long each scenario runs, unmeasured, before it is measured")
	fs.IntVar(&o.connections, "connections", 32, "concurrent connections (each vote worker is its own user)")
	fs.IntVar(&o.size.users, "users", 170000, "synthetic users to seed")
	fs.IntVar(&o.size.ideas, "ideas", 100000, "synthetic ideas to seed")
	fs.IntVar(&o.size.votes, "votes", 1000000, "synthetic votes to seed")
	fs.IntVar(&o.size.comments, "comments", 500000, "synthetic comments to seed")
	fs.Int64Var(&o.size.seed, "seed", 1, "random seed of the synthetic dataset")
	fs.StringVar(&o.profile, "profile", "", "a folder for each scenario's CPU profile and the server's heap after it (go tool pprof reads them)")
	only := fs.String("only", "", "run only the rows whose names match this regular expression (and /healthz, the reference)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if *only != "" {
		re, err := regexp.Compile(*only)
		if err != nil {
			return o, fmt.Errorf("--only: %w", err)
		}
		o.only = re
	}
	switch {
	case o.engine != "sqlite" && o.engine != "postgres":
		return o, fmt.Errorf("--engine must be sqlite or postgres, not %q", o.engine)
	case o.duration <= 0 || o.warmup < 0:
		return o, errors.New("--duration must be positive and --warmup not negative")
	case o.connections < 1 || o.connections > 1000:
		return o, errors.New("--connections must be between 1 and 1000")
	case o.size.users < o.connections+3:
		return o, fmt.Errorf("--users must be at least %d: each connection logs in as its own contributor", o.connections+3)
	}
	return o, nil
}

// run is the whole benchmark: database, server, scenarios, table.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseOptions(args, stderr)
	if err != nil {
		return err
	}
	// Progress lines are best effort: losing one changes no result.
	progress := func(format string, a ...any) { _, _ = fmt.Fprintf(stderr, format+"\n", a...) }
	work, err := os.MkdirTemp("", "ideario-bench-")
	if err != nil {
		return fmt.Errorf("temp folder: %w", err)
	}
	defer func() {
		if err := os.RemoveAll(work); err != nil {
			progress("could not remove the work folder: %v", err)
		}
	}()
	bin, err := buildIdeario(ctx, work)
	if err != nil {
		return err
	}
	db, err := prepareDatabase(ctx, o, bin, progress)
	if err != nil {
		return err
	}
	report, err := benchmark(ctx, o, bin, db, work, progress)
	if err != nil {
		return err
	}
	return report.write(stdout)
}
