package testutil

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/ideario/ideario/config"
	"github.com/ideario/ideario/mail"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/views"
	"github.com/ideario/ideario/web"
)

// Mailbox keeps the messages the app sent, in order.
type Mailbox struct {
	mu   sync.Mutex
	msgs []mail.Message
}

// Send records the message.
func (m *Mailbox) Send(_ context.Context, msg mail.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.msgs = append(m.msgs, msg)
	return nil
}

// Messages returns a copy of what was sent so far.
func (m *Mailbox) Messages() []mail.Message {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]mail.Message(nil), m.msgs...)
}

// Server is the real application served by httptest on a real database.
type Server struct {
	*httptest.Server
	App    *web.App
	Store  *models.Store
	Config config.Config
	Mail   *Mailbox
	DBURL  string // the database, for another instance (see Twin)
	// Notifier turns notifications into mail and sends digests, as in
	// `ideario serve`; see Notify.
	Notifier *mail.Notifier
	sender   mail.Sender
}

// runOutbox gives the application the mail outbox that `ideario serve`
// gives it, delivering through sender until the test ends.
func runOutbox(t testing.TB, store *models.Store, sender mail.Sender) *mail.Outbox {
	out := mail.NewOutbox(store, sender, Logger(t))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { out.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return out
}

// WaitMail waits until the outbox has delivered every queued message.
func (s *Server) WaitMail(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		n, err := s.Store.Outbox.MailBacklog(context.Background())
		if err != nil {
			t.Fatalf("mail backlog: %v", err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d messages still in the outbox", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Notify does what the server's notifier does every few seconds, now:
// it turns the notifications due into mail, and waits until the outbox
// has delivered it. (The test server runs no notifier of its own, so
// that a test knows when notification mail leaves.)
func (s *Server) Notify(t testing.TB) {
	t.Helper()
	if _, err := s.Notifier.MailDue(context.Background()); err != nil {
		t.Fatalf("notifier: %v", err)
	}
	s.WaitMail(t)
}

// Option changes how NewServer builds the application.
type Option func(*options)

type options struct {
	mailer    mail.Sender
	configure []func(*config.Config)
}

// WithMailer makes the application send mail through m (a real SMTP
// sender, say) instead of the in-memory Mailbox.
func WithMailer(m mail.Sender) Option { return func(o *options) { o.mailer = m } }

// WithConfig changes the application's settings before it starts.
func WithConfig(fn func(*config.Config)) Option {
	return func(o *options) { o.configure = append(o.configure, fn) }
}

// WithoutRateLimits turns the rate limits off, for tests that post more
// than a person may and are not about the limits.
func WithoutRateLimits() Option {
	return WithConfig(func(c *config.Config) { c.RateLimits = false })
}

// NewServer starts the application on a fresh database of the engine.
func NewServer(t testing.TB, engine string, opts ...Option) *Server {
	t.Helper()
	dbURL := DBURL(t, engine)
	store := OpenStore(t, dbURL)
	cfg := config.Defaults
	cfg.Secret = "test-secret-0123456789abcdef0123456789abcdef"
	box := &Mailbox{}
	o := options{mailer: box}
	for _, opt := range opts {
		opt(&o)
	}
	s := &Server{Store: store, Mail: box, DBURL: dbURL}
	ts := httptest.NewUnstartedServer(nil)
	cfg.BaseURL = "http://" + ts.Listener.Addr().String()
	for _, fn := range o.configure {
		fn(&cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("config: %v", err)
	}
	s.sender = o.mailer
	outbox := runOutbox(t, store, o.mailer)
	s.Notifier = NewNotifier(t, store, outbox, cfg.BaseURL, cfg.Secret)
	app, err := web.New(cfg, store, outbox, Logger(t))
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	ts.Config.Handler = app.Echo
	ts.Start()
	t.Cleanup(ts.Close)
	watchChanges(t, app)
	s.Server, s.App, s.Config = ts, app, cfg
	return s
}

// NewNotifier is the notifier `ideario serve` runs, for a site at
// baseURL whose links are signed with secret, queuing its mail in outbox.
func NewNotifier(t testing.TB, store *models.Store, outbox *mail.Outbox, baseURL, secret string) *mail.Notifier {
	t.Helper()
	mails, err := views.NewMails()
	if err != nil {
		t.Fatalf("mail templates: %v", err)
	}
	return mail.NewNotifier(store, mail.NewNotices(mails, baseURL, secret), outbox, Logger(t))
}

// TestSite and TestSecret are the address and secret of the notifiers
// that tests make without a server.
const (
	TestSite   = "https://ideas.example.org"
	TestSecret = "a-secret-of-at-least-thirty-two-chars"
)
