package mail

import (
	"context"
	"log/slog"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/models/site"
	"gorm.io/gorm"
)

// Notifier timings; tests shorten them.
const (
	noticeBatch = 200              // notifications per transaction
	noticePoll  = 3 * time.Second  // how often to look for news to mail
	digestPoll  = 10 * time.Minute // how often to look for digests due
)

// Notifier turns notifications into mail: those due at once every few
// seconds, and the digests once their day or week is over. Every
// instance runs one; the database hands each notification and each
// digest to one of them (see notifications.MailDue and DigestRun.Send).
type Notifier struct {
	store   *models.Store
	notices *Notices
	outbox  *Outbox
	log     *slog.Logger
	poll    time.Duration
}

// NewNotifier returns a notifier that queues its mail in outbox.
func NewNotifier(store *models.Store, notices *Notices, outbox *Outbox, log *slog.Logger) *Notifier {
	return &Notifier{store: store, notices: notices, outbox: outbox, log: log, poll: noticePoll}
}

// Run mails notifications and digests until ctx ends.
func (n *Notifier) Run(ctx context.Context) {
	tick := time.NewTicker(n.poll)
	defer tick.Stop()
	lastDigest := time.Time{}
	for {
		if _, err := n.MailDue(ctx); err != nil && ctx.Err() == nil {
			n.log.Error("notifier: mail", "err", err)
		}
		if time.Since(lastDigest) >= digestPoll {
			lastDigest = time.Now()
			for _, name := range []string{notifications.ScopeDaily, notifications.ScopeWeekly} {
				p, _ := notifications.LastPeriod(name, time.Now().UTC())
				if _, err := n.SendDigests(ctx, p, nil); err != nil && ctx.Err() == nil {
					n.log.Error("notifier: digests", "period", name, "err", err)
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// MailDue queues the mail of every notification due now, and tells how
// many notifications it handled.
func (n *Notifier) MailDue(ctx context.Context) (int, error) {
	siteName, err := n.siteName(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for ctx.Err() == nil {
		handled, err := n.store.Notifications.MailDue(ctx, noticeBatch,
			func(tx *gorm.DB, to notifications.Reader, ns []notifications.Notification) error {
				return n.notices.queueNotice(tx, siteName, to, ns)
			})
		total += handled
		if err != nil || handled < noticeBatch {
			if total > 0 {
				n.outbox.Wake()
			}
			return total, err
		}
	}
	return total, ctx.Err()
}

// SendDigests sends the digests of a period that are due, and tells how
// many mails it queued; progress, when set, hears of each person done.
func (n *Notifier) SendDigests(ctx context.Context, p notifications.Period, progress func(done, total int)) (int, error) {
	siteName, err := n.siteName(ctx)
	if err != nil {
		return 0, err
	}
	run := n.store.Notifications.Digests(p)
	people, err := run.Readers(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	for i, id := range people {
		ok, err := run.Send(ctx, id, func(tx *gorm.DB, to notifications.Reader, p notifications.Period,
			ns []notifications.Notification, top []notifications.TopIdea) error {
			return n.notices.queueDigest(tx, siteName, to, p, ns, top)
		})
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
		if progress != nil {
			progress(i+1, len(people))
		}
	}
	if sent > 0 && n.outbox != nil {
		n.outbox.Wake()
	}
	return sent, nil
}

func (n *Notifier) siteName(ctx context.Context) (string, error) {
	st, err := site.Of(n.store.Store).Settings(ctx)
	return st.SiteName, err
}
