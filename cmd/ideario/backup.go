package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/ideario/ideario/config"
	"github.com/ideario/ideario/models"
)

// backup writes a consistent copy of a live SQLite database, checked with
// integrity_check. It leaves the schema as it is: a backup must not
// migrate the database it copies.
func backup(ctx context.Context, cfg config.Config, args []string, stdout io.Writer) (err error) {
	fs := flags("backup", &cfg, stdout)
	out := fs.String("out", "", "the copy to write; it must not exist yet (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("--out FILE is required")
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	store, err := models.Open(cfg.DB)
	if err != nil {
		return err
	}
	defer closeWith(&err, store)
	start := time.Now()
	if err := store.Backup(ctx, *out); err != nil {
		return err
	}
	info, err := os.Stat(*out)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "backed up to %s (%.1f MB, integrity ok) in %s\n", *out, float64(info.Size())/(1<<20),
		time.Since(start).Round(time.Millisecond))
	return err
}
