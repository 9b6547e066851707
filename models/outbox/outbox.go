package outbox

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// OutboxMail is an email waiting in the outbox: requests queue mail in the
// database, in their own transaction, and a worker in every instance
// delivers it. A request never waits for the mail server, a crash or a
// restart loses no mail, and any instance may send what another queued.
type OutboxMail struct {
	ID            int64
	Recipient     string
	Subject       string
	Body          string
	HTMLBody      string `gorm:"column:html_body"`
	Headers       string // more header fields, as a JSON object; "" for none
	CreatedAt     time.Time
	Attempts      int
	NextAttemptAt time.Time
	ClaimedUntil  *time.Time
	SentAt        *time.Time
	FailedAt      *time.Time // given up after MailMaxAttempts
	LastError     string
}

func (OutboxMail) TableName() string { return "mail_outbox" }

// MailMaxAttempts is how many times the outbox tries a message before it
// gives up on it.
const MailMaxAttempts = 8

// A Draft is a message to queue: its text, the HTML beside it ("" for
// none), and more header fields.
type Draft struct {
	To, Subject, Body, HTML string
	Headers                 map[string]string
}

// QueueMail puts a message in the outbox, to be sent at once.
func (s *Store) QueueMail(ctx context.Context, d Draft) error {
	return store.MapErr("queue mail", QueueIn(s.Writes(ctx, store.Unseen), d))
}

// QueueIn puts a message in the outbox in a transaction: the mail leaves
// if and only if the transaction commits.
func QueueIn(tx *gorm.DB, d Draft) error {
	now := time.Now().UTC()
	m := OutboxMail{Recipient: d.To, Subject: d.Subject, Body: d.Body, HTMLBody: d.HTML, CreatedAt: now, NextAttemptAt: now}
	if len(d.Headers) > 0 {
		b, err := json.Marshal(d.Headers)
		if err != nil {
			return fmt.Errorf("models: queue mail: %w", err)
		}
		m.Headers = string(b)
	}
	return tx.Create(&m).Error
}

// HeaderFields are the message's own header fields (nil for none).
func (m OutboxMail) HeaderFields() (map[string]string, error) {
	if m.Headers == "" {
		return nil, nil
	}
	var h map[string]string
	if err := json.Unmarshal([]byte(m.Headers), &h); err != nil {
		return nil, fmt.Errorf("models: mail %d's headers: %w", m.ID, err)
	}
	return h, nil
}

// claimableMailSQL picks the mail due now that nobody has claimed (or
// whose claim ran out): the time twice, then how many.
const claimableMailSQL = `SELECT id FROM mail_outbox
	WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?
	AND (claimed_until IS NULL OR claimed_until < ?)
	ORDER BY next_attempt_at, id LIMIT ?`

// ClaimMail takes up to limit messages that are due and that nobody holds,
// for lease: until then no other worker gets them. A worker that dies
// mid-send loses its claim when the lease ends, and the message is sent
// again (at least once, never lost).
func (s *Store) ClaimMail(ctx context.Context, limit int, lease time.Duration) ([]OutboxMail, error) {
	var claimed []OutboxMail
	err := s.Writes(ctx, store.Unseen).Transaction(func(tx *gorm.DB) error {
		now := time.Now().UTC()
		var ids []int64
		err := tx.Raw(claimableMailSQL+s.Dialect().SkipLocked(), now, now, limit).Scan(&ids).Error
		if err != nil || len(ids) == 0 {
			return err
		}
		until := now.Add(lease)
		if err := tx.Model(&OutboxMail{}).Where("id IN ?", ids).Update("claimed_until", until).Error; err != nil {
			return err
		}
		return tx.Where("id IN ?", ids).Order("next_attempt_at, id").Find(&claimed).Error
	})
	return claimed, store.MapErr("claim mail", err)
}

// MailSent records a delivery.
func (s *Store) MailSent(ctx context.Context, id int64) error {
	err := s.Writes(ctx, store.Unseen).Model(&OutboxMail{}).Where("id = ?", id).
		Updates(map[string]any{"sent_at": time.Now().UTC(), "claimed_until": nil, "last_error": ""}).Error
	return store.MapErr("mail sent", err)
}

// MailFailed records a failed delivery: the message is tried again after a
// delay that doubles with each attempt (1 minute, 2, 4, ...), and given up
// after MailMaxAttempts.
func (s *Store) MailFailed(ctx context.Context, m OutboxMail, cause error) error {
	now := time.Now().UTC()
	fields := map[string]any{"attempts": m.Attempts + 1, "claimed_until": nil, "last_error": truncate(cause.Error(), 500),
		"next_attempt_at": now.Add(time.Minute << min(m.Attempts, 10))}
	if m.Attempts+1 >= MailMaxAttempts {
		fields["failed_at"] = now
	}
	err := s.Writes(ctx, store.Unseen).Model(&OutboxMail{}).Where("id = ?", m.ID).Updates(fields).Error
	return store.MapErr("mail failed", err)
}

// MailBacklog counts the messages not yet sent nor given up, for health
// checks and tests.
func (s *Store) MailBacklog(ctx context.Context) (int64, error) {
	var n int64
	err := s.DB.WithContext(ctx).Model(&OutboxMail{}).Where("sent_at IS NULL AND failed_at IS NULL").Count(&n).Error
	return n, store.MapErr("mail backlog", err)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}
