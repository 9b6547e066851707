package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/ideario/ideario/config"
)

// recount checks every kept counter against the data and repairs the
// wrong ones, saying what it changed; --dry-run only says.
func recount(ctx context.Context, cfg config.Config, args []string, stdout io.Writer) error {
	fs := flags("recount", &cfg, stdout)
	dryRun := fs.Bool("dry-run", false, "only report the counters that disagree with a recount")
	if err := fs.Parse(args); err != nil {
		return err
	}
	store, err := open(ctx, &cfg, io.Discard)
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Now()
	fixes, err := store.Recount(ctx, !*dryRun)
	if err != nil {
		return err
	}
	for _, f := range fixes {
		fmt.Fprintln(stdout, f)
	}
	took := time.Since(start).Round(time.Millisecond)
	switch {
	case len(fixes) == 0:
		fmt.Fprintf(stdout, "every counter agrees with a recount (%s)\n", took)
	case *dryRun:
		fmt.Fprintf(stdout, "%d counters disagree with a recount; run without --dry-run to repair them (%s)\n", len(fixes), took)
	default:
		fmt.Fprintf(stdout, "repaired %d counters (%s)\n", len(fixes), took)
	}
	return nil
}
