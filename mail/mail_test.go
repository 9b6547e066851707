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

// TestSMTPTextAndHTML sends a message with both parts and the headers of
// a one-click unsubscribe (RFC 8058), and reads each back from mailpit.
func TestSMTPTextAndHTML(t *testing.T) {
	mp := testutil.StartMailpit(t)
	sender, err := mail.New(mp.SMTPURL, "ideario@example.org", slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	unsubscribe := "<https://ideario.example/unsubscribe?token=abc>"
	err = sender.Send(context.Background(), mail.Message{To: "ana@example.org", Subject: "Une réponse à votre commentaire",
		Body:    "Bea vous a répondu.\nhttps://ideario.example/ideas/7#comment-9\n",
		HTML:    `<p>Bea vous a répondu. <a href="https://ideario.example/ideas/7#comment-9">Lire</a></p>`,
		Headers: map[string]string{"List-Unsubscribe": unsubscribe, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := mp.WaitFor(t, "ana@example.org")
	if !strings.Contains(got.Text, "Bea vous a répondu.") || strings.Contains(got.Text, "<p>") {
		t.Errorf("text part = %q", got.Text)
	}
	if !strings.Contains(got.HTML, `<a href="https://ideario.example/ideas/7#comment-9">Lire</a>`) {
		t.Errorf("HTML part = %q", got.HTML)
	}
	headers := mp.Headers(t, got)
	for name, want := range map[string]string{"List-Unsubscribe": unsubscribe, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"} {
		if v := headers[name]; len(v) != 1 || v[0] != want {
			t.Errorf("%s = %q, want %q", name, v, want)
		}
	}
	if ct := strings.Join(headers["Content-Type"], ""); !strings.HasPrefix(ct, "multipart/alternative") {
		t.Errorf("Content-Type = %q, want multipart/alternative", ct)
	}
}

// TestSMTPWithoutAuth sends through a server without a user in the URL:
// no AUTH is attempted.
func TestSMTPWithoutAuth(t *testing.T) {
	mp := testutil.StartMailpit(t)
	sender, err := mail.New(strings.Replace(mp.SMTPURL, "ideario:secret@", "", 1), "ideario@example.org", slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	if err := sender.Send(context.Background(), mail.Message{To: "noauth@example.org", Subject: "Plain", Body: "No login."}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if got := mp.WaitFor(t, "noauth@example.org"); !strings.Contains(got.Text, "No login.") {
		t.Errorf("text = %q", got.Text)
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
