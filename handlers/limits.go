package handlers

import (
	"cmp"
	"errors"
	"math"
	"strconv"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/labstack/echo/v4"
)

// The site's rate limits. Counts are kept in the database (models.Limit),
// so they hold across instances and restarts; each refusal makes the next
// wait twice as long, up to MaxWait. Log-in counts failures only, per
// account and per address; sign-up and password reset count every
// request. An address may be a school's or an office's shared one, so its
// limits are higher than an account's.
var (
	loginAccountLimit  = models.Limit{Name: "login-account", Max: 5, Window: 15 * time.Minute, Wait: time.Minute, MaxWait: time.Hour}
	loginAddressLimit  = models.Limit{Name: "login-address", Max: 30, Window: 15 * time.Minute, Wait: 5 * time.Minute, MaxWait: time.Hour}
	signupAddressLimit = models.Limit{Name: "signup-address", Max: 20, Window: time.Hour, Wait: 15 * time.Minute, MaxWait: 24 * time.Hour}
	resetAccountLimit  = models.Limit{Name: "reset-account", Max: 3, Window: time.Hour, Wait: 15 * time.Minute, MaxWait: 24 * time.Hour}
	resetAddressLimit  = models.Limit{Name: "reset-address", Max: 10, Window: time.Hour, Wait: 15 * time.Minute, MaxWait: 24 * time.Hour}
)

// postLimits bound what one person posts: an established account, and a
// newcomer, who gets less until its account is newcomerAge old. Spam
// comes from fresh accounts; a person who has been around a day has
// shown some patience. Moderators and admins are not limited.
type postLimits struct{ regular, newcomer models.Limit }

const newcomerAge = 24 * time.Hour

var (
	ideaLimits = postLimits{
		regular:  models.Limit{Name: "idea", Max: 10, Window: time.Hour, Wait: 10 * time.Minute, MaxWait: 6 * time.Hour},
		newcomer: models.Limit{Name: "idea-new", Max: 3, Window: time.Hour, Wait: 30 * time.Minute, MaxWait: 12 * time.Hour},
	}
	commentLimits = postLimits{
		regular:  models.Limit{Name: "comment", Max: 30, Window: 10 * time.Minute, Wait: 5 * time.Minute, MaxWait: 6 * time.Hour},
		newcomer: models.Limit{Name: "comment-new", Max: 10, Window: 10 * time.Minute, Wait: 10 * time.Minute, MaxWait: 12 * time.Hour},
	}
	voteLimits = postLimits{
		regular:  models.Limit{Name: "vote", Max: 60, Window: time.Minute, Wait: time.Minute, MaxWait: time.Hour},
		newcomer: models.Limit{Name: "vote-new", Max: 30, Window: time.Minute, Wait: 2 * time.Minute, MaxWait: 2 * time.Hour},
	}
	flagLimits = postLimits{
		regular:  models.Limit{Name: "flag", Max: 20, Window: time.Hour, Wait: 15 * time.Minute, MaxWait: 12 * time.Hour},
		newcomer: models.Limit{Name: "flag-new", Max: 5, Window: time.Hour, Wait: 30 * time.Minute, MaxWait: 24 * time.Hour},
	}
)

// forUser is the limit that applies to u, or nil when none does.
func (l postLimits) forUser(u *models.User, now time.Time) *models.Limit {
	if u.IsModerator() {
		return nil
	}
	if now.Sub(u.CreatedAt) < newcomerAge {
		return &l.newcomer
	}
	return &l.regular
}

// limitsOn tells whether rate limits apply (IDEARIO_RATE_LIMITS).
func (h *Handler) limitsOn() bool { return h.Config.RateLimits }

// countPost counts one post of u under l; the error is a *models.Limited
// when u must wait.
func (h *Handler) countPost(c echo.Context, l postLimits, u *models.User) error {
	if !h.limitsOn() {
		return nil
	}
	limit := l.forUser(u, time.Now())
	if limit == nil {
		return nil
	}
	return h.countLimit(c, *limit, strconv.FormatInt(u.ID, 10))
}

// countLimit counts one time of subject under l. A database that takes no
// writes cannot keep the count; the action is then allowed, since it
// would only be refused for lack of a count, and is logged.
func (h *Handler) countLimit(c echo.Context, l models.Limit, subject string) error {
	err := h.Store.CountLimit(c.Request().Context(), l, subject)
	if models.Unavailable(err) {
		h.Log.Warn("rate limit not counted: the database takes no writes", "limit", l.Name, "err", err)
		return nil
	}
	return err
}

// limitOn is one limit on one subject.
type limitOn struct {
	limit   models.Limit
	subject string
}

// checkLimits refuses while a subject must wait under its limit, counting
// nothing.
func (h *Handler) checkLimits(c echo.Context, limits ...limitOn) error {
	if !h.limitsOn() {
		return nil
	}
	for _, l := range limits {
		if err := h.Store.CheckLimit(c.Request().Context(), l.limit, l.subject); err != nil {
			return err
		}
	}
	return nil
}

// countLimits counts one time under each limit, all of them, and refuses
// when any of them says to wait.
func (h *Handler) countLimits(c echo.Context, limits ...limitOn) error {
	if !h.limitsOn() {
		return nil
	}
	var refused error
	for _, l := range limits {
		err := h.countLimit(c, l.limit, l.subject)
		if err != nil && !errors.Is(err, models.ErrLimited) {
			return err
		}
		refused = cmp.Or(refused, err)
	}
	return refused
}

// limited words a refusal by a rate limit for people, with what to do and
// how long to wait, and tells clients when to come back (Retry-After).
// It reports false when err is not such a refusal.
func limited(c echo.Context, err error, what string) (string, bool) {
	var l *models.Limited
	if !errors.As(err, &l) {
		return "", false
	}
	c.Response().Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(max(l.RetryAfter, time.Second).Seconds()))))
	return t(c, "%s Please wait %s and try again.", what, waitText(c, l.RetryAfter)), true
}

// waitText says a wait in whole seconds, minutes or hours, rounded up.
func waitText(c echo.Context, d time.Duration) string {
	secs := int(math.Ceil(max(d, time.Second).Seconds()))
	mins := (secs + 59) / 60
	hours := (mins + 59) / 60
	switch {
	case secs < 60:
		return tn(c, "%d seconds", secs)
	case mins < 60:
		return tn(c, "%d minutes", mins)
	default:
		return tn(c, "%d hours", hours)
	}
}

// tooFast is the start of the message that refuses a post for now.
func tooFast(c echo.Context) string {
	return t(c, "You are posting faster than the site allows, so this was not saved yet; what you wrote is kept here.")
}
