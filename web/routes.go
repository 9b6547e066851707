package web

import (
	"net/http"

	"github.com/ideario/ideario/assets"
	"github.com/ideario/ideario/handlers/admin"
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
	site.GET("/leaderboard", h.Leaderboard)
	site.GET("/language", h.ChooseLanguage)
	site.GET("/unsubscribe", h.Unsubscribe)
	site.POST("/unsubscribe", h.UnsubscribePost)
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
	site.POST("/challenges/:slug/follow", h.FollowChallenge, signedIn)
	site.POST("/challenges/:slug/unfollow", h.UnfollowChallenge, signedIn)
	site.GET("/comments/:id", h.ShowComment)
	site.GET("/comments/:id/edit", h.EditCommentForm, signedIn)
	site.POST("/comments/:id/edit", h.UpdateComment, signedIn)
	site.POST("/comments/:id/delete", h.DeleteComment, signedIn)
	site.POST("/comments/:id/helpful", h.MarkHelpful, signedIn)
	site.GET("/account", h.AccountForm, signedIn)
	site.POST("/account", h.UpdateAccount, signedIn)
	site.GET("/account/notifications", h.NotificationPrefs, signedIn)
	site.POST("/account/notifications", h.SaveNotificationPrefs, signedIn)
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
	staff := site.Group("/admin", requireUser, requireRole((*accounts.User).IsModerator))
	adm := &admin.Handler{Handler: h}
	staff.GET("", adm.AdminOverview)
	staff.GET("/moderation", adm.ModerationQueue)
	staff.POST("/moderation/bulk", adm.ModerationBulk)
	staff.POST("/ideas/:id/status", adm.SetIdeaStatus)
	staff.POST("/ideas/:id/hide", adm.HideIdea)
	staff.POST("/ideas/:id/unhide", adm.UnhideIdea)
	staff.POST("/ideas/:id/approve", adm.ApproveIdea)
	staff.POST("/ideas/:id/dismiss", adm.DismissIdeaFlags)
	staff.GET("/ideas/:id/merge", adm.MergeForm)
	staff.POST("/ideas/:id/merge", adm.MergeIdea)
	staff.POST("/comments/:id/hide", adm.HideComment)
	staff.POST("/comments/:id/unhide", adm.UnhideComment)
	staff.POST("/comments/:id/dismiss", adm.DismissCommentFlags)
	staff.GET("/users", adm.AdminUsers)
	staff.GET("/users/:id", adm.AdminUser)
	staff.POST("/users/:id/suspend", adm.SuspendUser)
	staff.POST("/users/:id/unsuspend", adm.UnsuspendUser)
	staff.POST("/users/:id/hide-all", adm.HideAllByUser)
	staff.POST("/users/:id/role", adm.SetUserRole, adminOnly)
	staff.GET("/challenges", adm.AdminChallenges)
	staff.GET("/challenges/new", adm.NewChallengeForm)
	staff.POST("/challenges", adm.CreateChallenge)
	staff.GET("/challenges/:id/edit", adm.EditChallengeForm)
	staff.POST("/challenges/:id/edit", adm.UpdateChallenge)
	staff.GET("/categories", adm.AdminCategories)
	staff.POST("/categories", adm.CreateCategory)
	staff.POST("/categories/:id/edit", adm.UpdateCategory)
	staff.GET("/audit", adm.AuditLog)
	staff.GET("/settings", adm.SettingsForm, adminOnly)
	staff.POST("/settings", adm.SaveSettings, adminOnly)

	// Sponsors and admins; the reports themselves come with their own work.
	reports := site.Group("/reports", a.bearer, requireUser, requireRole((*accounts.User).CanReadReports))
	reports.GET("", h.ReportsDashboard)
	reports.GET("/ideas.csv", h.ExportIdeas("csv"))
	reports.GET("/ideas.json", h.ExportIdeas("json"))
	reports.GET("/ideas.xlsx", h.ExportIdeas("xlsx"))
	reports.GET("/ideas.pdf", h.ExportIdeas("pdf"))
	reports.GET("/comments.csv", h.ExportComments)
}
