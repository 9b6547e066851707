package mail_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/ideario/ideario/mail"
	"github.com/ideario/ideario/testutil"
)

// TestSMTP sends through a real SMTP server (mailpit) and reads the
// message back from it.
func TestSMTP(t *testing.T) {
	mp := testutil.StartMailpit(t)
	sender, err := mail.New(mp.SMTPURL, "ideario@example.org", slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	body := "Olá João,\n\n.a line that starts with a dot\nLink: http://localhost/verify?token=abc\n"
	err = sender.Send(context.Background(), mail.Message{To: "joao@example.org", Subject: "Confirme seu endereço ✓", Body: body})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := mp.WaitFor(t, "joao@example.org")
	if got.Subject != "Confirme seu endereço ✓" {
		t.Errorf("subject = %q", got.Subject)
	}
	if got.From.Address != "ideario@example.org" {
		t.Errorf("from = %q", got.From.Address)
	}
	for _, want := range []string{"Olá João,", "\n.a line that starts with a dot", "verify?token=abc"} {
		if !strings.Contains(strings.ReplaceAll(got.Text, "\r\n", "\n"), want) {
			t.Errorf("text %q does not contain %q", got.Text, want)
		}
	}
}

func TestSMTPUnreachable(t *testing.T) {
	sender, err := mail.New("smtp://127.0.0.1:1", "ideario@example.org", slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	if err := sender.Send(context.Background(), mail.Message{To: "a@example.org", Subject: "x", Body: "y"}); err == nil {
		t.Fatal("sending to a closed port succeeded")
	}
}

func TestLogSender(t *testing.T) {
	var buf bytes.Buffer
	sender, err := mail.New("", "ideario@example.org", slog.New(slog.NewTextHandler(&buf, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if err := sender.Send(context.Background(), mail.Message{To: "a@example.org", Subject: "Hello", Body: "the link"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "a@example.org") || !strings.Contains(buf.String(), "the link") {
		t.Errorf("the log does not show the message: %s", buf.String())
	}
}
