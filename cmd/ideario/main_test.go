package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/challenges"
)

// cli runs a subcommand against a database and returns its output.
func cli(t *testing.T, db string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := map[string]string{"IDEARIO_DB": db}
	err := run(context.Background(), args, &out, &errOut, func(k string) string { return env[k] })
	return out.String() + errOut.String(), err
}

// cliCase is one run of the command line and what it must answer: an
// error containing wantErr, or an output containing wantOut.
type cliCase struct {
	name    string
	args    []string
	wantErr string
	wantOut string
}

// runCLI runs the cases in order on one database; more, when not nil,
// looks further at the output of each case that succeeded.
func runCLI(t *testing.T, db string, cases []cliCase, more func(t *testing.T, c cliCase, out string)) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			out, err := cli(t, db, tt.args...)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("error %v, output %s", err, out)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
			}
			if !strings.Contains(out, tt.wantOut) {
				t.Errorf("output %q, want it to contain %q", out, tt.wantOut)
			}
			if more != nil && err == nil {
				more(t, tt, out)
			}
		})
	}
}

func TestCommands(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "cli.db")
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	tests := []cliCase{
		{"help", []string{"help"}, "", "Commands:"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`, ""},
		{"migrate", []string{"migrate"}, "", "migrated: 9 tags in search text"},
		{"migrate again is a no-op", []string{"migrate"}, "", "the schema is up to date"},
		{"user create", []string{"user", "create", "--email", "Ada@Example.org", "--name", "Ada", "--password", "long enough password", "--role", "admin", "--country", "br"}, "", "with the role admin"},
		{"duplicate email", []string{"user", "create", "--email", "ada@example.org", "--name", "Ada", "--password", "long enough password"}, "already exists", ""},
		{"bad role", []string{"user", "create", "--email", "b@example.org", "--name", "B", "--password", "long enough password", "--role", "king"}, "--role must be one of", ""},
		{"short password", []string{"user", "create", "--email", "c@example.org", "--name", "C", "--password", "short"}, "at least 10 characters", ""},
		{"bad country", []string{"user", "create", "--email", "d@example.org", "--name", "D", "--password", "long enough password", "--country", "XX"}, "ISO 3166-1", ""},
		{"user without create", []string{"user"}, "usage: ideario user create", ""},
		{"seed without a kind", []string{"seed"}, "--demo", ""},
		{"seed demo into a non-empty database", []string{"seed", "--demo"}, "not empty", ""},
		{"backup", []string{"backup", "--out", copyPath}, "", "integrity ok"},
		{"backup onto an existing file", []string{"backup", "--out", copyPath}, "already exists", ""},
		{"the copy opens", []string{"migrate", "--db", "sqlite:" + copyPath}, "", "the schema is up to date"},
		{"recount a healthy database", []string{"recount"}, "", "every counter agrees with a recount"},
		{"backup without --out", []string{"backup"}, "--out FILE is required", ""},
		{"bad database URL", []string{"migrate", "--db", "mysql://x"}, "IDEARIO_DB must be", ""},
	}
	runCLI(t, db, tests, nil)

	store, err := models.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = store.Close() }()
	u, err := store.Accounts.UserByEmail(context.Background(), "ada@example.org")
	if err != nil {
		t.Fatalf("the created user is not there: %v", err)
	}
	if u.Role != accounts.RoleAdmin || u.Country != "BR" || u.VerifiedAt == nil {
		t.Errorf("user = role %q country %q verified %v, want admin, BR, verified", u.Role, u.Country, u.VerifiedAt)
	}
	if _, err := store.Accounts.Authenticate(context.Background(), "ada@example.org", "long enough password"); err != nil {
		t.Errorf("the password given on the command line does not log in: %v", err)
	}
}

func TestSeedDemo(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "demo.db")
	out, err := cli(t, db, "seed", "--demo")
	if err != nil {
		t.Fatalf("seed --demo: %v\n%s", err, out)
	}
	if !strings.Contains(out, "admin login (shown once): admin@ideario.example / ") {
		t.Fatalf("seed --demo did not print the admin login: %s", out)
	}
	password := strings.TrimSpace(out[strings.LastIndex(out, " / ")+3:])
	store, err := models.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = store.Close() }()
	ctx := context.Background()
	admin, err := store.Accounts.Authenticate(ctx, "admin@ideario.example", password)
	if err != nil || !admin.IsAdmin() {
		t.Fatalf("the printed admin login does not work: %v", err)
	}
	figs, err := store.Site.Figures(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if figs.Ideas < 30 || figs.Votes < 100 || figs.Comments < 50 || figs.Countries < 10 {
		t.Errorf("the demo is too small: %+v", figs)
	}
	cats, err := store.Challenges.Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cats {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, ","); got != "Design,Materials,Features,Manufacturing" {
		t.Errorf("categories = %s", got)
	}
	ch, err := store.Challenges.ChallengeBySlug(ctx, "car-of-the-future")
	if err != nil || ch.PhaseNow() != challenges.PhaseIdeation {
		t.Errorf("the main challenge should be open for ideas: %v %+v", err, ch)
	}
	// Every counter on the ideas must equal a recount.
	var wrong int64
	store.DB.Raw(`SELECT COUNT(*) FROM ideas i WHERE vote_count <> (SELECT COUNT(*) FROM votes v WHERE v.idea_id = i.id)
		OR comment_count <> (SELECT COUNT(*) FROM comments c WHERE c.idea_id = i.id AND c.deleted = FALSE AND c.hidden = FALSE)
		OR follower_count <> (SELECT COUNT(*) FROM follows f WHERE f.idea_id = i.id)`).Scan(&wrong)
	if wrong != 0 {
		t.Errorf("%d demo ideas have counters that differ from a recount", wrong)
	}
}
