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
func recount(ctx context.Context, cfg config.Config, args []string, stdout io.Writer) (err error) {
	fs := flags("recount", &cfg, stdout)
	dryRun := fs.Bool("dry-run", false, "only report the counters that disagree with a recount")
	if err := fs.Parse(args); err != nil {
		return err
	}
	store, err := open(ctx, &cfg, io.Discard)
	if err != nil {
		return err
	}
	defer closeWith(&err, store)
	start := time.Now()
	fixes, err := store.Recount.Counters(ctx, !*dryRun)
	if err != nil {
		return err
	}
	for _, f := range fixes {
		if _, err := fmt.Fprintln(stdout, f); err != nil {
			return err
		}
	}
	took := time.Since(start).Round(time.Millisecond)
	switch {
	case len(fixes) == 0:
		_, err = fmt.Fprintf(stdout, "every counter agrees with a recount (%s)\n", took)
	case *dryRun:
		_, err = fmt.Fprintf(stdout, "%d counters disagree with a recount; run without --dry-run to repair them (%s)\n", len(fixes), took)
	default:
		_, err = fmt.Fprintf(stdout, "repaired %d counters (%s)\n", len(fixes), took)
	}
	return err
}
