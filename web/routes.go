package web

import (
	"net/http"

	"github.com/ideario/ideario/assets"
	"github.com/ideario/ideario/models"
	"github.com/labstack/echo/v4"
)

// routes lists every route of the site, grouped by who may use it.
func (a *App) routes() {
	e, h := a.Echo, a.handlers

	e.GET("/healthz", h.Health)
	e.GET("/assets/*", echo.WrapHandler(http.StripPrefix("/assets/", assets.Handler())))

	api := e.Group("/api/v1", a.loadUser)
	api.GET("/ideas", h.APIIdeas)
	api.GET("/ideas/:id", h.APIIdea)
	api.GET("/challenges", h.APIChallenges)

	// Everything below is a page: the visitor's session and CSRF token apply.
	site := e.Group("", csrf(a.cfg.Secure()), a.loadUser)
	site.GET("/", h.Home)
	site.GET("/feed.atom", h.Feed)
	site.GET("/signup", h.SignupForm)
	site.POST("/signup", h.Signup)
	site.GET("/login", h.LoginForm)
	site.POST("/login", h.Login)
	site.POST("/logout", h.Logout)
	site.GET("/password/forgot", h.ForgotForm)
	site.POST("/password/forgot", h.Forgot)
	site.GET("/password/reset", h.ResetForm)
	site.POST("/password/reset", h.Reset)
	site.GET("/verify", h.Verify)
	site.GET("/ideas", h.ListIdeas)
	site.GET("/ideas/:id", h.ShowIdea)
	site.GET("/challenges", h.ListChallenges)
	site.GET("/challenges/:slug", h.ShowChallenge)
	site.GET("/users/:id", h.ShowUser)

	// Signed-in people, whatever their role. Not a Group: a group's
	// catch-all would send visitors of unknown addresses to log in.
	signedIn := requireUser
	site.GET("/ideas/new", h.NewIdea, signedIn)
	site.POST("/ideas", h.CreateIdea, signedIn)
	site.GET("/ideas/:id/edit", h.EditIdea, signedIn)
	site.POST("/ideas/:id/edit", h.UpdateIdea, signedIn)
	site.POST("/ideas/:id/vote", h.Vote, signedIn)
	site.POST("/ideas/:id/unvote", h.Unvote, signedIn)
	site.POST("/ideas/:id/comments", h.CreateComment, signedIn)
	site.POST("/ideas/:id/follow", h.Follow, signedIn)
	site.POST("/ideas/:id/unfollow", h.Unfollow, signedIn)
	site.GET("/comments/:id/edit", h.EditCommentForm, signedIn)
	site.POST("/comments/:id/edit", h.UpdateComment, signedIn)
	site.POST("/comments/:id/delete", h.DeleteComment, signedIn)
	site.GET("/account", h.AccountForm, signedIn)
	site.POST("/account", h.UpdateAccount, signedIn)
	site.GET("/notifications", h.Notifications, signedIn)
	site.POST("/notifications/read", h.MarkNotificationsRead, signedIn)

	// The admin pages (moderators and admins) and the reports (sponsors and
	// admins) come with their own work; these groups already guard their
	// whole prefix, so that no route added there can be reached without
	// the role.
	site.Group("/admin", requireUser, requireRole((*models.User).IsModerator))
	site.Group("/reports", requireUser, requireRole((*models.User).CanReadReports))
}
