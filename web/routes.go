package web

import (
	"net/http"

	"github.com/ideario/ideario/assets"
	"github.com/ideario/ideario/models/accounts"
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
	site := e.Group("", csrf(a.cfg.Secure(), a.cfg.BaseURL), a.loadUser)
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
	site.GET("/language", h.ChooseLanguage)
	site.POST("/language", h.ChooseLanguage)

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
	site.POST("/account/tokens", h.CreateAPIToken, signedIn)
	site.POST("/account/tokens/:id/revoke", h.RevokeAPIToken, signedIn)
	site.GET("/notifications", h.Notifications, signedIn)
	site.POST("/notifications/read", h.MarkNotificationsRead, signedIn)

	site.POST("/ideas/:id/flag", h.FlagIdea, signedIn)
	site.POST("/comments/:id/flag", h.FlagComment, signedIn)
	site.GET("/images/:id", h.Image)
	site.GET("/images/:id/thumb", h.ImageThumb)

	// Moderators and admins: the group guards its whole prefix, so that no
	// route added under /admin can be reached without the role; the few
	// admin-only routes add their own rule.
	adminOnly := requireRole((*accounts.User).IsAdmin)
	admin := site.Group("/admin", requireUser, requireRole((*accounts.User).IsModerator))
	admin.GET("", h.AdminOverview)
	admin.GET("/moderation", h.ModerationQueue)
	admin.POST("/moderation/bulk", h.ModerationBulk)
	admin.POST("/ideas/:id/status", h.SetIdeaStatus)
	admin.POST("/ideas/:id/hide", h.HideIdea)
	admin.POST("/ideas/:id/unhide", h.UnhideIdea)
	admin.POST("/ideas/:id/approve", h.ApproveIdea)
	admin.POST("/ideas/:id/dismiss", h.DismissIdeaFlags)
	admin.GET("/ideas/:id/merge", h.MergeForm)
	admin.POST("/ideas/:id/merge", h.MergeIdea)
	admin.POST("/comments/:id/hide", h.HideComment)
	admin.POST("/comments/:id/unhide", h.UnhideComment)
	admin.POST("/comments/:id/dismiss", h.DismissCommentFlags)
	admin.GET("/users", h.AdminUsers)
	admin.GET("/users/:id", h.AdminUser)
	admin.POST("/users/:id/suspend", h.SuspendUser)
	admin.POST("/users/:id/unsuspend", h.UnsuspendUser)
	admin.POST("/users/:id/hide-all", h.HideAllByUser)
	admin.POST("/users/:id/role", h.SetUserRole, adminOnly)
	admin.GET("/challenges", h.AdminChallenges)
	admin.GET("/challenges/new", h.NewChallengeForm)
	admin.POST("/challenges", h.CreateChallenge)
	admin.GET("/challenges/:id/edit", h.EditChallengeForm)
	admin.POST("/challenges/:id/edit", h.UpdateChallenge)
	admin.GET("/categories", h.AdminCategories)
	admin.POST("/categories", h.CreateCategory)
	admin.POST("/categories/:id/edit", h.UpdateCategory)
	admin.GET("/audit", h.AuditLog)
	admin.GET("/settings", h.SettingsForm, adminOnly)
	admin.POST("/settings", h.SaveSettings, adminOnly)

	// Sponsors and admins; the reports themselves come with their own work.
	reports := site.Group("/reports", a.bearer, requireUser, requireRole((*accounts.User).CanReadReports))
	reports.GET("", h.ReportsDashboard)
	reports.GET("/ideas.csv", h.ExportIdeas("csv"))
	reports.GET("/ideas.json", h.ExportIdeas("json"))
	reports.GET("/ideas.xlsx", h.ExportIdeas("xlsx"))
	reports.GET("/ideas.pdf", h.ExportIdeas("pdf"))
	reports.GET("/comments.csv", h.ExportComments)
}
