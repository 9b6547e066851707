package web_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ideario/ideario/mail"
	"github.com/ideario/ideario/testutil"
)

// TestSignupMailsAWorkingVerificationLink signs up through the real form,
// lets the app send its mail through a real SMTP server (mailpit), reads
// the link from the message as a person would, and follows it.
func TestSignupMailsAWorkingVerificationLink(t *testing.T) {
	mp := testutil.StartMailpit(t)
	sender, err := mail.New(mp.SMTPURL, "ideario@example.org", slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	s := testutil.NewServer(t, "sqlite", testutil.WithMailer(sender))
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	page := mailFlowGet(t, browser, s.URL+"/signup")
	token := html.UnescapeString(regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(page)[1])
	resp, err := browser.PostForm(s.URL+"/signup", url.Values{"_csrf": {token}, "name": {"Inês Araújo"},
		"email": {"ines@example.org"}, "password": {"a long and private passphrase"}, "country": {"PT"}})
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /signup = %d, want 303", resp.StatusCode)
	}

	msg := mp.WaitFor(t, "ines@example.org")
	if !strings.Contains(msg.Subject, "Confirm") {
		t.Errorf("subject = %q", msg.Subject)
	}
	link := regexp.MustCompile(`http://\S+/verify\?token=\S+`).FindString(msg.Text)
	if link == "" {
		t.Fatalf("no verification link in the mail: %q", msg.Text)
	}
	resp, err = browser.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("GET the verification link = %d, want 303", resp.StatusCode)
	}
	u, err := s.Store.Accounts.UserByEmail(context.Background(), "ines@example.org")
	if err != nil || u.VerifiedAt == nil {
		t.Fatalf("the address is not marked verified: %v %+v", err, u)
	}
	// The link works once.
	resp, err = browser.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("the link used twice = %d, want 400", resp.StatusCode)
	}
}

func mailFlowGet(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
