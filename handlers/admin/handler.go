// Package admin holds the moderators' and administrators' pages under
// /admin: the moderation queue, ideas' status and merging, people, the
// challenges and categories, the audit log and the site's settings. Each
// handler binds and checks the request, calls the domain and picks the
// page, as in package handlers, whose shared helpers it uses.
package admin

import "github.com/ideario/ideario/handlers"

// Handler is the handlers' shared state, with the admin pages' methods.
type Handler struct{ *handlers.Handler }
