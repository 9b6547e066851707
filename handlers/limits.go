package handlers

import (
	"cmp"
	"errors"
	"math"
	"strconv"
	"time"

	"github.com/ideario/ideario/config"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ratelimit"
	"github.com/ideario/ideario/models/store"
	"github.com/labstack/echo/v4"
)

// The site's rate limits, with their figures from the configuration
// (config.RateLimits). Counts are kept in the database (ratelimit.Limit), by
// each limit's name, so they hold across instances and restarts.
func limit(name string, f config.RateLimit) ratelimit.Limit {
	return ratelimit.Limit{Name: name, Max: f.Max, Window: f.Window, Wait: f.Wait, MaxWait: f.MaxWait}
}

func (h *Handler) loginAccountLimit() ratelimit.Limit {
	return limit("login-account", h.Config.Limits.LoginAccount)
}

func (h *Handler) loginAddressLimit() ratelimit.Limit {
	return limit("login-address", h.Config.Limits.LoginAddress)
}

func (h *Handler) signupAddressLimit() ratelimit.Limit {
	return limit("signup-address", h.Config.Limits.SignupAddress)
}

func (h *Handler) resetAccountLimit() ratelimit.Limit {
	return limit("reset-account", h.Config.Limits.ResetAccount)
}

func (h *Handler) resetAddressLimit() ratelimit.Limit {
	return limit("reset-address", h.Config.Limits.ResetAddress)
}

// postLimits bound what one person posts: an established account, and a
// newcomer, who gets less until its account is newcomerAge old.
type postLimits struct{ regular, newcomer ratelimit.Limit }

const newcomerAge = 24 * time.Hour

// posting names a pair of posting limits: "idea", and "idea-new" for
// newcomers.
func posting(name string, regular, newcomer config.RateLimit) postLimits {
	return postLimits{limit(name, regular), limit(name+"-new", newcomer)}
}

func (h *Handler) ideaLimits() postLimits {
	return posting("idea", h.Config.Limits.Idea, h.Config.Limits.IdeaNewcomer)
}

func (h *Handler) commentLimits() postLimits {
	return posting("comment", h.Config.Limits.Comment, h.Config.Limits.CommentNewcomer)
}

func (h *Handler) voteLimits() postLimits {
	return posting("vote", h.Config.Limits.Vote, h.Config.Limits.VoteNewcomer)
}

func (h *Handler) flagLimits() postLimits {
	return posting("flag", h.Config.Limits.Flag, h.Config.Limits.FlagNewcomer)
}

// forUser is the limit that applies to u, or nil when none does.
func (l postLimits) forUser(u *accounts.User, now time.Time) *ratelimit.Limit {
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

// countPost counts one post of u under l; the error is a *ratelimit.Limited
// when u must wait.
func (h *Handler) countPost(c echo.Context, l postLimits, u *accounts.User) error {
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
func (h *Handler) countLimit(c echo.Context, l ratelimit.Limit, subject string) error {
	err := h.Store.Limits.CountLimit(c.Request().Context(), l, subject)
	if store.Unavailable(err) {
		h.Log.Warn("rate limit not counted: the database takes no writes", "limit", l.Name, "err", err)
		return nil
	}
	return err
}

// limitOn is one limit on one subject.
type limitOn struct {
	limit   ratelimit.Limit
	subject string
}

// checkLimits refuses while a subject must wait under its limit, counting
// nothing.
func (h *Handler) checkLimits(c echo.Context, limits ...limitOn) error {
	if !h.limitsOn() {
		return nil
	}
	for _, l := range limits {
		if err := h.Store.Limits.CheckLimit(c.Request().Context(), l.limit, l.subject); err != nil {
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
		if err != nil && !errors.Is(err, ratelimit.ErrLimited) {
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
	var l *ratelimit.Limited
	if !errors.As(err, &l) {
		return "", false
	}
	c.Response().Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(max(l.RetryAfter, time.Second).Seconds()))))
	return T(c, "%s Please wait %s and try again.", what, waitText(c, l.RetryAfter)), true
}

// waitText says a wait in whole seconds, minutes or hours, rounded up.
func waitText(c echo.Context, d time.Duration) string {
	secs := int(math.Ceil(max(d, time.Second).Seconds()))
	mins := (secs + 59) / 60
	hours := (mins + 59) / 60
	switch {
	case secs < 60:
		return TN(c, "%d seconds", secs)
	case mins < 60:
		return TN(c, "%d minutes", mins)
	default:
		return TN(c, "%d hours", hours)
	}
}

// tooFast is the start of the message that refuses a post for now.
func tooFast(c echo.Context) string {
	return T(c, "You are posting faster than the site allows, so this was not saved yet; what you wrote is kept here.")
}
