package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// This file tells whoever keeps something derived from the data (the page
// cache) that the data changed: after every committed write of this
// process, and, on PostgreSQL, after every write that another instance
// announces with NOTIFY. The PostgreSQL-only statements of the feed live
// here, beside the listener that needs them, rather than in dialect.go.

// changeFeed calls its subscribers after each change, and carries what the
// PostgreSQL listener needs to tell this instance's notices from others'.
type changeFeed struct {
	instance string // random; an instance ignores its own notices
	dsn      string // for the listener's own connection; empty on SQLite
	postgres bool

	mu      sync.Mutex
	subs    map[int]func(Change, []int64)
	nextSub int
	channel string // NOTIFY channel, known once asked of the server
	log     *slog.Logger

	notices *coalescer // this instance's NOTIFYs, one at a time; nil on SQLite
	unsent  unsent     // the changes the next NOTIFY tells of

	// unannounced reports writes that did not say what they changed.
	unannounced atomic.Pointer[func(sql string)]
}

func newChangeFeed(dbURL string, postgres bool) *changeFeed {
	raw := make([]byte, 8)
	if _, err := rand.Read(raw); err != nil {
		panic("crypto/rand failed: " + err.Error()) // the system is unusable
	}
	f := &changeFeed{instance: hex.EncodeToString(raw), postgres: postgres, subs: map[int]func(Change, []int64){}, log: slog.Default()}
	if postgres {
		f.dsn = dbURL
	}
	return f
}

// OnChange calls fn with what changed after every committed write that
// says it changed something (see Change), and with All whenever a change
// may have been missed; fn must be quick. The returned function stops the
// calls.
func (s *Store) OnChange(fn func(Change)) (cancel func()) {
	return s.OnChangeOf(func(what Change, _ []int64) { fn(what) })
}

// OnChangeOf is OnChange, with the ideas the change concerns alone (see
// About), or nil when it may concern any.
func (s *Store) OnChangeOf(fn func(what Change, ideas []int64)) (cancel func()) {
	f := s.changes
	f.mu.Lock()
	defer f.mu.Unlock()
	id := f.nextSub
	f.nextSub++
	f.subs[id] = fn
	return func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		delete(f.subs, id)
	}
}

// notifySubscribers tells every subscriber of a change.
func (f *changeFeed) notifySubscribers(what Change, ideas []int64) {
	f.mu.Lock()
	subs := make([]func(Change, []int64), 0, len(f.subs))
	for _, fn := range f.subs {
		subs = append(subs, fn)
	}
	f.mu.Unlock()
	for _, fn := range subs {
		fn(what, ideas)
	}
}

// publish tells this process's subscribers at once, then asks for a
// NOTIFY to the other instances, which is sent in the background (see
// coalescer): under load, one NOTIFY announces every write that committed
// while the previous one was on its way, instead of one round trip per
// write.
func (f *changeFeed) publish(what Change, ideas []int64) {
	if what == 0 {
		return
	}
	f.notifySubscribers(what, ideas)
	if f.notices != nil {
		f.unsent.add(what, ideas)
		f.notices.request()
	}
}

// flush waits for the NOTIFYs under way, so that the last writes are
// announced before the connections close.
func (f *changeFeed) flush() {
	if f.notices != nil {
		f.notices.wait()
	}
}

// sendNotice sends one NOTIFY. A failure is logged: the writes have
// committed, and the other instances' caches still expire on their own.
func (f *changeFeed) sendNotice(s *Store) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := f.announce(ctx, s); err != nil {
		f.logger().Error("announce change", "err", err)
	}
}

// coalescer runs send for every request, without two sends at once and
// without a send per request: a request that comes while a send is under
// way is served by one more send, right after it, for all the requests
// that came meanwhile. Each request is thus followed by a send that
// starts after it. Sends run on a goroutine of their own, so a request
// never waits.
type coalescer struct {
	send func()

	mu      sync.Mutex
	running bool          // a goroutine is sending
	again   bool          // a request came after the current send started
	idle    chan struct{} // closed when the running goroutine ends
}

func newCoalescer(send func()) *coalescer {
	return &coalescer{send: send}
}

// request asks for a send that starts after now.
func (c *coalescer) request() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running {
		c.again = true
		return
	}
	c.running = true
	c.idle = make(chan struct{})
	go c.run()
}

