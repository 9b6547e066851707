package mail

import (
	"context"
	"log/slog"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/outbox"
)

// Outbox timings; tests shorten poll.
const (
	outboxBatch   = 20
	outboxLease   = 2 * time.Minute  // a claim outlives any send below
	outboxTimeout = 30 * time.Second // one message's SMTP conversation
	outboxPoll    = 2 * time.Second  // how often to look for mail queued elsewhere
)

// Outbox is the Sender the web app uses: Send queues the message in the
// database and returns, and Run delivers the queue through the real
// sender. Every instance runs one; the database hands each message to one
// of them at a time (models.Store.ClaimMail), so they share the work, and
// a message outlives a crash or a restart.
type Outbox struct {
	store  *models.Store
	sender Sender
	log    *slog.Logger
	poll   time.Duration
	wake   chan struct{}
}

// NewOutbox returns an outbox that delivers through sender.
func NewOutbox(store *models.Store, sender Sender, log *slog.Logger) *Outbox {
	return &Outbox{store: store, sender: sender, log: log, poll: outboxPoll, wake: make(chan struct{}, 1)}
}

// Send queues the message and wakes this instance's worker: the request
// that sends it never waits for the mail server, and takes the same time
// whoever the message is for.
func (o *Outbox) Send(ctx context.Context, m Message) error {
	if err := o.store.Outbox.QueueMail(ctx, outbox.Draft{To: m.To, Subject: m.Subject, Body: m.Body, HTML: m.HTML, Headers: m.Headers}); err != nil {
		return err
	}
	o.Wake()
	return nil
}

// Wake makes this instance's worker look for mail now: mail queued in
// another transaction (a notification's) need not wait for the next poll.
func (o *Outbox) Wake() {
	select {
	case o.wake <- struct{}{}:
	default: // already awake
	}
}

// Run delivers queued mail until ctx ends: at once when this instance
// queues some, and every few seconds for what others queued or what
// waits for another attempt.
func (o *Outbox) Run(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-o.wake:
		case <-timer.C:
		}
		o.deliver(ctx)
		timer.Reset(o.poll)
	}
}

// Flush delivers every message that is due now, once, for a command
// that queued mail and ends.
func (o *Outbox) Flush(ctx context.Context) { o.deliver(ctx) }

// deliver sends every message that is due, a batch at a time.
func (o *Outbox) deliver(ctx context.Context) {
	for ctx.Err() == nil {
		batch, err := o.store.Outbox.ClaimMail(ctx, outboxBatch, outboxLease)
		if err != nil {
			if ctx.Err() == nil {
				o.log.Error("outbox: claim", "err", err)
			}
			return
		}
		for _, m := range batch {
			o.deliverOne(ctx, m)
		}
		if len(batch) < outboxBatch {
			return
		}
	}
}

func (o *Outbox) deliverOne(ctx context.Context, m outbox.OutboxMail) {
	headers, err := m.HeaderFields()
	if err == nil {
		sendCtx, cancel := context.WithTimeout(ctx, outboxTimeout)
		err = o.sender.Send(sendCtx, Message{To: m.Recipient, Subject: m.Subject, Body: m.Body, HTML: m.HTMLBody, Headers: headers})
		cancel()
	}
	// The outcome is recorded even when ctx ends meanwhile (a shutdown), so
	// that a delivered message is not sent twice.
	record := context.WithoutCancel(ctx)
	if err != nil {
		o.log.Warn("outbox: send failed", "id", m.ID, "to", m.Recipient, "attempt", m.Attempts+1, "err", err)
		if err := o.store.Outbox.MailFailed(record, m, err); err != nil {
			o.log.Error("outbox: record failure", "id", m.ID, "err", err)
		}
		return
	}
	if err := o.store.Outbox.MailSent(record, m.ID); err != nil {
		o.log.Error("outbox: record delivery", "id", m.ID, "err", err)
	}
}
