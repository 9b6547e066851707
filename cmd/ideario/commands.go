package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ideario/ideario/config"
	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/seed"
	"github.com/ideario/ideario/web"
)

func serve(ctx context.Context, cfg config.Config, args []string, stdout io.Writer, log *slog.Logger) (err error) {
	fs := flags("serve", &cfg, stdout)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address (IDEARIO_ADDR)")
	demo := fs.Bool("demo", false, "load the demo campaign into an empty database and print an admin login")
	if err := fs.Parse(args); err != nil {
		return err
	}
	limitMemory(os.Getenv)
	store, err := open(ctx, &cfg, stdout)
	if err != nil {
		return err
	}
	defer closeWith(&err, store)
	if err := ensureSecret(ctx, &cfg, store); err != nil {
		return err
	}
	if *demo {
		if err := loadDemo(ctx, store, stdout); err != nil {
			return err
		}
	}
	// Requests queue mail; this instance's workers turn notifications into
	// mail and deliver it, until the server has stopped.
	notifier, outbox, err := newNotifier(cfg, store, log)
	if err != nil {
		return err
	}
	app, err := web.New(cfg, store, outbox, log)
	if err != nil {
		return err
	}
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	var work sync.WaitGroup
	work.Go(func() { outbox.Run(workCtx) })
	work.Go(func() { notifier.Run(workCtx) })
	defer func() { stopWork(); work.Wait() }()
	fmt.Fprintf(stdout, "Ideario is listening on %s (open %s)\n", cfg.Addr, cfg.BaseURL)
	return app.Serve(ctx, cfg.Addr)
}

// ensureSecret fills the session key when IDEARIO_SECRET is not set: on
// SQLite from secret.key beside the database (made on first start), on
// PostgreSQL from the database itself, so that every instance shares it.
func ensureSecret(ctx context.Context, cfg *config.Config, db *models.Store) error {
	if cfg.Secret != "" || db.IsSQLite() {
		return cfg.EnsureSecret(store.DataDir(cfg.DB))
	}
	secret, err := db.Site.SharedSecret(ctx)
	cfg.Secret = secret
	return err
}

func loadDemo(ctx context.Context, store *models.Store, stdout io.Writer) error {
	admin, err := seed.Demo(ctx, store)
	if errors.Is(err, seed.ErrNotEmpty) {
		fmt.Fprintln(stdout, "demo: the database already has data; leaving it as it is")
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "demo: loaded the demo campaign.\n  admin login (shown once): %s / %s\n", admin.Email, admin.Password)
	return nil
}

func migrate(ctx context.Context, cfg config.Config, args []string, stdout io.Writer) (err error) {
	fs := flags("migrate", &cfg, stdout)
	if err := fs.Parse(args); err != nil {
		return err
	}
	store, err := open(ctx, &cfg, stdout)
	if err != nil {
		return err
	}
	defer closeWith(&err, store)
	fmt.Fprintln(stdout, "the schema is up to date")
	return nil
}

func seedCmd(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) (err error) {
	fs := flags("seed", &cfg, stdout)
	demo := fs.Bool("demo", false, "load the demo campaign (into an empty database)")
	synthetic := fs.Bool("synthetic", false, "load a reproducible load-test dataset (into a database without ideas)")
	opt := seed.MioX10()
	fs.IntVar(&opt.Users, "users", opt.Users, "with --synthetic: how many users")
	fs.IntVar(&opt.Ideas, "ideas", opt.Ideas, "with --synthetic: how many ideas")
	fs.IntVar(&opt.Votes, "votes", opt.Votes, "with --synthetic: how many votes")
	fs.IntVar(&opt.Comments, "comments", opt.Comments, "with --synthetic: how many comments")
	fs.Int64Var(&opt.Seed, "seed", opt.Seed, "with --synthetic: the same seed gives the same dataset")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case *demo && *synthetic:
		return errors.New("choose one: --demo or --synthetic")
	case *synthetic:
		return seedSynthetic(ctx, cfg, opt, stdout, stderr)
	case !*demo:
		return errors.New("say what to seed: --demo or --synthetic")
	}
	store, err := open(ctx, &cfg, stdout)
	if err != nil {
		return err
	}
	defer closeWith(&err, store)
	admin, err := seed.Demo(ctx, store)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "loaded the demo campaign.\n  admin login (shown once): %s / %s\n", admin.Email, admin.Password)
	return nil
}

