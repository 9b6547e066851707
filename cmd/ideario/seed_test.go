package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/seed"
)

func TestSeedSynthetic(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "synthetic.db")
	tests := []cliCase{
		{"both kinds", []string{"seed", "--demo", "--synthetic"}, "choose one", ""},
		{"negative size", []string{"seed", "--synthetic", "--users", "-3"}, "users must be between 0", ""},
		{"more votes than pairs", []string{"seed", "--synthetic", "--users", "10", "--ideas", "10", "--votes", "101"}, "more than users × ideas", ""},
		{"not a number", []string{"seed", "--synthetic", "--ideas", "many"}, "invalid value", ""},
		{"small dataset", []string{"seed", "--synthetic", "--users", "120", "--ideas", "60", "--votes", "900", "--comments", "300", "--seed", "9"},
			"", "seeded 120 users, 60 ideas in 10 challenges, 900 votes, 300 comments"},
		{"into a database with ideas", []string{"seed", "--synthetic", "--users", "10", "--ideas", "1", "--votes", "5", "--comments", "5"}, "already has ideas", ""},
	}
	runCLI(t, db, tests, func(t *testing.T, c cliCase, out string) {
		if c.wantOut != "" && !strings.Contains(out, "seeding") {
			t.Errorf("no progress bar in the output %q", out)
		}
	})

	store, err := models.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = store.Close() }()
	ctx := context.Background()
	admin, err := store.Accounts.Authenticate(ctx, "user1@synthetic.example", seed.SyntheticPassword)
	if err != nil || !admin.IsAdmin() {
		t.Fatalf("user1 should log in as the admin: %v", err)
	}
	problems, err := store.Bulk.VerifyCounters(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}