// run sends until no request came during the last send.
func (c *coalescer) run() {
	for {
		c.send()
		c.mu.Lock()
		if !c.again {
			c.running = false
			close(c.idle)
			c.mu.Unlock()
			return
		}
		c.again = false // the next send covers every request until now
		c.mu.Unlock()
	}
}

// wait returns once no send is under way or asked for.
func (c *coalescer) wait() {
	c.mu.Lock()
	idle, running := c.idle, c.running
	c.mu.Unlock()
	if running {
		<-idle
	}
}

// announce sends this instance's NOTIFY. It goes through database/sql,
// not GORM, so that it does not count as a write itself.
func (f *changeFeed) announce(ctx context.Context, s *Store) error {
	sqlDB, err := s.DB.DB()
	if err != nil {
		return err
	}
	channel, err := f.channelName(ctx, s)
	if err != nil {
		return err
	}
	_, err = sqlDB.ExecContext(ctx, "SELECT pg_notify($1, $2)", channel, f.instance+":"+f.unsent.take())
	return err
}

// channelName is the NOTIFY channel of this schema: instances of other
// sites (or other tests) on the same database do not disturb each other.
func (f *changeFeed) channelName(ctx context.Context, s *Store) (string, error) {
	f.mu.Lock()
	channel := f.channel
	f.mu.Unlock()
	if channel != "" {
		return channel, nil
	}
	sqlDB, err := s.DB.DB()
	if err != nil {
		return "", err
	}
	var schema string
	if err := sqlDB.QueryRowContext(ctx, "SELECT COALESCE(current_schema(), '')").Scan(&schema); err != nil {
		return "", fmt.Errorf("models: change channel: %w", err)
	}
	channel = "ideario_changes"
	if schema != "" && schema != "public" {
		channel += ":" + schema
	}
	if len(channel) > 63 { // PostgreSQL's limit for identifiers
		channel = channel[:63]
	}
	f.mu.Lock()
	f.channel = channel
	f.mu.Unlock()
	return channel, nil
}

func (f *changeFeed) logger() *slog.Logger {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.log
}

// Listener backoff between reconnections.
const (
	listenMinBackoff = 100 * time.Millisecond
	listenMaxBackoff = 30 * time.Second
)

// WatchChanges follows the writes of the other instances until ctx is
// done, calling the OnChange subscribers for each with what it changed. On PostgreSQL it LISTENs
// on a connection of its own and reconnects with a growing pause after a
// failure; since notices sent while it was away are lost, the subscribers
// are called after every (re)connection. On SQLite, which one process
// serves, it returns at once: another process's writes (the command line)
// reach the pages when their cached copies expire.
func (s *Store) WatchChanges(ctx context.Context, log *slog.Logger) error {
	f := s.changes
	f.mu.Lock()
	f.log = log
	f.mu.Unlock()
	if !f.postgres {
		return nil
	}
	backoff := listenMinBackoff
	for {
		listening := make(chan struct{})
		err := f.listen(ctx, s, listening)
		if ctx.Err() != nil {
			return nil
		}
		select {
		case <-listening:
			backoff = listenMinBackoff // it worked for a while: start over
		default:
		}
		log.Warn("change listener lost its connection", "err", err, "retry_in", backoff)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, listenMaxBackoff)
	}
}

// listen connects, LISTENs, tells the subscribers to start afresh, closes
// listening, and then calls the subscribers for each notice of another
// instance until the connection fails or ctx is done.
func (f *changeFeed) listen(ctx context.Context, s *Store, listening chan<- struct{}) error {
	channel, err := f.channelName(ctx, s)
	if err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, f.dsn)
	if err != nil {
		return fmt.Errorf("models: listen: connect: %w", err)
	}
	defer func() {
		closing, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = conn.Close(closing) // the listener is stopping: the connection goes either way
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return fmt.Errorf("models: listen: %w", err)
	}
	f.notifySubscribers(All, nil) // what was announced while away is lost
	close(listening)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return ctx.Err()
			}
			return fmt.Errorf("models: listen: %w", err)
		}
		if from, notice, _ := strings.Cut(n.Payload, ":"); from != f.instance {
			f.notifySubscribers(parseNotice(notice))
		}
	}
}
