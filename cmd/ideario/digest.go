package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/ideario/ideario/config"
	"github.com/ideario/ideario/mail"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/views"
)

// digest sends the digests of the last day or week (both without
// --period) to everyone who has one due, and delivers them. A digest goes
// once per person and period, however often this runs and whatever the
// server's own scheduler has sent.
func digest(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer, log *slog.Logger) (err error) {
	fs := flags("digest", &cfg, stdout)
	period := fs.String("period", "", "daily or weekly (default: both)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	periods := []string{notifications.ScopeDaily, notifications.ScopeWeekly}
	if *period != "" {
		if _, err := notifications.LastPeriod(*period, time.Now()); err != nil {
			return fmt.Errorf("--period must be daily or weekly, got %q", *period)
		}
		periods = []string{*period}
	}
	store, err := open(ctx, &cfg, io.Discard)
	if err != nil {
		return err
	}
	defer closeWith(&err, store)
	if err := ensureSecret(ctx, &cfg, store); err != nil {
		return err
	}
	notifier, outbox, err := newNotifier(cfg, store, log)
	if err != nil {
		return err
	}
	for _, name := range periods {
		p, _ := notifications.LastPeriod(name, time.Now().UTC())
		var bar interface{ Set(int) error }
		sent, err := notifier.SendDigests(ctx, p, func(done, total int) {
			if bar == nil {
				bar = newProgressBar(stderr, int64(total), name+" digests")
			}
			_ = bar.Set(done) // the bar is only a picture of the work
		})
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(stdout, "%s digest of %s: %d sent\n", name, p.Start.Format(time.DateOnly), sent); err != nil {
			return err
		}
	}
	// What the mail server refuses now waits in the outbox for the
	// server's worker, which tries again.
	outbox.Flush(ctx)
	return nil
}

// newNotifier wires the notification mail: composed from the mail
// templates, queued in the outbox, delivered through IDEARIO_SMTP_URL.
func newNotifier(cfg config.Config, store *models.Store, log *slog.Logger) (*mail.Notifier, *mail.Outbox, error) {
	sender, err := mail.New(cfg.SMTPURL, cfg.MailFrom, log)
	if err != nil {
		return nil, nil, err
	}
	mails, err := views.NewMails()
	if err != nil {
		return nil, nil, err
	}
	outbox := mail.NewOutbox(store, sender, log)
	return mail.NewNotifier(store, mail.NewNotices(mails, cfg.BaseURL, cfg.Secret), outbox, log), outbox, nil
}