// seedSynthetic loads the load-test dataset with a progress bar on stderr
// and ends with a summary of what it wrote.
func seedSynthetic(ctx context.Context, cfg config.Config, opt seed.SyntheticOptions, stdout, stderr io.Writer) (err error) {
	if err := opt.Validate(); err != nil {
		return err
	}
	store, err := open(ctx, &cfg, stdout)
	if err != nil {
		return err
	}
	defer closeWith(&err, store)
	if total := int64(opt.Users + opt.Ideas + opt.Votes + opt.Comments); total > 0 {
		bar := newProgressBar(stderr, total, "seeding")
		opt.Progress = func(done, _ int64) { _ = bar.Set64(done) } // its only error is a bar not redrawn
	}
	start := time.Now()
	res, err := seed.Synthetic(ctx, store, opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seeded %d users, %d ideas in %d challenges, %d votes, %d comments and %d follows (seed %d) in %s\n",
		res.Users, res.Ideas, res.Challenges, res.Votes, res.Comments, res.Follows, opt.Seed, time.Since(start).Round(100*time.Millisecond))
	if res.Users > 0 {
		fmt.Fprintf(stdout, "  accounts user1@synthetic.example (admin), user2 (moderator), user3 (sponsor) to user%d, password %s\n",
			res.Users, seed.SyntheticPassword)
	}
	if res.Comments >= 100 {
		fmt.Fprintf(stdout, "  the idea with 100 comments: /ideas/%d\n", res.CommentedIdeaID)
	}
	return nil
}

func userCreate(ctx context.Context, cfg config.Config, args []string, stdout io.Writer) (err error) {
	fs := flags("user create", &cfg, stdout)
	var in accounts.NewUser
	fs.StringVar(&in.Email, "email", "", "email address (required)")
	fs.StringVar(&in.Name, "name", "", "display name (required)")
	fs.StringVar(&in.Password, "password", "", "password, at least 10 characters (required)")
	fs.StringVar(&in.Role, "role", accounts.RoleContributor, "role: "+strings.Join(accounts.Roles, ", "))
	fs.StringVar(&in.Country, "country", "", "ISO 3166-1 alpha-2 country code, e.g. BR")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var problems []string
	if !strings.Contains(in.Email, "@") {
		problems = append(problems, "--email must be an email address")
	}
	if strings.TrimSpace(in.Name) == "" {
		problems = append(problems, "--name is required")
	}
	if len([]rune(in.Password)) < 10 {
		problems = append(problems, "--password must have at least 10 characters")
	}
	if !slices.Contains(accounts.Roles, in.Role) {
		problems = append(problems, "--role must be one of "+strings.Join(accounts.Roles, ", "))
	}
	in.Country = strings.ToUpper(in.Country)
	if in.Country != "" && !i18n.IsCountry(in.Country) {
		problems = append(problems, "--country must be an ISO 3166-1 alpha-2 code such as BR")
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	db, err := open(ctx, &cfg, io.Discard)
	if err != nil {
		return err
	}
	defer closeWith(&err, db)
	u, err := db.Accounts.CreateUser(ctx, in)
	if errors.Is(err, store.ErrDuplicate) {
		return fmt.Errorf("an account with the email %s already exists", accounts.NormalizeEmail(in.Email))
	}
	if err != nil {
		return err
	}
	if err := db.Accounts.MarkVerified(ctx, u.ID); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s <%s> with the role %s (id %d)\n", u.Name, u.Email, u.Role, u.ID)
	return nil
}
