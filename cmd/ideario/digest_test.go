package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/testutil"
)

// TestDigestCommand runs `ideario digest` twice at once and once more
// against a database where three people have a weekly digest due: each
// gets one mail, through a real SMTP server, whatever the runs.
func TestDigestCommand(t *testing.T) {
	mp := testutil.StartMailpit(t)
	path := filepath.Join(t.TempDir(), "digest.db")
	store := testutil.OpenStore(t, "sqlite:"+path)
	author := testutil.NewUser(t, store, "")
	ch := testutil.NewChallenge(t, store, "ideation", 0)
	idea := testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{Title: "Recycled dashboard", ChallengeID: &ch.ID})
	var readers []string
	for range 3 {
		u := testutil.NewUser(t, store, "")
		testutil.IsErr(t, "verify", store.Accounts.MarkVerified(t.Context(), u.ID), nil)
		testutil.IsErr(t, "follow", store.Challenges.Follow(t.Context(), u.ID, ch.ID), nil)
		readers = append(readers, u.Email)
	}
	for range 2 {
		u := testutil.NewUser(t, store, "")
		_, err := store.Votes.Vote(t.Context(), u.ID, idea.ID)
		testutil.IsErr(t, "vote", err, nil)
	}
	// The supports came last week.
	testutil.IsErr(t, "last week", testutil.Behind(store).Exec("UPDATE votes SET created_at = ?",
		time.Now().UTC().AddDate(0, 0, -7)).Error, nil)

	env := map[string]string{"IDEARIO_DB": "sqlite:" + path, "IDEARIO_SMTP_URL": mp.SMTPURL,
		"IDEARIO_SECRET": "a-secret-of-at-least-thirty-two-chars"}
	digest := func() (string, error) {
		var out, errOut bytes.Buffer
		err := run(context.Background(), []string{"digest", "--period", "weekly"}, &out, &errOut, func(k string) string { return env[k] })
		return out.String(), err
	}
	var wg sync.WaitGroup
	outs := make([]string, 2)
	for i := range outs {
		wg.Go(func() {
			out, err := digest()
			if err != nil {
				t.Errorf("digest: %v", err)
			}
			outs[i] = out
		})
	}
	wg.Wait()
	out, err := digest()
	testutil.IsErr(t, "digest again", err, nil)
	if !strings.Contains(out, "weekly digest of") || !strings.Contains(out, ": 0 sent") {
		t.Errorf("a third run = %q, want nothing sent", out)
	}
	got := map[string]int{}
	for _, m := range mp.Messages(t) {
		got[m.To[0].Address]++
		if !strings.Contains(m.Text, "Recycled dashboard") {
			t.Errorf("the digest lacks the week's top idea: %s", m.Text)
		}
	}
	for _, r := range readers {
		testutil.Equal(t, "digests to "+r, got[r], 1)
	}
	_, err = cli(t, "sqlite:"+path, "digest", "--period", "hourly")
	if err == nil || !strings.Contains(err.Error(), "daily or weekly") {
		t.Errorf("--period hourly: %v", err)
	}
}
