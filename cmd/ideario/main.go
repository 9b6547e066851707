// Command ideario runs the Ideario open-innovation platform and its
// maintenance tasks: serve, migrate, seed and user.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/ideario/ideario/config"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/store"
)

const usage = `Usage: ideario COMMAND [flags]

Commands:
  serve        run the web app (--addr, --db, --demo)
  migrate      bring the database schema up to date
  seed --demo  load the demo campaign into an empty database
  seed --synthetic  a reproducible load-test dataset (--users --ideas --votes
               --comments --seed; default: Mio x10, seed 1)
  backup       a consistent copy of a live SQLite database (--out FILE)
  recount      check every kept counter against the data and repair it (--dry-run)
  digest       send the daily and weekly digests that are due (--period daily|weekly)
  user create  make an account (--email, --name, --password, --role, --country)
  export       the idea report (--format csv|xlsx|json|pdf, --out FILE, filters
               --challenge --category --status --tag --q --from --to)

Every command takes --db (or IDEARIO_DB): sqlite:PATH or a postgres:// URL.
Run 'ideario COMMAND -h' for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "ideario:", err)
		}
		os.Exit(2)
	}
}

// run dispatches a subcommand; it is main without the process around it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	cfg := config.FromEnv(getenv)
	log := slog.New(slog.NewTextHandler(stderr, nil))
	switch args[0] {
	case "serve":
		return serve(ctx, cfg, args[1:], stdout, log)
	case "migrate":
		return migrate(ctx, cfg, args[1:], stdout)
	case "seed":
		return seedCmd(ctx, cfg, args[1:], stdout, stderr)
	case "export":
		return export(ctx, cfg, args[1:], stdout, stderr)
	case "backup":
		return backup(ctx, cfg, args[1:], stdout)
	case "recount":
		return recount(ctx, cfg, args[1:], stdout)
	case "digest":
		return digest(ctx, cfg, args[1:], stdout, stderr, log)
	case "user":
		if len(args) < 2 || args[1] != "create" {
			return errors.New("usage: ideario user create --email E --name N --password P [--role R] [--country CC]")
		}
		return userCreate(ctx, cfg, args[2:], stdout)
	}
	return fmt.Errorf("unknown command %q\n\n%s", args[0], usage)
}

// flags starts a command's flag set with the --db flag every command has.
func flags(name string, cfg *config.Config, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("ideario "+name, flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "database: sqlite:PATH or postgres://URL (IDEARIO_DB)")
	return fs
}

// open validates the settings, connects and migrates.
func open(ctx context.Context, cfg *config.Config, stdout io.Writer) (*models.Store, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	db, err := models.Open(cfg.DB)
	if err != nil {
		return nil, err
	}
	ran, err := db.Migrate(ctx)
	for _, step := range ran {
		fmt.Fprintln(stdout, "migrated:", step)
	}
	if err != nil && store.Unavailable(err) {
		// A database that takes no writes (a read-only file or mount, a
		// full disk, a standby) can still be read, if its schema is current:
		// pages are served and every write answers 503.
		if pending, perr := db.Pending(ctx); perr == nil && len(pending) == 0 {
			fmt.Fprintln(stdout, "the database takes no writes (read-only or full): serving it read-only; every change will be refused with 503 until it takes writes again")
			return db, nil
		}
	}
	if err != nil {
		_ = db.Close() // the migration's error is the one to report
		return nil, err
	}
	return db, nil
}
