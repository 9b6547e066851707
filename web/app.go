// Package web is the HTTP server: Echo's set-up, every route in one place,
// the middleware (sessions, CSRF, access rules, security headers) and the
// error handler.
package web

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/ideario/ideario/cache"
	"github.com/ideario/ideario/config"
	"github.com/ideario/ideario/handlers"
	"github.com/ideario/ideario/mail"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/views"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// App is a configured Ideario web application.
type App struct {
	Echo     *echo.Echo
	cfg      config.Config
	store    *models.Store
	log      *slog.Logger
	sessions *sessionStore
	handlers *handlers.Handler
	visitors visitorDay
	cache    *pageCache
}

// New wires the application; it fails when a template does not parse.
func New(cfg config.Config, db *models.Store, mailer mail.Sender, log *slog.Logger) (*App, error) {
	renderer, err := views.New()
	if err != nil {
		return nil, err
	}
	mails, err := views.NewMails()
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, store: db, log: log, sessions: newSessionStore(cfg.Secret, cfg.Secure())}
	a.cache = newPageCacheWith(cache.Options{MaxBytes: pageCacheBytes, MaxEntry: pageCacheEntry, TTL: pageCacheTTL,
		Stale: pageCacheStale})
	a.handlers = &handlers.Handler{Store: db, Mail: mailer, Log: log, Config: cfg, Sessions: a.sessions, Views: renderer, Mails: mails}
	// Every page can show ideas, comments, votes, people and the site's
	// lists: a change to them reaches the pages and their parts, and the
	// fragments unless their version tells it (a count, an edit). A vote
	// or a comment names its idea (store.About), and reaches only what
	// shows that idea or lists it in an order it may change; see
	// docs/decisions.md, "What a vote reaches".
	//   - Stored pages are read by anonymous visitors, who neither vote
	//     nor comment: votes and comments age them (a new copy is made in
	//     the background) at most once a second, so what they show is
	//     about a second late, two at most; only an idea's own page goes
	//     at once for a comment on it.
	//   - Parts fill their vote counts live for each reader: a vote only
	//     ages the lists it may reorder. A comment drops the part of its
	//     idea's page at once, so that its writer finds it there, and ages
	//     the lists that show the idea or that it may reorder.
	db.Caches.AddRule("pages", cache.Rule{On: uint64(store.All), Every: pageVoteLag, Lagging: uint64(store.Narrow),
		Held: uint64(store.Comments)}, a.cache.pages)
	renderer.AddCaches(db.Caches, cache.Rule{On: uint64(store.All), Every: pageVoteLag, Lagging: uint64(store.Votes),
		Held: uint64(store.Comments), Live: uint64(store.Votes)}, uint64(store.All&^store.Narrow))
	a.handlers.AddCaches(db.Caches)
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.IPExtractor = ipExtractor(cfg.TrustedProxies)
	e.Renderer = renderer
	e.HTTPErrorHandler = a.errorHandler
	e.Pre(headAsGet)
	e.Use(restoreHead)
	e.Use(middleware.Recover())
	e.Use(requestLog(log))
	e.Use(securityHeaders(cfg.Secure()))
	e.Use(a.countVisitors)
	e.Use(a.chooseLocale)
	e.Use(compressAnswers())
	e.Use(a.cache.middleware)
	e.Use(middleware.BodyLimit("12M"))
	a.Echo = e
	a.cache.serve = e // renders aged pages again, in the background
	a.routes()
	return a, nil
}

// ipExtractor finds a client's address, which rate limits count by. By
// default it is the connection's: X-Forwarded-For, which anyone can send,
// is read only when the connection comes from a trusted proxy
// (IDEARIO_TRUSTED_PROXIES), and then only as far back as the proxies go.
func ipExtractor(proxies []*net.IPNet) echo.IPExtractor {
	if len(proxies) == 0 {
		return echo.ExtractIPDirect()
	}
	trust := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range proxies {
		trust = append(trust, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(trust...)
}

// RenderWhole makes every page rendered whole for its reader, without the
// parts that readers share, or again with them: tests compare the two.
func (a *App) RenderWhole(on bool) { a.handlers.Views.ShareParts(!on) }

// WatchChanges follows the other instances' writes until ctx is done, so
// that this instance's cached pages never outlive a change made elsewhere.
func (a *App) WatchChanges(ctx context.Context) error {
	return a.store.WatchChanges(ctx, a.log)
}

// Serve listens on addr until ctx is cancelled, then finishes the requests
// in flight before returning.
func (a *App) Serve(ctx context.Context, addr string) error {
	watchCtx, stopWatching := context.WithCancel(ctx)
	watched := make(chan error, 1)
	go func() { watched <- a.WatchChanges(watchCtx) }()
	defer func() {
		stopWatching()
		if err := <-watched; err != nil && !errors.Is(err, context.Canceled) {
			a.log.Error("watching changes", "err", err)
		}
	}()
	srv := &http.Server{
		Addr:              addr,
		Handler:           a.Echo,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	if a.cfg.ProfileAddr != "" {
		stop := serveProfiler(a.cfg.ProfileAddr, a.log)
		defer stop()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
