// Package mail sends the site's email: over SMTP when IDEARIO_SMTP_URL is
// set, otherwise into the log, so a fresh install works without a server.
package mail

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one email: a plain-text body, and an HTML one beside it
// when HTML is set (the reader's program shows the one it can); Headers
// are more header fields (List-Unsubscribe, say).
type Message struct {
	To      string
	Subject string
	Body    string
	HTML    string
	Headers map[string]string
}

// Sender delivers messages.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// New returns an SMTP sender for an smtp:// or smtps:// URL, or a sender
// that logs each message when the URL is empty.
func New(smtpURL, from string, log *slog.Logger) (Sender, error) {
	if smtpURL == "" {
		return logSender{log: log}, nil
	}
	u, err := url.Parse(smtpURL)
	if err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	return &smtpSender{url: u, from: from}, nil
}

type logSender struct{ log *slog.Logger }

func (l logSender) Send(_ context.Context, m Message) error {
	l.log.Info("mail (IDEARIO_SMTP_URL unset, not sent)", "to", m.To, "subject", m.Subject, "body", m.Body)
	return nil
}

type smtpSender struct {
	url  *url.URL
	from string
}

// Send delivers the message through go-mail, which writes the MIME parts
// and their encodings, and speaks SMTP: implicit TLS for smtps:// (port
// 465 by default), otherwise STARTTLS when the server offers it, and
// PLAIN authentication only when the URL has a user.
func (s *smtpSender) Send(ctx context.Context, m Message) error {
	host := s.url.Hostname()
	opts := []gomail.Option{gomail.WithTimeout(30 * time.Second), gomail.WithTLSPolicy(gomail.TLSOpportunistic)}
	port := 25
	if s.url.Scheme == "smtps" {
		port = 465
		opts = append(opts, gomail.WithSSL())
	}
	if p := s.url.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			return fmt.Errorf("mail: port %q: %w", p, err)
		}
		port = n
	}
	opts = append(opts, gomail.WithPort(port))
	if user := s.url.User; user != nil {
		pass, _ := user.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain), gomail.WithUsername(user.Username()), gomail.WithPassword(pass))
	}
	c, err := gomail.NewClient(host, opts...)
	if err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	msg, err := s.compose(m)
	if err != nil {
		return err
	}
	if _, ok := ctx.Deadline(); !ok { // a silent server must not hold the sender forever
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail: send to %s: %w", net.JoinHostPort(host, strconv.Itoa(port)), err)
	}
	return nil
}

// compose builds the message: its addresses, its subject, the plain text,
// the HTML beside it when there is one, and the extra headers.
func (s *smtpSender) compose(m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return nil, fmt.Errorf("mail: from: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("mail: to: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for name, value := range m.Headers {
		msg.SetGenHeader(gomail.Header(name), value)
	}
	return msg, nil
}
